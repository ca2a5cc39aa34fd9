from datetime import date

import pytest

from gongkai.workdays import services
from gongkai.workdays.engine import Calendar
from gongkai.workdays.seed import official_days


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """A test that changes the tables rolls back without signals: never let its snapshot leak into the next test."""
    services.invalidate()
    yield
    services.invalidate()


@pytest.fixture(scope="session")
def package_calendar() -> Calendar:
    """A calendar built straight from the chinese_calendar package, 2004–2026 (no database)."""
    rows = [row for year in range(2004, 2027) for row in official_days(year)]
    return Calendar(rows, range(2004, 2027))


@pytest.fixture
def cal(db) -> Calendar:
    """The calendar the application uses: the tables seeded by the data migration."""
    return services.calendar()


def d(text: str) -> date:
    return date.fromisoformat(text)
