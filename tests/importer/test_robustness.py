"""Never a crash: every unreadable input gives one clear Chinese line and exit status 2."""

import io
import os
import random
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.importer.detect import Unreadable, read_bytes, read_path

from .corpus.build import as_docx, as_html, markdown_fragments, random_report, word_text


def _unreadable(raw, name="x"):
    with pytest.raises(Unreadable) as exc:
        read_bytes(raw, name)
    message = exc.value.message
    assert "\n" not in message and exc.value.exit_code == 2
    return message


def test_an_empty_file():
    assert _unreadable(b"") == "文件为空。"


def test_random_bytes():
    assert "无法识别" in _unreadable(random.Random(1).randbytes(4096))


def test_a_zip_that_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "你好")
    assert "不是 Word 文档" in _unreadable(buffer.getvalue(), "x.docx")


def test_a_docx_that_unpacks_to_hundreds_of_megabytes_is_refused_before_unpacking():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (201 * 1024 * 1024))
    assert len(buffer.getvalue()) < 2 * 1024 * 1024
    assert "压缩炸弹" in _unreadable(buffer.getvalue(), "x.docx")


def test_a_truncated_docx():
    raw, _ = as_docx(random_report(random.Random(1), "2021"))
    assert "DOCX" in _unreadable(raw[: len(raw) // 2], "x.docx")


def test_a_truncated_pdf():
    raw = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids ["
    assert "PDF" in _unreadable(raw, "x.pdf")


def test_an_encrypted_pdf():
    raw = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
           b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
           b"3 0 obj << /Filter /Standard /V 2 /R 3 /Length 128 /P -44 /O (0123456789abcdef0123456789abcdef) "
           b"/U (0123456789abcdef0123456789abcdef) >> endobj\n"
           b"trailer << /Root 1 0 R /Encrypt 3 0 R /ID [<00112233445566778899aabbccddeeff>"
           b"<00112233445566778899aabbccddeeff>] >>\n%%EOF\n")
    assert "加密" in _unreadable(raw, "x.pdf")


def test_an_office_file_that_is_not_a_word_document():
    assert "不是 Word 文档" in _unreadable(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "x.doc")


def test_an_encrypted_office_file():
    raw = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "EncryptedPackage".encode("utf-16-le")
    assert "加密" in _unreadable(raw, "x.docx")


def test_a_report_with_no_tables():
    text = "某局2021年政府信息公开工作年度报告\n一、总体情况\n本年工作正常开展。\n六、其他需要报告的事项\n无。\n"
    assert "表格" in _unreadable(text.encode("utf-8"), "x.txt")


def test_a_50_megabyte_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.pdf"
    with open(path, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(Unreadable) as exc:
        read_path(path)
    assert "文件过大" in exc.value.message and "50.0 MB" in exc.value.message


def test_a_missing_file():
    with pytest.raises(Unreadable) as exc:
        read_path("/nonexistent/report.pdf")
    assert "文件不存在" in exc.value.message


def test_an_image_is_not_a_report():
    assert "无法识别" in _unreadable(b"\x89PNG\r\n\x1a\n" + os.urandom(100), "x.png")


# ------------------------------------------------------------------------------ property-based

_VALID = {}


def _valid(kind):
    if kind not in _VALID:
        data = random_report(random.Random(31), "2021")
        _VALID[kind] = {"text": word_text, "html": lambda d, r: as_html(d), "markdown": markdown_fragments,
                        "docx": lambda d, r: as_docx(d)}[kind](data, random.Random(1))[0]
    return _VALID[kind]


@st.composite
def mutated(draw):
    kind = draw(st.sampled_from(["text", "html", "markdown", "docx"]))
    raw = bytearray(_valid(kind))
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "cut", "delete", "insert", "duplicate"]))
        if not raw:
            break
        i = draw(st.integers(0, len(raw) - 1))
        if op == "flip":
            raw[i] = draw(st.integers(0, 255))
        elif op == "cut":
            raw = raw[:i]
        elif op == "delete":
            del raw[i:i + draw(st.integers(1, 500))]
        elif op == "insert":
            raw[i:i] = draw(st.binary(min_size=1, max_size=50))
        else:
            j = min(len(raw), i + draw(st.integers(1, 2000)))
            raw[i:i] = raw[i:j]
    return kind, bytes(raw)


@settings(max_examples=50, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutated_reports_are_read_or_refused_in_one_line_never_a_crash(sample):
    kind, raw = sample
    try:
        result = read_bytes(raw, f"x.{kind}")
    except Unreadable as exc:
        assert exc.message and "\n" not in exc.message
        return
    assert result.data.format_key in ("2019", "2021")
    from gongkai.reports.rules import validate

    validate(result.data)  # the rules accept whatever was read
