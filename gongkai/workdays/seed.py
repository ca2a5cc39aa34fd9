"""Official holidays and make-up working days from the `chinese_calendar` package.

Used only by the seed data migration and by `gongkai workdays seed YEAR`; deadline computation reads the tables.
This module must not import the models (the migration passes its historical models in).
"""

from datetime import date, timedelta

# chinese_calendar's Holiday enum names → the names used in the State Council notices
HOLIDAY_NAMES = {
    "new_years_day": "元旦",
    "spring_festival": "春节",
    "tomb_sweeping_day": "清明节",
    "labour_day": "劳动节",
    "dragon_boat_festival": "端午节",
    "mid_autumn_festival": "中秋节",
    "national_day": "国庆节",
    "anti_fascist_70th_day": "抗战胜利纪念日",
}

# Notice numbers of the yearly State Council notices we have verified (statutory-spec §7).
KNOWN_NOTICES = {
    2023: "国办发明电〔2022〕16号",
    2024: "国办发明电〔2023〕7号",
    2025: "国办发明电〔2024〕12号",
    2026: "国办发明电〔2025〕7号",
}


class NoPackageData(Exception):
    """chinese_calendar has no data for the year."""


def package_years() -> tuple[int, int]:
    """The first and last year chinese_calendar covers."""
    import chinese_calendar

    keys = chinese_calendar.holidays.keys()
    return min(keys).year, max(keys).year


def chinese_name(english: str | None) -> str:
    if not english:
        return ""
    from chinese_calendar import Holiday

    try:
        return HOLIDAY_NAMES.get(Holiday(english).name, Holiday(english).chinese)
    except ValueError:
        return english


def official_days(year: int) -> list[tuple[date, str, str, str]]:
    """(date, kind, name, note) for every exception to the Monday–Friday rule in `year`.

    kind is "holiday" (every day of a holiday range, weekends included) or "makeup" (a weekend working day).
    Raises NoPackageData when the package does not cover the year.
    """
    import chinese_calendar

    first, last = package_years()
    if not first <= year <= last:
        raise NoPackageData(year)
    rows = []
    day, end = date(year, 1, 1), date(year, 12, 31)
    while day <= end:
        try:
            is_holiday, english = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError as exc:  # pragma: no cover - guarded above
            raise NoPackageData(year) from exc
        if english is not None:
            name = chinese_name(english)
            if is_holiday:
                note = "调休放假" if day.weekday() < 5 and chinese_calendar.is_in_lieu(day) else ""
                rows.append((day, "holiday", name, note))
            elif day.weekday() >= 5:
                rows.append((day, "makeup", name, ""))
        day += timedelta(days=1)
    return rows


def seed_year(year: int, CalendarDay, CalendarYear) -> int:
    """Replace the rows of `year` with the package's data and mark the year loaded. Returns the number of rows.

    Call inside a transaction. Takes the model classes so that migrations can pass their historical models.
    """
    rows = official_days(year)
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(date=d, kind=kind, is_workday=(kind == "makeup"), name=name, note=note, source="chinese_calendar")
        for d, kind, name, note in rows
    )
    CalendarYear.objects.update_or_create(
        year=year, defaults={"loaded": True, "source": "chinese_calendar", "notice": KNOWN_NOTICES.get(year, "")}
    )
    return len(rows)
