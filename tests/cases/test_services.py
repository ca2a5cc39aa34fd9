"""Case services: intake, clock events, decisions, approval, letters — and refusals that save nothing."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from gongkai.audit.models import AuditEntry
from gongkai.cases import decisions, intake, letters, steps
from gongkai.cases.clock import TZ
from gongkai.cases.models import Application, CaseEvent, EventKind, Letter, LetterKind, Status
from gongkai.core.errors import Conflict, GongkaiError, Refused

from .conftest import APPLICANT, register

d = date.fromisoformat
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=TZ)


def fresh(app):
    return Application.objects.get(pk=app.pk)


def test_register_in_person_is_received_at_once_with_a_receipt_letter_article_31(make_case, agency):
    app = make_case("2026-09-18")
    assert app.received_date == d("2026-09-18") and app.status == Status.REVIEW
    assert app.due_date == d("2026-10-22")  # statutory-spec §7.5
    assert len(app.tracking_code) == 10
    receipt = Letter.objects.get(application=app, kind=LetterKind.RECEIPT)
    assert receipt.number == "测商公开〔2026〕第1号"
    assert any("第三十一条" in p for p in receipt.paragraphs)
    assert AuditEntry.objects.filter(action="case.register", object_id=str(app.pk)).exists()


def test_receipt_date_in_the_future_is_refused_and_nothing_saved(clerk, agency, today):
    with pytest.raises(GongkaiError, match="不能晚于今天"):
        register(clerk, agency, today + timedelta(days=1), today)
    assert not Application.objects.exists()


def test_online_application_counts_only_from_the_clerks_confirmation_article_31(agency, clerk, today):
    app = intake.submit_online(agency, dict(APPLICANT), now=NOW)
    assert app.received_date is None and app.status == Status.REGISTERED and app.due_date is None
    app = intake.confirm_receipt(clerk, app, revision=app.revision, today=today)
    assert app.received_date == today and app.status == Status.REVIEW
    assert app.due_date is not None


def test_confirmation_emails_the_applicant(agency, clerk, today, django_capture_on_commit_callbacks):
    app = intake.submit_online(agency, dict(APPLICANT), now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        intake.confirm_receipt(clerk, app, revision=app.revision, today=today)
    assert len(mail.outbox) == 1 and app.tracking_code in mail.outbox[0].subject


def test_received_date_override_needs_a_reason_and_is_audited(make_case, clerk):
    app = make_case("2026-09-18")
    with pytest.raises(GongkaiError, match="理由"):
        intake.override_received_date(clerk, app, d("2026-09-17"), "", revision=app.revision, today=d("2026-11-25"))
    app = intake.override_received_date(clerk, app, d("2026-09-17"), "信封签收日期为9月17日",
                                        revision=app.revision, today=d("2026-11-25"))
    assert app.received_date == d("2026-09-17") and app.received_override
    entry = AuditEntry.objects.get(action="case.received_override")
    assert entry.data["before"] == "2026-09-18" and entry.data["reason"]


def test_stale_revision_is_a_conflict_and_nothing_is_overwritten(make_case, clerk, today):
    app = make_case("2026-11-20")
    stale = app.revision
    steps.start_consultation(clerk, app, third_party=True, party="某公司", on=today, revision=stale, today=today)
    with pytest.raises(Conflict, match="该申请刚被其他人处理过"):
        steps.start_consultation(clerk, app, third_party=False, party="县发改局", on=today, revision=stale,
                                 today=today)
    assert CaseEvent.objects.filter(kind=EventKind.AGENCY_SENT).count() == 0


def test_other_agency_staff_may_not_act(make_case, outsider_from_other_agency, today):
    app = make_case()
    with pytest.raises(PermissionDenied):
        steps.start_consultation(outsider_from_other_agency, app, third_party=True, party="x", on=today,
                                 revision=app.revision, today=today)


def test_decision_before_receipt_is_refused(make_case, clerk, today):
    app = make_case("2026-09-18")
    with pytest.raises(GongkaiError, match="不能早于收到申请之日"):
        decisions.decide(clerk, app, outcome="grant", decision_date=d("2026-09-17"), revision=app.revision,
                         today=today)
    assert fresh(app).outcome == ""


def test_decision_needs_the_heads_approval_before_the_answer_goes_out(make_case, clerk, head, today):
    app = make_case("2026-09-18")
    app = decisions.decide(clerk, app, outcome="deny.state_secret", decision_date=d("2026-10-10"),
                           text="所申请信息经定密属于秘密级国家秘密。", revision=app.revision, today=today)
    assert app.closed_on is None and app.is_open
    with pytest.raises(Refused, match="负责人审批"):
        letters.issue(clerk, app, LetterKind.ANSWER, today=today)
    assert not Letter.objects.filter(kind=LetterKind.ANSWER).exists()
    with pytest.raises(PermissionDenied):
        decisions.approve(clerk, app, revision=app.revision, today=today)
    app = decisions.approve(head, app, revision=app.revision, today=today)
    assert app.closed_on == today and app.status == Status.ANSWERED  # 办结 on the approval day (P2-3)
    answer = Letter.objects.get(application=app, kind=LetterKind.ANSWER)
    text = "".join(answer.paragraphs)
    assert "第十四条" in text and "60日" in text and "行政复议" in text


def test_without_approval_setting_the_decision_closes_at_once(make_case, clerk, today, no_approval):
    app = make_case("2026-09-18")
    app = decisions.decide(clerk, app, outcome="grant", decision_date=d("2026-10-10"), revision=app.revision,
                           today=today)
    assert app.status == Status.ANSWERED and app.closed_on == d("2026-10-10")


def test_extension_beyond_20_working_days_is_refused_article_33(make_case, head, today):
    app = make_case("2026-11-20")
    with pytest.raises(GongkaiError, match="20个工作日"):
        steps.extend(head, app, days=21, reason="需要调取档案", revision=app.revision, today=today)
    assert not CaseEvent.objects.filter(kind=EventKind.EXTENSION).exists()


def test_second_extension_is_refused_article_33(make_case, head, today):
    app = make_case("2026-11-20")
    app = steps.extend(head, app, days=10, reason="需要调取档案", revision=app.revision, today=today)
    assert Letter.objects.filter(kind=LetterKind.EXTENSION).exists()
    with pytest.raises(Refused, match="只能延长一次"):
        steps.extend(head, app, days=5, reason="仍需时间", revision=app.revision, today=today)


def test_extension_requires_the_head_article_33(make_case, clerk, today):
    app = make_case("2026-11-20")
    with pytest.raises(PermissionDenied):
        steps.extend(clerk, app, days=10, reason="x", revision=app.revision, today=today)


def test_extension_after_the_deadline_is_refused_article_33(make_case, head, today):
    app = make_case("2026-09-18")  # due 2026-10-22, today 2026-11-25
    with pytest.raises(Refused, match="已于"):
        steps.extend(head, app, days=10, reason="x", revision=app.revision, today=today)


def test_fee_on_both_scales_is_refused_109_article_3(make_case, clerk, today, head):
    app = make_case()
    with pytest.raises(GongkaiError, match="不得同时按件和按量计收"):
        steps.fee_notice(head, app, items=1, pages=120, on=today, revision=app.revision, today=today)
    assert not CaseEvent.objects.filter(kind=EventKind.FEE_NOTICE).exists()


def test_fee_by_items_counts_the_applicants_applications_in_the_month_109_article_4(clerk, agency, today, head):
    apps = [register(clerk, agency, "2026-11-02", today) for _ in range(11)]
    last = apps[-1]
    with pytest.raises(Refused, match="不收取"):
        steps.fee_notice(head, apps[0], items=1, on=today, revision=apps[0].revision, today=today)
    last = steps.fee_notice(head, last, items=1, on=d("2026-11-24"), revision=last.revision, today=today)
    notice = CaseEvent.objects.get(kind=EventKind.FEE_NOTICE)
    assert notice.amount == 100  # the 11th this month
    assert last.due_kind == "fee"
    fee_letter = Letter.objects.get(kind=LetterKind.FEE)
    assert "100" in "".join(fee_letter.paragraphs)


def test_fee_by_pages_then_paid_resumes_the_answer_clock_109_article_5(make_case, clerk, today, head):
    app = make_case("2026-11-02")
    app = steps.fee_notice(head, app, pages=120, on=d("2026-11-05"), revision=app.revision, today=today)
    assert CaseEvent.objects.get(kind=EventKind.FEE_NOTICE).amount == 1100
    app = steps.fee_paid(clerk, app, on=d("2026-11-10"), revision=app.revision, today=today)
    assert app.due_kind == "answer"


def test_unpaid_fee_outcome_only_after_the_payment_period_109(make_case, clerk, head, today):
    app = make_case("2026-09-18")
    app = steps.fee_notice(head, app, pages=50, on=d("2026-09-21"), revision=app.revision, today=today)
    with pytest.raises(Refused, match="缴费期限届满后"):
        decisions.decide(clerk, app, outcome="other.unpaid_fee", decision_date=d("2026-10-01"),
                         revision=app.revision, today=today)
    app = decisions.decide(clerk, app, outcome="other.unpaid_fee", decision_date=d("2026-11-02"),
                           revision=app.revision, today=today)
    app = decisions.approve(head, app, revision=app.revision, today=today)
    assert app.status == Status.TERMINATED and app.outcome == "other.unpaid_fee"


def test_no_correction_outcome_after_the_correction_period_article_30(make_case, clerk, head, today):
    app = make_case("2026-11-02")
    app = steps.request_correction(clerk, app, correction_due=d("2026-11-20"), items="请明确所需信息的文号",
                                   on=d("2026-11-04"), revision=app.revision, today=today)
    assert app.due_kind == "correction" and Letter.objects.filter(kind=LetterKind.CORRECTION).exists()
    with pytest.raises(Refused, match="一次性"):
        steps.request_correction(clerk, app, correction_due=d("2026-11-30"), items="x", revision=app.revision,
                                 today=today)
    app = decisions.decide(clerk, app, outcome="other.no_correction", decision_date=today, revision=app.revision,
                           today=today)
    app = decisions.approve(head, app, revision=app.revision, today=today)
    assert app.status == Status.TERMINATED


def test_correction_received_restarts_the_clock_article_30(make_case, clerk, today):
    app = make_case("2026-11-02")
    app = steps.request_correction(clerk, app, correction_due=d("2026-11-20"), items="请明确文号",
                                   on=d("2026-11-04"), revision=app.revision, today=today)
    app = steps.correction_received(clerk, app, on=d("2026-11-10"), revision=app.revision, today=today)
    assert app.due_kind == "answer" and app.due_date == d("2026-12-08")


def test_consultation_reply_shifts_the_due_date_article_32(make_case, clerk, today):
    app = make_case("2026-11-02")
    before = app.due_date
    app = steps.start_consultation(clerk, app, third_party=True, party="某公司", on=d("2026-11-05"),
                                   revision=app.revision, today=today)
    sent = CaseEvent.objects.get(kind=EventKind.THIRD_PARTY_SENT)
    app = steps.consultation_reply(clerk, app, sent, on=d("2026-11-12"), revision=app.revision, today=today)
    from gongkai.workdays.services import workdays_between

    assert workdays_between(before, app.due_date) == 5
    assert Letter.objects.get(kind=LetterKind.THIRD_PARTY).addressee == "某公司"


def test_assign_to_a_section_moves_the_case_to_processing_article_45(make_case, clerk, section, today):
    app = make_case("2026-11-20")
    app = intake.assign(clerk, app, section, app.due_date, revision=app.revision, today=today, clerk=clerk)
    assert app.status == Status.PROCESSING and app.section == section


def test_delivery_then_archive_article_45(make_case, clerk, head, today):
    app = make_case("2026-11-02")
    with pytest.raises(Refused):
        decisions.archive(clerk, app, revision=app.revision, today=today)
    app = decisions.decide(clerk, app, outcome="grant", decision_date=today, revision=app.revision, today=today)
    app = decisions.approve(head, app, revision=app.revision, today=today)
    answer = Letter.objects.get(application=app, kind=LetterKind.ANSWER)
    with pytest.raises(Refused, match="送达"):
        decisions.archive(clerk, app, revision=app.revision, today=today)
    with pytest.raises(GongkaiError, match="单号"):
        letters.deliver(clerk, answer, method="ems", on=today, proof="", revision=app.revision, today=today)
    letters.deliver(clerk, answer, method="ems", on=today, proof="EA123456789CN", revision=app.revision,
                    today=today)
    app = decisions.archive(clerk, fresh(app), revision=fresh(app).revision, today=today)
    assert app.status == Status.ARCHIVED


def test_repeated_application_is_flagged_article_36_6(clerk, agency, today):
    first = register(clerk, agency, "2026-03-02", today, content="请公开2025年度嘉祥县商务局招商引资项目清单及签约金额")
    second = register(clerk, agency, "2026-09-01", today, content="请公开2025年度嘉祥县商务局招商引资项目清单及签约金额")
    other = register(clerk, agency, "2026-09-02", today, content="县商务局办公楼维修工程的招标文件")
    assert second.repeat_of == first and other.repeat_of is None
    assert any("第三十六条" in f for f in intake.flags(second))


def test_many_applications_in_a_month_are_flagged_above_10_article_35_109_article_4(clerk, agency, today):
    """109号第四条: the 10th application in a month is still free — the flag fires from the 11th (> 10)."""
    apps = [register(clerk, agency, "2026-10-12", today, content=f"第{i}号文件") for i in range(11)]
    assert apps[9].month_count == 10 and not any("第三十五条" in f for f in intake.flags(apps[9]))
    assert apps[-1].month_count == 11 and any("第三十五条" in f for f in intake.flags(apps[-1]))
    assert not intake.flags(apps[0])


def test_cases_closed_in_a_published_year_are_frozen(make_case, clerk, head, agency, today, no_approval):
    from gongkai.reports.models import Report, ReportStatus

    app = make_case("2025-03-03")
    Report.objects.create(agency=agency, year=2025, format_key="2021", status=ReportStatus.PUBLISHED)
    with pytest.raises(Refused, match="2025年度报告已发布"):
        decisions.decide(clerk, app, outcome="grant", decision_date=d("2025-03-20"), revision=app.revision,
                         today=today)


def test_masking_in_lists():
    app = Application(id_number="370101199001011234", phone="13812345678", applicant_name="张三",
                      applicant_type="natural")
    assert app.masked_id == "3701**********1234" and app.masked_phone == "138****5678"
    assert app.masked_name == "张*"


def test_letter_template_is_sandboxed_and_validated(agency, head, clerk):
    with pytest.raises(GongkaiError, match="模板格式有误"):
        letters.save_template(head, agency, "receipt", title="回执", body="{% load static %}x")
    with pytest.raises(GongkaiError, match="模板格式有误"):
        letters.save_template(head, agency, "receipt", title="回执", body="{% include 'base.html' %}")
    with pytest.raises(PermissionDenied):
        letters.save_template(clerk, agency, "receipt", title="回执", body="x")
    tpl = letters.save_template(head, agency, "receipt", title="登记回执", body="已收到，查询码 {{ tracking_code }}。")
    assert tpl.body.startswith("已收到")


def test_letter_docx_has_title_and_number(make_case):
    from io import BytesIO

    from docx import Document

    app = make_case()
    letter = Letter.objects.get(application=app)
    doc = Document(BytesIO(letters.docx_bytes(letter)))
    texts = [p.text for p in doc.paragraphs]
    assert letter.title in texts and letter.number in texts


def test_remind_emails_the_assigned_clerk_about_due_and_overdue_cases(make_case, clerk, section, today):
    from io import StringIO

    from django.core.management import call_command

    clerk.email = "clerk@example.com"
    clerk.save()
    overdue = make_case("2026-09-18")  # due 2026-10-22
    intake.assign(clerk, overdue, section, None, revision=overdue.revision, today=today, clerk=clerk)
    make_case("2026-11-20")  # due in December, not within 5 working days
    out = StringIO()
    call_command("remind", "--today", today.isoformat(), stdout=out)
    assert "已逾期 1 件" in out.getvalue() and len(mail.outbox) == 1
    assert overdue.tracking_code in mail.outbox[0].body
