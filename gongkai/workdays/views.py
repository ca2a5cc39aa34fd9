"""The working-day calendar page (office): loaded years, a year's holidays and make-up days, entering a year's
State Council notice and correcting one day. Reading: any staff; changing: administrators (管理员) only."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from gongkai.agencies.models import AgencyLevel, Membership, Role
from gongkai.core import params
from gongkai.core.errors import GongkaiError
from gongkai.office.views import refusals_as_messages

from . import services
from .cli import parse_date
from .grid import year_grid
from .models import CalendarDay, CalendarYear, DayKind
from .notice import NoticeError, parse, schedule_of


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
        "kinds": DayKind.choices, "today": today, "months": year_grid(services.calendar(), year),
    })


def _read(text: str):
    """The schedule of a pasted notice; an amendment alone (延长/调整) applies to the year loaded now."""
    notice = parse(text)
    base = None
    if notice.kind != "schedule":
        if not CalendarYear.objects.filter(year=notice.year, loaded=True).exists():
            raise NoticeError(f"“{notice.title}”只调整了{notice.holiday}，{notice.year}年全年的放假安排尚未录入，"
                              "请先粘贴该年的通知")
        base = services.loaded_schedule(notice.year)
    return schedule_of([notice], base)


@login_required
@require_POST
def notice_preview(request):
    """Step 1: the pasted notice read into days, shown as the year's calendar with every difference marked."""
    _require_admin(request.user)
    text = request.POST.get("text", "")
    context = {"text": text, "can_edit": True}
    try:
        schedule = _read(text)
    except NoticeError as exc:
        context["error"] = exc.message
        return render(request, "workdays/notice_preview.html", context, status=200)
    current = services.calendar()
    after = services.schedule_calendar(schedule, current)
    context.update({
        "schedule": schedule, "lines": schedule.lines(), "differences": services.differences(schedule, current),
        "months": year_grid(after, schedule.year, against=current), "workdays_after": after.between(
            date(schedule.year - 1, 12, 31), date(schedule.year, 12, 31)),
        "loaded": CalendarYear.objects.filter(year=schedule.year, loaded=True).first()})
    return render(request, "workdays/notice_preview.html", context)


@login_required
@require_POST
def notice_apply(request):
    """Step 2: the administrator confirms; the same text is read again and entered (audited)."""
    _require_admin(request.user)
    text = request.POST.get("text", "")
    try:
        entry, changed = services.apply_schedule(request.user, _read(text), today=timezone.localdate())
    except GongkaiError as exc:
        return render(request, "workdays/notice_preview.html", {"text": text, "error": exc.message, "can_edit": True})
    moved = f"，{len(changed)} 件在办申请的期限随之变动，已提示各案经办人" if changed else "，在办申请的期限没有变动"
    messages.success(request, f"已录入{entry.year}年节假日安排（{entry.notice}）{moved}。")
    return redirect(f"{reverse('workdays:calendar')}?year={entry.year}")


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
