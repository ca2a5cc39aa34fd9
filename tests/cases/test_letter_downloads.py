"""Office downloads of letters (DOCX, PDF) and their 送达回证: who may, which method, what they hold."""

import io
from urllib.parse import unquote

import pdfplumber
import pytest
from django.urls import reverse
from docx import Document

from gongkai.cases import letter_output, letters
from gongkai.cases.models import Letter, LetterKind
from gongkai.documents.fonts import cjk_families
from tests.conftest import logged_in

needs_font = pytest.mark.skipif(not cjk_families(), reason="没有中文字体（fonts-noto-cjk）")


@pytest.fixture
def receipt(make_case):
    return Letter.objects.get(application=make_case("2026-11-20"), kind=LetterKind.RECEIPT)


@needs_font
def test_a_letter_downloads_as_pdf_named_by_number_and_kind(client, clerk, receipt):
    r = logged_in(client, clerk).get(reverse("cases:letter_pdf", args=[receipt.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert unquote(r["Content-Disposition"].split("UTF-8''")[1]) == f"{receipt.number}-政府信息公开申请登记回执.pdf"
    with pdfplumber.open(io.BytesIO(r.content)) as pdf:
        assert "张三：" in pdf.pages[0].extract_text()


@pytest.mark.parametrize("name", ["letter_docx", "letter_pdf", "delivery_receipt"])
def test_downloads_refuse_other_agencies_and_posts(client, receipt, outsider_from_other_agency, clerk, name):
    assert logged_in(client, outsider_from_other_agency).get(reverse(f"cases:{name}", args=[receipt.pk])
                                                             ).status_code == 403
    client.logout()
    assert logged_in(client, clerk).post(reverse(f"cases:{name}", args=[receipt.pk])).status_code == 405


def test_a_reviewer_gets_the_letter_with_the_applicant_masked(client, reviewer, receipt):
    r = logged_in(client, reviewer).get(reverse("cases:letter_docx", args=[receipt.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "张*：" in text and "张三" not in text


def test_the_delivery_receipt_is_filled_in_from_a_delivery_by_post(make_case, clerk, today):
    app = make_case("2026-11-20")
    letter = Letter.objects.get(application=app, kind=LetterKind.RECEIPT)
    blank = letter_output.delivery_receipt_document(letter).text()
    assert "□直接送达　　□邮寄送达" in blank and "送达日期\t　　　　年　　月　　日" in blank
    letters.deliver(clerk, letter, method="ems", on=today, proof="EA000000001CN", revision=app.revision, today=today)
    text = letter_output.delivery_receipt_document(Letter.objects.get(pk=letter.pk)).text()
    assert "邮寄送达（邮件号：EA000000001CN）" in text and "2026年11月25日" in text and letter.number in text
    assert "山东省济宁市嘉祥县" in text and "王经办" in text


@needs_font
def test_the_delivery_receipt_downloads_as_pdf_and_docx(client, clerk, receipt):
    c = logged_in(client, clerk)
    r = c.get(reverse("cases:delivery_receipt", args=[receipt.pk]))
    with pdfplumber.open(io.BytesIO(r.content)) as pdf:
        assert len(pdf.pages) == 1 and "送达回证" in pdf.pages[0].extract_text()
    r = c.get(reverse("cases:delivery_receipt", args=[receipt.pk]), {"format": "docx"})
    assert "送达回证" in "".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)


def test_the_case_page_links_pdf_and_delivery_receipt_of_each_letter(client, clerk, receipt):
    page = logged_in(client, clerk).get(reverse("cases:detail", args=[receipt.application_id])).content.decode()
    assert reverse("cases:letter_pdf", args=[receipt.pk]) in page
    assert reverse("cases:delivery_receipt", args=[receipt.pk]) in page
