"""Section 六 of the annual report: fee figures computed from the fee events (国办函〔2020〕109号)."""

from datetime import date

from gongkai.cases import steps
from gongkai.cases.compute import provider
from gongkai.reports.compute import section_six

d = date.fromisoformat


def test_no_fee_events_means_zero_notices_and_zero_collected(agency, today):
    assert provider.section_six(agency, today.year) == {
        "fee_notices": 0, "fee_notice_amount": 0, "fees_collected": 0,
        "note": f"依申请公开台账：{today.year}年内发出的收费通知和收到的缴费"}


def test_fee_notices_and_payments_of_the_year_are_counted_109(make_case, clerk, agency, today, head):
    paid = make_case("2026-11-02")
    paid = steps.fee_notice(head, paid, pages=120, on=d("2026-11-05"), revision=paid.revision, today=today)
    steps.fee_paid(clerk, paid, on=d("2026-11-10"), revision=paid.revision, today=today)
    unpaid = make_case("2026-11-02")
    steps.fee_notice(head, unpaid, pages=50, on=d("2026-11-06"), revision=unpaid.revision, today=today)
    figures = section_six(agency, 2026)
    assert (figures["fee_notices"], figures["fee_notice_amount"], figures["fees_collected"]) == (2, 1100 + 200, 1100)
    assert section_six(agency, 2025)["fee_notices"] == 0
