"""A `model.Document` as HTML: the print layout is the 公文 page of `gongwen` (WeasyPrint draws it as PDF); on screen
the same blocks read as a page that also fits a phone. Every text is escaped once (applicant text stays as written)."""

from __future__ import annotations

import base64

from django.utils.html import escape

from . import gongwen, model
from .docx import signature_indents

TEXT_INDENT = f"{2 * gongwen.CHAR_PT:.2f}pt"          # two characters at the grid pitch
LETTER_SPACING = f"{gongwen.CHAR_PT - gongwen.BODY_PT:.2f}pt"  # 16 pt characters on a 15.79 pt pitch: 28 a line

FACES_SCREEN = {
    "body": '"FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC", '
            '"Source Han Serif SC", "Songti SC", "SimSun", serif',
    "title": '"FZXiaoBiaoSong-B05S", "方正小标宋简体", "STSong", "SimSun", "宋体", "Noto Serif CJK SC", '
             '"Source Han Serif SC", serif',
    "heading": '"SimHei", "黑体", "Heiti SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif',
    "kai": '"KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", "STKaiti", "Noto Serif CJK SC", serif',
}


def stylesheet(faces: dict[str, str] | None = None, *, title_bold: bool = False) -> str:
    """Scoped to .gw; `faces` pins the free fonts for PDF (小标宋 has no free face: a bold serif stands in)."""
    f = {**FACES_SCREEN, **(faces or {})}
    p = gongwen
    return f"""
.gw {{ font-family: {f["body"]}; font-size: 18px; line-height: 1.8; color: #000; text-align: justify;
  overflow-wrap: anywhere; }}
.gw p {{ margin: 0; }}
.gw .gw-p {{ text-indent: 2em; }}
.gw .gw-title {{ font-family: {f["title"]}; font-size: 1.4em; line-height: 1.6; text-align: center;
  margin: 0 0 1.8em; font-weight: {"bold" if title_bold else "normal"}; }}
.gw .gw-title.gw-numbered {{ margin-bottom: 0; }}
.gw .gw-number {{ text-align: center; margin: 0 0 1.8em; }}
.gw .gw-h1 {{ font-family: {f["heading"]}; text-indent: 2em; font-weight: normal; font-size: 1em; margin: 0;
  break-after: avoid; }}
.gw .gw-h2 {{ font-family: {f["kai"]}; text-indent: 2em; font-weight: normal; font-size: 1em; margin: 0;
  break-after: avoid; }}
.gw .gw-attach {{ margin-top: 1.8em; }}
.gw .gw-attach p {{ padding-left: 5em; }}
.gw .gw-attach p.gw-first {{ text-indent: -3em; }}
.gw .gw-sign {{ margin-top: 1.8em; text-align: right; break-inside: avoid; }}
.gw .gw-sign.gw-tight {{ margin-top: 0; }}
.gw .gw-note {{ text-indent: 2em; }}
.gw .gw-center {{ text-align: center; }}
.gw .gw-right {{ text-align: right; }}
.gw .gw-small {{ font-size: 0.75em; line-height: 1.5; }}
.gw table.gw-table {{ width: 100%; border-collapse: collapse; font-size: 0.66em; line-height: 1.4;
  text-indent: 0; text-align: left; margin: 0.4em 0 1em; }}
.gw table.gw-table th, .gw table.gw-table td {{ border: 1px solid #000; padding: 0.2em 0.35em;
  vertical-align: middle; font-weight: normal; }}
.gw table.gw-table th {{ text-align: center; font-family: {f["heading"]}; }}
.gw table.gw-form {{ font-size: 0.875em; }}
.gw table.gw-form td {{ height: 3em; }}
.gw table.gw-form td.gw-label {{ text-align: center; width: 22%; }}
.gw caption {{ caption-side: top; text-align: left; font-size: 1em; }}
.gw .gw-img {{ text-align: center; margin: 0.5em 0; text-indent: 0; break-inside: avoid; }}
.gw .gw-img img {{ max-width: 100%; max-height: 180mm; }}
.gw .gw-toc {{ list-style: none; padding: 0; margin: 0; }}
.gw .gw-toc a {{ color: #000; text-decoration: none; }}
.gw .gw-lines {{ font-size: 0.75em; line-height: 1.5; }}
.gw .gw-break {{ break-after: page; height: 0; }}
@media print {{
  {p.page_css(f["body"])}
  body {{ margin: 0; }}
  .gw {{ font-size: {p.BODY_PT}pt; line-height: {p.LINE_PT}pt; letter-spacing: {LETTER_SPACING};
    orphans: 2; widows: 2; }}
  .gw .gw-p, .gw .gw-h1, .gw .gw-h2, .gw .gw-note {{ text-indent: {TEXT_INDENT}; }}
  .gw .gw-title {{ font-size: {p.TITLE_PT}pt; line-height: {p.TITLE_LINE_PT}pt; letter-spacing: 0;
    margin-bottom: {p.LINE_PT}pt; }}
  .gw .gw-title.gw-numbered {{ margin-bottom: 0; }}
  .gw .gw-number, .gw .gw-attach, .gw .gw-sign {{ margin-top: 0; }}
  .gw .gw-number {{ margin-bottom: {p.LINE_PT}pt; }}
  .gw .gw-attach, .gw .gw-sign {{ margin-top: {p.LINE_PT}pt; }}
  .gw .gw-sign.gw-tight {{ margin-top: 0; }}
  .gw .gw-small {{ font-size: {p.SMALL_PT}pt; line-height: {p.SMALL_PT * 1.5}pt; letter-spacing: 0; }}
  .gw table.gw-table {{ font-size: {p.TABLE_PT}pt; line-height: {p.TABLE_PT * 1.45:.1f}pt; letter-spacing: 0; }}
  .gw table.gw-table th, .gw table.gw-table td {{ border: 0.5pt solid #000; padding: 2pt 3pt; }}
  .gw table.gw-table thead {{ display: table-header-group; }}
  .gw table.gw-table tr {{ break-inside: avoid; }}
  .gw table.gw-form {{ font-size: 14pt; line-height: 20pt; }}
  .gw table.gw-form td {{ height: 9mm; padding-top: 1pt; padding-bottom: 1pt; }}
  .gw .gw-toc a::after {{ content: leader(". ") target-counter(attr(href), page); }}
  .gw .gw-lines {{ font-size: {p.TABLE_PT}pt; line-height: {p.TABLE_PT * 1.5}pt; letter-spacing: 0;
    columns: 2; column-gap: 6mm; margin: 2pt 0 6pt; }}
}}
"""


def render_body(doc: model.Document) -> str:
    """The blocks as HTML inside <article class="gw">."""
    out = ['<article class="gw">']
    blocks = doc.blocks
    for i, b in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        previous = blocks[i - 1] if i else None
        out.append(_block(b, following, previous))
    out.append("</article>")
    return "\n".join(out)


def render_html(doc: model.Document, *, faces: dict[str, str] | None = None, title_bold: bool = False) -> str:
    """A self-contained page (the PDF renderer's input; also what the office shows for printing)."""
    created = doc.created.isoformat(timespec="seconds")
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(doc.title)}</title><meta name=\"author\" content=\"{escape(doc.author)}\">"
            f'<meta name="description" content="{escape(doc.subject)}">'
            f'<meta name="keywords" content="{escape(doc.keywords)}">'
            f'<meta name="dcterms.created" content="{created}"><meta name="dcterms.modified" content="{created}">'
            f'<meta name="generator" content="Gongkai">'
            f"<style>{stylesheet(faces, title_bold=title_bold)}</style></head>"
            f"<body>{render_body(doc)}</body></html>")


def _p(text: str, cls: str = "", style: str = "") -> str:
    attrs = (f' class="{cls}"' if cls else "") + (f' style="{style}"' if style else "")
    return f"<p{attrs}>{escape(text)}</p>"


def _block(b, following, previous) -> str:  # noqa: C901 - one branch per block kind
    if isinstance(b, model.Title):
        cls = "gw-title gw-numbered" if isinstance(following, model.Number) else "gw-title"
        anchor = f' id="{escape(b.anchor)}"' if b.anchor else ""
        return f'<h1 class="{cls}"{anchor}>{escape(b.text)}</h1>'
    if isinstance(b, model.Lines):
        return '<div class="gw-lines">' + "".join(_p(x) for x in b.items) + "</div>"
    if isinstance(b, model.Number):
        return _p(b.text, "gw-number")
    if isinstance(b, model.Addressee):
        return _p(model.addressee_line(b.text), "gw-to")
    if isinstance(b, model.Para):
        return _p(b.text, {"body": "gw-p", "flush": "", "center": "gw-center", "right": "gw-right",
                           "small": "gw-small"}.get(b.style, "gw-p"))
    if isinstance(b, model.Heading):
        tag, cls = ("h2", "gw-h1") if b.level == 1 else ("h3", "gw-h2")
        anchor = f' id="{escape(b.anchor)}"' if b.anchor else ""
        return f'<{tag} class="{cls}"{anchor}>{escape(b.text)}</{tag}>'
    if isinstance(b, model.Attachments):
        lines = model.attachment_lines(b.items)
        return '<div class="gw-attach">' + "".join(_p(x, "gw-first" if i == 0 else "") for i, x in enumerate(lines)) \
            + "</div>"
    if isinstance(b, model.Signature):
        on = gongwen.chinese_date(b.on)
        name_right, date_right = signature_indents(b.signer, on)
        cls = "gw-sign" if b.space_before else "gw-sign gw-tight"
        return (f'<div class="{cls}">{_p(b.signer, style=f"padding-right: {name_right}em")}'
                f'{_p(on, style=f"padding-right: {date_right}em")}</div>')
    if isinstance(b, model.Note):
        return _p(b.text if b.text.startswith("（") else f"（{b.text}）", "gw-note")
    if isinstance(b, model.Table):
        return _table(b)
    if isinstance(b, model.Image):
        data = base64.b64encode(b.data).decode("ascii")
        caption = f'<figcaption class="gw-center">{escape(b.caption)}</figcaption>' if b.caption else ""
        return (f'<figure class="gw-img"><img src="data:{escape(b.mime)};base64,{data}" alt="{escape(b.caption)}">'
                f'{caption}</figure>')
    if isinstance(b, model.Contents):
        items = "".join(f'<li><a href="#{escape(anchor)}">{escape(label)}</a></li>' for label, anchor in b.entries)
        return f'<ol class="gw-toc">{items}</ol>'
    if isinstance(b, model.PageBreak):
        return '<div class="gw-break"></div>'
    raise TypeError(f"unknown block {type(b).__name__}")


def _cell(text: str, tag: str = "td", cls: str = "") -> str:
    attrs = f' class="{cls}"' if cls else ""
    return f"<{tag}{attrs}>" + "<br>".join(escape(line) for line in (text or "").split("\n")) + f"</{tag}>"


def _table(b: model.Table) -> str:
    cls = "gw-table gw-form" if b.size == "form" else "gw-table"
    cols = ""
    if b.widths:
        total = sum(b.widths)
        cols = "<colgroup>" + "".join(f'<col style="width: {100 * w / total:.1f}%">' for w in b.widths) + "</colgroup>"
    caption = f"<caption>{escape(b.caption)}</caption>" if b.caption else ""
    head = "<thead><tr>" + "".join(_cell(h, "th") for h in b.header) + "</tr></thead>" if b.header else ""
    rows = "".join("<tr>" + "".join(_cell(v, cls="gw-label" if b.label_column and i == 0 else "")
                                    for i, v in enumerate(r)) + "</tr>" for r in b.rows)
    return f'<table class="{cls}">{caption}{cols}{head}<tbody>{rows}</tbody></table>'
