"""Office views: read a form, call one service, show a message. No business rules here."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from gongkai.agencies.access import agencies_of, require_visible, roles_in, visible_agencies, visible_agency
from gongkai.agencies.models import Agency, Role
from gongkai.audit.models import AuditEntry
from gongkai.audit.services import record
from gongkai.core.errors import GongkaiError
from gongkai.core.forms import form_errors
from gongkai.reports import lifecycle, services
from gongkai.reports.deadlines import deadlines_for, warnings_for
from gongkai.reports.definition import all_formats, format_for_year, get_format
from gongkai.reports.exports import EXPORTS, filename
from gongkai.reports.exports import render as render_export
from gongkai.reports.layout import table_layout
from gongkai.reports.models import Report, ReportStatus

from .forms import AmendForm, LoginForm, NewReportForm


def _today():
    return timezone.localdate()


def refusals_as_messages(view):
    """Turn a service's refusal into a Chinese message on the page it came from."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except GongkaiError as exc:
            messages.error(request, exc.message)
            return redirect(back_url(request))

    return wrapper


def back_url(request) -> str:
    """The page the request came from when it is on this site, else the office home (never an open redirect)."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return referer
    return reverse("office:home")


class LoginView(auth_views.LoginView):
    template_name = "office/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        record("auth.login", actor=form.get_user())
        return response


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        record("auth.logout", actor=request.user)
    logout(request)
    return redirect("office:login")


def _visible_agency(request, code) -> Agency:
    return visible_agency(request.user, code)


def _visible_report(request, pk) -> Report:
    report = get_object_or_404(Report.objects.select_related("agency"), pk=pk)
    require_visible(request.user, report.agency)
    return report


def _signals(agency, today) -> dict:
    """What needs attention in this agency: open and overdue applications, late publications (第二十六条)."""
    from gongkai.cases.models import Application
    from gongkai.catalog.models import Document

    cases = Application.objects.of(agency)
    return {"open_cases": cases.open().count(), "overdue_cases": cases.overdue(today).count(),
            "late_documents": Document.objects.of(agency).late().count()}


@login_required
@require_GET
def home(request):
    own = agencies_of(request.user)
    rows = []
    for agency in visible_agencies(request.user).order_by("level", "code"):
        reports = Report.objects.current().filter(agency=agency).order_by("-year")[:5]
        rows.append({"agency": agency, "roles": roles_in(request.user, agency), "reports": reports,
                     "own": agency in own, "deadlines": warnings_for(agency, _today()),
                     "signals": _signals(agency, _today()) if agency in own and agency.level != "section" else None,
                     "oversees": agency.level == "government" and Role.OVERSIGHT in roles_in(request.user, agency)})
    from gongkai.cases.models import DeadlineChange

    changes = (DeadlineChange.objects.for_handler(request.user).unacknowledged()
               .select_related("application").order_by("new_due"))
    return render(request, "office/home.html", {"rows": rows, "today": _today(), "deadline_changes": changes})


@login_required
@require_GET
def report_list(request, code):
    agency = _visible_agency(request, code)
    reports = Report.objects.filter(agency=agency).order_by("-year", "-version")
    form = NewReportForm(initial={"year": _today().year - 1})
    return render(request, "office/report_list.html", {"agency": agency, "reports": reports, "form": form,
                                                        "formats": all_formats().values()})


@login_required
@require_POST
@refusals_as_messages
def report_create(request, code):
    agency = _visible_agency(request, code)
    form = NewReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("office:report_list", code=code)
    report = services.create_report(request.user, agency, form.cleaned_data["year"], today=_today(),
                                    format_key=form.cleaned_data["format_key"] or None)
    messages.success(request, f"已新建{report}，格式：{get_format(report.format_key).label}。")
    return redirect("office:report_edit", pk=report.pk)


@login_required
@require_GET
def report_edit(request, pk):
    report = _visible_report(request, pk)
    data = services.to_data(report)
    fmt = get_format(report.format_key)
    findings = services.findings_for(report)
    sections = []
    for section in fmt.sections:
        entry = {"section": section, "text": "\n".join(data.narrative.get(section.key, []))}
        if section.table:
            entry["rows"] = table_layout(fmt.tables[section.table], data)
        sections.append(entry)
    roles = roles_in(request.user, report.agency)
    return render(request, "office/report_edit.html", {
        "steps": lifecycle.next_steps(report, roles),
        "deadlines": deadlines_for(report.agency, report.year, _today()),
        "report": report, "data": data, "fmt": fmt, "sections": sections, "findings": findings,
        "errors": sum(f.is_error for f in findings), "preamble": "\n".join(data.preamble),
        "can_edit": not report.is_frozen and bool(roles & {Role.CLERK, Role.HEAD}),
        "can_amend": report.status == ReportStatus.PUBLISHED and bool(roles & {Role.CLERK, Role.HEAD}),
        "exports": EXPORTS, "amend_form": AmendForm(),
        "versions": Report.objects.filter(agency=report.agency, year=report.year).order_by("-version"),
        "auto_format": format_for_year(report.year).key,
    })


def _revision(request) -> int | None:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return None


@login_required
@require_POST
@refusals_as_messages
def report_save_cells(request, pk):
    report = _visible_report(request, pk)
    changes = {}
    for name, value in request.POST.items():
        if name.startswith("cell:"):
            parts = tuple(name[5:].split("/"))
            if len(parts) == 3:
                changes[parts] = value
    count = services.update_cells(request.user, report, changes, today=_today(), revision=_revision(request),
                                  now=timezone.now())
    messages.success(request, f"已保存 {count} 个单元格。" if count else "没有需要保存的修改。")
    return redirect("office:report_edit", pk=pk)


@login_required
@require_POST
@refusals_as_messages
def report_save_narrative(request, pk):
    report = _visible_report(request, pk)
    fmt = get_format(report.format_key)
    sections = {s.key: request.POST.get(f"section:{s.key}", "") for s in fmt.sections
                if f"section:{s.key}" in request.POST}
    services.update_narrative(request.user, report, sections=sections, today=_today(),
                              preamble=request.POST.get("preamble"), title=request.POST.get("title"),
                              revision=_revision(request))
    messages.success(request, "正文已保存。")
    return redirect("office:report_edit", pk=pk)


@login_required
@require_POST
@refusals_as_messages
def report_amend(request, pk):
    report = _visible_report(request, pk)
    form = AmendForm(request.POST)
    reason = form.data.get("reason", "")
    new = services.amend(request.user, report, reason=reason, today=_today())
    messages.success(request, f"已生成更正版本（第{new.version}版），修改后由负责人发布。")
    return redirect("office:report_edit", pk=new.pk)


@login_required
@require_GET
@refusals_as_messages
def report_download(request, pk, kind):
    report = _visible_report(request, pk)
    if kind not in EXPORTS:
        raise GongkaiError(f"不支持的导出格式“{kind}”。")
    data = services.to_data(report)
    response = HttpResponse(render_export(data, kind), content_type=EXPORTS[kind].content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(data, kind)}"'
    return response


@login_required
@require_GET
def audit_log(request, code):
    agency = _visible_agency(request, code)
    if not roles_in(request.user, agency) & {Role.HEAD, Role.ADMIN, Role.OVERSIGHT}:
        raise PermissionDenied("只有负责人、管理员可以查看审计日志。")
    entries = AuditEntry.objects.filter(agency=agency).select_related("actor")[:500]
    return render(request, "office/audit_log.html", {"agency": agency, "entries": entries})
