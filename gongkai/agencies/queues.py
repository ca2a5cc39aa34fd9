"""The administrator's queues of the 工作台: staff accounts left without any role, and agency settings the public
guide, the letters and the annual report need but that are still empty."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.office.worklist import Item, Queue, register

from .models import AgencyLevel, Membership, Role

# field → why it is needed (only for agencies that face the public: governments and departments)
REQUIRED_SETTINGS = {
    "office_name": "政府信息公开指南、答复书落款",
    "office_address": "政府信息公开指南（条例第二十二条）",
    "office_hours": "政府信息公开指南（条例第二十二条）",
    "office_phone": "政府信息公开指南、答复书",
    "website": "年度报告第二部分“公开渠道”",
    "letter_prefix": "答复书等文书的发文字号",
    "org_code": "主动公开目录的索引号",
}
ADMINS = frozenset({Role.ADMIN})


def roleless_staff(user, agency, today):
    """Accounts that once held a role in this agency and now hold none anywhere (cannot work, can still log in)."""
    here = Membership.objects.filter(agency=agency).values_list("user_id", flat=True)
    working = Membership.objects.active().values_list("user_id", flat=True)
    return get_user_model().objects.filter(pk__in=here, is_active=True).exclude(pk__in=working).order_by("username")


def staff_item(person, today: date) -> Item:
    return Item(f"{person.get_full_name() or person.username}（{person.username}）没有任何岗位",
                "", note="在“机关设置与人员”中授予岗位，或停用该账号")


def missing_settings(user, agency, today):
    if agency.level == AgencyLevel.SECTION:
        return []
    return [(agency, field, why) for field, why in REQUIRED_SETTINGS.items() if not getattr(agency, field)]


def setting_item(entry, today: date) -> Item:
    agency, field, why = entry
    label = agency._meta.get_field(field).verbose_name
    return Item(f"未填写“{label}”", reverse("agencies:settings", args=[agency.code]), note=f"用于{why}")


def _settings_url(agency):
    return reverse("agencies:settings", args=[agency.code])


def register_queues() -> None:
    register(Queue("agencies.roleless", "没有岗位的账号", ADMINS, roleless_staff, staff_item, urgency=60,
                   more=_settings_url))
    register(Queue("agencies.settings", "需要补充的机关设置", ADMINS, missing_settings, setting_item, urgency=61,
                   more=_settings_url))
