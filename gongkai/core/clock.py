"""Time enters at the edges: views, commands and the demo loader read the clock and pass `today` / `now` down.

Services that record a moment (reviewed_at, approved_at, published_at …) take an optional `now`; a view or command
passes `timezone.now()`. When a caller has only a day (the demo loader, a test, a scenario at a year boundary), the
moment recorded is the start of that day in China Standard Time — derived from the day the caller gave, never from
the machine's clock. (Django's auto_now bookkeeping columns — created_at, updated_at, the audit entry's time — are
the database's own record of when a row was written, not a business date, and keep using the real clock.)
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")


def stamp(now: datetime | None, today: date) -> datetime:
    """The moment to record for an action taken on `today`: `now` when the caller passed it, else 00:00 of today."""
    if now is not None:
        return now
    return datetime.combine(today, time(0, 0), tzinfo=TZ)


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """A moment on `day` in China Standard Time (for tests, the demo and confirmations dated in the past)."""
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)
