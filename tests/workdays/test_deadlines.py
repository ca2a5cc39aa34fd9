"""Statutory deadlines (条例第26、30、32、33条; statutory-spec §4.3 and the §7.5 test vectors)."""

import random
from datetime import date, timedelta

import pytest

from gongkai.core.errors import GongkaiError
from gongkai.workdays import services
from gongkai.workdays.engine import Calendar

from .conftest import d

# statutory-spec §7.5: (start, N, due, due extended by 20 working days or None)
VECTORS = [
    ("2023-01-13", 20, "2023-02-15", None),
    ("2023-09-20", 20, "2023-10-24", None),
    ("2023-12-20", 20, "2024-01-18", None),
    ("2023-12-29", 20, "2024-01-29", None),
    ("2024-01-02", 20, "2024-01-30", "2024-03-01"),
    ("2024-02-01", 20, "2024-03-05", "2024-04-02"),
    ("2024-02-08", 7, "2024-02-23", None),
    ("2024-04-01", 20, "2024-04-29", "2024-05-29"),
    ("2024-04-25", 20, "2024-05-24", "2024-06-24"),
    ("2024-09-10", 20, "2024-10-14", "2024-11-11"),
    ("2024-09-27", 20, "2024-10-30", "2024-11-27"),
    ("2024-12-20", 20, "2025-01-20", "2025-02-21"),
    ("2025-01-20", 20, "2025-02-21", "2025-03-21"),
    ("2025-01-24", 7, "2025-02-10", None),
    ("2025-04-25", 20, "2025-05-27", "2025-06-25"),
    ("2025-09-25", 20, "2025-10-29", "2025-11-26"),
    ("2025-09-26", 15, "2025-10-23", None),
    ("2025-12-29", 20, "2026-01-27", "2026-03-02"),
    ("2026-01-01", 20, "2026-01-29", "2026-03-04"),
    ("2026-02-10", 20, "2026-03-16", "2026-04-14"),
    ("2026-02-13", 7, "2026-03-02", None),
    ("2026-04-28", 20, "2026-05-28", "2026-06-26"),
    ("2026-09-18", 20, "2026-10-22", "2026-11-19"),
    ("2026-09-30", 20, "2026-11-03", "2026-12-01"),
]
ARTICLE = {20: "第33条答复期限", 7: "第30条补正告知", 15: "第32条第三方意见"}


@pytest.mark.django_db
@pytest.mark.parametrize("start, n, due, extended", VECTORS, ids=[f"{v[0]}+{v[1]}" for v in VECTORS])
def test_due_date_is_nth_workday_after_receipt_articles_30_32_33(start, n, due, extended):
    """Vectors of statutory-spec §7.5: the receipt day is not counted, the Nth working day after it is due."""
    result = services.add_workdays(d(start), n)
    assert result.date == d(due), ARTICLE[n]
    assert not result.provisional
    assert result.unloaded_years == set()
    if extended:  # 第33条第二款: extension of at most 20 working days, counted from the original due date
        assert services.add_workdays(result.date, 20).date == d(extended)
        assert services.shift_by_workdays(result.date, 20).date == d(extended)


@pytest.mark.parametrize("start, n, due, extended", VECTORS, ids=[f"{v[0]}+{v[1]}" for v in VECTORS])
def test_package_snapshot_gives_the_same_due_dates(package_calendar, start, n, due, extended):
    assert services.add_workdays(d(start), n, cal=package_calendar).date == d(due)


def test_answer_due_is_20_workdays_after_receipt_article_33(cal):
    assert services.add_workdays(date(2024, 2, 1), 20, cal=cal).date == date(2024, 3, 5)


def test_makeup_workday_is_counted_and_holiday_skipped_section_7_1(cal):
    # 2024-02-03 (Sat) rest, 2024-02-04 (Sun) 调休上班 → the 2nd working day after Friday 2024-02-02 is Sunday
    assert services.add_workdays(date(2024, 2, 2), 1, cal=cal).date == date(2024, 2, 4)
    # the 春节 holiday 02-10 … 02-17 is skipped: the next working day after 2024-02-09 is 调休 Sunday 02-18
    assert services.add_workdays(date(2024, 2, 9), 1, cal=cal).date == date(2024, 2, 18)
    assert services.workdays_between(date(2024, 2, 9), date(2024, 2, 17), cal) == 0


def test_explanation_names_spring_festival_and_makeup_day_section_4_3(cal):
    result = services.add_workdays(date(2024, 2, 1), 20, cal=cal)
    steps = result.explain()
    assert steps[0].date == date(2024, 2, 1) and not steps[0].counted
    counted = [s for s in steps if s.counted]
    assert [s.ordinal for s in counted] == list(range(1, 21))
    assert counted[-1].date == result.date
    by_date = {s.date: s for s in steps}
    assert by_date[date(2024, 2, 4)].reason == "调休上班（春节）" and by_date[date(2024, 2, 4)].ordinal == 2
    assert by_date[date(2024, 2, 12)].reason == "春节放假" and not by_date[date(2024, 2, 12)].counted
    assert by_date[date(2024, 2, 3)].reason == "周六"
    assert by_date[date(2024, 2, 5)].reason == "工作日"
    text = result.explain_text()
    assert text[0] == "起算日 2024-02-01（星期四），当日不计入"
    assert any("春节放假" in line for line in text)
    assert any("调休上班（春节）" in line for line in text)
    assert text[-1].startswith("届满日 2024-03-05（星期二）")


def test_start_day_counted_when_configured_section_4_3(cal):
    # counting the receipt day itself (configurable convention): 2024-02-01 is then the 1st working day
    result = services.add_workdays(date(2024, 2, 1), 20, count_start=True, cal=cal)
    assert result.date == date(2024, 3, 4)
    assert result.explain()[0].counted and result.explain()[0].ordinal == 1
    assert result.explain_text()[0].endswith("当日计入")
    # a start day that is a holiday is not counted even then
    assert services.add_workdays(date(2024, 2, 12), 1, count_start=True, cal=cal).date == date(2024, 2, 18)


def test_unloaded_year_2027_is_provisional_skips_weekends_and_fixed_holidays_and_never_raises(cal):
    """2027 is not loaded: weekends and the fixed-date statutory holidays (元旦 01-01) are rest days; 暂定."""
    result = services.add_workdays(date(2026, 12, 20), 20, cal=cal)
    assert result.date == date(2027, 1, 18)
    assert result.provisional and result.unloaded_years == {2027}
    assert "2027年节假日安排未录入" in result.provisional_note()
    reasons = {s.date: s.reason for s in result.explain()}
    assert reasons[date(2027, 1, 1)].startswith("元旦（法定节假日")
    assert reasons[date(2027, 1, 4)] == "2027年节假日安排未录入，按周一至周五计算（暂定）"
    assert reasons[date(2027, 1, 2)] == "周六"
    assert "暂定" in result.explain_text()[-1]
    far = services.add_workdays(date(2030, 6, 1), 20, cal=cal)  # beyond the precomputed span too
    assert far.provisional and far.unloaded_years == {2030} and far.date == date(2030, 6, 28)
    assert not services.is_workday(date(2027, 1, 1), cal)
    # 261 weekdays in 2027, minus 01-01 (Fri) and 10-01 (Fri); 05-01/02 and 10-02/03 fall on weekends
    assert services.workdays_between(date(2026, 12, 31), date(2027, 12, 31), cal) == 259


@pytest.mark.parametrize("day", ["2027-01-01", "2027-05-03", "2028-05-01", "2028-05-02", "2027-10-01",
                                 "2029-10-02", "2029-10-03", "2035-05-01"])
def test_fixed_date_statutory_holidays_are_rest_days_in_unloaded_years_holiday_measures(cal, day):
    """《全国年节及纪念日放假办法》（2024年修订）: 元旦1月1日、劳动节5月1日和2日、国庆节10月1日至3日 — known without
    the yearly notice, so a provisional date never counts them as working days (statutory-spec §7.5: at least
    2027-01-01 is a statutory holiday). 2027-05-03 is a Monday and an ordinary (provisional) working day."""
    d = date.fromisoformat(day)
    expected_workday = day == "2027-05-03"
    assert services.is_workday(d, cal) is expected_workday
    far = Calendar([], range(2004, 2027), span_years=(2004, 2027))  # 2028+ outside the precomputed span
    assert far.is_workday(d) is expected_workday


def test_fixed_holidays_do_not_override_a_loaded_year(cal):
    """In a loaded year the notice decides: 2026-10-08 is a holiday, 2026-10-10 (Sat) a make-up working day."""
    assert not services.is_workday(date(2026, 1, 1), cal)
    assert services.is_workday(date(2026, 10, 10), cal)
    assert services.workdays_between(date(2025, 12, 31), date(2026, 12, 31), cal) == 248


def test_start_on_december_31_examines_only_the_next_year(cal):
    result = services.add_workdays(date(2026, 12, 31), 1, cal=cal)
    assert result.date == date(2027, 1, 4) and result.unloaded_years == {2027}
    assert not services.add_workdays(date(2025, 12, 31), 1, cal=cal).provisional


def test_zero_workdays_returns_the_start_day(cal):
    result = services.add_workdays(date(2024, 2, 10), 0, cal=cal)
    assert result.date == date(2024, 2, 10) and not result.provisional


@pytest.mark.parametrize("bad", [-1, 1.5, "20", True, 10_001])
def test_bad_number_of_workdays_is_refused_in_chinese(cal, bad):
    with pytest.raises(GongkaiError) as exc:
        services.add_workdays(date(2024, 2, 1), bad, cal=cal)
    assert "工作日数" in exc.value.message


def test_workdays_between_counts_after_a_up_to_and_including_b(cal):
    assert services.workdays_between(date(2024, 2, 1), date(2024, 3, 5), cal) == 20
    assert services.workdays_between(date(2024, 3, 5), date(2024, 2, 1), cal) == -20
    assert services.workdays_between(date(2024, 2, 1), date(2024, 2, 1), cal) == 0


def test_consultation_time_is_excluded_by_shifting_the_due_date_article_33_paragraph_3(cal):
    due = services.add_workdays(date(2024, 4, 1), 20, cal=cal).date  # 2024-04-29
    spent = services.workdays_between(date(2024, 4, 10), date(2024, 4, 19), cal)  # consultation: 7 working days
    assert spent == 7
    assert services.shift_by_workdays(due, spent, cal=cal).date == date(2024, 5, 11)  # 调休上班（劳动节）
    with pytest.raises(GongkaiError):
        services.shift_by_workdays(due, -1, cal=cal)


def test_add_and_between_agree_and_fast_path_matches_day_by_day_walk(package_calendar):
    rng = random.Random(33)
    # the same data with a precomputed span that covers nothing: every call takes the day-by-day walk
    walk = Calendar(package_calendar_rows(), range(2004, 2027), span_years=(1990, 1990))
    for _ in range(400):
        start = date(2004, 1, 1) + timedelta(days=rng.randrange(0, 23 * 365 - 60))
        n = rng.randrange(0, 45)
        for count_start in (False, True):
            fast = package_calendar.add(start, n, count_start)
            assert walk.add(start, n, count_start).date == fast.date
            counted = [s for s in fast.explain() if s.counted]
            assert len(counted) == n and (n == 0 or counted[-1].date == fast.date)
        fast = package_calendar.add(start, n)
        assert package_calendar.between(start, fast.date) == n
        assert walk.between(start, fast.date) == n


def test_empty_calendar_counts_monday_to_friday_only():
    cal = Calendar([], [])
    assert cal.add(date(2024, 2, 1), 20).date == date(2024, 2, 29)
    assert cal.add(date(2024, 2, 1), 20).provisional


def package_calendar_rows():
    from gongkai.workdays.seed import official_days

    return [row for year in range(2004, 2027) for row in official_days(year)]
