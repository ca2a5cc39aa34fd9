"""What a file is, and reading it: text, HTML, Markdown, DOCX, PDF (or the open-data JSON/CSV) → ReadResult.

Anything that cannot be read raises Unreadable with one clear Chinese line (exit status 2); no input crashes.
"""

from __future__ import annotations

import re
from pathlib import Path

from gongkai.core import uploads
from gongkai.core.errors import GongkaiError

from .mapper import ReadResult, map_tokens
from .markdown_reader import looks_like_markdown, markdown_blocks
from .stream import block_tokens, page_tokens, text_tokens

MAX_BYTES = 20 * 1024 * 1024
MAX_INFLATED = 200 * 1024 * 1024  # a real report's DOCX unpacks to a few MB
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
SHAPE_NAMES = {"text": "文本", "html": "HTML", "markdown": "Markdown", "docx": "DOCX", "pdf": "PDF",
               "pdf-text": "PDF（文字层）", "ocr": "扫描 PDF（文字识别）", "doc": "旧版 Word（DOC/WPS）",
               "json": "JSON", "csv": "CSV"}


class Unreadable(GongkaiError):
    exit_code = 2


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise Unreadable("文件编码无法识别（UTF-16 内容损坏）。") from None
    if b"\x00" in raw[:8192]:
        raise Unreadable("无法识别的文件格式：不是文本、HTML、DOCX 或 PDF 文件。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = len(_CONTROLS.findall(text, 0, 20000))
        if controls > 10:
            raise Unreadable("无法识别的文件格式：不是文本、HTML、DOCX 或 PDF 文件。")
        return text
    raise Unreadable("文件编码无法识别：请保存为 UTF-8 或 GB18030 文本。")


def sniff(raw: bytes, name: str = "") -> str:
    """The input shape: pdf, docx, html, markdown, text, json or csv (or Unreadable)."""
    head = raw[:1024]
    if head.lstrip().startswith(b"%PDF") or b"%PDF-" in head:
        return "pdf"
    if raw.startswith((uploads.ZIP, uploads.ZIP_EMPTY)):
        return "docx"
    if raw.startswith(uploads.OLE):
        from .legacy import kind_of_ole

        kind = kind_of_ole(raw)
        if kind == "word":
            return "doc"
        if kind == "encrypted":
            raise Unreadable("Office 文件已加密，无法读取：请提供未加密的版本。")
        raise Unreadable("这是 Excel、PowerPoint 等 Office 文件，不是 Word 文档：请提供报告的 DOCX、DOC、PDF 或 HTML。")
    if raw.startswith((b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise Unreadable("无法识别的文件格式：不是文本、HTML、DOCX 或 PDF 文件。")
    return "text"


def _text_shape(text: str, name: str) -> str:
    start = text.lstrip()[:4096].lower()
    suffix = Path(name).suffix.lower()
    if suffix in (".htm", ".html") or start.startswith(("<!doctype html", "<html", "<?xml")) or "<table" in start \
            or "<body" in start or "<p" in start[:200]:
        return "html"
    if start.startswith("{") and "gongkai.report/1" in text[:2000]:
        return "json"
    if start.startswith("table,row_key"):
        return "csv"
    if suffix == ".md" or looks_like_markdown(text):
        return "markdown"
    return "text"


def _read_docx(raw: bytes) -> ReadResult:
    names = uploads.zip_names(raw)
    if names is None:
        raise Unreadable("DOCX 文件已损坏或不完整，无法打开。")
    if uploads.OOXML_PARTS["docx"] not in names:
        raise Unreadable("这是一个 ZIP 压缩包，但不是 Word 文档（DOCX）。")
    if (uploads.inflated_size(raw) or 0) > MAX_INFLATED:
        raise Unreadable(f"DOCX 解压后超过 {MAX_INFLATED // uploads.MB} MB，疑似压缩炸弹，拒绝读取。")
    from .docx_reader import MAX_DOCUMENT_XML, document_too_large, docx_blocks

    if document_too_large(raw):
        raise Unreadable(f"DOCX 正文解压后超过 {MAX_DOCUMENT_XML // uploads.MB} MB，远大于任何年度报告，拒绝读取。")
    try:
        blocks = docx_blocks(raw)
    except Exception:  # python-docx and lxml raise many kinds on a broken package
        raise Unreadable("DOCX 文件已损坏，无法读取其中的内容。") from None
    return map_tokens(block_tokens(blocks), shape="docx")


def _complete(result: ReadResult) -> bool:
    """Every cell found and nothing left unread (cells the report did not print aside): nothing the ruled tables
    could add."""
    from .table_reader import NOT_PRINTED

    return all(why == NOT_PRINTED for why in result.unread.values())


def _quality(result: ReadResult | None) -> tuple:
    if result is None:
        return (-1, 0, 0)
    d = result.data
    return (result.cells_found, len(d.found_headings or {}) + len(d.narrative), -len(result.problems))


def read_pdf_text_layer(raw: bytes) -> ReadResult | None:
    """The fast path: pypdfium2's text layer through the token mapper (None when pdfium cannot open it or the
    PDF has no text layer)."""
    from .pdf_reader import pdfium_pages

    try:
        pages = pdfium_pages(raw)
    except Exception:  # pypdfium2 raises PdfiumError and others on broken or encrypted files
        return None
    if not any(p.strip() for p in pages):
        return None
    return map_tokens(page_tokens(pages), shape="pdf")


def read_pdf_tables(raw: bytes) -> ReadResult:
    """pdfplumber's ruled tables and text lines (blank cells, merged cells); pypdfium2 text when a font's text
    cannot be decoded."""
    from .pdf_reader import UndecodableText, pdfium_pages, pdfplumber_blocks

    try:
        blocks = pdfplumber_blocks(raw)
    except UndecodableText:
        try:
            pages = pdfium_pages(raw)
        except Exception:
            raise Unreadable("PDF 的文字无法解码（字体缺少字符映射），请提供 DOCX 或 HTML 版本。") from None
        return map_tokens(page_tokens(pages), shape="pdf-text")
    except Exception as exc:
        if b"/Encrypt" in raw:
            raise Unreadable("PDF 文件已加密，无法读取：请提供未加密的版本。") from None
        if "password" in type(exc).__name__.lower() or "encrypt" in str(exc).lower():
            raise Unreadable("PDF 文件已加密，无法读取：请提供未加密的版本。") from None
        raise Unreadable("PDF 文件已损坏或不完整，无法读取。") from None
    if not blocks:
        raise Unreadable("PDF 没有文字层（可能是扫描件），无法读取：请提供带文字的 PDF、DOCX 或 HTML。")
    return map_tokens(block_tokens(blocks), shape="pdf")


def _read_pdf(raw: bytes) -> ReadResult:
    """A text layer that yields every cell is taken as is (fast: pdfium is C); anything less is read again
    from the ruled tables with pdfplumber, which sees blank and merged cells, and the better reading is kept.
    A PDF without a text layer (a scan) is read by OCR."""
    fast = read_pdf_text_layer(raw)
    if fast is not None and _complete(fast):
        return fast
    try:
        ruled = read_pdf_tables(raw)
    except Unreadable as exc:
        if fast is not None and fast.cells_found:
            return fast
        if "扫描件" in exc.message or (fast is None and b"/Encrypt" not in raw):
            from .ocr import read_scanned_pdf

            return read_scanned_pdf(raw, exc)
        raise
    if fast is None and ruled.cells_found == 0:
        from .ocr import read_scanned_pdf

        return read_scanned_pdf(raw, None)
    return max((r for r in (fast, ruled) if r is not None), key=_quality)


def _read_opendata(text: str, shape: str) -> ReadResult:
    from gongkai.reports.render.opendata import OpenDataError, from_csv, from_json

    try:
        data = from_json(text) if shape == "json" else from_csv(text)
    except OpenDataError as exc:
        raise Unreadable(f"开放数据文件有误：{exc.message}") from None
    return ReadResult(data, [], shape, sum(1 for c in data.cells.values() if c.kind.value != "blank"))


def read_bytes(raw: bytes, name: str = "") -> ReadResult:
    """Read a published report from the bytes of a file. Raises Unreadable (exit 2) with one Chinese line."""
    if not raw:
        raise Unreadable("文件为空。")
    if len(raw) > MAX_BYTES:
        raise Unreadable(f"文件过大（{len(raw) / 1024 / 1024:.1f} MB），上限为 {MAX_BYTES // 1024 // 1024} MB。")
    shape = sniff(raw, name)
    if shape == "pdf":
        result = _read_pdf(raw)
    elif shape == "docx":
        result = _read_docx(raw)
    elif shape == "doc":
        from .legacy import to_docx

        result = _read_docx(to_docx(raw, Path(name).suffix.lower()))
        result.shape = "doc"
    else:
        text = _decode(raw)
        if not text.strip():
            raise Unreadable("文件没有文字内容。")
        shape = _text_shape(text, name)
        if shape in ("json", "csv"):
            return _read_opendata(text, shape)
        if shape == "html":
            from .html_reader import html_blocks

            result = map_tokens(block_tokens(html_blocks(text)), shape="html")
        elif shape == "markdown":
            result = map_tokens(block_tokens(markdown_blocks(text)), shape="markdown")
        else:
            result = map_tokens(text_tokens(text), shape="text")
    if result.cells_found == 0:
        raise Unreadable("没有在文件中找到年度报告的表格（表二、表三、表四），无法读取。")
    return result


def read_path(path: str | Path) -> ReadResult:
    p = Path(path)
    if not p.is_file():
        raise Unreadable(f"文件不存在：{path}")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise Unreadable(f"文件过大（{size / 1024 / 1024:.1f} MB），上限为 {MAX_BYTES // 1024 // 1024} MB。")
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise Unreadable(f"无法读取文件：{exc.strerror or exc}") from None
    return read_bytes(raw, p.name)
