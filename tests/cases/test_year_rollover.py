"""The year rollover, told as one story: a case received before Christmas, extended by the head, answered in January
of a year whose holidays are not official yet, and counted in both years' reports (条例第三十三条、第四十九条).

The story runs on the services with explicit dates; the last part replays the year end through the office pages with
the clock frozen (time-machine) at moments where the UTC date and the China date differ.
"""

from datetime import UTC, date, datetime

import pytest
import time_machine

from gongkai.cases import decisions, steps
from gongkai.cases.clock import deadline, local_day
from gongkai.cases.models import Application
from gongkai.reports.deadlines import warnings_for
from gongkai.reports.services import create_report, findings_for, refresh_computed
from gongkai.workdays import services as workdays
from gongkai.workdays.models import CalendarDay, CalendarYear

from ..conftest import logged_in
from .conftest import register


@pytest.fixture
def next_year_not_official(db):
    """2027's 节假日安排 has not been published: only weekends and the fixed-date holidays are known."""
    CalendarDay.objects.filter(date__year=2027).delete()
    CalendarYear.objects.filter(year=2027).delete()
    workdays.invalidate()


def t3(report, row, col="natural") -> str:
    return report.cells.get(table="t3", row_key=row, col_key=col).value


def fresh(app):
    return Application.objects.get(pk=app.pk)


def report_warnings(agency, year, today):
    return [w.message for w in warnings_for(agency, today) if w.year == year]


def test_a_case_from_21_december_is_answered_on_20_january_and_counted_in_both_years(
        clerk, head, agency, next_year_not_official):
    # Monday 21 December 2026: a citizen hands in an application at the counter (第三十一条第（一）项).
    app = register(clerk, agency, "2026-12-21", today=date(2026, 12, 21))
    assert app.received_date == date(2026, 12, 21)

    # Its 20 working days (第三十三条第一款) run into 2027, whose holidays are not official: counted Monday–Friday
    # without 1 January, and shown as provisional with the reason on the day it depends on.
    due = deadline(app, today=date(2026, 12, 21))
    assert (due.due, due.provisional) == (date(2027, 1, 19), True)
    trace = "\n".join(line for step in due.steps for line in step.details)
    assert "2027-01-01（星期五） 至 2027-01-03（星期日） 不计：元旦（法定节假日" in trace and "2027年节假日安排未录入" in trace
    assert fresh(app).due_provisional

    # December: the report for 2026 is due by 31 January (第四十九条), but that is not yet worth a warning.
    assert report_warnings(agency, 2026, date(2026, 12, 21)) == []
    assert report_warnings(agency, 2026, date(2026, 12, 31)) == []

    # Tuesday 5 January 2027: the clerk drafts last year's report; the open case is carried over.
    report_2026 = create_report(clerk, agency, 2026, today=date(2027, 1, 5))
    refresh_computed(clerk, report_2026, today=date(2027, 1, 5))
    assert (t3(report_2026, "new"), t3(report_2026, "carried_over"), t3(report_2026, "total")) == ("1", "1", "0")
    # no error in the tables; the narrative is still to be written (S-2 keeps it from being submitted meanwhile)
    assert {f.rule for f in findings_for(report_2026) if f.is_error} == {"S-2"}
    # …and from January the 31 January deadline warns.
    assert report_warnings(agency, 2026, date(2027, 1, 1)) == [
        "2026年度报告应于2027年1月31日前向本级人民政府政务公开办提交，还有 30 天（《中华人民共和国政府信息公开条例》第四十九条第一款）。",
        "2026年度报告应于2027年1月31日前向社会公布，还有 30 天（《中华人民共和国政府信息公开条例》第四十九条第一款）。"]

    # Friday 15 January: the head extends the period by 5 working days (第三十三条第二款); still provisional.
    app = steps.extend(head, fresh(app), days=5, reason="需要调取2025年档案核实", revision=fresh(app).revision,
                       today=date(2027, 1, 15))
    assert (app.due_date, app.due_provisional) == (date(2027, 1, 26), True)

    # Wednesday 20 January: the clerk decides to disclose and the head approves the same day: closed on time.
    app = decisions.decide(clerk, fresh(app), outcome="grant", decision_date=date(2027, 1, 20),
                           text="所申请信息随本答复书提供。", revision=fresh(app).revision, today=date(2027, 1, 20))
    app = decisions.approve(head, fresh(app), revision=fresh(app).revision, today=date(2027, 1, 20))
    assert app.closed_on == date(2027, 1, 20) <= app.due_date

    # Refreshed after the answer, last year's report still counts it where it was on 31 December.
    refresh_computed(clerk, report_2026, today=date(2027, 1, 20))
    assert (t3(report_2026, "carried_over"), t3(report_2026, "grant")) == ("1", "0")

    # The 2027 report counts it under 二、上年结转 and under （一）予以公开, and the carry-over check Y-1 holds.
    report_2027 = create_report(clerk, agency, 2027, today=date(2027, 12, 31))
    refresh_computed(clerk, report_2027, today=date(2027, 12, 31))
    assert (t3(report_2027, "new"), t3(report_2027, "carried_in"), t3(report_2027, "grant")) == ("0", "1", "1")
    assert (t3(report_2027, "total"), t3(report_2027, "carried_over")) == ("1", "0")
    findings = findings_for(report_2027)
    assert not [f for f in findings if f.is_error and f.rule != "S-2"], [f.message for f in findings]
    assert "Y-1" not in {f.rule for f in findings}

    # Breaking the chain is caught: had last year's report said nothing was carried over, Y-1 fails.
    report_2026.cells.filter(table="t3", row_key="carried_over").update(kind="zero", value="0")
    assert "Y-1" in {f.rule for f in findings_for(report_2027) if f.is_error}


def _china(y, m, d, hh, mm):
    """A moment given in China Standard Time, as the UTC instant time-machine needs."""
    from gongkai.core.clock import TZ

    return datetime(y, m, d, hh, mm, tzinfo=TZ).astimezone(UTC)


def test_the_office_counts_the_day_in_china_time_at_the_year_boundary(client, clerk, head, agency,
                                                                   next_year_not_official):
    # 23:50 on 31 December 2026 in China (15:50 UTC): the online application arrives.
    with time_machine.travel(_china(2026, 12, 31, 23, 50), tick=False):
        response = client.post(f"/{agency.code}/apply/", {
            "applicant_type": "natural", "applicant_name": "张三", "id_type": "resident_id",
            "id_number": "11010519491231002X", "phone": "13812345678", "email": "", "address": "",
            "content": "2026年度招商引资项目清单", "purpose": "", "delivery_form": "email"})
        assert response.status_code == 302
        app = Application.objects.get()
        assert local_day(app.arrived_at) == date(2026, 12, 31)
        # no warning about the 2026 report on the office home yet
        logged_in(client, clerk)
        assert "2026年度报告应于2027年1月31日前" not in client.get("/office/").content.decode()

    # 00:30 on 1 January 2027 in China is still 31 December in UTC: the office home now warns.
    with time_machine.travel(_china(2027, 1, 1, 0, 30), tick=False):
        assert "2026年度报告应于2027年1月31日前" in client.get("/office/").content.decode()

    # 07:30 on Monday 4 January 2027 in China (3 January in UTC): the clerk confirms the application; that day is
    # its legal receipt day (第三十一条第（三）项) and its 20 working days run to a provisional 1 February.
    with time_machine.travel(_china(2027, 1, 4, 7, 30), tick=False):
        logged_in(client, clerk)  # a new working day, a new session
        response = client.post(f"/office/cases/{app.pk}/do/confirm/", {"revision": app.revision, "on": "2027-01-04"})
        assert response.status_code == 302
        app = fresh(app)
        assert app.received_date == date(2027, 1, 4)
        assert (app.due_date, app.due_provisional) == (date(2027, 2, 1), True)
        page = client.get(f"/office/cases/{app.pk}/").content.decode()
        assert "2027-02-01" in page and "暂定" in page
        # a new report defaults to last year's, the one due by 31 January
        reports = client.get(f"/office/agency/{agency.code}/reports/").content.decode()
        assert 'name="year" value="2026"' in reports
