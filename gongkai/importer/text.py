"""Read a published annual report from plain text (e.g. text extracted from Word, every table cell on its
own line, with tabs, ideographic spaces and blank cells) into ReportData."""

from __future__ import annotations

from .mapper import ReadResult, map_tokens, read_proactive
from .stream import text_tokens

__all__ = ["ReadResult", "read_text", "read_proactive"]


def read_text(text: str) -> ReadResult:
    return map_tokens(text_tokens(text), shape="text")
