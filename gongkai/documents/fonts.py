"""Fonts: the official 公文 faces named in DOCX files, and the free CJK faces WeasyPrint draws PDFs with.

DOCX files name the faces agencies have installed (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312), each with an
`altName` Word and WPS substitute when it is missing. PDFs are drawn on this machine, where those faces are not free:
the mapping is 小标宋 → Noto Serif CJK SC Bold, 仿宋 → Noto Serif CJK SC Regular, 楷体 → Noto Serif CJK SC Regular,
黑体 → Noto Sans CJK SC Regular (Debian package fonts-noto-cjk), or the next family of the same kind fontconfig knows.
"""

from __future__ import annotations

import glob
import os
import re
import subprocess
from functools import cache

NO_FONT_MESSAGE = "未找到中文字体：请安装 fonts-noto-cjk（Debian：apt-get install fonts-noto-cjk）。"

# Official faces (DOCX) and what Word/WPS fall back to when the face is not installed (fontTable altName).
FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEADING = "黑体"
FONT_HEADING2 = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"
FONT_FALLBACKS = {FONT_TITLE: "宋体", FONT_BODY: "仿宋", FONT_HEADING: "SimHei", FONT_HEADING2: "楷体",
                  "宋体": "SimSun"}

# Free families for PDFs, best first; any other Simplified-Chinese family fontconfig knows comes after these.
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


def pick(preferred: tuple[str, ...], available: tuple[str, ...]) -> list[str]:
    chosen = [f for f in preferred if f in available]
    chosen += [f for f in available if f.endswith(" SC") and f not in chosen]
    return chosen or list(available[:1])


def css_list(families: list[str], generic: str) -> str:
    return ", ".join([f'"{f}"' for f in families] + [generic])


def free_faces(available: tuple[str, ...]) -> tuple[str, str]:
    """(serif stack, sans stack) as CSS font-family values: one serif and one sans face, each backing the other."""
    serif = css_list(pick(SERIF_FAMILIES, available)[:1] + pick(SANS_FAMILIES, available)[:1], "serif")
    sans = css_list(pick(SANS_FAMILIES, available)[:1] + pick(SERIF_FAMILIES, available)[:1], "sans-serif")
    return serif, sans
