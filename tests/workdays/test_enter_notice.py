"""Administrators enter a year's schedule (国务院办公厅 notice) and correct single days; the cache follows."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from gongkai.audit.models import AuditEntry
from gongkai.core.errors import GongkaiError
from gongkai.workdays import services
from gongkai.workdays.models import CalendarDay, CalendarYear

TODAY = date(2026, 11, 25)
# An invented 2027 schedule, for the tests only (not the real notice).
HOLIDAYS_2027 = [
    (date(2027, 1, 1), date(2027, 1, 3), "元旦"),
    (date(2027, 2, 6), date(2027, 2, 13), "春节"),
    (date(2027, 10, 1), date(2027, 10, 7), "国庆节"),
]
MAKEUPS_2027 = [(date(2027, 2, 20), "春节"), (date(2027, 10, 9), "国庆节")]
NOTICE = "国办发明电〔2026〕测试号"


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_user("calendar-admin", password="x-secret-123")


def test_entering_2027_makes_deadlines_final_and_is_audited(admin):
    before = services.add_workdays(date(2026, 12, 30), 5)
    assert before.provisional and before.date == date(2027, 1, 7)  # 元旦 is a fixed-date holiday even then
    assert services.missing_years(TODAY) == [2027]

    year = services.enter_notice(admin, 2027, HOLIDAYS_2027, MAKEUPS_2027, NOTICE, TODAY)

    assert year.loaded and year.source == "manual" and year.notice == NOTICE
    after = services.add_workdays(date(2026, 12, 30), 5)  # the cache was invalidated: the year is now final
    assert not after.provisional and after.date == date(2027, 1, 7)
    assert services.missing_years(TODAY) == []
    assert not services.is_workday(date(2027, 2, 8))
    assert services.is_workday(date(2027, 2, 20))
    assert CalendarDay.objects.get(date=date(2027, 2, 20)).kind == "makeup"
    assert CalendarDay.objects.filter(date__year=2027, source="manual").count() == 3 + 8 + 7 + 2
    entry = AuditEntry.objects.get(action="calendar.year.enter")
    assert entry.actor == admin and entry.data["year"] == 2027 and entry.data["notice"] == NOTICE
    assert entry.data["makeup_days"] == [["2027-02-20", "春节"], ["2027-10-09", "国庆节"]]
    assert entry.object_type == "workdays.calendaryear"


def test_reentering_a_seeded_year_replaces_its_rows(admin):
    services.enter_notice(admin, 2026, [(date(2026, 1, 1), date(2026, 1, 1), "元旦")], [], "更正测试", TODAY)
    assert services.is_workday(date(2026, 2, 16))  # the package's 春节 rows of 2026 are gone
    assert not services.is_workday(date(2026, 1, 1))
    assert not CalendarDay.objects.filter(date__year=2026, source="chinese_calendar").exists()
    entry = AuditEntry.objects.get(action="calendar.year.enter")
    assert entry.data["replaced"]["source"] == "chinese_calendar"


def test_holiday_range_may_start_in_the_previous_year(admin):
    holidays = [(date(2026, 12, 31), date(2027, 1, 2), "元旦")]
    services.enter_notice(admin, 2027, holidays, [], NOTICE, TODAY)
    assert CalendarDay.objects.get(date=date(2026, 12, 31)).name == "元旦"
    assert not services.is_workday(date(2026, 12, 31))


@pytest.mark.parametrize("holidays, makeups, notice, year, field, message", [
    ([(date(2027, 2, 13), date(2027, 2, 6), "春节")], [], NOTICE, 2027, "holidays", "结束日期早于开始日期"),
    ([(date(2027, 2, 6), date(2027, 2, 13), "")], [], NOTICE, 2027, "holidays", "未填写节日名称"),
    ([(date(2026, 10, 1), date(2026, 10, 7), "国庆节")], [], NOTICE, 2027, "holidays", "不在2027年内"),
    ([(date(2026, 11, 20), date(2027, 1, 2), "元旦")], [], NOTICE, 2027, "holidays", "前后相邻月份"),
    ([(date(2027, 2, 1), date(2027, 2, 28), "春节")], [], NOTICE, 2027, "holidays", "过长"),
    ([(date(2027, 2, 6), date(2027, 2, 13), "春节"), (date(2027, 2, 12), date(2027, 2, 14), "元宵")], [], NOTICE,
     2027, "holidays", "重叠"),
    (HOLIDAYS_2027, [(date(2027, 2, 22), "春节")], NOTICE, 2027, "makeup_days", "不是周六或周日"),
    (HOLIDAYS_2027, [(date(2027, 2, 6), "春节")], NOTICE, 2027, "makeup_days", "落在放假区间"),
    (HOLIDAYS_2027, [(date(2027, 2, 20), "春节"), (date(2027, 2, 20), "春节")], NOTICE, 2027, "makeup_days", "重复"),
    (HOLIDAYS_2027, [(date(2025, 2, 22), "春节")], NOTICE, 2027, "makeup_days", "前后相邻月份"),
    (HOLIDAYS_2027, [("2027-02-30", "春节")], NOTICE, 2027, "makeup_days", "不是有效日期"),
    (HOLIDAYS_2027, [], "  ", 2027, "notice", "请填写通知文号"),
    ([], [], NOTICE, 2027, "holidays", "至少录入一个放假区间"),
    (HOLIDAYS_2027, [], NOTICE, 2029, "year", "年度"),
])
def test_enter_notice_refuses_bad_input_in_chinese(admin, holidays, makeups, notice, year, field, message):
    with pytest.raises(GongkaiError) as exc:
        services.enter_notice(admin, year, holidays, makeups, notice, TODAY)
    assert exc.value.field == field
    assert message in exc.value.message
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not AuditEntry.objects.filter(action="calendar.year.enter").exists()


def test_admin_correction_of_one_day_takes_effect_immediately(admin):
    assert services.add_workdays(date(2026, 3, 2), 3).date == date(2026, 3, 5)
    services.set_day(admin, date(2026, 3, 4), "holiday", name="测试", note="更正")
    assert services.add_workdays(date(2026, 3, 2), 3).date == date(2026, 3, 6)
    assert services.calendar().reason(date(2026, 3, 4)) == "测试放假"
    services.set_day(admin, date(2026, 3, 7), "makeup", name="测试")
    assert services.add_workdays(date(2026, 3, 2), 3).date == date(2026, 3, 6)
    assert services.add_workdays(date(2026, 3, 2), 4).date == date(2026, 3, 7)
    services.set_day(admin, date(2026, 3, 4), None)
    assert services.add_workdays(date(2026, 3, 2), 3).date == date(2026, 3, 5)
    edits = AuditEntry.objects.filter(action="calendar.day.edit").order_by("id")
    assert [e.data["date"] for e in edits] == ["2026-03-04", "2026-03-07", "2026-03-04"]
    assert edits[2].data["before"]["kind"] == "holiday" and edits[2].data["after"] is None


def test_admin_correction_refuses_weekday_makeup_and_unloaded_year(admin):
    with pytest.raises(GongkaiError, match="不是周六或周日"):
        services.set_day(admin, date(2026, 3, 4), "makeup")
    with pytest.raises(GongkaiError, match="2027年节假日安排尚未录入"):
        services.set_day(admin, date(2027, 3, 4), "holiday", name="测试")


def test_direct_table_edit_invalidates_the_cached_calendar(db):
    assert services.is_workday(date(2026, 3, 4))
    row = CalendarDay.objects.create(date=date(2026, 3, 4), kind="holiday", name="测试")
    assert not services.is_workday(date(2026, 3, 4))
    row.delete()
    assert services.is_workday(date(2026, 3, 4))
    CalendarYear.objects.filter(year=2026).delete()
    assert services.add_workdays(date(2026, 2, 13), 1).provisional


def test_cache_notices_changes_made_by_another_process(db, monkeypatch):
    cal = services.calendar()
    assert services.calendar() is cal
    CalendarDay.objects.bulk_create([CalendarDay(date=date(2026, 3, 4), kind="holiday", name="测试")])  # no signal
    assert services.calendar() is cal  # within the re-check interval the snapshot is reused
    monkeypatch.setattr(services, "RECHECK_SECONDS", 0.0)
    assert not services.calendar().is_workday(date(2026, 3, 4))


def test_missing_years_warns_about_last_this_and_next_year(db):
    assert services.missing_years(date(2026, 11, 25)) == [2027]
    assert services.missing_years(date(2025, 6, 1)) == []
    assert services.missing_years(date(2003, 6, 1)) == [2002, 2003]
