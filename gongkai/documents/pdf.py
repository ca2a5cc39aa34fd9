"""A `model.Document` as PDF: WeasyPrint draws `html.render_html` on the free CJK faces fontconfig knows (see
`fonts` for the mapping), with the page of `gongwen`."""

from __future__ import annotations

from gongkai.core.errors import GongkaiError

from . import fonts, model
from .html import render_html


def free_faces() -> dict[str, str]:
    available = fonts.cjk_families()
    if not available:
        raise GongkaiError(fonts.NO_FONT_MESSAGE)
    serif, sans = fonts.free_faces(available)
    return {"body": serif, "title": serif, "heading": sans, "kai": serif}


def render_pdf(doc: model.Document) -> bytes:
    """A4 PDF bytes with extractable Chinese text; title, author and creation time in the document information."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_html(doc, faces=free_faces(), title_bold=True)
    return HTML(string=html, base_url=None).write_pdf(font_config=FontConfiguration())
