"""A year as twelve month grids (Monday first) for the calendar pages: each day with its kind, its reason and
whether it changes against another calendar (the one loaded now)."""

from __future__ import annotations

import calendar as _months
from dataclasses import dataclass
from datetime import date

from .engine import Calendar


@dataclass(frozen=True)
class DayCell:
    day: date
    kind: str        # "work" | "rest" | "holiday" | "makeup"
    reason: str
    changed: bool = False
    was: str = ""    # the reason under the other calendar, when changed


def _kind(cal: Calendar, d: date) -> str:
    if cal.is_workday(d):
        return "makeup" if d.weekday() >= 5 else "work"
    return "holiday" if cal.name(d) else "rest"


def year_grid(cal: Calendar, year: int, against: Calendar | None = None) -> list[dict]:
    """[{"month": 1, "weeks": [[DayCell | None] * 7, …]}, …] for the twelve months of `year`."""
    months = []
    for month in range(1, 13):
        weeks = []
        for week in _months.Calendar(firstweekday=0).monthdatescalendar(year, month):
            row = []
            for d in week:
                if d.month != month:
                    row.append(None)
                    continue
                label = cal.label(d)
                cell = DayCell(d, _kind(cal, d), label)
                if against is not None and against.status(d) != cal.status(d):
                    cell = DayCell(d, cell.kind, label, True, against.label(d))
                row.append(cell)
            weeks.append(row)
        months.append({"month": month, "weeks": weeks})
    return months
