"""公文 page setup after GB/T 9704-2012 (党政机关公文格式), written once for every document the platform prints.

* A4 (210 mm × 297 mm); margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm: a text block of 156 × 225 mm.
* Body 3号 仿宋 (16 pt), 22 lines of 28 characters: line pitch 225 mm / 22 = 28.95 pt, character pitch
  156 mm / 28 = 15.79 pt (the DOCX document grid; the PDF narrows the character spacing by 0.21 pt).
* Title 2号 小标宋 (22 pt), centred; headings 黑体 (一、) and 楷体 (（一）), 3号.
* Page numbers 4号 (14 pt) 宋体 "— 1 —", 7 mm below the text block; odd pages right, even pages left, one
  character in from the edge of the text block (GB/T 9704-2012 7.5).
* 成文日期 in Arabic numerals with 年月日 and no leading zeros: 2026年12月1日 (GB/T 9704-2012 7.3.5.1).

The DOCX helpers below style a python-docx `Document`; `page_css()` is the same page for WeasyPrint.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from urllib.parse import quote

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from lxml import etree

from .fonts import FONT_BODY, FONT_FALLBACKS, FONT_HEADING, FONT_HEADING2, FONT_PAGE_NUMBER, FONT_TITLE

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]    # 156
TEXT_HEIGHT_MM = PAGE_HEIGHT_MM - MARGINS_MM["top"] - MARGINS_MM["bottom"]  # 225
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
PT_PER_MM = 72 / 25.4
# 225 mm / 22 = 28.99 pt; 公文 templates use 28.95 pt (579 twips), so the 22nd line fits with room to spare.
LINE_PT = 28.95
CHAR_PT = round(TEXT_WIDTH_MM * PT_PER_MM / CHARS_PER_LINE, 2)     # 15.79
BODY_PT, TITLE_PT, PAGE_NUMBER_PT, TABLE_PT, SMALL_PT = 16, 22, 14, 10.5, 12
TITLE_LINE_PT = 36
PAGE_NUMBER_GAP_MM = 7

PAGE_WIDTH, PAGE_HEIGHT = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
MARGIN_TOP, MARGIN_BOTTOM = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
MARGIN_LEFT, MARGIN_RIGHT = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
LINE, BODY_SIZE, TITLE_SIZE, TABLE_SIZE = Pt(LINE_PT), Pt(BODY_PT), Pt(TITLE_PT), Pt(TABLE_PT)
# Word's "footer from bottom" is the distance from the page edge to the bottom of the footer line: the number's line
# (14 pt, single spacing ≈ 6.2 mm) starts 7 mm below the text block.
FOOTER_DISTANCE = Mm(MARGINS_MM["bottom"] - PAGE_NUMBER_GAP_MM - 6.2)
TWIPS_PER_PT = 20
# The DOCX character grid: the pitch is the 16 pt default size plus charSpace/4096 pt.
GRID_LINE_PITCH = round(LINE_PT * TWIPS_PER_PT)                       # 579 twips
GRID_CHAR_SPACE = round((TEXT_WIDTH_MM * PT_PER_MM / CHARS_PER_LINE - BODY_PT) * 4096)  # -849


# --- dates, file names ------------------------------------------------------------------------------------------
def chinese_date(d: date | datetime | None) -> str:
    """2026年12月1日 — the one date style of every document (no leading zeros)."""
    if d is None:
        return ""
    return f"{d.year}年{d.month}月{d.day}日"


_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def chinese_dates_in(text: str) -> str:
    """Every ISO date in a text (e.g. the deadline trace) written as 2026年12月1日."""
    return _ISO_DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", text or "")


_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def file_name(*parts: str, ext: str) -> str:
    """`嘉商公开〔2026〕第13号-政府信息公开申请答复书.docx`: the parts joined by "-", characters no file system accepts
    removed, at most 120 characters before the extension."""
    stem = "-".join(p.strip() for p in parts if p and p.strip())
    stem = _UNSAFE_NAME.sub("", unicodedata.normalize("NFC", stem)).strip(" .") or "document"
    return f"{stem[:120]}.{ext}"


def content_disposition(filename: str, *, fallback: str, inline: bool = False) -> str:
    """A header every browser reads: an ASCII `filename` and the real name as RFC 6266/5987 `filename*`."""
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "-", fallback).strip("-") or "document"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


# --- DOCX: fonts and styles ---------------------------------------------------------------------------------------
def set_fonts(element, font: str) -> None:
    """One font for every script of a run or style; theme font attributes removed so they cannot override it."""
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attr in list(fonts.attrib):
        if attr.lower().endswith("theme"):  # asciiTheme, eastAsiaTheme, hAnsiTheme, cstheme
            del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


def plain_style(style, font: str, size, *, bold: bool = False) -> None:
    set_fonts(style.element, font)
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:color", "w:kern"):
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)
    style.font.color.rgb = None


def indent_chars(element, chars: float, size_pt: float, *, side: str = "firstLine") -> None:
    """An indent in characters (w:firstLineChars / w:leftChars / w:rightChars), with the twips value for older
    readers. Word reads the *Chars attribute first and inherits each attribute on its own, so a paragraph or style
    without indent must say firstLineChars="0" too."""
    ppr = element.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = ppr._add_ind()
    twips_attr = {"firstLine": "w:firstLine", "left": "w:left", "right": "w:right", "hanging": "w:hanging"}[side]
    ind.set(qn(f"w:{side}Chars"), str(round(chars * 100)))
    ind.set(qn(twips_attr), str(round(chars * size_pt * TWIPS_PER_PT)))


def no_grid(element) -> None:
    """Leave a style or paragraph out of the character grid (titles in 2号, tables in 5号 would be spread to it)."""
    ppr = element.get_or_add_pPr()
    if ppr.find(qn("w:snapToGrid")) is None:
        el = OxmlElement("w:snapToGrid")
        el.set(qn("w:val"), "0")
        ppr.append(el)
        _reorder_ppr(ppr)


_PPR_ORDER = ["w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
              "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
              "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
              "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"]


def _reorder_ppr(ppr) -> None:
    """Keep pPr children in schema order (Word refuses a file whose children are out of order)."""
    rank = {qn(t): i for i, t in enumerate(_PPR_ORDER)}
    children = sorted(ppr, key=lambda el: rank.get(el.tag, len(rank)))
    for el in children:
        ppr.remove(el)
    for el in children:
        ppr.append(el)


def exact_lines(paragraph_format, pt: float) -> None:
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = Pt(pt)


def setup_docx(doc, *, title_style: str, title_id: str, table_style: str, table_id: str,
               table_size=TABLE_SIZE) -> None:
    """Styles of a 公文: Normal (仿宋 3号, 28.95 pt lines, two-character indent, justified), Heading 1 (黑体),
    Heading 2 (楷体), a title style (小标宋 2号, centred) and a table style, each with an ASCII id and a Chinese
    name; fonts declared in the font table; the A4 page with its margins, grid and page numbers."""
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
    plain_style(normal, FONT_BODY, BODY_SIZE)
    pf = normal.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.space_before = pf.space_after = Pt(0)
    exact_lines(pf, LINE_PT)
    pf.widow_control = True
    indent_chars(normal.element, 2, BODY_PT)

    for name, font in (("Heading 1", FONT_HEADING), ("Heading 2", FONT_HEADING2)):
        heading = styles[name]
        plain_style(heading, font, BODY_SIZE)
        hf = heading.paragraph_format
        hf.space_before = hf.space_after = Pt(0)
        exact_lines(hf, LINE_PT)
        hf.keep_with_next = True
        indent_chars(heading.element, 2, BODY_PT)

    title = styles.add_style(title_style, WD_STYLE_TYPE.PARAGRAPH)
    title.style_id = title_id
    title.base_style = normal
    title.next_paragraph_style = normal
    plain_style(title, FONT_TITLE, TITLE_SIZE)
    tf = title.paragraph_format
    tf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    indent_chars(title.element, 0, TITLE_PT)
    exact_lines(tf, TITLE_LINE_PT)
    tf.space_after = LINE
    tf.keep_with_next = True
    no_grid(title.element)

    cell = styles.add_style(table_style, WD_STYLE_TYPE.PARAGRAPH)
    cell.style_id = table_id
    cell.base_style = normal
    plain_style(cell, FONT_BODY, table_size)
    cf = cell.paragraph_format
    cf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    indent_chars(cell.element, 0, table_size.pt)
    cf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    no_grid(cell.element)

    font_table(doc)
    page(doc)


def font_table(doc) -> None:
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


def page(doc) -> None:
    """A4 portrait, the 公文 margins, the 22 × 28 document grid, and page numbers on odd (right) and even (left)
    pages."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.footer_distance = FOOTER_DISTANCE
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(GRID_LINE_PITCH))
    grid.set(qn("w:charSpace"), str(GRID_CHAR_SPACE))
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(doc, section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT, "right")
    _page_number(doc, section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT, "left")


def _page_number(doc, footer, alignment, side: str) -> None:
    footer.style = doc.styles["Normal"]
    footer.paragraph_format.alignment = alignment
    indent_chars(footer._p, 0, PAGE_NUMBER_PT)
    indent_chars(footer._p, 1, PAGE_NUMBER_PT, side=side)  # 单页码居右空一字，双页码居左空一字
    footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    no_grid(footer._p)

    def run(text: str = ""):
        r = footer.add_run(text)
        r.font.size = Pt(PAGE_NUMBER_PT)
        set_fonts(r._r, FONT_PAGE_NUMBER)
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


def core_properties(doc, *, title: str, author: str, created: datetime, subject: str = "", keywords: str = "",
                    category: str = "") -> None:
    """Title, author (the agency) and the issue time instead of python-docx's defaults (author "python-docx",
    created 2013); the extended properties name the agency and this program."""
    from datetime import UTC

    moment = created.astimezone(UTC).replace(tzinfo=None) if created.tzinfo else created
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, author, author
    props.subject, props.keywords, props.category = subject, keywords, category
    props.comments = ""
    props.language = "zh-CN"
    props.created = props.modified = moment
    props.revision = 1
    for part in doc.part.package.iter_parts():
        name = str(part.partname)
        if name == "/docProps/app.xml":
            root = etree.fromstring(part.blob)
            ns = root.nsmap.get(None)
            for tag, value in (("Application", "Gongkai"), ("Company", author), ("Template", ""),
                               ("AppVersion", "1.0000")):
                el = root.find(f"{{{ns}}}{tag}")
                if el is not None:
                    el.text = value
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- PDF (WeasyPrint) ----------------------------------------------------------------------------------------------
def page_css(number_font: str = '"FangSong", "仿宋", "Noto Serif CJK SC", serif') -> str:
    """The same page for WeasyPrint: A4, the margins, "— 1 —" 7 mm below the text block, odd pages right and even
    pages left, one character in."""
    m = MARGINS_MM
    number = (f'content: "— " counter(page) " —"; font-family: {number_font}; font-size: {PAGE_NUMBER_PT}pt; '
              f"vertical-align: top; padding-top: {PAGE_NUMBER_GAP_MM}mm;")
    return (f"@page {{ size: A4; margin: {m['top']}mm {m['right']}mm {m['bottom']}mm {m['left']}mm; }}\n"
            f"@page :right {{ @bottom-right {{ {number} padding-right: {PAGE_NUMBER_PT}pt; }} }}\n"
            f"@page :left {{ @bottom-left {{ {number} padding-left: {PAGE_NUMBER_PT}pt; }} }}\n")


_TBLPR_ORDER = ["w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
                "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"]


def put_tblpr(tblpr, element) -> None:
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
