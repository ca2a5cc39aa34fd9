"""Issue 14 §5 and §2: own password change, forced change, password policy, idle timeout, TOTP with recovery
codes (compulsory per agency), login throttling by user name and address with growing delays, four-eyes."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts import services, throttle
from gongkai.accounts.models import AgencySecurity, Throttle
from gongkai.agencies import services as agencies
from gongkai.agencies.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.cases import decisions
from gongkai.cases.models import CaseSettings
from gongkai.core.errors import Refused
from tests.conftest import PASSWORD, logged_in, make_user

LOGIN = "office:login"


def login(client, username, password, address="198.51.100.1"):
    return client.post(reverse(LOGIN), {"username": username, "password": password}, REMOTE_ADDR=address)


# --- password policy and change --------------------------------------------------------------------------------
@pytest.mark.parametrize("weak", ["gongkai1", "password123", "1234567890", "clerk-2026-x", "Clerk2026!!"])
def test_weak_passwords_are_refused(clerk, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, clerk)


def test_a_long_uncommon_password_is_accepted(clerk):
    validate_password("晴川历历-汉阳树-42", clerk)
    validate_password("tide-pool-amber-91", clerk)


def test_staff_change_their_own_password(client, clerk):
    c = logged_in(client, clerk)
    r = c.post(reverse("accounts:password"), {"old_password": PASSWORD, "new_password1": "tide-pool-amber-91",
                                              "new_password2": "tide-pool-amber-91"})
    assert r.status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password("tide-pool-amber-91")
    assert AuditEntry.objects.filter(action="auth.password_change", actor=clerk).exists()
    assert c.get(reverse("office:home")).status_code == 200  # still signed in


def test_a_wrong_old_password_or_a_weak_new_one_changes_nothing(client, clerk):
    c = logged_in(client, clerk)
    r = c.post(reverse("accounts:password"), {"old_password": "nope", "new_password1": "tide-pool-amber-91",
                                              "new_password2": "tide-pool-amber-91"})
    assert r.status_code == 400 and "原密码不正确" in r.content.decode()
    r = c.post(reverse("accounts:password"), {"old_password": PASSWORD, "new_password1": "gongkai1",
                                              "new_password2": "gongkai1"})
    assert r.status_code == 400 and "新密码不符合要求" in r.content.decode()
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD)


def test_the_password_page_needs_a_login_and_refuses_other_methods(client, clerk):
    assert client.get(reverse("accounts:password")).status_code == 302
    assert logged_in(client, clerk).put(reverse("accounts:password")).status_code == 405


def test_a_password_set_by_an_administrator_must_be_changed_at_first_login(client, admin_user, agency, today):
    user = agencies.create_staff(admin_user, agency, username="newclerk", full_name="新经办", password="tide-pool-amber-91",
                                 roles=[Role.CLERK], today=today)
    assert login(client, "newclerk", "tide-pool-amber-91").status_code == 302
    r = client.get(reverse("office:home"))
    assert r.status_code == 302 and r["Location"] == reverse("accounts:password")
    client.post(reverse("accounts:password"), {"old_password": "tide-pool-amber-91",
                                               "new_password1": "harbour-lamp-mist-07",
                                               "new_password2": "harbour-lamp-mist-07"})
    assert client.get(reverse("office:home")).status_code == 200
    assert not services.must_change_password(user)


def test_an_administrator_sets_a_temporary_password_for_own_staff_only(client, admin_user, clerk,
                                                                      outsider_from_other_agency, agency):
    c = logged_in(client, admin_user)
    r = c.post(reverse("accounts:reset_password", args=[agency.code, clerk.pk]), {"password": "harbour-lamp-mist-07"})
    assert r.status_code == 302 and services.must_change_password(clerk)
    assert AuditEntry.objects.filter(action="auth.password_reset", actor=admin_user).exists()
    r = c.post(reverse("accounts:reset_password", args=[agency.code, outsider_from_other_agency.pk]),
               {"password": "harbour-lamp-mist-07"})
    assert r.status_code == 404
    clerk.refresh_from_db()
    assert logged_in(client, clerk).post(reverse("accounts:reset_password", args=[agency.code, admin_user.pk]),
                                         {"password": "harbour-lamp-mist-07"}).status_code == 403


# --- idle timeout --------------------------------------------------------------------------------------------------
def test_an_idle_session_is_signed_out(client, clerk, settings):
    c = logged_in(client, clerk)
    assert c.get(reverse("office:home")).status_code == 200
    session = c.session
    session["gk_seen"] = session["gk_seen"] - settings.IDLE_TIMEOUT_SECONDS - 1
    session.save()
    r = c.get(reverse("office:home"))
    assert r.status_code == 302 and r["Location"].startswith(reverse(LOGIN))
    assert AuditEntry.objects.filter(action="auth.idle_logout", actor=clerk).exists()
    assert c.get(reverse("office:home")).status_code == 302


def test_an_active_session_stays(client, clerk, settings):
    c = logged_in(client, clerk)
    c.get(reverse("office:home"))
    session = c.session
    session["gk_seen"] = session["gk_seen"] - settings.IDLE_TIMEOUT_SECONDS + 60
    session.save()
    assert c.get(reverse("office:home")).status_code == 200


def test_signing_in_again_starts_the_idle_clock_afresh(client, clerk, settings):
    c = logged_in(client, clerk)
    c.get(reverse("office:home"))
    session = c.session
    session["gk_seen"] = session["gk_seen"] - settings.IDLE_TIMEOUT_SECONDS - 1
    session.save()
    assert logged_in(c, clerk).get(reverse("office:home")).status_code == 200


def test_idle_timeout_defaults_to_thirty_minutes(settings):
    assert settings.IDLE_TIMEOUT_SECONDS == 30 * 60 and settings.SESSION_COOKIE_AGE == 12 * 3600


# --- TOTP ----------------------------------------------------------------------------------------------------------
def _code(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = timezone.now().timestamp() + offset
    return f"{totp.token():06d}"


def _enable_totp(client, user) -> tuple[TOTPDevice, list[str]]:
    c = logged_in(client, user)
    page = c.get(reverse("accounts:totp")).content.decode()
    assert "<svg" in page and "otpauth" not in page.split("<svg")[0][-10:]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    r = c.post(reverse("accounts:totp"), {"action": "confirm", "token": _code(device)})
    assert r.status_code == 200
    codes = [line.split("<code>")[1].split("</code>")[0] for line in r.content.decode().split("<li>") if "<code>" in line]
    return TOTPDevice.objects.get(user=user, confirmed=True), codes


def test_with_totp_the_password_alone_does_not_sign_in(client, clerk):
    device, codes = _enable_totp(client, clerk)
    assert len(codes) == 10
    client.logout()
    r = login(client, "clerk", PASSWORD)
    assert r.status_code == 302 and r["Location"] == reverse("accounts:login_otp")
    assert client.get(reverse("office:home")).status_code == 302  # not signed in yet
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    r = client.post(reverse("accounts:login_otp"), {"token": _code(device)})
    assert r.status_code == 302 and client.get(reverse("office:home")).status_code == 200


def test_a_recovery_code_works_once(client, clerk):
    _, codes = _enable_totp(client, clerk)
    client.logout()
    login(client, "clerk", PASSWORD)
    assert client.post(reverse("accounts:login_otp"), {"token": codes[0]}).status_code == 302
    client.logout()
    login(client, "clerk", PASSWORD)
    r = client.post(reverse("accounts:login_otp"), {"token": codes[0]})
    assert r.status_code == 400 and "不正确" in r.content.decode()


def test_a_wrong_code_is_refused_and_audited(client, clerk):
    _enable_totp(client, clerk)
    client.logout()
    login(client, "clerk", PASSWORD)
    r = client.post(reverse("accounts:login_otp"), {"token": "000000"})
    assert r.status_code == 400
    assert AuditEntry.objects.filter(action="auth.login_failed", data__step="second_factor").exists()


def test_a_session_without_the_second_factor_is_refused(client, clerk):
    _enable_totp(client, clerk)
    client.logout()
    client.force_login(clerk)  # signed in some other way than the login page
    assert client.get(reverse("office:home")).status_code == 302
    assert client.get(reverse("office:home")).status_code == 302


def test_an_agency_can_make_the_second_factor_compulsory(client, admin_user, clerk, agency):
    r = logged_in(client, admin_user).post(reverse("accounts:agency_security", args=[agency.code]),
                                           {"require_totp": "on"})
    assert r.status_code == 302 and AgencySecurity.objects.get(agency=agency).require_totp
    r = logged_in(client, clerk).get(reverse("cases:dashboard"))
    assert r.status_code == 302 and r["Location"] == reverse("accounts:totp")
    _enable_totp(client, clerk)
    assert client.get(reverse("cases:dashboard")).status_code == 200
    r = client.post(reverse("accounts:totp"), {"action": "disable", "password": PASSWORD})
    assert "不能停用" in r.content.decode() and services.has_totp(clerk)


def test_only_an_administrator_changes_the_security_setting(client, clerk, agency):
    r = logged_in(client, clerk).post(reverse("accounts:agency_security", args=[agency.code]), {"require_totp": "on"})
    assert r.status_code == 403 and not AgencySecurity.objects.filter(agency=agency).exists()


# --- login throttling ---------------------------------------------------------------------------------------------
def test_strangers_at_other_addresses_cannot_lock_a_staff_member_out(client, clerk):
    """Issue 14: ten wrong passwords from ten addresses used to lock the account for 15 minutes."""
    for i in range(10):
        for _ in range(8):
            login(client, "clerk", "wrong", address=f"203.0.113.{i + 1}")
    r = login(client, "clerk", PASSWORD, address="198.51.100.20")
    assert r.status_code == 302 and r["Location"] == reverse("office:home")


def test_failures_from_one_address_on_one_name_get_growing_delays(clerk):
    now = timezone.now()
    key = throttle.subject("clerk", "203.0.113.5")
    delays = [throttle.fail(throttle.LOGIN_PAIR, key, now) for _ in range(9)]
    assert delays[:5] == [0] * 5 and delays[5:] == [30, 60, 120, 240]
    assert throttle.blocked_for(throttle.LOGIN_PAIR, key, now) == 241
    assert throttle.blocked_for(throttle.LOGIN_PAIR, key, now + timedelta(seconds=241)) == 0
    assert throttle.LOGIN_PAIR.delay(100) == 3600


def test_the_right_password_during_the_delay_is_refused_then_accepted_after_it(client, clerk):
    for _ in range(6):
        login(client, "clerk", "wrong")
    r = login(client, "clerk", PASSWORD)
    assert r.status_code == 200 and "登录失败次数过多" in r.content.decode()
    Throttle.objects.update(blocked_until=timezone.now() - timedelta(seconds=1))
    assert login(client, "clerk", PASSWORD).status_code == 302
    assert not Throttle.objects.filter(scope="login.pair").exists()  # a success forgets the pair


def test_login_counters_survive_the_page_cache_being_emptied(client, clerk):
    """Issue 14: 12,000 cached pages evicted the rate-limit counters from the shared cache."""
    for _ in range(6):
        login(client, "clerk", "wrong")
    cache.clear()
    assert "登录失败次数过多" in login(client, "clerk", PASSWORD).content.decode()


def test_counters_keep_no_user_name_or_address_in_clear(client, clerk):
    login(client, "clerk", "wrong", address="203.0.113.77")
    assert Throttle.objects.count() == 2
    assert not Throttle.objects.filter(key__contains="clerk").exists()
    assert not Throttle.objects.filter(key__contains="203.0.113").exists()


# --- four eyes -----------------------------------------------------------------------------------------------------
def test_who_decided_cannot_approve_the_own_decision(agency, make_case, today):
    both = make_user("both", agency, Role.CLERK, Role.HEAD, name="一人兼")
    other_head = make_user("head2", agency, Role.HEAD, name="另一负责人")
    app = make_case("2026-11-20")
    app = decisions.decide(both, app, outcome="grant", decision_date=today, revision=app.revision, today=today)
    with pytest.raises(Refused, match="不能审批本人的决定"):
        decisions.approve(both, app, revision=app.revision, today=today)
    app = decisions.approve(other_head, app, revision=app.revision, today=today)
    assert app.approved_by == other_head and not app.is_open


def test_the_four_eyes_rule_is_an_agency_setting(agency, make_case, today):
    both = make_user("both", agency, Role.CLERK, Role.HEAD, name="一人兼")
    CaseSettings.objects.update_or_create(agency=agency, defaults={"four_eyes": False})
    app = make_case("2026-11-20")
    app = decisions.decide(both, app, outcome="grant", decision_date=today, revision=app.revision, today=today)
    assert decisions.approve(both, app, revision=app.revision, today=today).approved_by == both

