"""Working-day services: the cached calendar, deadline arithmetic, and entering a year's holiday schedule.

The tables (CalendarDay, CalendarYear) are the source of truth; chinese_calendar is used only to seed them.
Every function takes an optional `cal` (a Calendar snapshot) so callers and tests can pass their own.
"""

import threading
import time
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Max, Q

from gongkai.core import params
from gongkai.core.errors import GongkaiError

from .engine import Calendar, WorkdayResult, check_count, day_label
from .models import CalendarDay, CalendarYear, DayKind, Source

# Another process (another app server) may change the tables: re-check their fingerprint this often.
RECHECK_SECONDS = 30.0

__all__ = [
    "Calendar", "WorkdayResult", "calendar", "invalidate", "invalidate_after_change", "load_calendar", "add_workdays", "shift_by_workdays",
    "workdays_between", "is_workday", "unloaded_years", "year_workdays", "missing_years", "enter_notice", "set_day",
    "loaded_schedule", "schedule_calendar", "differences", "apply_schedule",
]


# --- the cached snapshot ---------------------------------------------------------------------------------------
class _Cache:
    cal: Calendar | None = None
    version = 0  # bumped by invalidate()
    built_version = -1
    checked_at = 0.0


_cache = _Cache()
_lock = threading.Lock()


def invalidate() -> None:
    """Forget the cached calendar (called by the post_save/post_delete signals and after bulk writes)."""
    _cache.version += 1


def invalidate_after_change() -> None:
    """Forget the snapshot now and again when the surrounding transaction commits (so that no other thread keeps
    a snapshot read before the commit)."""
    invalidate()
    transaction.on_commit(invalidate)


def _fingerprint() -> tuple:
    days = CalendarDay.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    years = CalendarYear.objects.aggregate(n=Count("id"), t=Max("updated_at"), loaded=Count("id", filter=Q(loaded=True)))
    return days["n"], days["t"], years["n"], years["t"], years["loaded"]


def load_calendar() -> Calendar:
    """A fresh snapshot of the tables."""
    fingerprint = _fingerprint()
    loaded = CalendarYear.objects.filter(loaded=True).values_list("year", flat=True)
    days = CalendarDay.objects.values_list("date", "kind", "name")
    return Calendar(list(days), list(loaded), fingerprint=fingerprint)


def calendar() -> Calendar:
    """The cached snapshot; reloaded after a change in this process, or when another process changed the tables."""
    cal = _cache.cal
    if cal is not None and _cache.built_version == _cache.version:
        now = time.monotonic()
        if now - _cache.checked_at < RECHECK_SECONDS:
            return cal
        _cache.checked_at = now
        if _fingerprint() == cal.fingerprint:
            return cal
    with _lock:
        version = _cache.version
        cal = load_calendar()
        _cache.cal, _cache.built_version, _cache.checked_at = cal, version, time.monotonic()
    return cal


# --- arithmetic --------------------------------------------------------------------------------------------------
def add_workdays(start: date, n: int, *, count_start: bool = False, cal: Calendar | None = None) -> WorkdayResult:
    """The due date "自start之日起n个工作日": by default start is not counted and the nth working day after it is
    returned (statutory-spec §4.3). `.provisional` is True when a year examined is not loaded (weekends only)."""
    return (cal or calendar()).add(start, n, count_start)


def shift_by_workdays(due: date, k: int, *, cal: Calendar | None = None) -> WorkdayResult:
    """Move a due date k working days later, e.g. for consultation time that is not counted (条例第33条第三款)."""
    check_count(k, "顺延的工作日数")
    return (cal or calendar()).add(due, k, False)


def workdays_between(a: date, b: date, cal: Calendar | None = None) -> int:
    """Working days after a up to and including b, i.e. in (a, b]; negative when b is before a.

    So add_workdays(a, workdays_between(a, b)).date == b whenever b is a working day after a.
    """
    return (cal or calendar()).between(a, b)


def is_workday(d: date, cal: Calendar | None = None) -> bool:
    return (cal or calendar()).is_workday(d)


def unloaded_years(a: date, b: date, cal: Calendar | None = None) -> set[int]:
    return (cal or calendar()).unloaded_years(a, b)


def year_workdays(year: int, cal: Calendar | None = None) -> int:
    """Number of working days in a calendar year."""
    return workdays_between(date(year - 1, 12, 31), date(year, 12, 31), cal)


def missing_years(today: date, cal: Calendar | None = None) -> list[int]:
    """Last, this and next year whose holiday schedule is not loaded (for a warning to administrators)."""
    loaded = (cal or calendar()).loaded_years
    return [y for y in (today.year - 1, today.year, today.year + 1) if y not in loaded]


# --- entering a year's schedule ----------------------------------------------------------------------------------
MAX_HOLIDAY_DAYS = 15


def _as_date(value, what: str, field: str) -> date:
    try:
        return params.as_date(value)
    except ValueError:
        raise GongkaiError(f"{what}“{value}”不是有效日期（格式：2025-01-28）", field=field) from None


def _validate_notice(year, holidays, makeup_days, notice, today):
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= today.year + 1:
        raise GongkaiError(f"年度应为2000年至{today.year + 1}年之间的整数（放假安排通常于上一年年底公布）",
                           field="year")
    notice = (notice or "").strip()
    if not notice:
        raise GongkaiError("请填写通知文号（如：国办发明电〔2025〕7号）", field="notice")
    if not holidays:
        raise GongkaiError("请至少录入一个放假区间", field="holidays")
    window_start, window_end = date(year - 1, 12, 1), date(year + 1, 1, 31)
    first_day, last_day = date(year, 1, 1), date(year, 12, 31)
    ranges = []
    for i, item in enumerate(holidays, start=1):
        try:
            start, end, name = item
        except (TypeError, ValueError):
            raise GongkaiError(f"第{i}个放假区间应包含开始日期、结束日期和节日名称", field="holidays") from None
        label = f"第{i}个放假区间"
        name = (name or "").strip()
        if not name:
            raise GongkaiError(f"{label}未填写节日名称", field="holidays")
        label = f"{label}（{name}）"
        start = _as_date(start, f"{label}的开始日期", "holidays")
        end = _as_date(end, f"{label}的结束日期", "holidays")
        if end < start:
            raise GongkaiError(f"{label}的结束日期早于开始日期", field="holidays")
        if end < first_day or start > last_day:
            raise GongkaiError(f"{label}不在{year}年内（放假区间至少应有一天在本年度）", field="holidays")
        if start < window_start or end > window_end:
            raise GongkaiError(f"{label}超出{year}年及其前后相邻月份的范围", field="holidays")
        if (end - start).days + 1 > MAX_HOLIDAY_DAYS:
            raise GongkaiError(f"{label}过长（最多{MAX_HOLIDAY_DAYS}天），请核对日期", field="holidays")
        ranges.append((start, end, name))
    ranges.sort()
    for (_s1, e1, n1), (s2, _e2, n2) in zip(ranges, ranges[1:], strict=False):
        if s2 <= e1:
            raise GongkaiError(f"放假区间“{n1}”与“{n2}”重叠（{day_label(s2)}）", field="holidays")
    makeups, seen = [], set()
    for i, item in enumerate(makeup_days or [], start=1):
        try:
            d, name = item
        except (TypeError, ValueError):
            raise GongkaiError(f"第{i}个调休上班日应包含日期和节日名称", field="makeup_days") from None
        d = _as_date(d, f"第{i}个调休上班日", "makeup_days")
        name = (name or "").strip()
        if d.weekday() < 5:
            raise GongkaiError(f"调休上班日 {day_label(d)} 不是周六或周日", field="makeup_days")
        if not window_start <= d <= window_end:
            raise GongkaiError(f"调休上班日 {day_label(d)} 不在{year}年及其前后相邻月份的范围内", field="makeup_days")
        if d in seen:
            raise GongkaiError(f"调休上班日 {day_label(d)} 重复录入", field="makeup_days")
        for s, e, hname in ranges:
            if s <= d <= e:
                raise GongkaiError(f"调休上班日 {day_label(d)} 落在放假区间（{hname}）内", field="makeup_days")
        seen.add(d)
        makeups.append((d, name))
    return ranges, sorted(makeups), notice


def enter_notice(actor, year: int, holidays: list, makeup_days: list, notice: str, today: date,
                 source: str = Source.MANUAL) -> CalendarYear:
    """Enter a year's schedule from the State Council notice: holidays [(start, end, name)], makeup days
    [(date, name)]. Replaces that year's rows, marks the year loaded, and writes an audit entry, in one transaction.
    """
    from gongkai.audit.services import record

    ranges, makeups, notice = _validate_notice(year, holidays, makeup_days, notice, today)
    rows: dict[date, CalendarDay] = {}
    for start, end, name in ranges:
        d = start
        while d <= end:
            rows[d] = CalendarDay(date=d, kind=DayKind.HOLIDAY, is_workday=False, name=name, source=source)
            d += timedelta(days=1)
    for d, name in makeups:
        rows[d] = CalendarDay(date=d, kind=DayKind.MAKEUP, is_workday=True, name=name, source=source)
    with transaction.atomic():
        previous = CalendarYear.objects.select_for_update().filter(year=year).first()
        replaced = CalendarDay.objects.filter(Q(date__year=year) | Q(date__in=list(rows))).count()
        CalendarDay.objects.filter(Q(date__year=year) | Q(date__in=list(rows))).delete()
        CalendarDay.objects.bulk_create(rows[d] for d in sorted(rows))
        entry, _ = CalendarYear.objects.update_or_create(
            year=year, defaults={"loaded": True, "source": source, "notice": notice[:100]})
        invalidate_after_change()
        record("calendar.year.enter", actor=actor, obj=entry, data={
            "year": year,
            "notice": notice,
            "holidays": [[s.isoformat(), e.isoformat(), n] for s, e, n in ranges],
            "makeup_days": [[d.isoformat(), n] for d, n in makeups],
            "replaced": {"source": previous.source if previous else None,
                         "notice": previous.notice if previous else None, "rows": replaced},
            "entered_on": today.isoformat(),
            "workdays": year_workdays(year, cal=load_calendar()),
        })
    return entry


def set_day(actor, day: date, kind: str | None, name: str = "", note: str = "") -> CalendarDay | None:
    """An administrator's correction of one day: kind "holiday", "makeup", or None to restore the Monday–Friday
    rule for that day. The year must be loaded. Audited as calendar.day.edit."""
    from gongkai.audit.services import record

    day = _as_date(day, "日期", "date")
    if kind not in (DayKind.HOLIDAY, DayKind.MAKEUP, None):
        raise GongkaiError("类型只能是“放假”或“调休上班”", field="kind")
    if kind == DayKind.MAKEUP and day.weekday() < 5:
        raise GongkaiError(f"调休上班日 {day_label(day)} 不是周六或周日", field="date")
    with transaction.atomic():
        if not CalendarYear.objects.filter(year=day.year, loaded=True).exists():
            raise GongkaiError(f"{day.year}年节假日安排尚未录入，请先录入全年安排", field="date")
        row = CalendarDay.objects.select_for_update().filter(date=day).first()
        before = {"kind": row.kind, "name": row.name, "note": row.note, "source": row.source} if row else None
        if kind is None:
            if row:
                row.delete()
            row = None
        else:
            row = row or CalendarDay(date=day)
            row.kind, row.name, row.note, row.source = kind, (name or "").strip(), (note or "").strip(), Source.MANUAL
            row.save()
        invalidate_after_change()
        after = {"kind": row.kind, "name": row.name, "note": row.note, "source": row.source} if row else None
        record("calendar.day.edit", actor=actor, obj=row,
               data={"date": day.isoformat(), "before": before, "after": after})
    return row


# --- a year's schedule from the State Council notice ---------------------------------------------------------------
def loaded_schedule(year: int):
    """The schedule of `year` as the tables hold it now (for amending it with a later notice)."""
    from .notice import schedule_from_rows

    schedule = schedule_from_rows(year, CalendarDay.objects.filter(date__year=year).values_list("date", "kind", "name"))
    entry = CalendarYear.objects.filter(year=year).first()
    schedule.reference = entry.notice if entry else ""
    return schedule


def schedule_calendar(schedule, cal: Calendar | None = None) -> Calendar:
    """The calendar as it would be with `schedule` entered (the other years as loaded now)."""
    cal = cal or calendar()
    own = {d for b in schedule.blocks for d in b.days()} | {d for d, _ in schedule.makeup}
    rows = [(d, kind, name) for d, kind, name in CalendarDay.objects.values_list("date", "kind", "name")
            if d.year != schedule.year and d not in own]
    rows += [(d, DayKind.HOLIDAY, b.name) for b in schedule.blocks for d in b.days()]
    rows += [(d, DayKind.MAKEUP, name) for d, name in schedule.makeup]
    return Calendar(rows, set(cal.loaded_years) | {schedule.year})


def differences(schedule, cal: Calendar | None = None) -> list[tuple[date, str, str]]:
    """Every day whose status (working or not, which holiday) changes when `schedule` is entered:
    (day, label now, label after) in Chinese."""
    cal = cal or calendar()
    new = schedule_calendar(schedule, cal)
    first = min([date(schedule.year, 1, 1)] + [b.start for b in schedule.blocks] + [d for d, _ in schedule.makeup])
    out, d = [], first
    while d <= date(schedule.year, 12, 31):
        if cal.status(d) != new.status(d):
            out.append((d, cal.label(d), new.label(d)))
        d += timedelta(days=1)
    return out


def apply_schedule(actor, schedule, *, today: date) -> tuple[CalendarYear, list]:
    """Enter a schedule read from the State Council notice (one transaction, audited), then let the apps recompute
    what depended on the provisional calendar. Returns the year and what the receivers changed."""
    from .signals import year_entered

    with transaction.atomic():
        entry = enter_notice(actor, schedule.year, schedule.holiday_ranges(), schedule.makeup, schedule.reference,
                             today, source=Source.NOTICE)
        invalidate()
        changed = [item for _receiver, result in year_entered.send(
            sender=CalendarYear, year=schedule.year, actor=actor, today=today, reference=schedule.reference)
            for item in (result or [])]
    return entry, changed
