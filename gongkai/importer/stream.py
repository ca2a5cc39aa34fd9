"""The common intermediate every reader produces.

A document is a list of blocks: paragraphs and tables (grids of cell strings, spans expanded, covered
positions None). The mapper reads a flat token stream made from them — or, for plain text that lost its table
structure, made line by line. Every token says where it came from (page, line, or table/row/column) and how sure
its reader was of its text (1.0, or the OCR engine's confidence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Para:
    text: str
    where: str = ""
    conf: float = 1.0


@dataclass
class Grid:
    rows: list[list[str | None]] = field(default_factory=list)
    where: str = ""                               # e.g. "第2页" for a PDF table
    conf: list[list[float]] | None = None          # per cell, for OCR grids


@dataclass(frozen=True)
class Tok:
    text: str
    kind: str  # "para", "line" (a text line of unknown role), "cell", "row" (row end), "break", "gap"
    where: str = ""
    conf: float = 1.0


ROW_END = Tok("", "row")
BREAK = Tok("", "break")
GAP = Tok("", "gap")  # text between two table rows that names no row: values after it belong to no row
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*\d+\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|[-—–]\s*\d+\s*[-—–])[-—–\s]*$")


def is_page_number(text: str) -> bool:
    """A page footer such as "— 3 —", "- 3 -", "第3页 共5页" or "3/5"."""
    return bool(_PAGE_NUMBER.match(text.strip()))


def cell_text(text: str | None) -> str:
    """A grid cell's text with the line breaks of narrow cells (wrapped or vertical labels) removed."""
    return "".join((text or "").split("\n"))


def block_tokens(blocks: list[Para | Grid]) -> list[Tok]:
    toks: list[Tok] = []
    n_grid = 0
    for block in blocks:
        if isinstance(block, Para):
            if block.text.strip() and not is_page_number(block.text):
                toks.append(Tok(block.text.strip(), "para", block.where, block.conf))
            continue
        n_grid += 1
        prefix = f"{block.where}表格{n_grid}" if block.where else f"表格{n_grid}"
        for r, row in enumerate(block.rows, 1):
            if not any(c is not None for c in row):
                continue
            for c, text in enumerate(row, 1):
                if text is None:
                    continue
                conf = block.conf[r - 1][c - 1] if block.conf else 1.0
                toks.append(Tok(cell_text(text), "cell", f"{prefix}第{r}行第{c}列", conf))
            toks.append(ROW_END)
    return toks


def text_tokens(text: str, where: str = "") -> list[Tok]:
    """Plain text: indented lines are table cells (Word's text export), an empty line ends a table row,
    other lines are of unknown role until the mapper sees where they stand. A run-on line holding headings,
    labels and numbers glued together (a web page saved by a crawler) is cut into its parts first."""
    from .runon import is_run_on, run_on_tokens

    toks: list[Tok] = []
    for n, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        at = f"{where}第{n}行"
        if line.startswith("\t"):
            toks.append(Tok(line, "cell", at))
        elif not line.strip():
            toks.append(BREAK)
        elif is_run_on(line):
            toks.extend(run_on_tokens(line, at))
        elif not is_page_number(line):
            toks.append(Tok(line, "line", at))
    return toks


def page_tokens(pages: list[str], confs: list[float] | None = None) -> list[Tok]:
    """Text pages (a PDF's text layer or OCR), each line's place given as page and line."""
    toks: list[Tok] = []
    for p, page in enumerate(pages, 1):
        conf = confs[p - 1] if confs else 1.0
        for tok in text_tokens(page, f"第{p}页"):
            toks.append(tok if conf == 1.0 or tok.kind in ("row", "break", "gap")
                        else Tok(tok.text, tok.kind, tok.where, conf))
    return toks
