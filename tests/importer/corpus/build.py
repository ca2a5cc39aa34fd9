"""The importer's test corpus: random but consistent reports of both formats, rendered through issue 1's
renderers and through hand-made emulations of the messy shapes real published reports come in.

Every builder takes a ReportData and returns (bytes, file name). Nothing is downloaded; everything is
deterministic for a given random.Random.
"""

from __future__ import annotations

import html
import random
from decimal import Decimal

from gongkai.reports.definition import get_format
from gongkai.reports.layout import table_layout
from gongkai.reports.model import Cell, Kind, ReportData

AGENCIES = ["嘉祥县商务局", "测试县发展和改革局", "某市生态环境局", "某区人力资源和社会保障局", "某县人民政府办公室"]
APPLICANTS = ["natural", "org.business", "org.research", "org.ngo", "org.legal", "org.other"]


# ------------------------------------------------------------------------------------------- reports

def random_report(rng: random.Random, format_key: str = "2021", year: int | None = None,
                  agency: str | None = None, carried_in: dict | None = None, gaps: bool = False) -> ReportData:
    """A report that satisfies every error rule, built from random case counts per applicant type."""
    fmt = get_format(format_key)
    year = year or (rng.choice([2021, 2022, 2023, 2024, 2025]) if format_key == "2021" else rng.choice([2019, 2020]))
    data = ReportData(format_key, year, agency or rng.choice(AGENCIES), "")
    t3 = fmt.tables["t3"]
    outcomes = [r.key for r in t3.rows if r.outcome]
    totals: dict[str, int] = {}
    for col in APPLICANTS:
        active = rng.random() < (0.9 if col == "natural" else 0.45)
        new = rng.randint(1, 60) if active else 0
        prev = (carried_in or {}).get(col, rng.randint(0, 3) if active else 0)
        over = rng.randint(0, min(3, new + prev))
        counts = dict.fromkeys(outcomes, 0)
        favourites = rng.sample(outcomes, k=min(len(outcomes), rng.randint(1, 6)))
        for _ in range(new + prev - over):
            counts[rng.choice(favourites)] += 1
        column = {"new": new, "carried_in": prev, "total": new + prev - over, "carried_over": over, **counts}
        for row, v in column.items():
            data.set("t3", row, col, v)
            totals[row] = totals.get(row, 0) + v
    for row, v in totals.items():
        data.set("t3", row, "total", v)
    for group in ("review", "suit_direct", "suit_after"):
        parts = [rng.choice([0, 0, 0, 1, 2, 3]) for _ in range(4)]
        for key, v in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            data.set("t4", "count", f"{group}.{key}", v)
        data.set("t4", "count", f"{group}.total", sum(parts))
    t2 = fmt.tables["t2"]
    for row, col in t2.addresses():
        column = t2.column(row, col)
        if column.value == "amount":
            data.set("t2", row, col, Cell.number(Decimal(rng.randint(0, 99999)) / 100))
        elif column.value == "signed":
            v = rng.randint(-5, 5)
            data.set("t2", row, col, Cell.number(v, text=f"{v:+d}" if v else "0"))
        else:
            data.set("t2", row, col, rng.choice([0, 0, 1, 2, 5, 12, 37, 150]))
    if gaps:  # what people write instead of 0
        zeros = [a for a, c in data.cells.items() if c.kind is Kind.ZERO and a[0] != "t3"]
        for address in rng.sample(zeros, k=min(3, len(zeros))):
            data.cells[address] = rng.choice([Cell(Kind.SLASH, None, "/"), Cell(Kind.SLASH, None, "-"), Cell.blank()])
    new_total = data.value("t3", "new", "total")
    data.title = f"{data.agency_name}{year}年政府信息公开工作年度报告"
    data.preamble = [f"本报告根据《中华人民共和国政府信息公开条例》要求编制，数据统计期限为{year}年1月1日至12月31日。"]
    data.narrative = {
        "s1": [f"{year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全年共收到政府信息公开申请{new_total}件。",
               "（一）主动公开。及时发布政策文件和工作动态。"],
        "s2": [f"{year}年，全年共主动公开政府信息{rng.randint(10, 400)}条。"],
        "s5": ["（一）存在的主要问题", "一是公开内容还不够丰富。", "（二）改进情况", "下一步将加强培训。"],
        "s6": [f"{year}年，本机关未收取信息处理费。"],
    }
    return data


# ------------------------------------------------------------------------------------------- renderers

def as_html(data: ReportData) -> tuple[bytes, str]:
    from gongkai.reports.render.html import render_html

    return render_html(data).encode("utf-8"), "report.html"


def as_docx(data: ReportData) -> tuple[bytes, str]:
    from gongkai.reports.render.docx import render_docx

    return render_docx(data), "report.docx"


def as_pdf(data: ReportData) -> tuple[bytes, str]:
    from gongkai.reports.render.pdf import render_pdf

    return render_pdf(data), "report.pdf"


def _layout_rows(data: ReportData, table_key: str):
    """The official layout on a grid: per row, (cell, covered-by-rowspan) in column order."""
    table = get_format(data.format_key).tables[table_key]
    rows = table_layout(table, data)
    covered: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c, line = 0, []
        for cell in row:
            while (r, c) in covered:
                line.append(None)
                c += 1
            line.append(cell)
            covered.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            c += cell.colspan
        out.append(line)
    return out


def _sections(data: ReportData):
    fmt = get_format(data.format_key)
    for s in fmt.sections:
        yield s, data.narrative.get(s.key, [])


_PADS = ["", " ", "　", "　　", "\u00a0"]


def word_text(data: ReportData, rng: random.Random | None = None) -> tuple[bytes, str]:
    """Word's "save as plain text": every table cell on its own tab-indented line, a blank line after each
    row, empty lines for merged cells, stray spaces (ideographic, no-break) around numbers."""
    rng = rng or random.Random(0)
    out = [data.agency_name + str(data.year) + "年政府信息公开", "", "工作年度报告", ""]
    for p in data.preamble:
        out += [p, ""]
    for section, paragraphs in _sections(data):
        out += [section.heading, ""]
        for p in paragraphs:
            out += [p, ""]
        if section.table:
            for line in _layout_rows(data, section.table):
                for cell in line:
                    if cell is None:
                        out.append("\t")
                        continue
                    text = cell.text
                    if cell.address:
                        text = rng.choice(_PADS) + text + rng.choice(_PADS[:3])
                    elif len(text) > 5 and cell.header and not cell.block_title and rng.random() < 0.2:
                        text = text[:3] + "\n" + text[3:]  # a header wrapped inside its cell
                    out.append("\t" + text)
                out.append("")
            out.append("")
    return "\n".join(out).encode("utf-8"), "report.txt"


def runtogether_text(data: ReportData, rng: random.Random | None = None, share: float = 0.3) -> tuple[bytes, str]:
    """Like word_text, but some 表三 rows lost their cell separators: "640020470"."""
    rng = rng or random.Random(0)
    out = [data.display_title, ""]
    for section, paragraphs in _sections(data):
        out += [section.heading, *paragraphs, ""]
        if not section.table:
            continue
        for line in _layout_rows(data, section.table):
            labels = [c.text for c in line if c is not None and not c.address]
            values = [c.text for c in line if c is not None and c.address]
            out += ["\t" + x for x in labels]
            if section.table == "t3" and values and rng.random() < share:
                out.append("\t" + "".join(values))
            else:
                out += ["\t" + v for v in values]
            out.append("")
    return "\n".join(out).encode("utf-8"), "runtogether.txt"


_TYPOS = {"1.属于国家秘密": "1、属于国家秘密", "（一）予以公开": "(一)予以公开", "2.重复申请": "2、重复申请",
          "一、本年新收政府信息公开申请数量": "一、本年新收政府信息公开申请数", "4.保护第三方合法权益": "4.保护第三方合法权利",
          "1.本机关不掌握相关政府信息": "1.本机关不掌握相关政府消息", "行政规范性文件": "行政规范性文件 ",
          "四、结转下年度继续办理": "四.结转下年度继续办理"}


def messy_text(data: ReportData, rng: random.Random | None = None) -> tuple[bytes, str]:
    """Text without tabs, row cells separated by spaces on one line, typos and half-width punctuation in labels,
    page footers in the middle of a table."""
    rng = rng or random.Random(0)
    out = [data.display_title]
    n = 0
    for section, paragraphs in _sections(data):
        out += [section.heading, *paragraphs]
        if not section.table:
            continue
        for line in _layout_rows(data, section.table):
            labels = [_TYPOS.get(c.text, c.text) for c in line if c is not None and not c.address]
            values = [c.text for c in line if c is not None and c.address]
            if values and all(v != "" for v in values):
                out.append(" ".join(labels + values))
            else:
                out += labels + values
            n += 1
            if n % 17 == 0:
                out.append(f"— {n // 17} —")
    return "\n".join(out).encode("utf-8"), "messy.txt"


def word_html(data: ReportData, rng: random.Random | None = None) -> tuple[bytes, str]:
    """HTML as Word exports it: Mso classes, <o:p> in every cell, &nbsp; for blanks, spans, conditional
    comments, narrative in <p class=MsoNormal>."""
    rng = rng or random.Random(0)
    parts = ['<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">',
             "<head><meta charset=utf-8><style><!-- p.MsoNormal {margin:0cm} --></style></head><body lang=ZH-CN>",
             f"<p class=MsoNormal align=center><b><span style='font-size:22pt'>{html.escape(data.display_title)}"
             "<o:p></o:p></span></b></p>"]
    for p in data.preamble:
        parts.append(f"<p class=MsoNormal style='text-indent:32pt'><span>{html.escape(p)}<o:p></o:p></span></p>")
    for section, paragraphs in _sections(data):
        parts.append(f"<p class=MsoNormal><b><span style='font-family:黑体'>{section.heading}</span></b>"
                     "<span lang=EN-US><o:p></o:p></span></p>")
        for p in paragraphs:
            parts.append(f"<p class=MsoNormal style='text-indent:32pt'><span>{html.escape(p)}<o:p></o:p></span></p>")
        if not section.table:
            continue
        parts.append("<div align=center><table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0>")
        for line in _layout_rows(data, section.table):
            parts.append("<tr style='height:20pt'>")
            for cell in line:
                if cell is None:
                    continue
                attrs = (f" colspan={cell.colspan}" if cell.colspan > 1 else "") + \
                        (f" rowspan={cell.rowspan}" if cell.rowspan > 1 else "")
                text = html.escape(cell.text) if cell.text else "&nbsp;"
                if cell.address and rng.random() < 0.3:
                    text = f"&nbsp;{text}&nbsp;"
                parts.append(f"<td{attrs} valign=top style='border:solid windowtext 1.0pt'><p class=MsoNormal "
                             f"align=center><span lang=EN-US style='font-size:10.5pt'>{text}<o:p></o:p></span></p></td>")
            parts.append("</tr>")
        parts.append("</table></div><p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>")
    parts.append("<![if !supportLineBreakNewLine]><br><![endif]></body></html>")
    return "\n".join(parts).encode("utf-8"), "word.htm"


def markdown_fragments(data: ReportData, rng: random.Random | None = None) -> tuple[bytes, str]:
    """Markdown converted from PDF: merged cells written out as empty cells, tables cut into pieces at page
    breaks (a footer and sometimes the header row repeated between pieces)."""
    rng = rng or random.Random(0)
    out = [f"# {data.display_title}", ""]
    page = 1
    for section, paragraphs in _sections(data):
        out += [f"## {section.heading}", "", *paragraphs, ""]
        if not section.table:
            continue
        table = get_format(data.format_key).tables[section.table]
        lines = []
        for line in _layout_rows(data, section.table):
            cells = []
            for cell in line:
                if cell is None:
                    cells.append("")
                    continue
                cells.append(cell.text)
                cells.extend([""] * (cell.colspan - 1))
            lines.append(cells)
        head_n = 1 if table.layout == "blocks" else (3 if table.row_header else 3)
        header, body = lines[:head_n], lines[head_n:]
        cut_points = sorted(rng.sample(range(1, max(2, len(body))), k=min(2, max(0, len(body) - 1))))
        pieces, start = [], 0
        for cut in [*cut_points, len(body)]:
            pieces.append(body[start:cut])
            start = cut
        for i, piece in enumerate(pieces):
            rows = (header if i == 0 or rng.random() < 0.5 else []) + piece
            if not rows:
                continue
            width = max(len(r) for r in rows)
            out.append("| " + " | ".join(rows[0] + [""] * (width - len(rows[0]))) + " |")
            out.append("|" + "---|" * width)
            for r in rows[1:]:
                out.append("| " + " | ".join(r + [""] * (width - len(r))) + " |")
            out += ["", f"- {page} -", ""]
            page += 1
    return "\n".join(out).encode("utf-8"), "report.md"


SHAPES = {
    "text": lambda d, rng: word_text(d, rng),
    "text-runtogether": lambda d, rng: runtogether_text(d, rng),
    "text-messy": lambda d, rng: messy_text(d, rng),
    "html": lambda d, rng: as_html(d),
    "html-word": lambda d, rng: word_html(d, rng),
    "markdown": lambda d, rng: markdown_fragments(d, rng),
    "docx": lambda d, rng: as_docx(d),
    "pdf": lambda d, rng: as_pdf(d),
}


def cell_accuracy(expected: ReportData, got: ReportData) -> tuple[int, int]:
    """(cells read correctly, all cells): same kind and same written value."""
    fmt = get_format(expected.format_key)
    if got.format_key != expected.format_key:
        return 0, sum(1 for _ in fmt.addresses())
    right = total = 0
    for address in fmt.addresses():
        total += 1
        a, b = expected.cell(*address), got.cell(*address)
        if a.kind == b.kind and (a.value == b.value if a.is_numeric else a.text == b.text):
            right += 1
    return right, total


def pdf_text_only(data: ReportData, rng: random.Random | None = None) -> tuple[bytes, str]:
    """The PDF's text layer as pypdfium2 gives it (what the reader falls back to for undecodable fonts)."""
    from gongkai.importer.pdf_reader import pdfium_text

    raw, _ = as_pdf(data)
    return pdfium_text(raw).encode("utf-8"), "pdf-text.txt"


SHAPES["pdf-text"] = pdf_text_only
