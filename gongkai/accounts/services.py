"""Account services: own password change, temporary passwords set by an administrator (changed at first login),
the TOTP second factor with recovery codes, and the agency rule that makes it compulsory. Audited."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.agencies.access import require_role
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.audit.services import record
from gongkai.core.errors import GongkaiError, Refused

from .models import AccountState, AgencySecurity

RECOVERY_CODES = 10
TOTP_NAME = "动态口令"
RECOVERY_NAME = "恢复码"


def state(user) -> AccountState:
    found, _ = AccountState.objects.get_or_create(user=user)
    return found


def must_change_password(user) -> bool:
    return AccountState.objects.filter(user=user, must_change_password=True).exists()


def _check_new(user, new: str, again: str) -> None:
    if new != again:
        raise GongkaiError("两次输入的新密码不一致。", field="new_password2")
    try:
        validate_password(new, user)
    except ValidationError as exc:
        raise GongkaiError("新密码不符合要求：" + "；".join(exc.messages), field="new_password1") from None


@transaction.atomic
def change_password(user, *, old: str, new: str, again: str, now: datetime) -> None:
    if not user.check_password(old or ""):
        raise GongkaiError("原密码不正确。", field="old_password")
    if old == new:
        raise GongkaiError("新密码不能与原密码相同。", field="new_password1")
    _check_new(user, new, again)
    user.set_password(new)
    user.save(update_fields=["password"])
    found = state(user)
    found.must_change_password, found.password_changed_at = False, now
    found.save()
    record("auth.password_change", actor=user, obj=user, data={"at": now.isoformat()})


def _administered(actor, user) -> Agency:
    """An agency where the actor is 管理员 and the user holds a role."""
    for membership in Membership.objects.active().filter(user=user).select_related("agency"):
        if Role.ADMIN in set(Membership.objects.active().filter(user=actor, agency=membership.agency)
                             .values_list("role", flat=True)):
            return membership.agency
    raise Refused("只能重置本机关工作人员的密码。")


@transaction.atomic
def set_temporary_password(actor, user, password: str, *, now: datetime) -> None:
    """An administrator sets a password the user must change at the next sign-in."""
    agency = _administered(actor, user)
    if user.pk == actor.pk:
        raise Refused("请在“修改密码”页面修改自己的密码。")
    _check_new(user, password, password)
    user.set_password(password)
    user.save(update_fields=["password"])
    mark_temporary(user)
    record("auth.password_reset", actor=actor, agency=agency, obj=user, data={"at": now.isoformat()})


def mark_temporary(user) -> None:
    found = state(user)
    found.must_change_password = True
    found.save()


# --- second factor ----------------------------------------------------------------------------------------------
def totp_required(user) -> bool:
    """Whether any agency the user works in makes the second factor compulsory."""
    agencies = Membership.objects.active().filter(user=user).values_list("agency", flat=True)
    return AgencySecurity.objects.filter(agency__in=agencies, require_totp=True).exists()


def has_totp(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_second_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def pending_totp(user) -> TOTPDevice:
    """The unconfirmed device shown while the user sets up an authenticator app (one at a time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def _new_recovery_codes(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**10):010d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def confirm_totp(user, token: str, *, now: datetime) -> list[str]:
    """The first code from the app confirms the device; returns the recovery codes (shown once)."""
    device = pending_totp(user)
    if not (token or "").strip().isdigit() or not device.verify_token(token.strip()):
        raise GongkaiError("动态口令不正确，请核对手机上的6位数字（注意手机时间须准确）。", field="token")
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    record("auth.totp_enable", actor=user, obj=user, data={"at": now.isoformat()})
    return codes


@transaction.atomic
def new_recovery_codes(user, *, now: datetime) -> list[str]:
    if not has_totp(user):
        raise Refused("请先启用动态口令。")
    codes = _new_recovery_codes(user)
    record("auth.recovery_codes", actor=user, obj=user, data={"at": now.isoformat()})
    return codes


@transaction.atomic
def disable_totp(user, *, password: str, now: datetime) -> None:
    if not user.check_password(password or ""):
        raise GongkaiError("密码不正确。", field="password")
    if totp_required(user):
        raise Refused("本机关要求使用动态口令，不能停用。如需更换手机，请重新设置动态口令。")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record("auth.totp_disable", actor=user, obj=user, data={"at": now.isoformat()})


def verify_second_factor(user, token: str):
    """The device that accepts this code (a TOTP code or a one-time recovery code), else None."""
    token = (token or "").strip().replace(" ", "").lower()
    if not token:
        return None
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):  # a recovery code works once
            return device
    return None


@transaction.atomic
def set_require_totp(actor, agency: Agency, required: bool, *, now: datetime) -> AgencySecurity:
    require_role(actor, agency, Role.ADMIN)
    found, _ = AgencySecurity.objects.get_or_create(agency=agency)
    before, found.require_totp = found.require_totp, bool(required)
    found.save()
    record("agency.security.edit", actor=actor, agency=agency, obj=found,
           data={"require_totp": [before, found.require_totp], "at": now.isoformat()})
    return found


def staff_of(agency):
    return get_user_model().objects.filter(memberships__agency=agency, memberships__active=True).distinct()


def verify_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def config_uri(device: TOTPDevice) -> str:
    return device.config_url


def secret_text(device: TOTPDevice) -> str:
    from base64 import b32encode

    raw = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))
