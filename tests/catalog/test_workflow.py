"""Publication workflow: draft → 保密审查 → head's approval → published; rejection; 索引号; 第二十六条."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.audit.models import AuditEntry
from gongkai.catalog import services
from gongkai.catalog.models import CatalogSettings, Disclosure, DocStatus, IndexScheme
from gongkai.core.errors import GongkaiError, Refused

from .conftest import CREDIT_CODE, draft_input


def test_draft_review_approve_publishes_with_an_index_number(publish_doc, today):
    doc = publish_doc()
    assert doc.status == DocStatus.PUBLISHED and doc.published_on == today
    assert doc.index_no == f"{CREDIT_CODE}/2026-00001"
    assert doc.is_secret is False and doc.disclosure == Disclosure.PROACTIVE and doc.reviewed_by is not None
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["catalog.doc.create", "catalog.doc.submit", "catalog.doc.review", "catalog.doc.publish"]


def test_serials_increase_per_year_and_are_never_reused(publish_doc):
    first, second = publish_doc(), publish_doc(title="第二条")
    third = publish_doc(title="去年的", published_on=date(2025, 12, 30), formed_on=date(2025, 12, 1))
    assert [first.index_no[-5:], second.index_no[-5:]] == ["00001", "00002"]
    assert third.index_no.endswith("/2025-00001")


def test_index_number_by_organisation_code_and_by_month(coded_agency, publish_doc):
    CatalogSettings.objects.create(agency=coded_agency, index_scheme=IndexScheme.ORG_YEAR)
    assert publish_doc().index_no == "MB1234567/2026-00001"
    CatalogSettings.objects.filter(agency=coded_agency).update(index_scheme=IndexScheme.CREDIT_MONTH)
    assert publish_doc().index_no == f"{CREDIT_CODE}/202611-00001"


def test_without_an_organisation_code_no_index_number_can_be_issued(agency, clerk, reviewer, head, today):
    doc = services.create_draft(clerk, agency, draft_input(), today=today)
    services.submit_for_review(clerk, doc, today=today)
    services.review(reviewer, doc, is_secret=False, disclosure="proactive", basis="", opinion="同意", today=today)
    with pytest.raises(Refused, match="组织机构代码"):
        services.approve(head, doc, today=today)


def test_a_duplicate_index_number_is_refused(publish_doc, coded_agency, clerk, today):
    doc = publish_doc()
    with pytest.raises(GongkaiError, match="已被其他政府信息使用"):
        services.create_draft(clerk, coded_agency, draft_input(index_no=doc.index_no), today=today)


def test_a_legacy_index_number_must_have_the_right_shape(coded_agency, clerk, today):
    with pytest.raises(GongkaiError, match="格式不正确"):
        services.create_draft(clerk, coded_agency, draft_input(index_no="abc"), today=today)
    doc = services.create_draft(clerk, coded_agency, draft_input(index_no="000014349/2018-00222"), today=today)
    assert doc.index_no == "000014349/2018-00222"


def test_an_issued_index_number_never_changes(coded_agency, clerk, reviewer, today):
    doc = services.create_draft(clerk, coded_agency, draft_input(index_no="000014349/2018-00222"), today=today)
    services.submit_for_review(clerk, doc, today=today)
    services.reject(reviewer, doc, reason="请补充附件", today=today)
    with pytest.raises(Refused, match="不得更改"):
        services.update_draft(clerk, doc, draft_input(index_no="000014349/2018-00223"), today=today)


def test_publication_without_review_is_refused(coded_agency, clerk, head, today):
    doc = services.create_draft(clerk, coded_agency, draft_input(), today=today)
    with pytest.raises(Refused, match="未经保密审查"):
        services.approve(head, doc, today=today)
    services.submit_for_review(clerk, doc, today=today)
    with pytest.raises(Refused, match="未经保密审查"):
        services.approve(head, doc, today=today)


def test_rejection_returns_the_document_to_the_drafter_with_reasons(coded_agency, clerk, reviewer, today):
    doc = services.create_draft(clerk, coded_agency, draft_input(), today=today)
    services.submit_for_review(clerk, doc, today=today)
    with pytest.raises(GongkaiError, match="理由"):
        services.reject(reviewer, doc, reason=" ", today=today)
    doc = services.reject(reviewer, doc, reason="含有个人信息，请删除附件中的身份证号。", today=today)
    assert doc.status == DocStatus.REJECTED and doc.editable and "身份证号" in doc.rejection_reason
    services.update_draft(clerk, doc, draft_input(title="修改后的标题"), today=today)
    assert services.submit_for_review(clerk, doc, today=today).status == DocStatus.REVIEW


def test_head_may_reject_at_approval(coded_agency, clerk, reviewer, head, today):
    doc = services.create_draft(clerk, coded_agency, draft_input(), today=today)
    services.submit_for_review(clerk, doc, today=today)
    services.review(reviewer, doc, is_secret=False, disclosure="proactive", basis="", opinion="同意", today=today)
    assert services.reject(head, doc, reason="标题不规范", today=today).status == DocStatus.REJECTED


def test_a_secret_document_can_only_be_withheld_article_14(coded_agency, clerk, reviewer, today):
    doc = services.create_draft(clerk, coded_agency, draft_input(), today=today)
    services.submit_for_review(clerk, doc, today=today)
    with pytest.raises(GongkaiError, match="第十四条"):
        services.review(reviewer, doc, is_secret=True, disclosure="proactive", basis="", opinion="涉密", today=today)
    with pytest.raises(GongkaiError, match="依据"):
        services.review(reviewer, doc, is_secret=True, disclosure="withheld", basis="", opinion="涉密", today=today)


def test_withheld_documents_are_filed_not_published(publish_doc):
    doc = publish_doc(disclosure=Disclosure.WITHHELD, basis="条例第十六条第一款（内部事务信息）")
    assert doc.status == DocStatus.FILED and doc.index_no and not doc.is_public and doc.published_on is None


def test_roles_are_enforced(coded_agency, clerk, reviewer, head, outsider_from_other_agency, today):
    with pytest.raises(PermissionDenied):
        services.create_draft(reviewer, coded_agency, draft_input(), today=today)
    with pytest.raises(PermissionDenied):
        services.create_draft(outsider_from_other_agency, coded_agency, draft_input(), today=today)
    doc = services.create_draft(clerk, coded_agency, draft_input(), today=today)
    services.submit_for_review(clerk, doc, today=today)
    with pytest.raises(PermissionDenied):
        services.review(clerk, doc, is_secret=False, disclosure="proactive", basis="", opinion="同意", today=today)
    services.review(reviewer, doc, is_secret=False, disclosure="proactive", basis="", opinion="同意", today=today)
    with pytest.raises(PermissionDenied):
        services.approve(reviewer, doc, today=today)


def test_article_26_late_publication_is_flagged(publish_doc):
    on_time = publish_doc(formed_on=date(2026, 11, 2))            # 20 working days later is 2026-11-30
    late = publish_doc(formed_on=date(2026, 10, 9), title="迟发")   # deadline passed before 2026-11-25
    assert not on_time.published_late and on_time.publish_due >= date(2026, 11, 25)
    assert late.published_late and late.publish_due < date(2026, 11, 25)


def test_bad_metadata_is_refused_in_chinese(coded_agency, clerk, today):
    for overrides, message in ((dict(title=" "), "名称"), (dict(topic="99.9"), "主题分类"), (dict(genre="小说"), "体裁"),
                               (dict(channels=["tv"]), "发布渠道"), (dict(formed_on=date(2027, 1, 1)), "不能晚于今天")):
        with pytest.raises(GongkaiError, match=message):
            services.create_draft(clerk, coded_agency, draft_input(**overrides), today=today)


def test_validity_change_is_recorded_and_needs_a_date(publish_doc, clerk, today):
    doc = publish_doc()
    with pytest.raises(GongkaiError, match="日期"):
        services.change_validity(clerk, doc, validity="repealed", on=None, today=today)
    doc = services.change_validity(clerk, doc, validity="repealed", on=today, today=today)
    assert doc.validity == "repealed" and doc.invalid_on == today
