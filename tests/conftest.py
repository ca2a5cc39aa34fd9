"""Personas and factories shared by every test."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency, AgencyLevel, Membership, Role

PASSWORD = "correct-horse-42"


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


@pytest.fixture
def today():
    return date(2026, 11, 25)


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
