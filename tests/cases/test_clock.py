"""The case clock: 第三十一条 receipt day and the deadline derived from events (statutory-spec §4.2, §4.3, §7.5)."""

from datetime import date, datetime
from types import SimpleNamespace

import pytest

from gongkai.cases import clock, steps
from gongkai.cases.clock import TZ, deadline, legal_received_date
from gongkai.cases.models import CaseEvent, Channel, EventKind

d = date.fromisoformat


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


# --- 第三十一条 ------------------------------------------------------------------------------------------------------
def test_in_person_application_is_received_the_day_it_is_handed_in_article_31():
    """第三十一条第（一）项：当面提交的，以提交之日为收到申请之日。"""
    assert legal_received_date(Channel.IN_PERSON, at("2026-03-02 16:00"), None) == d("2026-03-02")


def test_signed_post_is_received_the_day_the_agency_signs_article_31():
    """第三十一条第（二）项：邮寄需签收的，以签收之日为收到申请之日。"""
    assert legal_received_date(Channel.POST_SIGNED, at("2026-03-03 10:00"), at("2026-03-09 10:00")) == d("2026-03-03")


@pytest.mark.parametrize("channel", [Channel.POST_PLAIN, Channel.ONLINE, Channel.EMAIL, Channel.FAX])
def test_unsigned_post_online_email_and_fax_count_from_the_confirmation_day_article_31(channel):
    """第三十一条第（二）（三）项：平常信函以确认之日；互联网渠道、传真以双方确认之日。"""
    assert legal_received_date(channel, at("2026-03-03 10:00"), None) is None
    assert legal_received_date(channel, at("2026-03-03 10:00"), at("2026-03-05 09:00")) == d("2026-03-05")


def test_receipt_day_is_the_local_day_in_china_article_31():
    """第三十一条：a submission at 23:30 Beijing time belongs to that Beijing day."""
    moment = datetime.fromisoformat("2026-03-02T15:30:00+00:00")  # 23:30 in Beijing
    assert legal_received_date(Channel.IN_PERSON, moment, None) == d("2026-03-02")


# --- 第三十三条 and the test vectors of statutory-spec §7.5 ---------------------------------------------------------
def case(received):
    return SimpleNamespace(received_date=d(received), channel=Channel.IN_PERSON, agency_id=None, pk=None)


def ev(kind, on, pk=None, **kw):
    return CaseEvent(kind=kind, date=d(on), pk=pk, **kw)


@pytest.mark.parametrize("received, due", [("2025-09-25", "2025-10-29"), ("2025-12-29", "2026-01-27"),
                                           ("2026-02-10", "2026-03-16"), ("2026-09-30", "2026-11-03")])
def test_answer_due_in_20_working_days_article_33(db, received, due):
    """第三十三条第一款：自收到申请之日起20个工作日内予以答复（起算日不计入）。"""
    result = deadline(case(received), events=[], settings=clock.ClockSettings())
    assert result.due == d(due) and result.kind == "answer" and not result.provisional
    assert any("第三十三条" in line for line in result.lines)
    assert result.steps[1].details[-1].startswith("届满日")


def test_extension_adds_20_working_days_once_article_33_paragraph_2(db):
    """第三十三条第二款：延长答复期限最长不得超过20个工作日（2026-01-01 → 01-29 → 03-04）。"""
    result = deadline(case("2026-01-01"), events=[ev(EventKind.EXTENSION, "2026-01-20", days=20)],
                      settings=clock.ClockSettings())
    assert result.due == d("2026-03-04")
    assert any("第三十三条第二款" in line for line in result.lines)


def test_correction_restarts_the_period_from_the_corrected_application_article_30(db):
    """第三十条：答复期限自行政机关收到补正的申请之日起计算。"""
    events = [ev(EventKind.CORRECTION_REQUEST, "2026-02-10", due=d("2026-02-27")),
              ev(EventKind.CORRECTION_RECEIVED, "2026-02-10")]
    result = deadline(case("2026-02-05"), events=events, settings=clock.ClockSettings())
    assert result.due == d("2026-03-16")  # 20 working days from 2026-02-10
    assert any("第三十条" in line for line in result.lines)


def test_pending_correction_shows_the_correction_due_and_suggests_no_correction_when_overdue_article_30(db):
    """第三十条：无正当理由逾期不补正的，视为放弃申请 → other.no_correction."""
    events = [ev(EventKind.CORRECTION_REQUEST, "2026-02-10", due=d("2026-02-27"))]
    result = deadline(case("2026-02-05"), events=events, settings=clock.ClockSettings(), today=d("2026-03-02"))
    assert (result.due, result.kind, result.suggestion) == (d("2026-02-27"), "correction", "other.no_correction")


def test_third_party_consultation_time_is_not_counted_articles_32_33(db):
    """第三十二条、第三十三条第三款：征求第三方意见所需时间不计算在答复期限内。

    Received 2025-09-25 → due 2025-10-29. Sent 2025-10-09, reply 2025-10-16: 5 working days (10-10, 10-11 调休,
    10-13, 10-14, 10-15, 10-16 → (10-09, 10-16] = 6 working days with the 10-11 makeup day)."""
    sent = ev(EventKind.THIRD_PARTY_SENT, "2025-10-09", pk=1, party="某公司")
    reply = ev(EventKind.THIRD_PARTY_REPLY, "2025-10-16", pk=2, reply_to_id=1)
    result = deadline(case("2025-09-25"), events=[sent, reply], settings=clock.ClockSettings())
    from gongkai.workdays.services import add_workdays, workdays_between

    k = workdays_between(d("2025-10-09"), d("2025-10-16"))
    assert k == 6
    assert result.due == add_workdays(d("2025-10-29"), k).date
    assert any("第三十二条" in line for line in result.lines)


def test_agency_consultation_without_reply_counts_to_its_15_day_limit_article_34(db):
    """第三十四条：被征求意见机关逾期未提出意见的视为同意公开；the shift stops at the 15th working day."""
    sent = ev(EventKind.AGENCY_SENT, "2025-09-26", pk=1, party="县发改局")
    result = deadline(case("2025-09-25"), events=[sent], settings=clock.ClockSettings(), today=d("2025-11-20"))
    assert any("视为同意公开" in line for line in result.lines)
    from gongkai.workdays.services import add_workdays

    assert result.due == add_workdays(d("2025-10-29"), 15).date  # 2025-09-26 + 15 = 2025-10-23 (§7.5)


def test_inclusive_span_also_counts_the_sending_day_articles_32_33(db):
    sent = ev(EventKind.THIRD_PARTY_SENT, "2025-10-09", pk=1, party="某公司")
    reply = ev(EventKind.THIRD_PARTY_REPLY, "2025-10-16", pk=2, reply_to_id=1)
    excl = deadline(case("2025-09-25"), events=[sent, reply], settings=clock.ClockSettings())
    incl = deadline(case("2025-09-25"), events=[sent, reply], settings=clock.ClockSettings(consult_span="inclusive"))
    from gongkai.workdays.services import workdays_between

    assert workdays_between(excl.due, incl.due) == 1


def test_delay_under_article_35_sets_the_date_chosen_by_the_agency(db):
    """第三十五条：确定延迟答复的合理期限并告知申请人。"""
    result = deadline(case("2026-09-18"), events=[ev(EventKind.DELAY_35, "2026-10-10", due=d("2026-12-31"))],
                      settings=clock.ClockSettings())
    assert result.due == d("2026-12-31") and any("第三十五条" in line for line in result.lines)


@pytest.mark.django_db
def test_unpaid_fee_notice_due_and_suggestion_109():
    """国办函〔2020〕109号：收到收费通知次日起20个工作日内缴纳，逾期未缴纳视为放弃申请。"""
    events = [ev(EventKind.FEE_NOTICE, "2026-09-30", amount=100)]
    result = deadline(case("2026-09-18"), events=events, settings=clock.ClockSettings(), today=d("2026-11-04"))
    assert (result.due, result.kind, result.suggestion) == (d("2026-11-03"), "fee", "other.unpaid_fee")


@pytest.mark.django_db
def test_dates_in_an_unloaded_year_are_provisional():
    """2027 is not loaded: a due date that falls there is 暂定 and says so."""
    result = deadline(case("2026-12-15"), events=[], settings=clock.ClockSettings())
    assert result.due.year == 2027 and result.provisional
    assert "暂定" in result.lines[-1]
    assert any("节假日安排未录入" in line for s in result.steps for line in s.details)


@pytest.mark.django_db
def test_start_day_counted_setting_moves_the_due_date_one_working_day_earlier():
    a = deadline(case("2026-09-18"), events=[], settings=clock.ClockSettings())
    b = deadline(case("2026-09-18"), events=[], settings=clock.ClockSettings(start_day_counted=True))
    from gongkai.workdays.services import workdays_between

    assert workdays_between(b.due, a.due) == 1


def test_steps_module_exports_services():
    assert callable(steps.extend)
