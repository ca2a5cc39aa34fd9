"""Office pages for 依申请公开: read a form, call one service, show a message."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.agencies.access import acting_agency, require_visible, roles_in, visible_agencies
from gongkai.agencies.models import Agency, AgencyLevel, Role
from gongkai.audit.services import record
from gongkai.core import params as params_
from gongkai.core.errors import GongkaiError
from gongkai.core.forms import attempt
from gongkai.office.views import back_url, refusals_as_messages

from . import intake, ledger, letters
from .forms import RegisterForm
from .models import (
    Application,
    Letter,
    LetterKind,
    LetterTemplate,
)
from .queues import LABELS, queue_cases
from .search import CaseSearchForm, find, handlers_of


def _today() -> date:
    return timezone.localdate()


_agency_for = acting_agency










EXPORTERS = {Role.CLERK, Role.HEAD, Role.OVERSIGHT}


@login_required
@require_GET
@refusals_as_messages
def dashboard(request):
    agency = _agency_for(request)
    today = _today()
    roles = roles_in(request.user, agency)
    form = CaseSearchForm(request.GET, agency=agency)
    qs = find(agency, form, request.GET, request.user, today) if form.is_valid() else Application.objects.none()
    summary = [(key, LABELS[key], queue_cases(key, request.user, agency, today).count())
               for key in ("mine", "my_soon", "my_overdue", "to_confirm", "approval", "undelivered", "unarchived")]
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    staff = bool(roles & {Role.CLERK, Role.HEAD})
    return render(request, "cases/dashboard.html", {
        "agency": agency, "page": page, "summary": summary, "today": today, "form": form,
        "params": request.GET, "cell_label": cell_label(request.GET), "query": _query_without_page(request.GET),
        "agencies": visible_agencies(request.user).exclude(level=AgencyLevel.SECTION),
        "roles": roles, "can_register": staff, "can_import": staff, "can_export": can_export(request.user, agency),
        "can_batch": staff, "handlers": handlers_of(agency), "can_templates": bool(roles & {Role.HEAD, Role.ADMIN}),
    })


def can_export(user, agency) -> bool:
    return bool(roles_in(user, agency) & EXPORTERS) or any(Role.OVERSIGHT in roles_in(user, a)
                                                         for a in agency.ancestors())


def _query_without_page(params) -> str:
    from urllib.parse import urlencode

    return urlencode([(k, v) for k, vs in params.lists() if k != "page" for v in vs])


def cell_label(params) -> str:
    """“2025年度报告 表三：三、本年度办理结果 / （一）予以公开 × 申请人情况 / 自然人” for a drill-down link."""
    parts = params.get("cell", "").split("/")
    year = params_.year(params.get("year"))
    if len(parts) != 3 or year is None:
        return ""
    from gongkai.reports.definition import format_for_year

    table = format_for_year(year).tables.get(parts[0])
    if table is None or not table.has_row(parts[1]):
        return ""
    col = next((c for c in table.columns_for(parts[1]) if c.key == parts[2]), None)
    col_label = " / ".join(col.path) if col else parts[2]
    return f"{year}年度报告 表三：{' / '.join(table.row(parts[1]).path)} × {col_label}"


@login_required
@require_http_methods(["GET", "POST"])
@refusals_as_messages
def register(request):
    agency = _agency_for(request)
    if not roles_in(request.user, agency) & {Role.CLERK, Role.HEAD}:
        raise PermissionDenied("需要本机关的以下岗位之一：经办人、负责人。")
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            app = intake.register(request.user, agency, form.cleaned_data, today=_today())
        except GongkaiError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已登记申请，查询码 {app.tracking_code}。")
            return redirect("cases:detail", pk=app.pk)
    return render(request, "cases/register.html", {"agency": agency, "form": form})


# --- letters --------------------------------------------------------------------------------------------------------
def _letter(request, pk) -> Letter:
    letter = get_object_or_404(Letter.objects.select_related("agency", "application"), pk=pk)
    require_visible(request.user, letter.agency)
    return letter


def _audit_letter(request, letter, form: str) -> None:
    record("case.letter.download", actor=request.user, agency=letter.agency, obj=letter.application,
           data={"letter": letter.pk, "number": letter.number, "form": form, "today": _today().isoformat()})


@login_required
@require_GET
def letter_view(request, pk):
    letter = _letter(request, pk)
    _audit_letter(request, letter, "html")
    return render(request, "cases/letter.html", {"letter": letter})


@login_required


# --- letter templates (head / admin) ----------------------------------------------------------------------------
def _template_editor(request) -> Agency:
    agency = _agency_for(request)
    if not roles_in(request.user, agency) & {Role.HEAD, Role.ADMIN}:
        raise PermissionDenied("只有负责人、管理员可以修改文书模板。")
    return agency


@login_required
@require_GET
def template_list(request):
    agency = _template_editor(request)
    return render(request, "cases/templates.html", {"agency": agency, "templates": letters.seed_templates(agency)})


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request, kind):
    agency = _template_editor(request)
    if kind not in LetterKind.values:
        raise PermissionDenied("文书类型不正确。")
    from .settings_views import LetterTemplateForm

    tpl = letters.template_for(agency, kind)
    form = LetterTemplateForm(request.POST or None, initial={"title": tpl.title, "body": tpl.body})
    if request.method == "POST" and attempt(request, form, lambda d: letters.save_template(
            request.user, agency, kind, title=d["title"], body=d["body"])):
        messages.success(request, "模板已保存。")
        return redirect(f"{reverse('cases:templates')}?agency={agency.code}")
    return render(request, "cases/template_edit.html", {"agency": agency, "tpl": tpl, "form": form,
                                                         "defaults": letters.DEFAULTS[kind]})


# --- ledger (工作台账) -------------------------------------------------------------------------------------------
@login_required
@require_GET
def ledger_export(request):
    agency = _agency_for(request)
    if not can_export(request.user, agency):
        raise PermissionDenied("需要本机关的经办人、负责人或政务公开办岗位才能导出工作台账。")
    # full ID and phone numbers only for the agency's own handling roles, and only when asked (audited either way)
    full = request.GET.get("full") == "1" and bool(roles_in(request.user, agency) & {Role.CLERK, Role.HEAD})
    year = params_.year(request.GET.get("year"))
    record("case.ledger.export", actor=request.user, agency=agency,
           data={"full_numbers": full, "year": year, "today": _today().isoformat()})
    data = ledger.export_xlsx(agency, year, full=full)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="ledger-{agency.code}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def ledger_import(request):
    agency = _agency_for(request)
    if not roles_in(request.user, agency) & {Role.CLERK, Role.HEAD}:
        raise PermissionDenied("需要本机关的以下岗位之一：经办人、负责人。")
    problems = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise GongkaiError("请选择要导入的Excel文件")
            if upload.size > ledger.MAX_IMPORT_BYTES:
                raise GongkaiError("文件过大（最大5MB），请分批导入")
            created = ledger.import_xlsx(request.user, agency, upload.read(), today=_today())
        except ledger.ImportProblems as exc:
            problems = exc.problems
        except GongkaiError as exc:
            problems = [exc.message]
        else:
            messages.success(request, f"已导入 {created} 件申请。")
            return redirect("cases:dashboard")
    return render(request, "cases/ledger_import.html", {"agency": agency, "problems": problems,
                                                         "columns": ledger.HEADERS})


__all__ = ["dashboard", "register", "LetterTemplate"]


@login_required
@require_POST
@refusals_as_messages
def deadline_change_ack(request, pk):
    from .models import DeadlineChange
    from .recompute import acknowledge

    change = get_object_or_404(DeadlineChange.objects.select_related("application__agency"), pk=pk)
    require_visible(request.user, change.agency)
    acknowledge(request.user, change, now=timezone.now())
    messages.success(request, f"已知悉：{change.application.tracking_code} 的答复期限为 {change.new_due.isoformat()}。")
    return redirect(back_url(request))


@login_required
@require_POST
@refusals_as_messages
def batch_action(request):
    from django.contrib.auth import get_user_model

    from . import batch

    agency = _agency_for(request)
    if not roles_in(request.user, agency) & {Role.CLERK, Role.HEAD}:
        raise PermissionDenied("需要本机关的以下岗位之一：经办人、负责人。")
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
    op = request.POST.get("op", "")
    handler = None
    if op == "assign":
        raw = request.POST.get("handler", "")
        handler = get_user_model().objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    out = batch.run(request.user, agency, ids, op, today=_today(), handler=handler)
    if op == "print":
        for app, why in out.refused:
            messages.warning(request, f"{app.acceptance_no or app.tracking_code}：{why}")
        return render(request, "cases/letters_print.html", {"letters": out.letters, "refused": out.refused,
                                                             "agency": agency})
    if out.done:
        messages.success(request, f"{batch.OPERATIONS[op]}：已完成 {len(out.done)} 件。")
    for app, why in out.refused:
        messages.warning(request, f"{app.acceptance_no or app.tracking_code} 未处理：{why}")
    return redirect(back_url(request))
