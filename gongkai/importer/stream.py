"""The common intermediate every reader produces.

A document is a list of blocks: paragraphs and tables (grids of cell strings, spans expanded, covered
positions None). The mapper reads a flat token stream made from them — or, for plain text that lost its table
structure, made line by line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Para:
    text: str


@dataclass
class Grid:
    rows: list[list[str | None]] = field(default_factory=list)


@dataclass(frozen=True)
class Tok:
    text: str
    kind: str  # "para" (a paragraph), "line" (a text line of unknown role), "cell", "row" (row end), "break"


ROW_END = Tok("", "row")
BREAK = Tok("", "break")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*\d+\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|[-—–]\s*\d+\s*[-—–])[-—–\s]*$")


def is_page_number(text: str) -> bool:
    """A page footer such as "— 3 —", "- 3 -", "第3页 共5页" or "3/5"."""
    return bool(_PAGE_NUMBER.match(text.strip()))


def cell_text(text: str | None) -> str:
    """A grid cell's text with the line breaks of narrow cells (wrapped or vertical labels) removed."""
    return "".join((text or "").split("\n"))


def block_tokens(blocks: list[Para | Grid]) -> list[Tok]:
    toks: list[Tok] = []
    for block in blocks:
        if isinstance(block, Para):
            if block.text.strip() and not is_page_number(block.text):
                toks.append(Tok(block.text.strip(), "para"))
            continue
        for row in block.rows:
            cells = [c for c in row if c is not None]
            if not cells:
                continue
            toks.extend(Tok(cell_text(c), "cell") for c in cells)
            toks.append(ROW_END)
    return toks


def text_tokens(text: str) -> list[Tok]:
    """Plain text: indented lines are table cells (Word's text export), an empty line ends a table row,
    other lines are of unknown role until the mapper sees where they stand."""
    toks: list[Tok] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.startswith("\t"):
            toks.append(Tok(line, "cell"))
        elif not line.strip():
            toks.append(BREAK)
        elif not is_page_number(line):
            toks.append(Tok(line, "line"))
    return toks
