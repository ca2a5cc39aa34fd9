"""`gongkai demo` works whatever today is: the demo is loaded as of many hard days, each in a database rolled back
afterwards, and must finish, leave a case open at every stage, and produce reports that validate.

The days: the real today and the six days after it (what a newcomer runs), the working days just before and after
each holiday block of the current year (the latest year whose official calendar ships with chinese_calendar), a
调休 make-up Saturday, 31 December of that year, 1–4 January and 31 January of the year after (no official calendar
yet: its deadlines are provisional) and 29 February 2028.
"""

from __future__ import annotations

import os
from datetime import date, timedelta

import pytest
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.cases.models import Application, CaseEvent, EventKind, Status
from gongkai.demo.load import load_demo
from gongkai.reports.models import Report
from gongkai.reports.services import findings_for
from gongkai.workdays.seed import official_days, package_years


def _is_workday(d: date, off: set[date], makeup: set[date]) -> bool:
    return d in makeup or (d.weekday() < 5 and d not in off)


def holiday_neighbours(year: int) -> list[date]:
    """The working day just before and just after each holiday block of `year` (official data)."""
    rows = official_days(year)
    off = {d for d, kind, _n, _note in rows if kind == "holiday"}
    makeup = {d for d, kind, _n, _note in rows if kind == "makeup"}
    days = []
    for d in sorted(off):
        if d - timedelta(days=1) not in off:  # first day of a block
            before = d - timedelta(days=1)
            while not _is_workday(before, off, makeup):
                before -= timedelta(days=1)
            days.append(before)
        if d + timedelta(days=1) not in off:  # last day of a block
            after = d + timedelta(days=1)
            while not _is_workday(after, off, makeup):
                after += timedelta(days=1)
            days.append(after)
    return days


def makeup_saturday(year: int) -> date:
    return next(d for d, kind, _n, _note in official_days(year) if kind == "makeup" and d.weekday() == 5)


def hard_days() -> list[date]:
    last_loaded = package_years()[1]
    real = timezone.localdate()
    current = min(real.year, last_loaded)
    unloaded = last_loaded + 1
    days = {real + timedelta(days=i) for i in range(7)}
    days |= set(holiday_neighbours(current))
    days |= {makeup_saturday(current), date(unloaded - 1, 12, 31), date(unloaded, 1, 31), date(2028, 2, 29)}
    days |= {date(unloaded, 1, d) for d in range(1, 5)}
    return sorted(days)


def postgres_days(days: list[date]) -> list[date]:
    """PostgreSQL repeats the hardest few: the real today, the year end into an unloaded year, a make-up Saturday."""
    real = timezone.localdate()
    unloaded = package_years()[1] + 1
    keep = {real, date(unloaded - 1, 12, 31), date(unloaded, 1, 4), date(unloaded, 1, 31),
            makeup_saturday(min(real.year, unloaded - 1))}
    return [d for d in days if d in keep]


ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
DAYS = postgres_days(hard_days()) if ON_POSTGRES else hard_days()


def open_stages(agency) -> dict[str, int]:
    """How many open demo cases wait at each stage of 条例第四十五条 (登记 → 审核 → 办理 → 答复)."""
    cases = Application.objects.of(agency)
    waiting_reply = CaseEvent.objects.filter(application__agency=agency, kind=EventKind.THIRD_PARTY_SENT,
                                             application__status__in=[Status.REVIEW, Status.PROCESSING])
    replied = set(CaseEvent.objects.filter(application__agency=agency, kind=EventKind.THIRD_PARTY_REPLY)
                  .values_list("reply_to_id", flat=True))
    return {
        "待确认收到": cases.unconfirmed().count(),
        "已收到待审核": cases.filter(status=Status.REVIEW, section=None, outcome="").exclude(due_kind="correction").count(),
        "已分办科室": cases.open().exclude(section=None).count(),
        "等待补正": cases.open().filter(due_kind="correction").count(),
        "征求第三方意见": sum(1 for e in waiting_reply if e.pk not in replied),
        "待负责人审批": cases.open().exclude(outcome="").filter(approved_at=None).count(),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_demo_loads_and_validates_on(day):
    load_demo(day)
    agency = Agency.objects.get(code="jiaxiang-shangwu")
    stages = open_stages(agency)
    assert all(stages.values()), stages
    reports = list(Report.objects.filter(agency=agency))
    assert {day.year - 1, 2020, 2021} <= {r.year for r in reports}
    for report in reports:
        errors = [f.message for f in findings_for(report) if f.is_error]
        assert not errors, (report.year, errors)
    # nothing the office did happened after the demo's today
    assert not CaseEvent.objects.filter(date__gt=day).exists()
    assert not Application.objects.filter(received_date__gt=day).exists()


def test_the_hard_days_cover_what_the_calendar_makes_hard():
    days = hard_days()
    last_loaded = package_years()[1]
    assert date(last_loaded + 1, 1, 1) in days and date(last_loaded, 12, 31) in days
    assert any(d.weekday() == 5 and d.year == min(timezone.localdate().year, last_loaded) for d in days)
    assert len(holiday_neighbours(2026)) == 14  # seven holiday blocks in 2026, a day on each side
    assert makeup_saturday(2026) == date(2026, 2, 14)
