"""Agency settings and staff management: administrators (管理员) of an agency manage its own staff and settings."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.audit.services import record
from gongkai.core.errors import GongkaiError, Refused

from .access import require_role
from .models import Agency, Membership, Role

SETTING_FIELDS = ("short_name", "org_code", "office_name", "office_address", "office_hours", "office_phone",
                  "office_fax", "office_email", "website", "letter_prefix")


@transaction.atomic
def update_settings(actor, agency: Agency, values: dict, *, today: date) -> Agency:
    require_role(actor, agency, Role.ADMIN)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    before, after = {}, {}
    for field in SETTING_FIELDS:
        if field in values and getattr(agency, field) != values[field]:
            before[field], after[field] = getattr(agency, field), values[field]
            setattr(agency, field, values[field])
    if not after:
        return agency
    try:
        agency.full_clean()
    except ValidationError as exc:
        raise GongkaiError("；".join(m for msgs in exc.message_dict.values() for m in msgs)) from None
    agency.save()
    record("agency.update", actor=actor, agency=agency, obj=agency,
           data={"before": before, "after": after, "today": today.isoformat()})
    return agency


@transaction.atomic
def create_staff(actor, agency: Agency, *, username: str, full_name: str, password: str, roles: list[str],
                 today: date):
    """A new staff account with one or more roles in this agency."""
    require_role(actor, agency, Role.ADMIN)
    username = (username or "").strip()
    User = get_user_model()
    if not username:
        raise GongkaiError("请填写用户名。", field="username")
    if User.objects.filter(username=username).exists():
        raise Refused(f"用户名“{username}”已被使用。", field="username")
    if not roles:
        raise GongkaiError("请至少选择一个岗位。", field="roles")
    try:
        User.username_validator(username)
    except ValidationError:
        raise GongkaiError("用户名只能包含字母、数字和 @ . + - _ 。", field="username") from None
    user = User(username=username, first_name=(full_name or "").strip()[:150])
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise GongkaiError("密码不符合要求：" + "；".join(exc.messages), field="password") from None
    user.set_password(password)
    user.save()
    from gongkai.accounts.services import mark_temporary

    mark_temporary(user)  # the administrator knows this password: the user changes it at the first sign-in
    record("staff.create", actor=actor, agency=agency, obj=user, data={"today": today.isoformat()})
    for role in roles:
        grant_role(actor, agency, user, role, today=today)
    return user


@transaction.atomic
def grant_role(actor, agency: Agency, user, role: str, *, today: date) -> Membership:
    require_role(actor, agency, Role.ADMIN)
    if role not in Role.values:
        raise GongkaiError(f"未知的岗位“{role}”。", field="role")
    if role == Role.OVERSIGHT and agency.level != "government":
        raise Refused("政务公开办岗位只能设在本级人民政府。", field="role")
    membership, _ = Membership.objects.get_or_create(user=user, agency=agency, role=role)
    if not membership.active:
        membership.active = True
        membership.save(update_fields=["active"])
    record("staff.role.grant", actor=actor, agency=agency, obj=membership,
           data={"user": user.username, "role": role, "today": today.isoformat()})
    return membership


@transaction.atomic
def revoke_role(actor, membership: Membership, *, today: date) -> Membership:
    agency = membership.agency
    require_role(actor, agency, Role.ADMIN)
    if membership.user_id == actor.pk and membership.role == Role.ADMIN:
        raise Refused("不能撤销自己的管理员岗位（以免本机关无人管理）。")
    membership.active = False
    membership.save(update_fields=["active"])
    record("staff.role.revoke", actor=actor, agency=agency, obj=membership,
           data={"user": membership.user.username, "role": membership.role, "today": today.isoformat()})
    return membership
