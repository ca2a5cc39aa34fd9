"""The annual report as PDF: WeasyPrint draws `render_html` with a print stylesheet on a free CJK font.

WeasyPrint finds fonts through fontconfig. Without a Chinese font every character would come out as a
box, so we refuse up front with a message that says what to install.
"""

from __future__ import annotations

from functools import cache

from gongkai.core.errors import GongkaiError
from gongkai.documents.fonts import (  # noqa: F401 - re-exported: the font discovery lives with the 公文 page
    NO_FONT_MESSAGE,
    SANS_FAMILIES,
    SERIF_FAMILIES,
    cjk_families,
    css_list,
    pick,
)

from ..model import ReportData
from .html import render_html

_pick, _css_list = pick, css_list


@cache
def print_stylesheet() -> str:
    """Pins the report's fonts to the installed free CJK fonts (one serif, one sans face) and keeps table rows
    whole (WeasyPrint breaks around rowspans well; Chromium does not, so the page's own CSS leaves this out)."""
    available = cjk_families()
    if not available:
        raise GongkaiError(NO_FONT_MESSAGE)
    serif = _css_list(_pick(SERIF_FAMILIES, available)[:1] + _pick(SANS_FAMILIES, available)[:1], "serif")
    sans = _css_list(_pick(SANS_FAMILIES, available)[:1] + _pick(SERIF_FAMILIES, available)[:1], "sans-serif")
    # A user stylesheet: only !important declarations outrank the document's own font stacks.
    return f"""
.gk-report {{ font-family: {serif} !important; }}
.gk-report .gk-title {{ font-family: {serif} !important; font-weight: bold !important; }}
.gk-report .gk-heading {{ font-family: {sans} !important; font-weight: normal !important; }}
@page :right {{ @bottom-right {{ font-family: {serif} !important; }} }}
@page :left {{ @bottom-left {{ font-family: {serif} !important; }} }}
.gk-report .gk-table tr {{ break-inside: avoid !important; }}
"""


def ensure_cjk_font() -> None:
    if not cjk_families():
        raise GongkaiError(NO_FONT_MESSAGE)


def render_pdf(data: ReportData) -> bytes:
    """The report as A4 PDF bytes with extractable Chinese text."""
    ensure_cjk_font()
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    stylesheet = CSS(string=print_stylesheet(), font_config=font_config)
    document = HTML(string=render_html(data, standalone=True), base_url=None)
    return document.write_pdf(stylesheets=[stylesheet], font_config=font_config)
