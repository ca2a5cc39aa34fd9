"""Attachments: type by content, size limit, stored under GONGKAI_DATA_DIR, served with type and disposition."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.catalog import attachments, services
from gongkai.catalog.models import Attachment
from gongkai.core.errors import GongkaiError

from .conftest import draft_input

PDF = b"%PDF-1.4\n%test\n%%EOF\n"


def docx_bytes():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.fixture
def draft(coded_agency, clerk, today):
    return services.create_draft(clerk, coded_agency, draft_input(), today=today)


def test_a_pdf_is_stored_outside_the_web_root(draft, clerk, today, data_dir):
    att = services.add_attachment(clerk, draft, SimpleUploadedFile("通知.pdf", PDF), filename="通知.pdf", today=today)
    assert att.kind == "pdf" and att.content_type == "application/pdf"
    assert (data_dir / att.stored_as).read_bytes() == PDF and att.stored_as.startswith("attachments/")


def test_an_exe_renamed_pdf_is_refused_in_chinese(draft, clerk, today):
    exe = SimpleUploadedFile("setup.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(GongkaiError, match="不是允许的文件类型"):
        services.add_attachment(clerk, draft, exe, filename="setup.pdf", today=today)
    assert not Attachment.objects.exists()


def test_a_zip_that_is_not_office_is_refused(draft, clerk, today):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("evil.sh", "rm -rf /")
    with pytest.raises(GongkaiError, match="不是允许的文件类型"):
        services.add_attachment(clerk, draft, SimpleUploadedFile("a.docx", buf.getvalue()), filename="a.docx",
                                today=today)


def test_docx_is_recognised_by_content_whatever_its_name(draft, clerk, today):
    att = services.add_attachment(clerk, draft, SimpleUploadedFile("表格", docx_bytes()), filename="附件1", today=today)
    assert att.kind == "docx" and att.filename == "附件1.docx"


def test_a_file_too_large_is_refused(draft, clerk, today, monkeypatch):
    monkeypatch.setattr(attachments, "MAX_BYTES", 1024)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)
    with pytest.raises(GongkaiError, match="过大"):
        services.add_attachment(clerk, draft, big, filename="big.pdf", today=today)


def test_served_with_content_type_and_disposition(draft, clerk, today):
    att = services.add_attachment(clerk, draft, SimpleUploadedFile("x.docx", docx_bytes()), filename="通知附件.docx",
                                  today=today)
    response = attachments.file_response(att)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert response["Content-Disposition"].startswith("attachment;") and "filename*=utf-8''" in response["Content-Disposition"]
