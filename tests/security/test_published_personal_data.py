"""Issue 14 §4: personal data in what is published. Before 保密审查 passes and again before publication, the body
and attachment text are scanned; every hit is shown to the reviewer, who marks it as intended or sends the draft
back. The public application form checks the ID check character."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.catalog import pii_scan, services
from gongkai.catalog.models import DocStatus, Document, PiiMark
from gongkai.core.errors import GongkaiError, Refused
from tests.catalog.conftest import CREDIT_CODE, draft_input
from tests.conftest import logged_in

ID = "370101199001011235"      # valid check character
MOBILE = "13812345678"
CARD = "6222021234567890128"   # passes Luhn


@pytest.fixture
def coded(agency):
    agency.org_code = CREDIT_CODE
    agency.save()
    return agency


def submitted(clerk, agency, today, body):
    doc = services.create_draft(clerk, agency, draft_input(body=body), today=today)
    return services.submit_for_review(clerk, doc, today=today)


def review(reviewer, doc, today, intended=()):
    return services.review(reviewer, doc, is_secret=False, disclosure="proactive", basis="", opinion="不涉密。",
                           today=today, intended=list(intended))


def test_every_id_mobile_and_card_number_is_found_with_its_place(coded, clerk, today):
    doc = submitted(clerk, coded, today, f"<p>申请人身份证{ID}，手机{MOBILE}，银行卡 {CARD}。工号 370101199001011234。</p>")
    found = pii_scan.scan(doc)
    assert [(f.kind, f.where) for f in found] == [("resident_id", "正文"), ("mobile", "正文"), ("bank_card", "正文")]
    assert ID not in " ".join(f.context + f.masked for f in found)


def test_review_cannot_pass_while_a_hit_is_unmarked(coded, clerk, reviewer, today):
    doc = submitted(clerk, coded, today, f"<p>联系电话：{MOBILE}</p>")
    with pytest.raises(GongkaiError, match="1 处个人信息尚未确认"):
        review(reviewer, doc, today)
    assert Document.objects.get(pk=doc.pk).status == DocStatus.REVIEW


def test_the_reviewer_marks_a_hit_as_intended_and_it_is_audited(coded, clerk, reviewer, head, today):
    doc = submitted(clerk, coded, today, f"<p>举报电话：{MOBILE}</p>")
    (hit,) = pii_scan.scan(doc)
    review(reviewer, doc, today, intended=[hit.digest])
    assert PiiMark.objects.get(document=doc).masked == "138****5678"
    entry = AuditEntry.objects.get(action="catalog.doc.pii_mark")
    assert entry.actor == reviewer and "138****5678" in entry.data["hits"][0] and MOBILE not in str(entry.data)
    assert services.approve(head, doc, today=today).status == DocStatus.PUBLISHED


def test_the_reviewer_may_send_the_draft_back_instead(coded, clerk, reviewer, today):
    doc = submitted(clerk, coded, today, f"<p>身份证号：{ID}</p>")
    services.reject(reviewer, doc, reason="请删去身份证号码后重新提交", today=today)
    assert Document.objects.get(pk=doc.pk).status == DocStatus.REJECTED


def test_publication_scans_again_and_refuses_an_unmarked_hit(coded, clerk, reviewer, head, today):
    doc = submitted(clerk, coded, today, "<p>没有个人信息。</p>")
    review(reviewer, doc, today)
    Document.objects.filter(pk=doc.pk).update(body_text=f"后来混入的卡号 {CARD}")
    with pytest.raises(Refused, match="发布前检查发现 1 处"):
        services.approve(head, doc, today=today)
    assert Document.objects.get(pk=doc.pk).status == DocStatus.APPROVAL


def _docx_with(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_attachment_text_is_scanned_too(coded, clerk, reviewer, today):
    doc = services.create_draft(clerk, coded, draft_input(), today=today)
    upload = SimpleUploadedFile("名单.docx", _docx_with(f"张三 {ID}"))
    services.add_attachment(clerk, doc, upload, filename="名单.docx", today=today)
    services.submit_for_review(clerk, doc, today=today)
    (hit,) = pii_scan.scan(doc)
    assert hit.where == "附件“名单.docx”" and hit.kind == "resident_id"


def test_the_reviewer_sees_each_hit_on_the_document_page(client, coded, clerk, reviewer, today):
    doc = submitted(clerk, coded, today, f"<p>电话 {MOBILE}</p>")
    page = logged_in(client, reviewer).get(reverse("catalog:doc", args=[doc.pk])).content.decode()
    assert "个人信息检查：发现 1 处" in page and "138****5678" in page and 'name="pii_intended"' in page
    assert MOBILE not in page.split("个人信息检查")[1].split("</section>")[0]
    digest = pii_scan.scan(doc)[0].digest
    r = client.post(reverse("catalog:doc_review", args=[doc.pk]), {
        "is_secret": "0", "disclosure": "proactive", "basis": "", "opinion": "不涉密。", "pii_intended": digest})
    assert r.status_code == 302 and Document.objects.get(pk=doc.pk).status == DocStatus.APPROVAL


# --- the public form checks the ID check character -------------------------------------------------------------------
@pytest.mark.urls("tests.cases.urls")
def test_the_public_form_explains_a_wrong_id_check_character(client, agency):
    from gongkai.cases.models import Application
    from tests.cases.conftest import APPLICANT

    data = {**APPLICANT, "id_number": "370101199001011234"}
    r = client.post(reverse("apply:form", args=[agency.code]), data)
    assert r.status_code == 200 and "最后一位校验码不正确" in r.content.decode()
    assert not Application.objects.exists()
    assert client.post(reverse("apply:form", args=[agency.code]), {**data, "id_number": ID}).status_code == 302
