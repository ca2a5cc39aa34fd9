"""Plain text of an attachment for the personal-data scan: PDF (pypdfium2's text layer), DOCX (python-docx),
XLSX (openpyxl, read-only). Bounded in pages, rows and characters; images have no text (no OCR). Runs before any
write transaction."""

from __future__ import annotations

import io

MAX_CHARS = 2_000_000
MAX_PAGES = 500
MAX_ROWS = 20_000


def _pdf(data: bytes) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        parts, size = [], 0
        for i in range(min(len(pdf), MAX_PAGES)):
            page = pdf[i]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            page.close()
            parts.append(text)
            size += len(text)
            if size > MAX_CHARS:
                break
        return "\n".join(parts)
    finally:
        pdf.close()


def _docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _xlsx(data: bytes) -> str:
    from gongkai.core import uploads

    try:
        rows = uploads.xlsx_rows(data, max_rows=MAX_ROWS, max_cols=100)
    except uploads.TooManyRows:
        return ""
    return "\n".join(" ".join("" if v is None else str(v) for v in row) for row in rows)


READERS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx}


def text_of(kind: str, data: bytes) -> str:
    """The attachment's text ("" when it has none or cannot be read)."""
    reader = READERS.get(kind)
    if reader is None:
        return ""
    try:
        return reader(data)[:MAX_CHARS]
    except Exception:  # noqa: BLE001 - an unreadable file has no text to scan; its type was checked on upload
        return ""
