"""The HTML, DOCX and PDF renderings of an annual report, checked by their text and cells, never their bytes."""

from __future__ import annotations

import io
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from gongkai.core.errors import GongkaiError
from gongkai.reports.definition import get_format
from gongkai.reports.model import Cell, ReportData, format_decimal, parse_cell
from gongkai.reports.render import pdf as pdf_module
from gongkai.reports.render.docx import render_docx
from gongkai.reports.render.html import render_html

FORMATS = ["2019", "2021"]
AGENCY = "测试县商务局"
S2_LEAD = "2021年，全局全年共主动公开政府信息35条，其中政府网站公开32条。"


def make_report(format_key: str) -> ReportData:
    """Every cell of the format holds a different value, so a value under the wrong cell shows."""
    fmt = get_format(format_key)
    year = 2021 if format_key == "2021" else 2020
    data = ReportData(format_key, year, AGENCY, "test-shangwu")
    for i, (table, row, col) in enumerate(fmt.addresses()):
        column = fmt.column(table, row, col)
        if column.value == "amount":
            cell = Cell.number(Decimal(f"{i}.25"))
        elif column.value == "signed":
            cell = parse_cell(f"+{i}")
        else:
            cell = Cell.number(100 + i)
        if i % 7 == 0:
            cell = cell.with_source("computed", f"由案件台账计算（{table}/{row}/{col}）")
        data.set(table, row, col, cell)
    data.set("t3", "grant", "org.research", 0)
    data.set("t3", "grant", "org.ngo", "/")
    data.preamble = ["本报告根据《中华人民共和国政府信息公开条例》编制。"]
    data.narrative = {"s1": ["全年坚持以公开为常态、不公开为例外。", "（一）主动公开。"], "s2": [S2_LEAD],
                      "s5": ["一是公开内容不够全面。"], "s6": ["本年度未收取信息处理费。"]}
    return data


def expected_text(data: ReportData, address) -> str:
    cell = data.cell(*address)
    return cell.text if cell.text else format_decimal(cell.value)


def address_key(address) -> str:
    return "/".join(address)


def is_subsequence(wanted: list[str], seen: list[str]) -> bool:
    it = iter(seen)
    return all(any(w == s for s in it) for w in wanted)


def header_depth(table) -> int:
    return max(len(c.path) for c in table.columns)


def label_columns(table) -> int:
    return max(len(r.path) for r in table.rows) if table.row_header else 0


def expected_row_labels(table) -> list[str]:
    """Row-header texts of a table body in document order, from the definition (not from the layout under test).

    表二 (blocks): per block its title, 信息内容, its column labels and its row labels. Grid tables: each
    row-group label just before its first row, then the row labels.
    """
    if table.layout == "blocks":
        return [label for b in table.blocks
                for label in [b.label, table.head] + [c.label for c in b.columns] + [r.label for r in b.rows]]
    if not table.row_header:
        return []
    out, shown = [], set()
    for r in table.rows:
        node, chain = table.row_parents[r.key], []
        while node is not None:
            chain.insert(0, node)
            node = table.row_groups[node].parent
        out += [table.row_groups[g].label for g in chain if g not in shown]
        shown.update(chain)
        out.append(r.label)
    return out


def squeeze(texts: list[str]) -> list[str]:
    """A merged cell read once per grid position it covers → once."""
    return [t for i, t in enumerate(texts) if i == 0 or t != texts[i - 1]]


def place(rows: list[list[dict]]) -> dict[tuple[int, int], dict]:
    """Grid position → cell, following colspan/rowspan as a browser does."""
    grid = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            for dr in range(int(cell["attrs"].get("rowspan", 1))):
                for dc in range(int(cell["attrs"].get("colspan", 1))):
                    grid[(r + dr, c + dc)] = cell
            c += int(cell["attrs"].get("colspan", 1))
    return grid


class ReportHTML(HTMLParser):
    """Headings, paragraphs and table cells (with attributes) of a rendered report, in document order."""

    def __init__(self, html: str):
        super().__init__()
        self.h1, self.h2, self.events, self.tables = "", [], [], []
        self._cell = self._heading = None
        self._section = None
        self._in_p = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"section": self._section, "cells": [], "rows": [], "thead": False})
            self.events.append(("table", self._section))
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag == "thead":
            self.tables[-1]["thead"] = True
        elif tag == "tbody":
            self.tables[-1]["thead"] = False
        elif tag in ("th", "td"):
            self._cell = {"tag": tag, "attrs": attrs, "text": "", "in_head": self.tables[-1]["thead"]}
        elif tag in ("h1", "h2"):
            self._heading = tag
            if tag == "h2":
                self.h2.append("")
        elif tag == "p":
            self.events.append(("p", ""))
            self._in_p = True

    def handle_endtag(self, tag):
        if tag == "p":
            self._in_p = False
        elif tag in ("th", "td") and self._cell is not None:
            self.tables[-1]["cells"].append(self._cell)
            self.tables[-1]["rows"][-1].append(self._cell)
            self._cell = None
        elif tag in ("h1", "h2"):
            if tag == "h2":
                self._section = self.h2[-1]
                self.events.append(("h2", self.h2[-1]))
            self._heading = None

    def handle_data(self, text):
        if self._cell is not None:
            self._cell["text"] += text
        elif self._heading == "h1":
            self.h1 += text
        elif self._heading == "h2":
            self.h2[-1] += text
        elif self._in_p:
            self.events[-1] = ("p", self.events[-1][1] + text)

    def table(self, heading: str) -> dict:
        return next(t for t in self.tables if t["section"] == heading)


def th_texts(table: dict, *, head: bool | None = None) -> list[str]:
    return [c["text"] for c in table["cells"] if c["tag"] == "th" and (head is None or c["in_head"] == head)]


def cell_by_text(table: dict, text: str) -> dict:
    return next(c for c in table["cells"] if c["text"] == text)


# ------------------------------------------------------------------------------------------------ HTML

def test_html_is_a_self_contained_printable_chinese_page():
    html = render_html(make_report("2021"))
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in html
    assert "<style" in html and "@media print" in html and "size: A4" in html
    for external in ("<link", "<script", "src=", "@import", "http://", "https://"):
        assert external not in html


def test_html_fragment_has_the_report_and_its_scoped_styles_without_the_page_around_it():
    fragment = render_html(make_report("2021"), standalone=False)
    assert fragment.lstrip().startswith("<style")
    assert "<article" in fragment and ".gk-report" in fragment
    assert "<html" not in fragment and "<body" not in fragment
    assert ReportHTML(fragment).h1 == f"{AGENCY}2021年政府信息公开工作年度报告"


@pytest.mark.parametrize("format_key", FORMATS)
def test_html_shows_the_title_and_the_six_section_headings_in_the_format_order(format_key):
    data = make_report(format_key)
    page = ReportHTML(render_html(data))
    assert page.h1 == data.display_title
    assert page.h2 == [s.heading for s in get_format(format_key).sections]


@pytest.mark.parametrize("format_key", FORMATS)
def test_html_tables_show_every_row_label_in_order_and_every_column_label_over_its_column(format_key):
    fmt = get_format(format_key)
    page = ReportHTML(render_html(make_report(format_key)))
    for section in fmt.sections:
        if section.content != "table":
            continue
        table = fmt.tables[section.table]
        html_table = page.table(section.heading)
        assert th_texts(html_table, head=False) == expected_row_labels(table), table.key
        if table.layout == "blocks":
            continue
        depth, first = header_depth(table), label_columns(table)
        grid = place(html_table["rows"])
        for i, column in enumerate(table.columns):  # 申请人情况 › 法人或其他组织 › 商业企业, top to bottom
            heads = [grid[(level, first + i)] for level in range(depth)]
            assert all(h["tag"] == "th" for h in heads)
            assert squeeze([h["text"] for h in heads]) == list(column.path), (table.key, column.key)
        for i, row in enumerate(table.rows):  # 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密, left to right
            if first:
                assert squeeze([grid[(depth + i, c)]["text"] for c in range(first)]) == list(row.path)


def test_html_block_table_repeats_its_head_for_each_article_20_item():
    table = get_format("2019").tables["t2"]
    page = ReportHTML(render_html(make_report("2019")))
    expected = []
    for block in table.blocks:
        expected += [block.label, table.head] + [c.label for c in block.columns] + [r.label for r in block.rows]
    assert th_texts(page.table("二、主动公开政府信息情况")) == expected


@pytest.mark.parametrize("format_key", FORMATS)
def test_html_puts_every_value_under_its_own_data_cell(format_key):
    data = make_report(format_key)
    page = ReportHTML(render_html(data))
    cells = {c["attrs"]["data-cell"]: c for t in page.tables for c in t["cells"] if "data-cell" in c["attrs"]}
    addresses = list(get_format(format_key).addresses())
    assert sorted(cells) == sorted(address_key(a) for a in addresses)
    for address in addresses:
        assert cells[address_key(address)]["text"] == expected_text(data, address), address
    in_page_order = [c["attrs"]["data-cell"] for t in page.tables for c in t["cells"] if "data-cell" in c["attrs"]]
    assert in_page_order == [address_key(a) for a in addresses]


def test_html_data_cells_carry_their_kind_and_note():
    data = make_report("2021")
    page = ReportHTML(render_html(data))
    cells = {c["attrs"]["data-cell"]: c["attrs"] for t in page.tables for c in t["cells"] if "data-cell" in c["attrs"]}
    assert cells["t3/grant/org.research"]["data-kind"] == "zero"
    assert cells["t3/grant/org.ngo"]["data-kind"] == "slash"
    assert cells["t3/new/natural"]["data-kind"] == "number"
    noted = [a for a in get_format("2021").addresses() if data.cell(*a).note]
    assert noted
    for address in noted:
        assert cells[address_key(address)]["title"] == data.cell(*address).note
    assert "title" not in cells["t3/new/org.business"]


@pytest.mark.parametrize("format_key, outcome_rows", [("2019", 20), ("2021", 22)])
def test_html_table_three_has_the_official_merged_header(format_key, outcome_rows):
    table = get_format(format_key).tables["t3"]
    t3 = ReportHTML(render_html(make_report(format_key))).table("三、收到和处理政府信息公开申请情况")
    applicant = cell_by_text(t3, "申请人情况")
    assert applicant["tag"] == "th" and applicant["in_head"]
    assert applicant["attrs"]["colspan"] == "7" and applicant["attrs"]["scope"] == "col"
    corner = cell_by_text(t3, table.corner)
    assert (corner["attrs"]["rowspan"], corner["attrs"]["colspan"]) == ("3", "3")
    assert cell_by_text(t3, "法人或其他组织")["attrs"]["colspan"] == "5"
    assert cell_by_text(t3, "自然人")["attrs"]["rowspan"] == "2"
    assert cell_by_text(t3, "总计")["attrs"]["rowspan"] == "2"
    outcomes = cell_by_text(t3, "三、本年度办理结果")
    assert outcomes["attrs"]["rowspan"] == str(outcome_rows) and outcomes["attrs"]["scope"] == "rowgroup"
    assert cell_by_text(t3, "一、本年新收政府信息公开申请数量")["attrs"]["colspan"] == "3"


def test_html_table_four_groups_litigation_over_ten_columns():
    t4 = ReportHTML(render_html(make_report("2021"))).table("四、政府信息公开行政复议、行政诉讼情况")
    assert cell_by_text(t4, "行政复议")["attrs"]["colspan"] == "5"
    assert cell_by_text(t4, "行政诉讼")["attrs"]["colspan"] == "10"
    assert cell_by_text(t4, "未经复议直接起诉")["attrs"]["colspan"] == "5"
    assert th_texts(t4, head=True).count("结果维持") == 3


def test_html_data_cells_name_their_row_and_column_headers_for_screen_readers():
    page = ReportHTML(render_html(make_report("2021")))
    ids = {c["attrs"]["id"]: c["text"] for t in page.tables for c in t["cells"] if "id" in c["attrs"]}
    cells = {c["attrs"]["data-cell"]: c["attrs"] for t in page.tables for c in t["cells"] if "data-cell" in c["attrs"]}
    names = [ids[i] for i in cells["t3/deny.process/org.ngo"]["headers"].split()]
    assert names == ["申请人情况", "法人或其他组织", "社会公益组织", "三、本年度办理结果", "（三）不予公开",
                     "6.属于四类过程性信息"]
    names = [ids[i] for i in cells["t2/penalty/decisions"]["headers"].split()]
    assert names == ["第二十条第（六）项", "本年处理决定数量", "行政处罚"]
    names = [ids[i] for i in cells["t4/count/suit_after.pending"]["headers"].split()]
    assert names == ["行政诉讼", "复议后起诉", "尚未审结"]


def test_html_paragraphs_of_a_table_section_come_before_its_table():
    page = ReportHTML(render_html(make_report("2021")))
    events = page.events
    heading = events.index(("h2", "二、主动公开政府信息情况"))
    assert events[heading + 1] == ("p", S2_LEAD)
    assert events[heading + 2] == ("table", "二、主动公开政府信息情况")


def test_html_escapes_what_people_typed():
    data = make_report("2021")
    data.agency_name = "<script>alert(1)</script>局"
    data.narrative["s5"] = ["问题 <b>不</b> 少 & 多"]
    html = render_html(data)
    assert "<script>alert" not in html and "<b>不</b>" not in html
    assert "&lt;script&gt;" in html and "&amp; 多" in html


# ------------------------------------------------------------------------------------------------ DOCX

def open_docx(data: ReportData):
    import docx

    return docx.Document(io.BytesIO(render_docx(data)))


def table_texts(table) -> list[str]:
    """Cell texts row by row, each merged cell once."""
    seen, texts = set(), []  # the set keeps the lxml proxies alive, so identity is stable
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            texts.append(cell.text)
    return texts


def test_docx_title_is_centred_in_xiaobiaosong_22pt():
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    data = make_report("2021")
    title = open_docx(data).paragraphs[0]
    assert title.text.replace("\n", "") == data.display_title
    assert (title.alignment or title.style.paragraph_format.alignment) == WD_ALIGN_PARAGRAPH.CENTER
    assert title.style.font.size.pt == 22
    assert title.style.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"


def test_docx_body_is_fangsong_16pt_with_two_character_indent_and_headings_in_heiti():
    from docx.oxml.ns import qn

    document = open_docx(make_report("2021"))
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 16
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.element.pPr.ind.get(qn("w:firstLineChars")) == "200"
    heading = document.styles["Heading 1"]
    assert heading.element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert not heading.font.bold
    paragraph = next(p for p in document.paragraphs if p.text == "一是公开内容不够全面。")
    assert paragraph.style.name == "Normal"


@pytest.mark.parametrize("format_key", FORMATS)
def test_docx_headings_follow_the_format_order(format_key):
    document = open_docx(make_report(format_key))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.heading for s in get_format(format_key).sections]


def test_docx_page_is_a4_portrait_with_official_margins():
    section = open_docx(make_report("2021")).sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.cm, 1) for m in margins] == [3.7, 3.5, 2.8, 2.6]


@pytest.mark.parametrize("format_key", FORMATS)
def test_docx_tables_hold_every_label_and_value_in_order(format_key):
    data = make_report(format_key)
    fmt = get_format(format_key)
    document = open_docx(data)
    table_sections = [s for s in fmt.sections if s.content == "table"]
    assert len(document.tables) == len(table_sections)
    for section, doc_table in zip(table_sections, document.tables, strict=True):
        table = fmt.tables[section.table]
        texts = table_texts(doc_table)
        assert is_subsequence(expected_row_labels(table), texts), (table.key, texts)
        values = [expected_text(data, (table.key, r, c)) for r, c in table.addresses()]
        assert is_subsequence(values, texts), (table.key, values, texts)
        if table.layout == "grid":
            depth, first = header_depth(table), label_columns(table)
            for i, column in enumerate(table.columns):
                heads = [doc_table.cell(level, first + i).text for level in range(depth)]
                assert squeeze(heads) == list(column.path), (table.key, column.key, heads)
            for i, row in enumerate(table.rows):
                if first:
                    assert squeeze([doc_table.cell(depth + i, c).text for c in range(first)]) == list(row.path)


def test_docx_table_three_merges_the_applicant_header_across_seven_columns():
    from docx.oxml.ns import qn

    t3 = open_docx(make_report("2021")).tables[1]
    assert t3.cell(0, 3).text == "申请人情况"
    assert t3.cell(0, 3)._tc is t3.cell(0, 9)._tc
    assert t3.cell(0, 3)._tc.tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "7"
    corner = t3.cell(0, 0)
    assert corner.text.startswith("（本列数据的勾稽关系为")
    assert all(t3.cell(r, c)._tc is corner._tc for r in range(3) for c in range(3))
    assert t3.cell(1, 4).text == "法人或其他组织" and t3.cell(1, 4)._tc is t3.cell(1, 8)._tc
    assert t3.cell(1, 3)._tc is t3.cell(2, 3)._tc  # 自然人 spans two header rows
    outcomes = t3.cell(5, 0)
    assert outcomes.text == "三、本年度办理结果"
    assert all(t3.cell(r, 0)._tc is outcomes._tc for r in range(5, 5 + 22))
    assert t3.cell(27, 0).text == "四、结转下年度继续办理"


def test_docx_tables_have_single_borders_on_every_cell_and_repeat_their_header_rows():
    from docx.oxml.ns import qn

    for table in open_docx(make_report("2019")).tables:
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        sides = {etree_local(b.tag): b.get(qn("w:val")) for b in borders}
        assert sides == dict.fromkeys(("top", "left", "bottom", "right", "insideH", "insideV"), "single")
    t3 = open_docx(make_report("2021")).tables[1]
    repeated = [tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None for tr in t3._tbl.tr_lst]
    assert repeated[:4] == [True, True, True, False] and not any(repeated[3:])


def etree_local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def test_docx_table_text_is_10_5pt():
    document = open_docx(make_report("2021"))
    cell_paragraph = document.tables[1].cell(3, 5).paragraphs[0]
    assert cell_paragraph.style.font.size.pt == 10.5


# ------------------------------------------------------------------------------------------------ PDF

needs_cjk_font = pytest.mark.skipif(not pdf_module.cjk_families(), reason="没有中文字体（fonts-noto-cjk）")


def pdf_pages(data: ReportData):
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf_module.render_pdf(data))) as pdf:
        return [(page.width, page.height, page.extract_text() or "", {ch["fontname"] for ch in page.chars})
                for page in pdf.pages]


def compact(text: str) -> str:
    return "".join(text.split())


@needs_cjk_font
@pytest.mark.parametrize("format_key", FORMATS)
def test_pdf_text_has_the_title_headings_and_row_labels(format_key):
    data = make_report(format_key)
    pages = pdf_pages(data)
    first = compact(pages[0][2])
    assert compact(data.display_title) in first and "一、总体情况" in first
    text = compact("".join(p[2] for p in pages))
    fmt = get_format(format_key)
    positions = [text.find(s.heading) for s in fmt.sections]
    assert -1 not in positions and positions == sorted(positions)
    for label in ("规章", "行政许可", "一、本年新收政府信息公开申请数量", "（七）总计", "四、结转下年度继续办理",
                  "未经复议直接起诉", "复议后起诉"):
        assert label in text, label


@needs_cjk_font
def test_pdf_is_a4_and_draws_chinese_with_an_embedded_cjk_font():
    pages = pdf_pages(make_report("2021"))
    for width, height, _, fonts in pages:
        assert (round(width), round(height)) == (595, 842)
        assert any("CJK" in f for f in fonts), fonts


def test_pdf_refuses_with_install_advice_when_no_chinese_font(monkeypatch):
    monkeypatch.setattr(pdf_module, "cjk_families", lambda: ())
    with pytest.raises(GongkaiError) as refused:
        pdf_module.render_pdf(make_report("2021"))
    assert refused.value.message == "未找到中文字体：请安装 fonts-noto-cjk（Debian：apt-get install fonts-noto-cjk）。"
