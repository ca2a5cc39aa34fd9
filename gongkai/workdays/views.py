"""The working-day calendar page (office): loaded years, a year's holidays and make-up days, entering a year's
State Council notice and correcting one day. Reading: any staff; changing: administrators (管理员) only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from gongkai.agencies.models import AgencyLevel, Membership, Role
from gongkai.core import params
from gongkai.core.errors import GongkaiError
from gongkai.office.views import refusals_as_messages

from . import services
from .cli import parse_date
from .models import CalendarDay, CalendarYear, DayKind


def _staff(user) -> bool:
    return user.is_superuser or Membership.objects.active().filter(user=user).exists()


def _admin(user) -> bool:
    """The calendar moves every agency's statutory deadlines: only administrators of a 本级人民政府 edit it."""
    return user.is_superuser or Membership.objects.active().filter(
        user=user, role=Role.ADMIN, agency__level=AgencyLevel.GOVERNMENT).exists()


def _require_admin(user):
    if not _admin(user):
        raise PermissionDenied("只有本级人民政府的管理员可以修改工作日历（它决定所有机关的法定期限）。")


@login_required
@require_GET
def calendar_page(request):
    if not _staff(request.user):
        raise PermissionDenied("只有工作人员可以查看工作日历。")
    today = timezone.localdate()
    year = params.year(request.GET.get("year"), today.year)
    return render(request, "workdays/calendar.html", {
        "year": year, "years": CalendarYear.objects.order_by("-year"), "missing": services.missing_years(today),
        "days": CalendarDay.objects.filter(date__year=year), "workdays": services.year_workdays(year),
        "loaded": CalendarYear.objects.filter(year=year, loaded=True).exists(), "can_edit": _admin(request.user),
        "kinds": DayKind.choices, "today": today,
    })


def _lines(text: str, fields: int, what: str) -> list[list[str]]:
    rows = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.replace("，", ",").split(",")]
        if len(parts) != fields:
            raise GongkaiError(f"{what}第{number}行应有{fields}项，用逗号分隔")
        rows.append(parts)
    return rows


@login_required
@require_POST
@refusals_as_messages
def enter_notice(request):
    _require_admin(request.user)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        raise GongkaiError("请填写年度") from None
    holidays = [(s, e, n) for s, e, n in _lines(request.POST.get("holidays", ""), 3, "放假区间")]
    makeups = [(d, n) for d, n in _lines(request.POST.get("makeup_days", ""), 2, "调休上班日")]
    services.enter_notice(request.user, year, holidays, makeups, request.POST.get("notice", ""),
                          today=timezone.localdate())
    messages.success(request, f"已录入{year}年节假日安排。")
    return redirect(f"{request.path.rsplit('/', 2)[0]}/?year={year}")


@login_required
@require_POST
@refusals_as_messages
def set_day(request):
    _require_admin(request.user)
    day = parse_date(request.POST.get("date", ""))
    kind = request.POST.get("kind") or None
    services.set_day(request.user, day, kind, name=request.POST.get("name", ""), note=request.POST.get("note", ""))
    messages.success(request, f"已修改 {day.isoformat()}。")
    return redirect(f"{request.path.rsplit('/', 2)[0]}/?year={day.year}")
