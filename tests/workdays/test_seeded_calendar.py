"""The seed migration reproduces the State Council holiday notices of statutory-spec §7 (2023–2026)."""

from datetime import date, timedelta

import pytest

from gongkai.workdays import services
from gongkai.workdays.models import CalendarDay, CalendarYear

# statutory-spec §7.1b–§7.4: (holiday ranges, make-up working days) as published by 国务院办公厅
SPEC = {
    2023: (
        [("2022-12-31", "2023-01-02", "元旦"), ("2023-01-21", "2023-01-27", "春节"), ("2023-04-05", "2023-04-05", "清明节"),
         ("2023-04-29", "2023-05-03", "劳动节"), ("2023-06-22", "2023-06-24", "端午节"),
         ("2023-09-29", "2023-10-06", "中秋节")],
        ["2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07", "2023-10-08"],
    ),
    2024: (
        [("2023-12-30", "2024-01-01", "元旦"), ("2024-02-10", "2024-02-17", "春节"), ("2024-04-04", "2024-04-06", "清明节"),
         ("2024-05-01", "2024-05-05", "劳动节"), ("2024-06-08", "2024-06-10", "端午节"),
         ("2024-09-15", "2024-09-17", "中秋节"), ("2024-10-01", "2024-10-07", "国庆节")],
        ["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12"],
    ),
    2025: (
        [("2025-01-01", "2025-01-01", "元旦"), ("2025-01-28", "2025-02-04", "春节"), ("2025-04-04", "2025-04-06", "清明节"),
         ("2025-05-01", "2025-05-05", "劳动节"), ("2025-05-31", "2025-06-02", "端午节"),
         ("2025-10-01", "2025-10-08", "国庆节")],
        ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
    ),
    2026: (
        [("2026-01-01", "2026-01-03", "元旦"), ("2026-02-15", "2026-02-23", "春节"), ("2026-04-04", "2026-04-06", "清明节"),
         ("2026-05-01", "2026-05-05", "劳动节"), ("2026-06-19", "2026-06-21", "端午节"),
         ("2026-09-25", "2026-09-27", "中秋节"), ("2026-10-01", "2026-10-07", "国庆节")],
        ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
    ),
}

WORKDAYS_PER_YEAR = {2023: 249, 2024: 251, 2025: 248, 2026: 248}  # statutory-spec §7.1b–§7.4 (自算)


def days(start: str, end: str):
    day, last = date.fromisoformat(start), date.fromisoformat(end)
    while day <= last:
        yield day
        day += timedelta(days=1)


@pytest.mark.parametrize("year", sorted(SPEC))
def test_seeded_year_matches_state_council_notice_section_7(cal, year):
    holidays, makeups = SPEC[year]
    closed = {day for start, end, _ in holidays for day in days(start, end) if day.weekday() < 5 and day.year == year}
    makeup_days = {date.fromisoformat(x) for x in makeups}
    for day in days(f"{year}-01-01", f"{year}-12-31"):
        expected = day in makeup_days or (day.weekday() < 5 and day not in closed)
        assert services.is_workday(day, cal) is expected, day


@pytest.mark.parametrize("year, count", sorted(WORKDAYS_PER_YEAR.items()))
def test_working_days_per_year_section_7(cal, year, count):
    assert services.year_workdays(year, cal) == count


@pytest.mark.parametrize("year", sorted(SPEC))
def test_seeded_holidays_carry_the_chinese_festival_name(db, year):
    holidays, makeups = SPEC[year]
    for start, end, name in holidays:
        for day in days(start, end):
            row = CalendarDay.objects.filter(date=day).first()
            if day.weekday() < 5:  # weekday holidays are always stored; weekend ones only when the package has them
                assert row is not None and row.kind == "holiday" and not row.is_workday, day
            if row is not None:
                # 2023 and 2025: 中秋节 and 国庆节 run together as one holiday
                accepted = {"中秋节", "国庆节"} if name in {"中秋节", "国庆节"} else {name}
                assert row.name in accepted, (day, row.name)
    for x in makeups:
        row = CalendarDay.objects.get(date=x)
        assert row.kind == "makeup" and row.is_workday and row.source == "chinese_calendar"


def test_new_year_eve_2024_02_09_is_a_working_day_section_7_2(cal):
    """通知只“鼓励”除夕休息：2024-02-09(五) 不是法定放假日。"""
    assert services.is_workday(date(2024, 2, 9), cal)
    assert services.is_workday(date(2024, 2, 4), cal)  # 调休上班（日）
    assert services.is_workday(date(2024, 2, 18), cal)  # 调休上班（日）
    assert not services.is_workday(date(2024, 2, 12), cal)


def test_years_2004_to_2026_are_loaded_with_their_notices(db):
    loaded = set(CalendarYear.objects.filter(loaded=True).values_list("year", flat=True))
    assert loaded == set(range(2004, 2027))
    assert CalendarYear.objects.get(year=2025).notice == "国办发明电〔2024〕12号"
    assert CalendarYear.objects.get(year=2026).notice == "国办发明电〔2025〕7号"
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_only_exceptions_to_monday_friday_are_stored(db):
    for row in CalendarDay.objects.all():
        if row.kind == "makeup":
            assert row.date.weekday() >= 5, row
        assert row.is_workday == (row.kind == "makeup")
    names = set(CalendarDay.objects.values_list("name", flat=True))
    assert names <= {"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节", "抗战胜利纪念日"}
    assert CalendarDay.objects.get(date=date(2015, 9, 3)).name == "抗战胜利纪念日"


def test_seeded_tables_agree_with_the_package_every_day_2004_to_2026(cal):
    import chinese_calendar

    day = date(2004, 1, 1)
    while day.year <= 2026:
        assert cal.is_workday(day) is chinese_calendar.is_workday(day), day
        day += timedelta(days=1)
