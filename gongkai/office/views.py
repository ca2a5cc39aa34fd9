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

from gongkai.agencies.access import (
    agencies_of,
    effective_roles,
    require_visible,
    roles_in,
    visible_agencies,
    visible_agency,
)
from gongkai.agencies.models import Agency, Role
from gongkai.audit.models import AuditEntry
from gongkai.audit.services import record
from gongkai.core.errors import GongkaiError
from gongkai.core.forms import attempt
from gongkai.reports import lifecycle, services
from gongkai.reports.deadlines import deadlines_for
from gongkai.reports.definition import all_formats, format_for_year, get_format
from gongkai.reports.exports import EXPORTS, filename
from gongkai.reports.exports import render as render_export
from gongkai.reports.layout import table_layout
from gongkai.reports.models import Report, ReportStatus
from gongkai.reports.roles import report_roles, require_report_role

from .forms import AmendForm, LoginForm, NarrativeForm, NewReportForm, SendBackForm


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
        from gongkai.accounts import services as accounts
        from gongkai.accounts.views import start_second_step

        user = form.get_user()
        if accounts.has_second_factor(user):  # the password was right: now the code from the phone
            return start_second_step(self.request, user, self.get_redirect_url())
        response = super().form_valid(form)
        record("auth.login", actor=user)
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


@login_required
@require_GET
def home(request):
    """The 工作台: per agency the person works in, their queues most urgent first (gongkai/office/worklist.py);
    for the 政务公开办 the departments' report status as before."""
    from .worklist import desk

    today = _today()
    own = agencies_of(request.user)
    rows, watched = [], []
    for agency in visible_agencies(request.user).order_by("level", "code"):
        if agency not in own:
            # agencies seen through the 政务公开办's oversight: one line each (the dashboard has the detail)
            if agency.level != "section":
                watched.append({"agency": agency, "report": Report.objects.current().filter(agency=agency)
                                .order_by("-year").first()})
            continue
        roles = roles_in(request.user, agency)
        rows.append({"agency": agency, "roles": roles, "desk": desk(request.user, agency, today),
                     "reports": Report.objects.current().filter(agency=agency).order_by("-year")[:3],
                     "oversees": agency.level == "government" and Role.OVERSIGHT in roles})
    return render(request, "office/home.html", {"rows": rows, "watched": watched, "today": today})


def _report_list_page(request, agency, form=None):
    reports = Report.objects.filter(agency=agency).order_by("-year", "-version")
    form = form or NewReportForm(initial={"year": _today().year - 1})
    return render(request, "office/report_list.html", {
        "agency": agency, "reports": reports, "form": form, "formats": all_formats().values(),
        "can_create": bool(report_roles(request.user, agency) & set(services.EDITORS))})


@login_required
@require_GET
def report_list(request, code):
    return _report_list_page(request, _visible_agency(request, code))


@login_required
@require_POST
def report_create(request, code):
    agency = _visible_agency(request, code)
    form = NewReportForm(request.POST)
    done = {}

    def create(d):
        done["report"] = services.create_report(request.user, agency, d["year"], today=_today(),
                                                format_key=d["format_key"] or None)

    if not attempt(request, form, create):
        return _report_list_page(request, agency, form)
    report = done["report"]
    messages.success(request, f"已新建{report}，格式：{get_format(report.format_key).label}。")
    return redirect("office:report_edit", pk=report.pk)


def edit_page(request, report, *, amend_form=None, send_back_form=None, narrative_form=None, typed_cells=None,
              cell_errors=None):
    """The report page. After a refusal the submitted form comes back bound: `typed_cells` {address: text} and
    `cell_errors` {address: message} put what was typed and the error back into the tables."""
    data = services.to_data(report)
    fmt = get_format(report.format_key)
    findings = services.findings_for(report)
    typed_cells, cell_errors = typed_cells or {}, cell_errors or {}
    sections = []
    for section in fmt.sections:
        entry = {"section": section}
        if section.table:
            entry["rows"] = table_layout(fmt.tables[section.table], data)
            for line in entry["rows"]:
                for c in line:
                    address = tuple(c.address) if c.address else None
                    if address in typed_cells:
                        c.text = typed_cells[address]
                    c.error = cell_errors.get(address, "")
        sections.append(entry)
    narrative_form = narrative_form or NarrativeForm(fmt=fmt, initial={
        "title": data.display_title, "preamble": "\n".join(data.preamble),
        **{f"section:{k}": "\n".join(v) for k, v in data.narrative.items()}})
    roles = report_roles(request.user, report.agency)
    can_edit = not report.is_frozen and bool(roles & {Role.CLERK, Role.HEAD})
    if not can_edit:
        for field in narrative_form.fields.values():
            field.disabled = True
    return render(request, "office/report_edit.html", {
        "steps": lifecycle.next_steps(report, roles),
        "deadlines": deadlines_for(report.agency, report.year, _today()),
        "report": report, "data": data, "fmt": fmt, "sections": sections, "findings": findings,
        "errors": sum(f.is_error for f in findings), "narrative_form": narrative_form, "can_edit": can_edit,
        "can_amend": report.status == ReportStatus.PUBLISHED and bool(roles & {Role.CLERK, Role.HEAD}),
        "exports": EXPORTS, "amend_form": amend_form or AmendForm(),
        "send_back_form": send_back_form or SendBackForm(auto_id=SendBackForm.AUTO_ID),
        "versions": Report.objects.filter(agency=report.agency, year=report.year).order_by("-version"),
        "auto_format": format_for_year(report.year).key, "format_label": fmt.label,
    })


@login_required
@require_GET
def report_edit(request, pk):
    return edit_page(request, _visible_report(request, pk))


def _revision(request) -> int | None:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return None


def _cell_address(field: str | None):
    if field and field.startswith("cell:"):
        parts = tuple(field[5:].split("/"))
        if len(parts) == 3:
            return parts
    return None


def _required_revision(request, report: Report) -> int:
    """A save from the editor always carries the revision it was shown; without it the conflict check is void.
    Someone who may not edit the report at all is refused as such (403) first."""
    require_report_role(request.user, report.agency, *services.EDITORS)
    revision = _revision(request)
    if revision is None:
        raise GongkaiError("缺少版本号，没有保存。请刷新页面后重新填写。")
    return revision


@login_required
@require_POST
def report_save_cells(request, pk):
    report = _visible_report(request, pk)
    changes = {address: value for name, value in request.POST.items() if (address := _cell_address(name))}
    try:
        count = services.update_cells(request.user, report, changes, today=_today(), revision=_required_revision(request, report),
                                      now=timezone.now())
    except GongkaiError as exc:
        address = _cell_address(exc.field)
        if address is None:
            messages.error(request, exc.message)
        return edit_page(request, report, typed_cells=changes, cell_errors={address: exc.message} if address else {})
    messages.success(request, f"已保存 {count} 个单元格。" if count else "没有需要保存的修改。")
    return redirect("office:report_edit", pk=pk)


@login_required
@require_POST
def report_save_narrative(request, pk):
    """Saves the title, preamble and sections from the report page, or one section from the narrative editor
    (page=narrative), and shows that page again with what was typed when the save is refused."""
    from .report_views import narrative_page

    report = _visible_report(request, pk)
    fmt = get_format(report.format_key)
    from_editor = request.POST.get("page") == "narrative"
    only = {s.key for s in fmt.sections if f"section:{s.key}" in request.POST} if from_editor else None
    form = NarrativeForm(request.POST, fmt=fmt, only=only)

    def save(d):
        sections = {s.key: d[f"section:{s.key}"] for s in fmt.sections if f"section:{s.key}" in request.POST}
        services.update_narrative(request.user, report, sections=sections, today=_today(),
                                  preamble=d["preamble"] if "preamble" in request.POST else None,
                                  title=d["title"] if "title" in request.POST else None,
                                  revision=_required_revision(request, report))

    if attempt(request, form, save):
        messages.success(request, "正文已保存。")
        return redirect("office:report_narrative" if from_editor else "office:report_edit", pk=pk)
    if from_editor:
        return narrative_page(request, report, section_form=form)
    return edit_page(request, report, narrative_form=form)


@login_required
@require_POST
def report_amend(request, pk):
    report = _visible_report(request, pk)
    form = AmendForm(request.POST)
    done = {}

    def amend(d):
        done["new"] = services.amend(request.user, report, reason=d["reason"], today=_today())

    if not attempt(request, form, amend):
        return edit_page(request, report, amend_form=form)
    new = done["new"]
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
    if not effective_roles(request.user, agency) & {Role.HEAD, Role.ADMIN, Role.OVERSIGHT}:
        raise PermissionDenied("只有负责人、管理员或上级政务公开办可以查看审计日志。")
    entries = AuditEntry.objects.filter(agency=agency).select_related("actor")[:500]
    return render(request, "office/audit_log.html", {"agency": agency, "entries": entries})
