"""DOCX → blocks, from the document XML (python-docx opens the package): paragraphs, and tables as grids with
gridSpan and vMerge expanded."""

from __future__ import annotations

import io

from .stream import Grid, Para

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The main part of a real annual report is well under 2 MB; lxml needs about ten times the XML's size in memory,
# so 16 MB bounds one import near 200 MB (a 570 KB file whose text unpacks to 150 MB took 1.7 GB and 17 s).
MAX_DOCUMENT_XML = 16 * 1024 * 1024


def document_too_large(raw: bytes) -> bool:
    """Whether the package's word/document.xml declares more than MAX_DOCUMENT_XML (checked before parsing)."""
    from gongkai.core import uploads

    return (uploads.member_size(raw, "word/document.xml") or 0) > MAX_DOCUMENT_XML


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
