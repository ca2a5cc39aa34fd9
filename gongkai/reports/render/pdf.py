"""The annual report as PDF: WeasyPrint draws `render_html` with a print stylesheet on a free CJK font.

WeasyPrint finds fonts through fontconfig. Without a Chinese font every character would come out as a
box, so we refuse up front with a message that says what to install.
"""

from __future__ import annotations

import glob
import os
import re
import subprocess
from functools import cache

from gongkai.core.errors import GongkaiError

from ..model import ReportData
from .html import render_html

NO_FONT_MESSAGE = "未找到中文字体：请安装 fonts-noto-cjk（Debian：apt-get install fonts-noto-cjk）。"

# Preferred families, best first; any other Simplified-Chinese family fontconfig knows comes after these.
SERIF_FAMILIES = ("Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif SC", "AR PL UMing CN", "FandolSong")
SANS_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Zen Hei",
                 "WenQuanYi Micro Hei", "Droid Sans Fallback", "FandolHei")
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.local/share/fonts"),
              os.path.expanduser("~/.fonts"))
_FILE_HINT = re.compile(r"cjk|sourcehan|wqy|wenquanyi|droidsansfallback|uming|ukai|fandol|simsun|simhei|fangsong",
                        re.IGNORECASE)


@cache
def cjk_families() -> tuple[str, ...]:
    """Families fontconfig offers for Chinese (`fc-list :lang=zh family`); cached for the process."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=10,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        # fc-list ships in the `fontconfig` package, which may be absent while the library is present:
        # look for font files with telling names instead.
        files = [f for d in _FONT_DIRS for f in glob.glob(os.path.join(d, "**", "*"), recursive=True)
                 if _FILE_HINT.search(os.path.basename(f))]
        return ("Noto Serif CJK SC",) if files else ()
    families: list[str] = []
    for line in out.splitlines():
        for name in line.split(","):
            name = name.strip()
            if name and name not in families:
                families.append(name)
    return tuple(families)


def _pick(preferred: tuple[str, ...], available: tuple[str, ...]) -> list[str]:
    chosen = [f for f in preferred if f in available]
    chosen += [f for f in available if f.endswith(" SC") and f not in chosen]
    return chosen or list(available[:1])


def _css_list(families: list[str], generic: str) -> str:
    return ", ".join([f'"{f}"' for f in families] + [generic])


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
@page {{ @bottom-center {{ font-family: {serif} !important; }} }}
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
