"""The working-day calendar page (gongkai.workdays views, mounted at office/calendar/ by the lead)."""

import pytest
from django.urls import reverse

from gongkai.agencies.models import Role
from gongkai.workdays.models import CalendarYear
from tests.conftest import logged_in, make_user

pytestmark = pytest.mark.urls("tests.cases.urls_calendar")


@pytest.fixture
def gov_admin(government):
    """The calendar moves every agency's deadlines: only an administrator of a 本级人民政府 edits it."""
    return make_user("gov-admin", government, Role.ADMIN)


def test_staff_see_the_calendar_and_the_missing_year_warning(client, clerk, office_day):
    r = logged_in(client, clerk).get(reverse("workdays:calendar"), {"year": 2026})
    body = r.content.decode()
    assert r.status_code == 200 and "2027年" in body and "春节" in body
    assert "录入年度放假安排" not in body  # a clerk cannot edit


def test_department_admin_may_not_enter_a_notice(client, admin_user):
    r = logged_in(client, admin_user).post(reverse("workdays:enter_notice"), {"year": "2027"})
    assert r.status_code == 403


def test_admin_enters_a_years_notice(client, gov_admin):
    r = logged_in(client, gov_admin).post(reverse("workdays:enter_notice"), {
        "year": "2027", "notice": "国办发明电〔2026〕1号", "holidays": "2027-01-01,2027-01-03,元旦",
        "makeup_days": ""})
    assert r.status_code == 302
    assert CalendarYear.objects.get(year=2027).loaded


def test_clerk_may_not_enter_a_notice(client, clerk):
    r = logged_in(client, clerk).post(reverse("workdays:enter_notice"), {"year": "2027"})
    assert r.status_code == 403


def test_bad_notice_gets_a_chinese_message(client, gov_admin):
    c = logged_in(client, gov_admin)
    c.post(reverse("workdays:enter_notice"), {"year": "2027", "notice": "x", "holidays": "2027-01-01,元旦"})
    assert "应有3项" in c.get(reverse("workdays:calendar")).content.decode()
    assert not CalendarYear.objects.filter(year=2027, loaded=True).exists()


def test_calendar_pages_reject_wrong_methods(client, gov_admin):
    c = logged_in(client, gov_admin)
    assert c.post(reverse("workdays:calendar")).status_code == 405
    assert c.get(reverse("workdays:enter_notice")).status_code == 405
    assert c.get(reverse("workdays:set_day")).status_code == 405


def test_anonymous_users_are_sent_to_login(client):
    assert client.get(reverse("workdays:calendar")).status_code == 302
