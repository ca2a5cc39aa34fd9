"""Issue 15 items 4 and 5: the public form checks the ID number (GB 11643 / GB 32100) with each error beside its
field, keeps what was typed, slows a busy address down instead of refusing it and lets a kiosk through; tracking
states the office's deadline and why it moved."""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from gongkai.accounts.models import Throttle
from gongkai.cases import steps
from gongkai.cases.clock import deadline
from gongkai.cases.forms import PublicApplicationForm
from gongkai.cases.models import Application
from gongkai.core import pii

from .conftest import APPLICANT

pytestmark = pytest.mark.urls("tests.cases.urls")


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def submit(client, agency, **overrides):
    return client.post(reverse("apply:form", args=[agency.code]), {**APPLICANT, **overrides})


def test_check_digit_weights_mod_11_and_x():
    assert pii.id_check_char("11010519491231002") == "X"
    assert pii.resident_id_problem("11010519491231002X") == ""
    assert "校验码" in pii.resident_id_problem("110105194912310021")
    assert "出生日期" in pii.resident_id_problem("110105194913310028")  # month 13
    assert "出生日期" in pii.resident_id_problem("110105202802300021")  # 30 February
    assert pii.credit_code_problem("91350100M000100Y43") == ""
    assert "校验码" in pii.credit_code_problem("91350100M000100Y44")


@pytest.mark.parametrize("number, words", [("370101199013011235", "出生日期"), ("370101199001011236", "校验码"),
                                           ("37010119900101123", "18位")])
def test_form_puts_the_id_error_beside_the_id_field(number, words):
    form = PublicApplicationForm({**APPLICANT, "id_number": number}, today=date(2026, 11, 25))
    assert not form.is_valid()
    assert list(form.errors) == ["id_number"] and words in form.errors["id_number"][0]


def test_errors_are_red_beside_their_own_fields_in_plain_chinese_and_typed_text_is_kept(client, agency):
    r = submit(client, agency, applicant_name="", id_number="370101199013011235", phone="12ab",
               content="2025年度招商引资项目清单（第二批）")
    body = r.content.decode()
    assert r.status_code == 200 and not Application.objects.exists()
    assert "这个字段是必填项" not in body and "This field" not in body
    for field, message in (("applicant_name", "请填写姓名或名称"), ("id_number", "出生日期"), ("phone", "联系电话格式不正确")):
        error = body.index(f'id="id_{field}_error"')
        label = body.index(f'for="id_{field}"')
        field_input = body.index(f'id="id_{field}"')
        assert label < error < field_input, field  # after its own label, before its own input
        assert message in body[error:field_input]
        assert f'aria-describedby="id_{field}_error' in body
    assert 'class="field-error"' in body
    assert "2025年度招商引资项目清单（第二批）" in body and "370101199013011235" in body and "12ab" in body


def test_field_errors_are_red_in_the_stylesheet():
    from django.contrib.staticfiles import finders

    css = open(finders.find("gongkai/site.css"), encoding="utf-8").read()
    assert ".field-error { color:var(--err)" in css and "--err:#a4161a" in css


def test_a_busy_address_is_slowed_down_not_refused_and_keeps_the_form(client, agency):
    for _ in range(6):  # the sixth honest person in 15 minutes goes straight through
        assert submit(client, agency).status_code == 302
    r = submit(client, agency, content="第七位申请人的申请内容")
    body = r.content.decode()
    assert r.status_code == 429 and "请等待 30 秒后再次点击" in body and "第七位申请人的申请内容" in body
    Throttle.objects.update(blocked_until=None)  # the 30 seconds have passed
    assert submit(client, agency).status_code == 302
    assert Application.objects.count() == 7


def test_a_kiosk_address_is_let_through(client, agency, settings):
    settings.KIOSK_ADDRESSES = "10.9.0.0/24, 127.0.0.1"
    for _ in range(12):
        assert submit(client, agency).status_code == 302
    assert Application.objects.count() == 12


def track(client, app):
    return client.post(reverse("apply:track"), {"code": app.tracking_code, "phone_last4": APPLICANT["phone"][-4:]})


def test_tracking_states_the_office_deadline_and_the_consultation_that_moved_it(client, make_case, clerk,
                                                                               office_day):
    today = office_day
    app = make_case("2026-11-20")
    receipt_due = app.due_date
    app = steps.start_consultation(clerk, app, third_party=True, party="某商贸公司", on=date(2026, 11, 24),
                                   revision=app.revision, today=today)
    app.refresh_from_db()
    office = deadline(app, today=today)
    assert office.due == app.due_date != receipt_due
    body = track(client, app).content.decode()
    assert f"答复期限：<strong>{office.due.year}年{office.due.month}月{office.due.day}日</strong>" in body
    assert f"{receipt_due.year}年{receipt_due.month}月{receipt_due.day}日" in body  # what the receipt letter said
    assert "征求第三方的意见" in body and "不计入答复期限" in body and "顺延至" in body
    assert "（暂定）" in body and "“暂定”的意思是" in body and "15个工作日暂算" in body


def test_tracking_explains_correction_and_extension_in_plain_words(client, make_case, clerk, head, office_day):
    today = office_day
    app = make_case("2026-11-02")
    app = steps.request_correction(clerk, app, correction_due=date(2026, 11, 16), items="请明确文号",
                                   on=date(2026, 11, 4), revision=app.revision, today=today)
    body = track(client, app).content.decode()
    assert "补正期限" in body and "书面告知您补正" in body
    app = steps.correction_received(clerk, app, on=date(2026, 11, 10), revision=app.revision, today=today)
    body = track(client, app).content.decode()
    app.refresh_from_db()
    due = app.due_date
    assert f"答复期限：<strong>{due.year}年{due.month}月{due.day}日</strong>" in body
    assert "收到您补正后的申请" in body


def test_tracking_explains_an_extension_and_matches_the_office(client, make_case, head, office_day):
    app = make_case("2026-11-20")
    before = app.due_date
    app = steps.extend(head, app, days=10, reason="需要调取档案", revision=app.revision, today=office_day)
    app.refresh_from_db()
    body = track(client, app).content.decode()
    due = deadline(app, today=office_day).due
    assert due == app.due_date != before
    assert f"答复期限：<strong>{due.year}年{due.month}月{due.day}日</strong>" in body
    assert "答复期限延长10个工作日" in body and f"由{before.year}年{before.month}月{before.day}日延至" in body
