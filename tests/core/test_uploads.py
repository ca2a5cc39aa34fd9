"""Judging uploaded files by content: the shared checks behind attachments, appeal documents, ledgers and imports."""

import io
import zipfile

from gongkai.core import uploads


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def test_images_and_pdf_are_recognised_by_their_leading_bytes():
    assert uploads.sniff(b"%PDF-1.7\n...") == "pdf"
    assert uploads.sniff(b"\x89PNG\r\n\x1a\n" + b"\x00" * 8) == "png"
    assert uploads.sniff(b"\xff\xd8\xff\xe0" + b"\x00" * 8) == "jpg"
    assert uploads.sniff(b"GIF89a" + b"\x00" * 8) == "gif"
    assert uploads.sniff(b"GIF87a" + b"\x00" * 8) == "gif"


def test_a_zip_is_docx_or_xlsx_only_when_it_holds_that_package():
    assert uploads.sniff(_zip({"word/document.xml": b"<w/>"})) == "docx"
    assert uploads.sniff(_zip({"xl/workbook.xml": b"<x/>"})) == "xlsx"
    assert uploads.sniff(_zip({"readme.txt": b"hi"})) is None


def test_the_extension_does_not_matter_and_unknown_content_is_none():
    assert uploads.sniff(b"MZ\x90\x00 an executable") is None
    assert uploads.sniff(b"") is None
    assert uploads.sniff(b"PK\x03\x04 but not really a zip") is None


def test_has_magic_checks_one_kind():
    assert uploads.has_magic(b"%PDF-1.4", "pdf")
    assert not uploads.has_magic(b"%PDF-1.4", "png")
    assert uploads.has_magic(b"PK\x03\x04rest", "zip")


def test_zip_names_and_inflated_size_are_none_for_a_broken_zip():
    assert uploads.zip_names(b"PK\x03\x04broken") is None
    assert uploads.inflated_size(b"not a zip") is None


def test_inflated_size_reads_the_declared_sizes_without_inflating():
    data = _zip({"a.xml": b"0" * 100_000, "b.xml": b"1" * 50_000})
    assert len(data) < 10_000
    assert uploads.inflated_size(data) == 150_000
    assert uploads.zip_names(data) == {"a.xml", "b.xml"}


def test_every_sniffed_kind_has_a_content_type():
    for kind in ("pdf", "png", "jpg", "gif", "docx", "xlsx"):
        assert uploads.CONTENT_TYPES[kind]
