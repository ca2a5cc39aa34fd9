"""Reading untrusted values from query strings and forms: never a 500, never a silent default where it matters."""

from __future__ import annotations

from datetime import date, datetime

from .errors import GongkaiError

MIN_YEAR, MAX_YEAR = 2000, 2100
EARLIEST = date(MIN_YEAR, 1, 1)


def year(value, default: int | None = None) -> int | None:
    """A year from a query parameter: an int in 2000..2100, else `default` (bad input is ignored, not fatal)."""
    try:
        y = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return y if MIN_YEAR <= y <= MAX_YEAR else default


def as_date(value) -> date:
    """A date from a date, a datetime (its date) or an ISO string such as "2025-01-28"; ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def require_date(value: date | None, label: str, *, not_before: date = EARLIEST, not_after: date | None = None,
                 field: str | None = None) -> date | None:
    """Refuse a date outside the range a disclosure office can mean (e.g. 0001-01-01 or 9999-12-31)."""
    if value is None:
        return None
    if value < not_before:
        raise GongkaiError(f"{label}不能早于{not_before:%Y年%m月%d日}。", field=field)
    if not_after is not None and value > not_after:
        raise GongkaiError(f"{label}不能晚于{not_after:%Y年%m月%d日}。", field=field)
    return value


def bounded_int(value, label: str, *, minimum: int = 0, maximum: int, field: str | None = None) -> int:
    """An integer from a form within [minimum, maximum], else a clear Chinese refusal."""
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        raise GongkaiError(f"{label}应为整数。", field=field) from None
    if not minimum <= n <= maximum:
        raise GongkaiError(f"{label}应在 {minimum} 至 {maximum} 之间。", field=field)
    return n
