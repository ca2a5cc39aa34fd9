"""Personas and factories shared by every test.

GONGKAI_TEST_TODAY=2027-01-04 runs the whole suite with the clock moved to that day (10:00 China time), to find
tests and code that only work on the day they were written.
"""

import os
from datetime import date, datetime, time

import pytest
from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency, AgencyLevel, Membership, Role

PASSWORD = "correct-horse-42"


def pytest_configure(config):
    day = os.environ.get("GONGKAI_TEST_TODAY")
    if day:
        import time_machine

        from gongkai.core.clock import TZ

        time_machine.travel(datetime.combine(date.fromisoformat(day), time(10), tzinfo=TZ), tick=True).start()


def make_user(username, agency=None, *roles, name=""):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, first_name=name or username)
    for role in roles:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture(autouse=True)
def _private_cache(settings):
    """Each test gets its own in-memory cache, so rate limits and cached pages never leak between tests."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"test-{id(settings)}"}}


@pytest.fixture(autouse=True)
def _private_data_dir(settings, tmp_path):
    """Each test stores files (attachments, published reports, keys) in its own data directory."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    from gongkai.privacy import keys

    keys.reset()
    yield
    keys.reset()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing a password the production way takes half a second; tests need only that it round-trips."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def today():
    return date(2026, 11, 25)


@pytest.fixture
def office_day(today):
    """Views read the real clock; a test that builds records as of `today` and then uses the office pages moves
    the clock to 10:00 (China time) of that day, so it does not depend on the day the suite runs."""
    import time_machine

    from gongkai.core.clock import TZ

    with time_machine.travel(datetime.combine(today, time(10), tzinfo=TZ), tick=True):
        yield today


@pytest.fixture
def government(db):
    return Agency.objects.create(code="testgov", name="测试县人民政府", level=AgencyLevel.GOVERNMENT)


@pytest.fixture
def agency(government):
    return Agency.objects.create(code="test-shangwu", name="测试县商务局", level=AgencyLevel.DEPARTMENT,
                                 parent=government, letter_prefix="测商公开")


@pytest.fixture
def other_agency(government):
    return Agency.objects.create(code="test-fagai", name="测试县发展和改革局", level=AgencyLevel.DEPARTMENT,
                                 parent=government)


@pytest.fixture
def clerk(agency):
    return make_user("clerk", agency, Role.CLERK, name="王经办")


@pytest.fixture
def reviewer(agency):
    return make_user("reviewer", agency, Role.REVIEWER, name="李审查")


@pytest.fixture
def head(agency):
    return make_user("head", agency, Role.HEAD, name="张负责")


@pytest.fixture
def admin_user(agency):
    return make_user("admin", agency, Role.ADMIN, name="赵管理")


@pytest.fixture
def oversight(government):
    return make_user("oversight", government, Role.OVERSIGHT, name="刘公开")


@pytest.fixture
def outsider_from_other_agency(other_agency):
    return make_user("outsider", other_agency, Role.CLERK, Role.HEAD, name="陈外单位")


def logged_in(client, user):
    client.force_login(user)
    return client


# --- browser tests: one Chromium for the whole session ---------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


class BrowserSession:
    """What a test gets from the shared Chromium: new pages and contexts of its own, closed by close() — the
    browser itself lives for the whole test session (Playwright's sync API allows one instance per thread)."""

    def __init__(self, browser):
        self._browser, self._contexts = browser, []

    def new_context(self, **kwargs):
        ctx = self._browser.new_context(**kwargs)
        self._contexts.append(ctx)
        return ctx

    def new_page(self, **kwargs):
        return self.new_context(**kwargs).new_page()

    def close(self):
        while self._contexts:
            ctx = self._contexts.pop()
            try:
                ctx.close()  # a no-op when the test closed it already
            except Exception:  # noqa: BLE001 - a context the browser already dropped
                pass


@pytest.fixture(scope="session")
def chromium():
    """The session's headless Chromium (Debian's); skipped when it is not installed."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's Chromium is not installed")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the live server and Playwright's sync API share the thread
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser(chromium):
    session = BrowserSession(chromium)
    yield session
    session.close()
