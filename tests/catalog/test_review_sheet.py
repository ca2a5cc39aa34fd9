"""保密审查单 of a catalog document: printable at any stage, filled in from the review and approval, with the rounds
that were sent back (条例第十七条)."""

import io

import pdfplumber
import pytest
from django.urls import reverse

from gongkai.catalog import services
from gongkai.catalog.review_sheet import review_sheet
from gongkai.documents.fonts import cjk_families
from tests.conftest import logged_in

from .conftest import draft_input

needs_font = pytest.mark.skipif(not cjk_families(), reason="没有中文字体（fonts-noto-cjk）")


def test_the_sheet_of_a_published_document_holds_review_and_approval(publish_doc):
    doc = publish_doc()
    text = review_sheet(doc).text()
    for expected in ("政府信息公开保密审查单", doc.title, "测商发〔2026〕5号", doc.index_no, "不涉密", "主动公开",
                     "不涉密，同意公开。", "同意发布（主动公开）", "2026年11月25日"):
        assert expected in text, expected


def test_a_draft_has_blank_fields_to_sign_and_the_rejections_are_listed(coded_agency, clerk, reviewer, today):
    doc = services.create_draft(clerk, coded_agency, draft_input(), today=today)
    services.submit_for_review(clerk, doc, today=today)
    services.reject(reviewer, doc, reason="第3段含个人手机号，请删除。", today=today)
    text = review_sheet(doc).text()
    assert "退回记录" in text and "第3段含个人手机号，请删除。" in text
    assert "审查日期：　　　　年　　月　　日" in text and "（批准时生成）" in text


@needs_font
def test_the_sheet_downloads_as_an_a4_pdf_and_as_docx(client, publish_doc, clerk, outsider_from_other_agency):
    doc = publish_doc()
    c = logged_in(client, clerk)
    assert reverse("catalog:review_sheet", args=[doc.pk]) in c.get(reverse("catalog:doc", args=[doc.pk])).content.decode()
    r = c.get(reverse("catalog:review_sheet", args=[doc.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(r.content)) as pdf:
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)
        assert "保密审查单" in page.extract_text()
    r = c.get(reverse("catalog:review_sheet", args=[doc.pk]), {"format": "docx"})
    assert r.status_code == 200 and "保密审查单.docx" in r["Content-Disposition"].replace("%E4%BF%9D%E5%AF%86%E5%AE%A1%E6%9F%A5%E5%8D%95", "保密审查单")
    assert c.post(reverse("catalog:review_sheet", args=[doc.pk])).status_code == 405
    client.logout()
    assert logged_in(client, outsider_from_other_agency).get(
        reverse("catalog:review_sheet", args=[doc.pk])).status_code == 403
