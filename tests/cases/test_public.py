"""Public online form and tracking (mounted at the site root; see tests/cases/urls.py)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from gongkai.cases.models import Application, Channel, Status
from gongkai.cases.public_views import NOT_FOUND, TRACK_FAILURES

from .conftest import APPLICANT

pytestmark = pytest.mark.urls("tests.cases.urls")


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def submit(client, agency, **overrides):
    data = {k: v for k, v in APPLICANT.items()}
    data.update(overrides)
    return client.post(reverse("apply:form", args=[agency.code]), data)


def test_online_form_gives_a_tracking_code_and_is_not_yet_received_article_31(client, agency):
    r = submit(client, agency)
    assert r.status_code == 302 and r["Location"] == reverse("apply:done")
    app = Application.objects.get()
    assert app.channel == Channel.ONLINE and app.received_date is None and app.status == Status.REGISTERED
    assert app.tracking_code in client.get(reverse("apply:done")).content.decode()


def test_online_form_validates_fields(client, agency):
    r = submit(client, agency, phone="abc")
    assert r.status_code == 200 and "联系电话格式不正确" in r.content.decode()
    assert not Application.objects.exists()


def test_online_form_is_slowed_down_per_address(client, agency):
    for _ in range(6):
        assert submit(client, agency).status_code == 302
    r = submit(client, agency)
    assert r.status_code == 429 and "请等待" in r.content.decode()
    assert Application.objects.count() == 6


def test_submission_and_tracking_limits_survive_the_page_cache_being_emptied(client, agency):
    """Issue 14: a flood of cached pages evicted these counters from the shared cache."""
    for _ in range(6):
        submit(client, agency)
    for _ in range(TRACK_FAILURES + 1):
        client.post(reverse("apply:track"), {"code": "WRONGCODE1", "phone_last4": "0000"})
    cache.clear()
    assert submit(client, agency).status_code == 429
    assert client.post(reverse("apply:track"), {"code": "WRONGCODE1", "phone_last4": "0000"}).status_code == 429


def test_tracking_shows_status_and_letters_for_code_and_phone_digits(client, make_case):
    app = make_case("2026-11-20")
    r = client.post(reverse("apply:track"), {"code": app.tracking_code.lower(), "phone_last4": "5678"})
    body = r.content.decode()
    assert r.status_code == 200 and "审核" in body and "登记回执" in body
    assert app.id_number not in body and "13812345678" not in body


def test_tracking_gives_the_same_answer_for_wrong_code_and_wrong_digits(client, make_case):
    app = make_case("2026-11-20")
    wrong_digits = client.post(reverse("apply:track"), {"code": app.tracking_code, "phone_last4": "0000"})
    wrong_code = client.post(reverse("apply:track"), {"code": "ZZZZZZZZZZ", "phone_last4": "5678"})
    assert NOT_FOUND in wrong_digits.content.decode() and NOT_FOUND in wrong_code.content.decode()
    assert app.applicant_name not in wrong_digits.content.decode()


def test_failed_tracking_is_rate_limited_per_address(client, make_case):
    app = make_case("2026-11-20")
    for _ in range(TRACK_FAILURES):
        client.post(reverse("apply:track"), {"code": "ZZZZZZZZZZ", "phone_last4": "0000"})
    r = client.post(reverse("apply:track"), {"code": app.tracking_code, "phone_last4": "5678"})
    assert r.status_code == 429 and "次数过多" in r.content.decode()


def test_section_cannot_receive_online_applications(client, section):
    assert client.get(reverse("apply:form", args=[section.code])).status_code == 404
