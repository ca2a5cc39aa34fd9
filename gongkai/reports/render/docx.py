"""The annual report as a Word document (.docx) with 公文-like typography.

A4, margins 3.7/3.5/2.8/2.6 cm, title 二号 小标宋, body 三号 仿宋 with a two-character first-line indent,
section headings 黑体, page numbers "— 1 —". Tables come from `layout.table_layout`; merged cells are made
with python-docx's `merge()` from the grid positions shared with the HTML renderer.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, Twips
from docx.table import _Cell
from lxml import etree

from ..definition import Table, get_format
from ..layout import table_layout
from ..model import ReportData
from .html import column_weights, head_row_count, place_cells, title_parts

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEADING = "黑体"
FONT_PAGE_NUMBER = "宋体"
# Substitutes Word and WPS use when the preferred font is not installed (fontTable altName).
FONT_FALLBACKS = {FONT_TITLE: "宋体", FONT_BODY: "仿宋", FONT_HEADING: "SimHei", "宋体": "SimSun"}

PAGE_WIDTH, PAGE_HEIGHT = Cm(21), Cm(29.7)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Cm(3.7), Cm(3.5), Cm(2.8), Cm(2.6)
LINE = Pt(28.95)      # 22 lines on the page, as in 公文
BODY_SIZE, TITLE_SIZE, TABLE_SIZE = Pt(16), Pt(22), Pt(10.5)
TWIPS_PER_EMU = 1 / 635
CELL_MARGIN_TWIPS = 57  # 0.1 cm left and right inside table cells

TITLE_CHARS_PER_LINE = 20  # 二号 characters between the margins

STYLE_TITLE, STYLE_TABLE = "报告标题", "报告表格"
STYLE_IDS = {STYLE_TITLE: "GkReportTitle", STYLE_TABLE: "GkReportTable"}  # ASCII ids, Chinese names


def _set_fonts(rpr_parent, font: str) -> None:
    """One font for every script; theme font attributes removed so they cannot override it."""
    fonts = rpr_parent.get_or_add_rPr().get_or_add_rFonts()
    for attr in list(fonts.attrib):
        if attr.lower().endswith("theme"):  # asciiTheme, eastAsiaTheme, hAnsiTheme, cstheme
            del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


def _plain(style, font: str, size, *, bold: bool = False) -> None:
    _set_fonts(style.element, font)
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:color", "w:kern"):
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)
    style.font.color.rgb = None


def _indent_chars(paragraph_format_element, chars: int, size_pt: float) -> None:
    """First-line indent in characters (w:firstLineChars), with the twips value for older readers."""
    ppr = paragraph_format_element.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = ppr._add_ind()
    # Word reads firstLineChars before firstLine and inherits each attribute on its own, so a paragraph
    # or style without indent must say firstLineChars="0" too.
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(int(chars * size_pt * 20)))


def _setup_styles(doc) -> None:
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if rpr_default is not None:
        rpr = rpr_default.find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts"))
        for attr in list(fonts.attrib):
            del fonts.attrib[attr]
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT_BODY)
        lang = rpr.find(qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:val"), "en-US")
            lang.set(qn("w:eastAsia"), "zh-CN")

    normal = styles["Normal"]
    _plain(normal, FONT_BODY, BODY_SIZE)
    pf = normal.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.space_before = pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE
    pf.widow_control = True
    _indent_chars(normal.element, 2, 16)

    heading = styles["Heading 1"]
    _plain(heading, FONT_HEADING, BODY_SIZE)
    hf = heading.paragraph_format
    hf.space_before = hf.space_after = Pt(0)
    hf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    hf.line_spacing = LINE
    hf.keep_with_next = True
    _indent_chars(heading.element, 2, 16)

    title = styles.add_style(STYLE_TITLE, WD_STYLE_TYPE.PARAGRAPH)
    title.style_id = STYLE_IDS[STYLE_TITLE]
    title.base_style = normal
    title.next_paragraph_style = normal
    _plain(title, FONT_TITLE, TITLE_SIZE)
    tf = title.paragraph_format
    tf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _indent_chars(title.element, 0, 22)
    tf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    tf.line_spacing = Pt(36)
    tf.space_after = LINE
    tf.keep_with_next = True

    cell = styles.add_style(STYLE_TABLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.style_id = STYLE_IDS[STYLE_TABLE]
    cell.base_style = normal
    _plain(cell, FONT_BODY, TABLE_SIZE)
    cf = cell.paragraph_format
    cf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _indent_chars(cell.element, 0, 10.5)
    cf.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _font_table(doc) -> None:
    """Declare the Chinese fonts with charset GB2312 and an alternative name for substitution."""
    part = next((p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    present = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, alt in FONT_FALLBACKS.items():
        if name in present:
            continue
        root.append(parse_xml(
            f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
            f'<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'))
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.footer_distance = Cm(2.5)
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Normal"]
    footer.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _indent_chars(footer._p, 0, 14)
    footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE

    def run(text: str = ""):
        r = footer.add_run(text)
        r.font.size = Pt(14)
        _set_fonts(r._r, FONT_PAGE_NUMBER)
        return r

    run("— ")
    for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None), (None, None), ("end", None)):
        r = run("1" if kind is None and instr is None else "")
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            r._r.append(fld)
        elif instr:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = instr
            r._r.append(text)
    run(" —")


# ------------------------------------------------------------------------------------------- tables

_TBLPR_ORDER = ["w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
                "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"]


def _put(tblpr, element) -> None:
    """Insert or replace a tblPr child at its schema position (Word rejects out-of-order children)."""
    tag = element.tag
    for old in tblpr.findall(tag):
        tblpr.remove(old)
    later = {qn(t) for t in _TBLPR_ORDER[_TBLPR_ORDER.index(element.prefix + ":" + etree.QName(tag).localname) + 1:]}
    for i, child in enumerate(tblpr):
        if child.tag in later:
            tblpr.insert(i, element)
            return
    tblpr.append(element)


def _table_properties(table, width_twips: int, caption: str) -> None:
    tblpr = table._tbl.tblPr
    _put(tblpr, parse_xml(f'<w:tblW {nsdecls("w")} w:w="{width_twips}" w:type="dxa"/>'))
    _put(tblpr, parse_xml(f'<w:jc {nsdecls("w")} w:val="center"/>'))
    sides = "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                    for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    _put(tblpr, parse_xml(f'<w:tblBorders {nsdecls("w")}>{sides}</w:tblBorders>'))
    _put(tblpr, parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    m = CELL_MARGIN_TWIPS
    _put(tblpr, parse_xml(f'<w:tblCellMar {nsdecls("w")}><w:top w:w="0" w:type="dxa"/>'
                          f'<w:left w:w="{m}" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
                          f'<w:right w:w="{m}" w:type="dxa"/></w:tblCellMar>'))
    _put(tblpr, parse_xml(f'<w:tblLook {nsdecls("w")} w:val="0000" w:firstRow="0" w:lastRow="0" '
                          f'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'))
    caption_el = parse_xml(f'<w:tblCaption {nsdecls("w")} w:val=""/>')
    caption_el.set(qn("w:val"), caption)
    _put(tblpr, caption_el)


def _add_table(doc, table: Table, data: ReportData, caption: str, table_style_id: str):
    rows = table_layout(table, data)
    placed = place_cells(rows)
    weights = column_weights(table, placed)
    n_rows, n_cols = len(rows), len(weights)
    width_twips = int((PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT) * TWIPS_PER_EMU)
    # whole twips, so the grid columns add up to the table width exactly
    widths = [Twips(int(width_twips * w / sum(weights))) for w in weights]

    doc_table = doc.add_table(rows=n_rows, cols=n_cols)
    _table_properties(doc_table, sum(int(w.twips) for w in widths), caption)
    for col, w in zip(doc_table.columns, widths, strict=True):
        col.width = w
    tbl = doc_table._tbl
    grid = [list(tr.tc_lst) for tr in tbl.tr_lst]
    head_n = head_row_count(rows)
    for r, tr in enumerate(tbl.tr_lst):
        trpr = tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))
        if r < head_n:
            trpr.append(OxmlElement("w:tblHeader"))  # repeated on every page the table runs onto
        for c, tc in enumerate(grid[r]):
            tc.width = widths[c]
            tcpr = tc.get_or_add_tcPr()
            tcpr.vAlign_val = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            tc.p_lst[0].get_or_add_pPr().style = table_style_id

    corner = table.layout == "grid" and table.row_header and bool(table.corner)
    for line in placed:
        for p in line:
            cell = p.cell
            top_left = _Cell(grid[p.row][p.col], doc_table)
            if cell.colspan > 1 or cell.rowspan > 1:
                bottom_right = grid[p.row + cell.rowspan - 1][p.col + cell.colspan - 1]
                top_left.merge(_Cell(bottom_right, doc_table))
            paragraph = top_left.paragraphs[0]
            if cell.text:
                run = paragraph.add_run(cell.text)
                if corner and p.row == 0 and p.col == 0:
                    run.font.size = Pt(9)
            is_row_label = cell.header and not cell.block_title and cell.rowspan == 1 and p.row >= head_n \
                and any(q.cell.address for q in line)
            if is_row_label or (corner and p.row == 0 and p.col == 0):
                paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    return doc_table


# ------------------------------------------------------------------------------------------- document

def render_docx(data: ReportData) -> bytes:
    """The report as .docx bytes."""
    fmt = get_format(data.format_key)
    doc = Document()
    _setup_styles(doc)
    _font_table(doc)
    _page(doc)
    props = doc.core_properties
    props.title = data.display_title
    props.author = data.agency_name or "Gongkai"
    props.language = "zh-CN"
    props.subject = fmt.label

    title = doc.add_paragraph(style=STYLE_TITLE)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    parts = title_parts(data.display_title)
    if len(data.display_title) <= TITLE_CHARS_PER_LINE:
        parts = [data.display_title]
    for i, part in enumerate(parts):
        run = title.add_run(part)
        if i < len(parts) - 1:
            run.add_break()
    for text in data.preamble:
        if text and text.strip():
            doc.add_paragraph(text.strip())
    table_style_id = doc.styles[STYLE_TABLE].style_id
    after_table = False
    for s in fmt.sections:
        heading = doc.add_paragraph(s.heading, style="Heading 1")
        if after_table:
            heading.paragraph_format.space_before = Pt(10)
        for text in data.narrative.get(s.key, []):
            if text and text.strip():
                doc.add_paragraph(text.strip())
        after_table = False
        if s.content == "table" and s.table:
            _add_table(doc, fmt.tables[s.table], data, s.heading, table_style_id)
            after_table = True
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
