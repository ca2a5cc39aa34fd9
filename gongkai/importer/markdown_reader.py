"""Markdown (often converted from PDF, tables broken into pieces) → blocks."""

from __future__ import annotations

import re

from .stream import Grid, Para

_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^#{1,6}\s*")


def _cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [c.strip().replace("<br>", "").replace("<br/>", "") for c in body.split("|")]


def looks_like_markdown(text: str) -> bool:
    return any(_SEPARATOR.match(line.strip()) for line in text.splitlines()[:2000])


def markdown_blocks(text: str) -> list:
    blocks: list = []
    grid: Grid | None = None
    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if stripped.startswith("|"):
            if _SEPARATOR.match(stripped):
                continue
            if grid is None:
                grid = Grid()
                blocks.append(grid)
            grid.rows.append(_cells(stripped))
            continue
        grid = None
        if stripped:
            blocks.append(Para(_HEADING.sub("", stripped).strip("*_ ")))
    return blocks
