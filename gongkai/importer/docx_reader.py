"""DOCX → blocks, from the document XML (python-docx opens the package): paragraphs, and tables as grids with
gridSpan and vMerge expanded."""

from __future__ import annotations

import io

from .stream import Grid, Para

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(element) -> str:
    parts = []
    for node in element.iter():
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append(" ")
    return "".join(parts)


def _cell_text(tc) -> str:
    return "".join(_text(p) for p in tc.iter(f"{W}p")).strip()


def _grid(tbl) -> Grid:
    rows: list[list[str | None]] = []
    for tr in tbl.iter(f"{W}tr"):
        if tr.getparent() is not tbl:
            continue  # rows of nested tables belong to their own cell's text
        line: list[str | None] = []
        for tc in tr.findall(f"{W}tc"):
            props = tc.find(f"{W}tcPr")
            span, merged = 1, False
            if props is not None:
                grid_span = props.find(f"{W}gridSpan")
                if grid_span is not None:
                    try:
                        span = max(1, min(int(grid_span.get(f"{W}val", "1")), 100))
                    except ValueError:
                        span = 1
                v_merge = props.find(f"{W}vMerge")
                merged = v_merge is not None and v_merge.get(f"{W}val", "continue") != "restart"
            line.append(None if merged else _cell_text(tc))
            line.extend([None] * (span - 1))
        rows.append(line)
    return Grid(rows)


def _walk(parent, blocks: list) -> None:
    for child in parent.iterchildren():
        tag = child.tag
        if tag == f"{W}p":
            text = _text(child).strip()
            if text:
                blocks.append(Para(text))
        elif tag == f"{W}tbl":
            blocks.append(_grid(child))
        elif tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            _walk(child, blocks)


def docx_blocks(raw: bytes) -> list:
    import docx  # python-docx

    document = docx.Document(io.BytesIO(raw))
    blocks: list = []
    _walk(document.element.body, blocks)
    return blocks
