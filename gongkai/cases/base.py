"""What every case service shares: locking with the revision check, roles, the frozen-year rule, refreshing the
cached deadline, and the audit entry."""

from __future__ import annotations

from datetime import date

from gongkai.agencies.access import require_role
from gongkai.agencies.models import Role
from gongkai.audit.services import record
from gongkai.core import params
from gongkai.core.errors import Conflict, GongkaiError, Refused

from .clock import deadline
from .models import Application, CaseEvent, CaseSettings

STAFF = (Role.CLERK, Role.HEAD)
HEADS = (Role.HEAD,)
CONFLICT = "该申请刚被其他人处理过，您的操作没有保存。请刷新页面，核对最新情况后重试。"


def case_settings(agency) -> CaseSettings:
    obj, _ = CaseSettings.objects.get_or_create(agency=agency)
    return obj


def lock(application: Application, revision: int | None) -> Application:
    """The row, locked for this transaction; Conflict when somebody changed it since the form was shown."""
    fresh = Application.objects.select_for_update().select_related("agency").get(pk=application.pk)
    if revision is None:
        raise GongkaiError("缺少版本号，请刷新页面后重试。", field="revision")
    if int(revision) != fresh.revision:
        raise Conflict(CONFLICT)
    return fresh


def frozen_year(application: Application, when: date | None = None) -> int | None:
    """The year whose published report counts this case, when that freezes it."""
    from gongkai.reports.services import is_year_published

    years = {y for y in (application.closed_on and application.closed_on.year, when and when.year) if y}
    for year in sorted(years):
        if is_year_published(application.agency, year):
            return year
    return None


def require_unfrozen(application: Application, when: date | None = None) -> None:
    year = frozen_year(application, when)
    if year:
        raise Refused(f"{year}年度报告已发布，计入该年度的申请已冻结，不能再修改或作出决定。"
                      f"如确需更正，请先对{year}年度报告发起更正（生成新版本并说明理由）。")


def require_date(value, what: str, *, today: date, not_before: date | None = None, before_label: str = "",
                 field: str = "on") -> date:
    if not isinstance(value, date):
        raise GongkaiError(f"请填写{what}", field=field)
    params.require_date(value, what, field=field)  # no 0001-01-01 (dates before 2000 cannot be meant)
    if value > today:
        raise GongkaiError(f"{what}不能晚于今天（{today.isoformat()}）", field=field)
    if not_before and value < not_before:
        raise GongkaiError(f"{what}（{value.isoformat()}）不能早于{before_label}（{not_before.isoformat()}）",
                           field=field)
    return value


def require_received(application: Application) -> date:
    if application.received_date is None:
        raise Refused("该申请尚未确认收到，请先确认收到申请（第三十一条）。")
    return application.received_date


def require_open(application: Application) -> None:
    if not application.is_open:
        raise Refused(f"该申请已{application.get_status_display()}，不能再办理。")


def refresh_due(application: Application, today: date | None = None) -> None:
    result = deadline(application, today=today, explain=False)
    application.due_date, application.due_kind, application.due_provisional = (
        result.due, result.kind if result.due else "", result.provisional)


def save(application: Application, action: str, actor, *, today: date, data: dict | None = None) -> Application:
    """Bump the revision, refresh the cached deadline, save and audit (inside the caller's transaction)."""
    application.revision += 1
    refresh_due(application, today)
    application.save()
    record(action, actor=actor, agency=application.agency, obj=application,
           data={"today": today.isoformat(), **(data or {})})
    return application


def add_event(application: Application, kind: str, actor, *, on: date, **fields) -> CaseEvent:
    return CaseEvent.objects.create(agency=application.agency, application=application, kind=kind, date=on,
                                    actor=actor if getattr(actor, "pk", None) else None, **fields)


def require_staff(actor, application: Application, *roles) -> None:
    require_role(actor, application.agency, *(roles or STAFF))
