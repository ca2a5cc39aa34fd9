"""Rules added after the legal review (/work/notes/review-law.md): each test names its article."""

from datetime import date, datetime
from types import SimpleNamespace

import pytest

from gongkai.cases import clock, compute, decisions, intake, ledger, letters, outcomes, steps
from gongkai.cases.clock import TZ, deadline
from gongkai.cases.models import (
    ApplicantType,
    Application,
    CaseEvent,
    CaseSettings,
    Channel,
    EventKind,
    Letter,
    LetterKind,
)
from gongkai.core.errors import GongkaiError, Refused

from .conftest import APPLICANT, register

d = date.fromisoformat
SETTINGS = clock.ClockSettings()


def case(received):
    return SimpleNamespace(received_date=d(received), channel=Channel.IN_PERSON, agency_id=None, pk=None)


def ev(kind, on, pk=None, **kw):
    return CaseEvent(kind=kind, date=d(on), pk=pk, **kw)


def fresh(app):
    return Application.objects.get(pk=app.pk)


def decide_and_approve(clerk, head, app, outcome, on, today, **kw):
    app = decisions.decide(clerk, fresh(app), outcome=outcome, decision_date=d(on), revision=fresh(app).revision,
                           today=today, **kw)
    return decisions.approve(head, app, revision=app.revision, today=today)


def answer_text(app) -> str:
    return "".join(Letter.objects.get(application=app, kind=LetterKind.ANSWER).paragraphs)


# --- P1-1 第三十三条第三款: parallel consultations ------------------------------------------------------------------
def test_parallel_consultations_are_not_counted_twice_article_33_paragraph_3(db):
    """第三十三条第三款：征求第三方和其他机关意见所需时间不计算在答复期限内 — calendar time, counted once."""
    one = [ev(EventKind.THIRD_PARTY_SENT, "2025-04-03", pk=1, party="甲公司"),
           ev(EventKind.THIRD_PARTY_REPLY, "2025-04-10", pk=2, reply_to_id=1)]
    two = one + [ev(EventKind.THIRD_PARTY_SENT, "2025-04-03", pk=3, party="乙公司"),
                 ev(EventKind.THIRD_PARTY_REPLY, "2025-04-10", pk=4, reply_to_id=3)]
    mixed = one + [ev(EventKind.AGENCY_SENT, "2025-04-03", pk=5, party="县发改局"),
                   ev(EventKind.AGENCY_REPLY, "2025-04-10", pk=6, reply_to_id=5)]
    assert deadline(case("2025-04-01"), events=[], settings=SETTINGS).due == d("2025-04-29")
    for events in (one, two, mixed):
        assert deadline(case("2025-04-01"), events=events, settings=SETTINGS).due == d("2025-05-08")
    lines = deadline(case("2025-04-01"), events=two, settings=SETTINGS).lines
    assert any("合计 4 个工作日" in line and "只计一次" in line for line in lines)


def test_overlapping_consultations_count_the_union_of_their_days_article_33_paragraph_3(db):
    """Two consultations (04-03→04-10 and 04-08→04-15) take the working days 04-07..04-15 once: 7 days."""
    events = [ev(EventKind.THIRD_PARTY_SENT, "2025-04-03", pk=1, party="甲"),
              ev(EventKind.THIRD_PARTY_REPLY, "2025-04-10", pk=2, reply_to_id=1),
              ev(EventKind.AGENCY_SENT, "2025-04-08", pk=3, party="乙"),
              ev(EventKind.AGENCY_REPLY, "2025-04-15", pk=4, reply_to_id=3)]
    from gongkai.workdays.services import add_workdays, workdays_between

    k = workdays_between(d("2025-04-03"), d("2025-04-15"))
    assert deadline(case("2025-04-01"), events=events, settings=SETTINGS).due == add_workdays(d("2025-04-29"), k).date


# --- P1-2 第三十三条; 109号 "在申请处理期限内" -----------------------------------------------------------------------
def test_consultation_after_the_deadline_does_not_move_it_article_33(db):
    """第三十三条第三款 leaves out time only from a period that still runs: a letter sent after 04-29 changes nothing."""
    events = [ev(EventKind.THIRD_PARTY_SENT, "2025-05-20", pk=1, party="甲公司")]
    result = deadline(case("2025-04-01"), events=events, settings=SETTINGS, today=d("2025-06-30"))
    assert result.due == d("2025-04-29") and result.kind == "answer"
    assert any("已届满" in line for line in result.lines)


def test_fee_notice_after_the_deadline_does_not_move_it_109(db):
    """国办函〔2020〕109号：收费通知应在申请处理期限内发出; a late notice neither waits for payment nor shifts."""
    events = [ev(EventKind.FEE_NOTICE, "2025-05-20", amount=100)]
    result = deadline(case("2025-04-01"), events=events, settings=SETTINGS, today=d("2025-06-30"))
    assert (result.due, result.kind, result.suggestion) == (d("2025-04-29"), "answer", "")


def test_consultation_and_fee_notice_after_the_deadline_are_refused_article_33_109(make_case, clerk, today, head):
    app = make_case("2025-04-01")  # due 2025-04-29
    with pytest.raises(Refused, match="答复期限已于 2025-04-29 届满，不能再征求意见"):
        steps.start_consultation(clerk, app, third_party=True, party="甲公司", on=d("2025-05-20"),
                                 revision=app.revision, today=today)
    with pytest.raises(Refused, match="不能再发出收费通知.*109号"):
        steps.fee_notice(head, app, pages=200, on=d("2025-05-20"), revision=app.revision, today=today)
    assert not CaseEvent.objects.filter(kind__in=[EventKind.THIRD_PARTY_SENT, EventKind.FEE_NOTICE]).exists()
    assert app in Application.objects.overdue(today)
    # within the period both are accepted
    app = steps.start_consultation(clerk, app, third_party=True, party="甲公司", on=d("2025-04-29"),
                                   revision=app.revision, today=today)
    assert app.due_date > d("2025-04-29")


# --- P1-3 第三十条: the correction notice within 7 working days ---------------------------------------------------
def test_correction_notice_after_7_working_days_is_refused_article_30(make_case, clerk, today):
    """第三十条：自收到申请之日起7个工作日内一次性告知 — 2025-04-01 + 7 working days = 2025-04-11."""
    app = make_case("2025-04-01")
    with pytest.raises(Refused, match="第三十条.*2025-04-11 届满"):
        steps.request_correction(clerk, app, correction_due=d("2025-05-10"), items="请写明文号",
                                 on=d("2025-04-25"), revision=app.revision, today=today)
    assert not CaseEvent.objects.filter(kind=EventKind.CORRECTION_REQUEST).exists()
    app = steps.request_correction(clerk, app, correction_due=d("2025-04-25"), items="请写明文号",
                                   on=d("2025-04-11"), revision=app.revision, today=today)
    assert app.due_kind == "correction"


# --- P1-4 行政复议法（2023年修订）第二十三条第一款第（四）项: 复议前置 ------------------------------------------------
@pytest.mark.parametrize("outcome, issued, first", [
    ("deny.state_secret", "2024-01-01", True), ("deny.third_party", "2026-11-25", True),
    ("partial", "2024-03-01", True), ("grant", "2026-11-25", False), ("unable.not_held", "2026-11-25", False),
    ("noproc.repeat", "2026-11-25", False), ("deny.process", "2023-12-31", False), ("partial", "2023-06-30", False)])
def test_remedies_review_first_for_non_disclosure_from_2024_administrative_review_law_article_23(outcome, issued,
                                                                                                first):
    """《行政复议法》（2023年修订）第二十三条第一款第（四）项：申请政府信息公开，行政机关不予公开的，应当先申请行政复议。"""
    text = letters.remedies_text(outcome, d(issued), "测试县人民政府")
    if first:
        assert text == ("如对本答复不服，可以自收到本答复之日起60日内向测试县人民政府申请行政复议；"
                        "对行政复议决定不服的，可以依法向人民法院提起行政诉讼。")
    else:
        assert text == letters.REMEDIES and "6个月" in text and "或者" in text


def test_review_body_defaults_to_the_government_above_and_can_be_set_administrative_review_law_article_24(
        agency, government):
    """《行政复议法》第二十四条：对县级人民政府工作部门的行为，由本级人民政府管辖."""
    assert letters.review_body_for(agency) == "测试县人民政府"
    assert letters.review_body_for(government) == letters.DEFAULT_REVIEW_BODY
    CaseSettings.objects.update_or_create(agency=agency, defaults={"review_body": "测试县人民政府（县司法局）"})
    assert letters.review_body_for(agency) == "测试县人民政府（县司法局）"


def test_deny_answer_letter_names_the_review_body_and_no_direct_suit_article_23(make_case, clerk, head, today):
    app = decide_and_approve(clerk, head, make_case("2026-11-20"), "deny.process", "2026-11-24", today,
                             text="所申请信息为内部讨论记录。")
    text = answer_text(app)
    assert "向测试县人民政府申请行政复议" in text and "6个月" not in text
    assert "第十六条第二款" in text and "所申请信息为内部讨论记录" in text


def test_grant_answer_letter_keeps_review_or_suit(make_case, clerk, head, today):
    app = decide_and_approve(clerk, head, make_case("2026-11-20"), "grant", "2026-11-24", today)
    assert letters.REMEDIES in answer_text(app)


# --- P2-2 第三十二条、第三十四条: 15 working days from the day the party receives the letter -------------------------
def test_reply_limit_runs_from_the_day_the_party_receives_the_letter_articles_32_34(db):
    """第三十二条：第三方应当自收到征求意见书之日起15个工作日内提出意见."""
    from gongkai.workdays.services import add_workdays

    posted = ev(EventKind.AGENCY_SENT, "2025-04-03", pk=1, party="县发改局", data={"received_on": "2025-04-08"})
    result = deadline(case("2025-04-01"), events=[posted], settings=SETTINGS, today=d("2025-06-30"))
    limit = add_workdays(d("2025-04-08"), 15).date
    assert any(f"期限 {limit.isoformat()}" in line and "2025-04-08" in line for line in result.lines)
    # the excluded time still starts at sending: (04-03, limit]
    from gongkai.workdays.services import workdays_between

    k = workdays_between(d("2025-04-03"), limit)
    assert result.due == add_workdays(d("2025-04-29"), k).date


def test_received_on_is_recorded_and_may_not_precede_sending_article_32(make_case, clerk, today):
    app = make_case("2026-11-20")
    with pytest.raises(GongkaiError, match="不能早于发出之日"):
        steps.start_consultation(clerk, app, third_party=True, party="甲公司", on=d("2026-11-24"),
                                 received_on=d("2026-11-23"), revision=app.revision, today=today)
    steps.start_consultation(clerk, app, third_party=True, party="甲公司", on=d("2026-11-24"),
                             received_on=d("2026-11-25"), revision=app.revision, today=today)
    assert CaseEvent.objects.get(kind=EventKind.THIRD_PARTY_SENT).data == {"received_on": "2026-11-25"}


# --- P2-3 closed_on = the approval day ------------------------------------------------------------------------
def test_case_is_closed_on_the_approval_day_when_approval_is_required(make_case, clerk, head, today):
    """statutory-spec §3.1b: closed_date = 作出答复之日 — the answer letter exists only from the approval day."""
    app = make_case("2026-11-20")
    app = decisions.decide(clerk, app, outcome="grant", decision_date=d("2026-11-23"), revision=app.revision,
                           today=today)
    assert app.closed_on is None
    app = decisions.approve(head, app, revision=app.revision, today=today)
    letter = Letter.objects.get(application=app, kind=LetterKind.ANSWER)
    assert app.decision_date == d("2026-11-23") and app.closed_on == today == letter.issued_on


# --- P2-4 frozen years -----------------------------------------------------------------------------------------
def test_received_date_cannot_leave_a_published_year(make_case, clerk, agency, today):
    """statutory-spec §3.1b: 须锁定已发布年度的快照 — moving 2025-12-31 to 2026-01-05 would change 2025's counts."""
    from gongkai.reports.models import Report, ReportStatus

    app = make_case("2025-12-31")
    Report.objects.create(agency=agency, year=2025, format_key="2021", status=ReportStatus.PUBLISHED)
    with pytest.raises(Refused, match="2025年度报告已发布"):
        intake.override_received_date(clerk, app, d("2026-01-05"), "信封签收日期有误", revision=app.revision,
                                      today=today)
    assert fresh(app).received_date == d("2025-12-31")


# --- P2-5 第三十六条（三）（四）（五）、第三十七条: reasons ---------------------------------------------------------
@pytest.mark.parametrize("outcome", ["deny.internal", "partial", "unable.needs_creation", "noproc.petition"])
def test_reasons_are_required_article_36_37(make_case, clerk, today, outcome):
    app = make_case("2026-11-20")
    with pytest.raises(GongkaiError, match="须在答复要点中说明理由") as exc:
        decisions.decide(clerk, app, outcome=outcome, decision_date=today, revision=app.revision, today=today)
    assert exc.value.field == "text" and fresh(app).outcome == ""


def test_not_held_requires_the_sub_basis_article_36_4_5(make_case, clerk, today):
    app = make_case("2026-11-20")
    with pytest.raises(GongkaiError, match="请选择具体情形"):
        decisions.decide(clerk, app, outcome="unable.not_held", decision_date=today, text="经检索未找到。",
                         revision=app.revision, today=today)
    with pytest.raises(GongkaiError, match="负责公开该信息的机关名称和联系方式"):
        decisions.decide(clerk, app, outcome="unable.not_held", decision_date=today, text="由县发改局制作。",
                         sub_basis="elsewhere", responsible_agency="测试县发展和改革局", revision=app.revision,
                         today=today)


def test_not_held_elsewhere_names_the_responsible_agency_article_36_5(make_case, clerk, head, today):
    """第三十六条第（五）项：能够确定负责公开该政府信息的行政机关的，告知申请人该行政机关的名称、联系方式."""
    app = decide_and_approve(clerk, head, make_case("2026-11-20"), "unable.not_held", "2026-11-24", today,
                             text="该项目由县发改局审批。", sub_basis="elsewhere",
                             responsible_agency="测试县发展和改革局", responsible_contact="0537-1234567")
    text = answer_text(app)
    assert "第三十六条第（五）项" in text and "测试县发展和改革局" in text and "0537-1234567" in text
    assert "不存在" not in text


def test_not_held_absent_says_the_information_does_not_exist_article_36_4(make_case, clerk, head, today):
    app = decide_and_approve(clerk, head, make_case("2026-11-20"), "unable.not_held", "2026-11-24", today,
                             text="经检索本局档案，未制作该文件。", sub_basis="absent")
    text = answer_text(app)
    assert "第三十六条第（四）项" in text and "该政府信息不存在" in text and "负责公开" not in text
    assert app.outcome == "unable.not_held"  # one Table-3 row for both


# --- P2-6 第三十二条: decision to disclose over a third party's objection ----------------------------------------------
def _objection(clerk, app, today, agrees):
    app = steps.start_consultation(clerk, app, third_party=True, party="甲公司", on=d("2026-11-23"),
                                   revision=app.revision, today=today)
    sent = CaseEvent.objects.get(application=app, kind=EventKind.THIRD_PARTY_SENT)
    return steps.consultation_reply(clerk, app, sent, on=d("2026-11-24"), revision=app.revision, today=today,
                                    agrees=agrees, note="涉及商业秘密")


def test_disclosure_over_an_objection_is_told_to_the_third_party_article_32(make_case, clerk, head, today):
    """第三十二条：行政机关决定公开的，应当将决定公开的政府信息内容和理由书面告知第三方."""
    app = _objection(clerk, make_case("2026-11-20"), today, agrees=False)
    with pytest.raises(GongkaiError, match="第三十二条"):
        decisions.decide(clerk, app, outcome="grant", decision_date=today, revision=app.revision, today=today)
    app = decide_and_approve(clerk, head, app, "grant", "2026-11-25", today,
                             text="该信息涉及公共利益，不公开可能对公共利益造成重大影响。")
    notice = Letter.objects.get(application=app, kind=LetterKind.DISCLOSE)
    text = "".join(notice.paragraphs)
    assert notice.addressee == "甲公司" and not notice.to_applicant and notice.title == "政府信息公开决定公开告知书"
    assert "第三十二条" in text and "不公开可能对公共利益造成重大影响" in text and APPLICANT["content"] in text


def test_no_disclosure_notice_when_the_third_party_agreed_or_disclosure_was_refused_article_32(
        make_case, clerk, head, today):
    agreed = _objection(clerk, make_case("2026-11-20"), today, agrees=True)
    decide_and_approve(clerk, head, agreed, "grant", "2026-11-25", today)
    refused = _objection(clerk, make_case("2026-11-20"), today, agrees=False)
    decide_and_approve(clerk, head, refused, "deny.third_party", "2026-11-25", today, text="第三方有合理理由。")
    assert not Letter.objects.filter(kind=LetterKind.DISCLOSE).exists()


# --- P3 -------------------------------------------------------------------------------------------------------
def test_other_applicant_type_label_in_the_ui_and_the_official_label_in_notes():
    """Table 3 column 法人或其他组织 › 其他."""
    assert ApplicantType.OTHER.label == "其他（法人或其他组织）"
    assert compute._note("new", "org.other", 2025, "新收").endswith("（其他）")
    assert ledger.TYPE_BY_LABEL["其他组织"] == ledger.TYPE_BY_LABEL["其他"] == ApplicantType.OTHER


def test_month_count_follows_the_received_date_like_the_fee_109_article_4(agency, clerk, today):
    """国办函〔2020〕109号第四条 counts per calendar month of the received date; so does the flag."""
    online = intake.submit_online(agency, dict(APPLICANT), now=datetime(2026, 10, 30, 10, tzinfo=TZ))
    register(clerk, agency, "2026-11-02", today)
    online = intake.confirm_receipt(clerk, online, revision=online.revision, today=today, on=d("2026-11-03"))
    assert online.month_count == 2 and steps.items_before(online) == 1


def test_ledger_year_is_received_or_closed_in_y_or_open_during_y(agency, clerk, head, today, no_approval):
    online = intake.submit_online(agency, dict(APPLICANT), now=datetime(2025, 12, 30, 10, tzinfo=TZ))
    intake.confirm_receipt(clerk, online, revision=online.revision, today=today, on=d("2026-01-05"))
    carried = register(clerk, agency, "2025-12-22", today)
    decisions.decide(clerk, carried, outcome="grant", decision_date=d("2026-01-12"), revision=carried.revision,
                     today=today)
    old = register(clerk, agency, "2024-03-01", today)
    decisions.decide(clerk, old, outcome="grant", decision_date=d("2024-03-10"), revision=old.revision, today=today)

    def codes(year):
        return set(Application.objects.of(agency).filter(ledger.in_year(year)).values_list("tracking_code",
                                                                                              flat=True))

    assert codes(2025) == {carried.tracking_code}
    assert codes(2026) == {carried.tracking_code, online.tracking_code}
    assert codes(2024) == {old.tracking_code}
    assert ledger.export_xlsx(agency, 2025)


def test_letters_say_at_the_latest_including_that_day(make_case):
    """X is the last day that counts: “最迟于 X（含当日）”, not “X 前”."""
    receipt = "".join(Letter.objects.get(application=make_case("2026-11-20"), kind=LetterKind.RECEIPT).paragraphs)
    assert "最迟于2026年12月18日（含当日）作出答复" in receipt


def test_massive_applications_need_a_recorded_request_for_reasons_article_35(make_case, clerk, head, today):
    """第三十五条：要求申请人说明理由，申请人不说明理由或者理由不合理的 — then 不予处理."""
    app = make_case("2026-11-20")
    with pytest.raises(Refused, match="须先要求申请人说明理由"):
        decisions.decide(clerk, app, outcome="noproc.massive", decision_date=today, text="理由不合理。",
                         revision=app.revision, today=today)
    with pytest.raises(GongkaiError, match="第三十五条"):
        steps.request_reasons(clerk, app, on=d("2026-11-23"), note="", revision=app.revision, today=today)
    app = steps.request_reasons(clerk, app, on=d("2026-11-23"), note="电话要求说明申请用途", revision=app.revision,
                                today=today)
    app = decide_and_approve(clerk, head, app, "noproc.massive", "2026-11-25", today,
                             text="申请人所述理由不合理。")
    assert app.outcome == "noproc.massive" and "第三十五条" in answer_text(app)


def test_outcome_reasons_rule_covers_the_right_codes():
    needing = {c for c in outcomes.OUTCOME_CODES if outcomes.needs_reasons(c)}
    assert "grant" not in needing and not any(c.startswith("other.") for c in needing)
    assert {"partial", "deny.state_secret", "unable.not_held", "noproc.massive"} <= needing
