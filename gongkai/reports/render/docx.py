"""The annual report as a Word document (.docx) on the 公文 page of `gongkai.documents.gongwen`.

A4, margins 3.7/3.5/2.8/2.6 cm, title 二号 小标宋, body 三号 仿宋 with a two-character first-line indent,
section headings 黑体, page numbers "— 1 —" (the page setup is shared with letters and the dossier). Tables come from `layout.table_layout`; merged cells are made
with python-docx's `merge()` from the grid positions shared with the HTML renderer.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, Twips
from docx.table import _Cell

from gongkai.documents import gongwen

from ..definition import Table, get_format
from ..layout import table_layout
from ..model import ReportData
from .html import column_weights, head_row_count, place_cells, title_parts

# The 公文 page and typography are written once, in gongkai.documents.gongwen (shared with letters and the dossier).
PAGE_WIDTH, PAGE_HEIGHT = gongwen.PAGE_WIDTH, gongwen.PAGE_HEIGHT
MARGIN_TOP, MARGIN_BOTTOM = gongwen.MARGIN_TOP, gongwen.MARGIN_BOTTOM
MARGIN_LEFT, MARGIN_RIGHT = gongwen.MARGIN_LEFT, gongwen.MARGIN_RIGHT
TWIPS_PER_EMU = 1 / 635
CELL_MARGIN_TWIPS = 57  # 0.1 cm left and right inside table cells

TITLE_CHARS_PER_LINE = 20  # 二号 characters between the margins

STYLE_TITLE, STYLE_TABLE = "报告标题", "报告表格"
STYLE_IDS = {STYLE_TITLE: "GkReportTitle", STYLE_TABLE: "GkReportTable"}  # ASCII ids, Chinese names


# ------------------------------------------------------------------------------------------- tables

_put = gongwen.put_tblpr


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
    gongwen.setup_docx(doc, title_style=STYLE_TITLE, title_id=STYLE_IDS[STYLE_TITLE], table_style=STYLE_TABLE,
                       table_id=STYLE_IDS[STYLE_TABLE])
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
