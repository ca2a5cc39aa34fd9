"""The services behind the 工作台: the registrant handles the case, reassigning, requests to the head (第三十三条
第二款 extension, 109号 fee notice), a decision sent back, the optional 保密审查 of answers, files on a case, and the
case search."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.audit.models import AuditEntry
from gongkai.cases import decisions, files, intake, requests, steps
from gongkai.cases.models import Application, CaseSettings, EventKind, HeadRequest, RequestState
from gongkai.cases.search import CaseSearchForm, find
from gongkai.core.errors import GongkaiError, Refused

from .conftest import register

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def fresh(app):
    return Application.objects.get(pk=app.pk)


@pytest.fixture
def case(clerk, agency, today):
    return register(clerk, agency, "2026-11-20", today=today)


def test_the_registrant_becomes_the_handler_and_reassigning_is_audited(case, clerk, head, today):
    assert case.assigned_to == clerk
    app = intake.reassign(clerk, case, head, revision=case.revision, today=today, note="休假")
    assert app.assigned_to == head
    entry = AuditEntry.objects.get(action="case.reassign")
    assert entry.data["before"] == "clerk" and entry.data["after"] == "head"
    assert app.events.filter(kind=EventKind.REASSIGN).exists()


def test_a_case_cannot_be_handed_to_someone_outside_the_agency(case, clerk, outsider_from_other_agency, today):
    with pytest.raises(GongkaiError, match="本机关的经办人或负责人"):
        intake.reassign(clerk, case, outsider_from_other_agency, revision=case.revision, today=today)


def test_confirming_an_online_application_makes_the_confirming_clerk_its_handler(agency, clerk, today):
    from gongkai.core.clock import at

    from .conftest import APPLICANT

    app = intake.submit_online(agency, APPLICANT, now=at(date(2026, 11, 24)))
    assert app.assigned_to is None and app.acceptance_no == ""
    app = intake.confirm_receipt(clerk, app, revision=app.revision, today=today)
    assert app.assigned_to == clerk and app.acceptance_no == "测商依申〔2026〕1号"


def test_acceptance_numbers_run_per_agency_and_year_of_receipt(clerk, agency, today):
    first = register(clerk, agency, "2026-11-20", today=today)
    second = register(clerk, agency, "2026-11-23", today=today)
    assert (first.acceptance_no, second.acceptance_no) == ("测商依申〔2026〕1号", "测商依申〔2026〕2号")


def test_an_extension_asked_by_the_clerk_is_made_when_the_head_agrees_article_33(case, clerk, head, today):
    req = requests.request_extension(clerk, case, days=10, reason="需调取档案", revision=case.revision, today=today)
    assert req.state == RequestState.PENDING and not fresh(case).events.filter(kind=EventKind.EXTENSION).exists()
    with pytest.raises(Refused, match="正等待负责人审批"):
        requests.request_extension(clerk, fresh(case), days=5, reason="再次", revision=fresh(case).revision,
                                   today=today)
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied: only the head decides
        requests.approve(clerk, req, today=today)
    requests.approve(head, req, today=today)
    extension = fresh(case).events.get(kind=EventKind.EXTENSION)
    assert extension.actor == head and extension.days == 10
    assert HeadRequest.objects.get().state == RequestState.APPROVED


def test_a_refused_request_needs_a_reason_and_changes_nothing(case, clerk, head, today):
    req = requests.request_extension(clerk, case, days=10, reason="需调取档案", revision=case.revision, today=today)
    with pytest.raises(GongkaiError, match="不同意的理由"):
        requests.refuse(head, req, reason="", today=today)
    requests.refuse(head, req, reason="期限内可以办结", today=today)
    assert HeadRequest.objects.get().state == RequestState.REFUSED
    assert not fresh(case).events.filter(kind=EventKind.EXTENSION).exists()
    with pytest.raises(Refused):
        requests.approve(head, HeadRequest.objects.get(), today=today)


def test_a_fee_notice_needs_the_head_where_the_agency_says_so(case, clerk, head, today):
    with pytest.raises(Refused, match="须经负责人同意"):
        steps.fee_notice(clerk, case, pages=150, on=today, revision=case.revision, today=today)
    req = requests.request_fee(clerk, case, items=None, pages=150, reason="约150页", revision=case.revision,
                               today=today)
    requests.approve(head, req, today=today)
    notice = fresh(case).events.get(kind=EventKind.FEE_NOTICE)
    assert notice.actor == head and notice.amount > 0
    CaseSettings.objects.filter(agency=case.agency).update(fee_needs_approval=False)
    other = register(clerk, case.agency, "2026-11-23", today=today)
    steps.fee_notice(clerk, other, pages=150, on=today, revision=other.revision, today=today)


def test_the_head_sends_a_decision_back_with_a_reason(case, clerk, head, today):
    app = decisions.decide(clerk, case, outcome="grant", decision_date=today, text="随答复书提供。",
                           revision=case.revision, today=today)
    with pytest.raises(GongkaiError, match="退回意见"):
        decisions.return_decision(head, app, reason="", revision=app.revision, today=today)
    app = decisions.return_decision(head, app, reason="请写明提供方式", revision=app.revision, today=today)
    assert (app.outcome, app.returned_note, decisions.pending_approval(app)) == ("", "请写明提供方式", False)
    assert Application.objects.returned().get() == app
    app = decisions.decide(clerk, app, outcome="grant", decision_date=today, text="通过电子邮件于3日内提供。",
                           revision=app.revision, today=today)
    assert app.returned_note == "" and not Application.objects.returned().exists()


def test_where_answers_need_a_secrecy_review_the_head_approves_only_reviewed_ones(case, clerk, head, reviewer, today):
    CaseSettings.objects.update_or_create(agency=case.agency, defaults={"answer_needs_review": True})
    app = decisions.decide(clerk, case, outcome="grant", decision_date=today, text="随答复书提供。",
                           revision=case.revision, today=today)
    assert list(Application.objects.awaiting_review()) == [app] and not Application.objects.awaiting_approval()
    with pytest.raises(Refused, match="保密审查"):
        decisions.approve(head, app, revision=app.revision, today=today)
    app = decisions.review_answer(reviewer, app, opinion="不涉密，同意。", revision=app.revision, today=today)
    assert list(Application.objects.awaiting_approval()) == [app] and not Application.objects.awaiting_review()
    app = decisions.approve(head, app, revision=app.revision, today=today)
    assert app.status == "answered"


def test_a_scanned_envelope_is_kept_with_the_case_and_on_its_timeline(clerk, agency, today, settings, tmp_path):
    settings.DATA_DIR = tmp_path  # before the case: its personal data is encrypted with this data directory's key
    case = register(clerk, agency, "2026-11-20", today=today)
    upload = SimpleUploadedFile("信封.pdf", PDF, content_type="application/pdf")
    kept = files.add_file(clerk, case, upload, kind="envelope", note="EMS签收", revision=case.revision, today=today)
    assert kept.file_type == "pdf" and (tmp_path / kept.stored_as).read_bytes() == PDF
    assert fresh(case).events.filter(kind=EventKind.FILE, party="信封或签收凭证（收到日证据）").exists()
    with pytest.raises(GongkaiError, match="不是允许的文件类型"):
        files.add_file(clerk, fresh(case), SimpleUploadedFile("x.pdf", b"MZ\x90\x00"), kind="other",
                       revision=fresh(case).revision, today=today)


def search(agency, user, today, **params):
    form = CaseSearchForm({"show": "all", **params}, agency=agency)
    assert form.is_valid(), form.errors
    return set(find(agency, form, params, user, today))


def test_a_case_is_found_by_its_numbers_its_applicant_and_its_letters(case, clerk, agency, today):
    other = register(clerk, agency, "2026-11-23", today=today, applicant_name="李四", phone="13900000000",
                     id_number="11010519491231002X", content="外贸企业扶持资金")
    letter = other.letters.first()
    for q in (other.acceptance_no, other.tracking_code, "李四", "13900000000", "11010519491231002x", letter.number,
              "扶持资金"):
        assert search(agency, clerk, today, q=q) == {other}, q
    assert search(agency, clerk, today, q="1390000") == set()  # numbers match exactly, never by parts


def test_cases_are_filtered_by_dates_outcome_handler_and_overdue(case, clerk, head, agency, today):
    late = register(clerk, agency, "2026-10-08", today=today)
    assert search(agency, clerk, today, received_from="2026-11-01") == {case}
    assert search(agency, clerk, today, overdue="on") == {late}
    assert search(agency, clerk, today, handler=str(head.pk)) == set()
    decisions.decide(clerk, case, outcome="grant", decision_date=today, text="提供。", revision=case.revision,
                     today=today)
    assert search(agency, clerk, today, outcome="grant", decided_from="2026-11-25", decided_to="2026-11-25") == {case}


def test_an_impossible_date_range_is_said_beside_the_field(agency):
    form = CaseSearchForm({"received_from": "2026-11-30", "received_to": "2026-11-01"}, agency=agency)
    assert not form.is_valid() and form.errors["received_to"] == ["收到日期的结束日期不能早于开始日期"]


def test_a_batch_does_what_it_can_and_says_why_for_the_rest(client, clerk, head, agency, today):
    from django.urls import reverse

    from tests.conftest import logged_in

    open_case = register(clerk, agency, "2026-11-20", today=today)
    answered = register(clerk, agency, "2026-11-18", today=today)
    answered = decisions.decide(clerk, answered, outcome="grant", decision_date=today, text="提供。",
                                revision=answered.revision, today=today)
    answered = decisions.approve(head, answered, revision=answered.revision, today=today)
    c = logged_in(client, clerk)
    response = c.post(reverse("cases:batch"), {"agency": agency.code, "op": "assign", "handler": head.pk,
                                               "ids": [open_case.pk, answered.pk]}, follow=True)
    assert {a.assigned_to for a in Application.objects.all()} == {head}
    assert "已完成 2 件" in response.content.decode()
    response = c.post(reverse("cases:batch"), {"agency": agency.code, "op": "archive",
                                               "ids": [open_case.pk, answered.pk]}, follow=True)
    html = response.content.decode()
    assert "答复书送达后才能归档" in html and "办结后才能归档" in html  # neither could be archived, each says why
    printed = c.post(reverse("cases:batch"), {"agency": agency.code, "op": "print", "ids": [open_case.pk, answered.pk]})
    body = printed.content.decode()
    assert printed.status_code == 200 and "政府信息公开申请答复书" in body and "还没有答复书" in body
    assert AuditEntry.objects.filter(action="case.batch").count() == 2
