"""A `model.Document` as a Word file (.docx) on the 公文 page of `gongwen`."""

from __future__ import annotations

import io
import re
import unicodedata

from docx import Document as new_docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm, Pt, Twips

from . import gongwen, model

STYLE_TITLE, STYLE_TABLE = "公文标题", "公文表格"
STYLE_IDS = {STYLE_TITLE: "GkTitle", STYLE_TABLE: "GkTable"}
FORM_PT = 14
# XML 1.0 refuses these characters; an applicant can paste them (a vertical tab from a word processor).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text or "")


def em_width(text: str) -> float:
    """Width in characters of the body size: CJK and full-width forms 1, Latin letters and digits ½."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def signature_indents(signer: str, on: str) -> tuple[float, float]:
    """GB/T 9704-2012 7.3.5.2 (不加盖印章): the agency two characters in from the right, the date under it starting
    two characters further right; a date longer than that moves the agency left so the date ends two characters in.
    Returns the right indents (in characters) of the agency line and of the date line."""
    n, d = em_width(signer), em_width(on)
    name_right = 2.0 if d <= n - 2 else 4.0 + d - n
    return name_right, name_right + n - 2 - d


def render_docx(doc: model.Document) -> bytes:
    word = new_docx()
    gongwen.setup_docx(word, title_style=STYLE_TITLE, title_id=STYLE_IDS[STYLE_TITLE], table_style=STYLE_TABLE,
                       table_id=STYLE_IDS[STYLE_TABLE])
    gongwen.core_properties(word, title=doc.title, author=doc.author, created=doc.created, subject=doc.subject,
                            keywords=doc.keywords)
    body = word.element.body
    for p in list(body.iterchildren()):  # the template's empty first paragraph
        if p.tag.endswith("}p"):
            body.remove(p)
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        _BLOCKS[type(block)](word, block, following)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _title(word, b: model.Title, following) -> None:
    p = word.add_paragraph(style=STYLE_TITLE)
    p.add_run(xml_text(b.text))
    if isinstance(following, model.Number):
        p.paragraph_format.space_after = Pt(0)


def _number(word, b: model.Number, following) -> None:
    p = word.add_paragraph(xml_text(b.text))
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    gongwen.indent_chars(p._p, 0, gongwen.BODY_PT)
    p.paragraph_format.space_after = gongwen.LINE  # 主送 one line below


def _addressee(word, b: model.Addressee, following) -> None:
    p = word.add_paragraph(xml_text(model.addressee_line(b.text)))
    gongwen.indent_chars(p._p, 0, gongwen.BODY_PT)
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _para(word, b: model.Para, following) -> None:
    p = word.add_paragraph(xml_text(b.text))
    if b.style == "body":
        return
    gongwen.indent_chars(p._p, 0, gongwen.BODY_PT)
    if b.style == "center":
        p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif b.style == "right":
        p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif b.style == "small":
        for run in p.runs:
            run.font.size = Pt(gongwen.SMALL_PT)
        p.paragraph_format.line_spacing = Pt(gongwen.SMALL_PT * 1.5)
        gongwen.no_grid(p._p)


def _heading(word, b: model.Heading, following) -> None:
    word.add_paragraph(xml_text(b.text), style="Heading 1" if b.level == 1 else "Heading 2")


def _attachments(word, b: model.Attachments, following) -> None:
    word.add_paragraph()  # 正文下空一行
    for i, line in enumerate(model.attachment_lines(tuple(xml_text(x) for x in b.items))):
        p = word.add_paragraph(line)
        if i:  # aligned under the first attachment's name: 2 characters + "附件："
            gongwen.indent_chars(p._p, 0, gongwen.BODY_PT)
            gongwen.indent_chars(p._p, 5, gongwen.BODY_PT, side="left")


def _signature(word, b: model.Signature, following) -> None:
    on = gongwen.chinese_date(b.on)
    name_right, date_right = signature_indents(b.signer, on)
    if b.space_before:
        word.add_paragraph()
    for text, right in ((b.signer, name_right), (on, date_right)):
        p = word.add_paragraph(xml_text(text))
        p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        gongwen.indent_chars(p._p, 0, gongwen.BODY_PT)
        gongwen.indent_chars(p._p, right, gongwen.BODY_PT, side="right")
        p.paragraph_format.keep_with_next = text == b.signer


def _note(word, b: model.Note, following) -> None:
    text = b.text if b.text.startswith("（") else f"（{b.text}）"
    p = word.add_paragraph(xml_text(text))
    gongwen.indent_chars(p._p, 2, gongwen.BODY_PT)


def _table(word, b: model.Table, following) -> None:
    n_cols = len(b.header) or max((len(r) for r in b.rows), default=1)
    rows = ([b.header] if b.header else []) + list(b.rows)
    table = word.add_table(rows=len(rows), cols=n_cols)
    weights = list(b.widths) if len(b.widths) == n_cols else [1] * n_cols
    width_twips = int(gongwen.TEXT_WIDTH_MM * gongwen.PT_PER_MM * gongwen.TWIPS_PER_PT)
    widths = [int(width_twips * w / sum(weights)) for w in weights]
    sides = "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                    for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tblpr = table._tbl.tblPr
    gongwen.put_tblpr(tblpr, parse_xml(f'<w:tblW {nsdecls("w")} w:w="{sum(widths)}" w:type="dxa"/>'))
    gongwen.put_tblpr(tblpr, parse_xml(f'<w:jc {nsdecls("w")} w:val="center"/>'))
    gongwen.put_tblpr(tblpr, parse_xml(f'<w:tblBorders {nsdecls("w")}>{sides}</w:tblBorders>'))
    gongwen.put_tblpr(tblpr, parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    size = Pt(FORM_PT if b.size == "form" else gongwen.TABLE_PT)
    for r, (row, cells) in enumerate(zip(rows, table.rows, strict=True)):
        if b.size == "form":
            cells.height = Mm(9)
        if r == 0 and b.header:
            cells._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
        for c, cell in enumerate(cells.cells):
            cell.width = Twips(widths[c])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            p.style = word.styles[STYLE_TABLE]
            lines = xml_text(row[c] if c < len(row) else "").split("\n")
            for k, line in enumerate(lines):
                run = p.add_run(line)
                run.font.size = size
                run.font.bold = bool(r == 0 and b.header)
                if k < len(lines) - 1:
                    run.add_break()
            if (b.label_column and c > 0) or (not b.label_column and r > 0 and len(row[c] if c < len(row) else "")
                                              > 12):
                p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    word.add_paragraph()


def _image(word, b: model.Image, following) -> None:
    p = word.add_paragraph()
    gongwen.indent_chars(p._p, 0, gongwen.BODY_PT)
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing = 1.0  # not the exact 28.95 pt of the body: that would clip the picture
    p.add_run().add_picture(io.BytesIO(b.data), width=Mm(gongwen.TEXT_WIDTH_MM * 0.9))
    if b.caption:
        _para(word, model.Para(b.caption, "center"), None)


def _lines(word, b: model.Lines, following) -> None:
    for text in b.items:
        _para(word, model.Para(text, "small"), None)


def _contents(word, b: model.Contents, following) -> None:
    for label, _anchor in b.entries:
        _para(word, model.Para(label, "flush"), None)


def _page_break(word, b, following) -> None:
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


_BLOCKS = {model.Title: _title, model.Number: _number, model.Addressee: _addressee, model.Para: _para,
           model.Heading: _heading, model.Attachments: _attachments, model.Signature: _signature,
           model.Note: _note, model.Table: _table, model.Image: _image, model.Contents: _contents,
           model.PageBreak: _page_break, model.Lines: _lines}
