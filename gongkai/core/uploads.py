"""Uploaded files judged by their content: magic bytes, the directory of a ZIP (is it really DOCX/XLSX?) and
its inflated size. Callers keep their own allowed types, size limits and Chinese messages; nothing here refuses."""

from __future__ import annotations

import io
import zipfile

MB = 1024 * 1024

PDF = b"%PDF-"
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"
GIF = (b"GIF87a", b"GIF89a")
ZIP = b"PK\x03\x04"
ZIP_EMPTY = b"PK\x05\x06"
OLE = b"\xd0\xcf\x11\xe0"  # legacy .doc/.xls and encrypted Office files

# kind → accepted leading bytes
MAGIC = {"pdf": (PDF,), "png": (PNG,), "jpg": (JPEG,), "gif": GIF, "zip": (ZIP,)}
# kind → the part every such OOXML package has
OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "ofd": "application/ofd",
}


def has_magic(head: bytes, kind: str) -> bool:
    """Whether `head` starts with the leading bytes of `kind` (pdf, png, jpg, gif or zip)."""
    return head.startswith(MAGIC[kind])


def zip_names(data: bytes) -> set[str] | None:
    """The member names of a ZIP archive, or None when `data` is not a readable ZIP."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def inflated_size(data: bytes) -> int | None:
    """The total uncompressed size a ZIP declares (to refuse zip bombs before inflating), or None if not a ZIP."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def ooxml_kind(data: bytes) -> str | None:
    """"docx" or "xlsx" when `data` is a ZIP holding that package's main part, else None."""
    names = zip_names(data)
    if names is None:
        return None
    return next((kind for kind, part in OOXML_PARTS.items() if part in names), None)


def sniff(data: bytes) -> str | None:
    """The real type of a file from its content: pdf, png, jpg, gif, docx or xlsx; None for anything else."""
    head = data[:16]
    for kind in ("pdf", "png", "jpg", "gif"):
        if has_magic(head, kind):
            return kind
    if has_magic(head, "zip"):
        return ooxml_kind(data)
    return None


class TooManyRows(Exception):
    """A sheet with more rows than the caller accepts (raised before the rest is read)."""


def xlsx_rows(data: bytes, *, max_rows: int, max_cols: int) -> list[tuple]:
    """The first sheet's rows as value tuples, at most `max_cols` wide; TooManyRows as soon as a row beyond
    `max_rows` appears (openpyxl streams the sheet in read-only mode, so a sheet without <dimension> and a million
    rows is never read whole). Other read errors propagate for the caller to word."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.active or workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True, max_col=max_cols):
            if len(rows) >= max_rows:
                raise TooManyRows(max_rows)
            rows.append(row)
        return rows
    finally:
        workbook.close()


def member_size(data: bytes, name: str) -> int | None:
    """The uncompressed size a ZIP declares for one member, or None when there is no such member."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return package.getinfo(name).file_size
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
