"""Office pages for 依申请公开: read a form, call one service, show a message."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.agencies.access import acting_agency, require_visible, roles_in, visible_agencies
from gongkai.agencies.models import Agency, AgencyLevel, Role
from gongkai.core import params as params_
from gongkai.core.errors import GongkaiError
from gongkai.office.views import back_url, refusals_as_messages
from gongkai.workdays.services import add_workdays

from . import decisions, intake, ledger, letters, outcomes, steps
from .clock import deadline
from .compute import TABLE, cell_queryset, codes_for
from .forms import RegisterForm
from .models import (
    ApplicantType,
    Application,
    CaseEvent,
    Channel,
    DeliveryMethod,
    EventKind,
    Letter,
    LetterKind,
    LetterTemplate,
    Status,
)

SOON_WORKDAYS = 5


def _today() -> date:
    return timezone.localdate()


_agency_for = acting_agency


def _case(request, pk) -> Application:
    app = get_object_or_404(Application.objects.select_related("agency", "section", "assigned_to"), pk=pk)
    require_visible(request.user, app.agency)
    return app


def _revision(request) -> int | None:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return None


def _date(request, name: str, label: str, default: date | None = None) -> date:
    raw = (request.POST.get(name) or "").strip()
    if not raw:
        if default is not None:
            return default
        raise GongkaiError(f"请填写{label}", field=name)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise GongkaiError(f"{label}“{raw}”不是有效日期（格式：2026-03-02）", field=name) from None


def _int(request, name: str, label: str) -> int | None:
    raw = (request.POST.get(name) or "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise GongkaiError(f"{label}必须是整数", field=name) from None


def filtered(agency, params, user, today: date):
    """The dashboard's case list: status/filter/search/applicant type, or a Table-3 cell (cell=t3/row/col&year=Y)."""
    qs = Application.objects.of(agency).select_related("assigned_to", "section")
    cell = params.get("cell", "")
    if cell:
        parts = cell.split("/")
        year = params_.year(params.get("year"))
        if year is None:
            raise GongkaiError("请指定年度（year，2000—2100）")
        if len(parts) != 3 or parts[0] != TABLE or parts[2] not in [*ApplicantType.values, "total"]:
            raise GongkaiError(f"无法识别的报告单元格“{cell}”")
        qs = cell_queryset(agency, year, parts[1], parts[2], codes_for(parts[1], year))
        qs = qs.select_related("assigned_to", "section")
    which = params.get("show") or ("all" if cell or params.get("q") else "open")
    if which == "mine":
        qs = qs.open().assigned_to(user)
    elif which == "soon":
        qs = qs.due_within(today, add_workdays(today, SOON_WORKDAYS).date)
    elif which == "overdue":
        qs = qs.overdue(today)
    elif which == "open":
        qs = qs.open()
    elif which == "unconfirmed":
        qs = qs.unconfirmed()
    if params.get("status") in Status.values:
        qs = qs.filter(status=params["status"])
    if params.get("applicant_type") in ApplicantType.values:
        qs = qs.filter(applicant_type=params["applicant_type"])
    # open work by due date (index agency+status+due_date); everything else newest first (primary key)
    order = ("due_date", "-id") if which in ("open", "mine", "soon", "overdue") else ("-id",)
    return qs.search(params.get("q")).order_by(*order)


@login_required
@require_GET
@refusals_as_messages
def dashboard(request):
    agency = _agency_for(request)
    today = _today()
    soon_end = add_workdays(today, SOON_WORKDAYS).date
    base = Application.objects.of(agency)
    summary = {
        "mine": base.open().assigned_to(request.user).count(),
        "soon": base.due_within(today, soon_end).count(),
        "overdue": base.overdue(today).count(),
        "unconfirmed": base.unconfirmed().count(),
        "open": base.open().count(),
    }
    qs = filtered(agency, request.GET, request.user, today)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "cases/dashboard.html", {
        "agency": agency, "page": page, "summary": summary, "today": today, "soon_end": soon_end,
        "params": request.GET, "statuses": Status.choices, "applicant_types": ApplicantType.choices,
        "agencies": visible_agencies(request.user).exclude(level=AgencyLevel.SECTION),
        "roles": roles_in(request.user, agency),
    })


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


@login_required
@require_GET
def detail(request, pk):
    app = _case(request, pk)
    today = _today()
    events = list(app.events.select_related("actor").order_by("date", "id"))
    roles = roles_in(request.user, app.agency)
    open_consultations = [e for e in events if e.kind in (EventKind.THIRD_PARTY_SENT, EventKind.AGENCY_SENT)
                          and not any(r.reply_to_id == e.pk for r in events)]
    return render(request, "cases/detail.html", {
        "app": app, "events": events, "deadline": deadline(app, events=events, today=today), "today": today,
        "letters": app.letters.prefetch_related("deliveries"), "flags": intake.flags(app),
        "outcome_groups": outcomes.grouped_choices(), "outcome": outcomes.BY_CODE.get(app.outcome),
        "answer": outcomes.answer_for(app.outcome, app.sub_basis, app.responsible_agency, app.responsible_contact)
        if app.outcome else None, "not_held_choices": outcomes.GRANT_CHOICES + outcomes.NOT_HELD_CHOICES,
        "pending_approval": decisions.pending_approval(app), "open_consultations": open_consultations,
        "sections": Agency.objects.filter(parent=app.agency, level=AgencyLevel.SECTION),
        "can_act": bool(roles & {Role.CLERK, Role.HEAD}), "is_head": Role.HEAD in roles,
        "delivery_methods": DeliveryMethod.choices, "channel_needs_confirm": app.channel not in (
            Channel.IN_PERSON, Channel.POST_SIGNED),
    })


# --- actions: one small POST form each ------------------------------------------------------------------------------
def _confirm(request, app, today):
    intake.confirm_receipt(request.user, app, revision=_revision(request), today=today,
                           on=_date(request, "on", "确认日期", today), now=timezone.now())
    return "已确认收到申请，该日为法定收到日（第三十一条）。"


def _override(request, app, today):
    intake.override_received_date(request.user, app, _date(request, "received_date", "收到日期"),
                                  request.POST.get("reason", ""), revision=_revision(request), today=today)
    return "已更正收到日。"


def _assign(request, app, today):
    section = Agency.objects.filter(pk=_int(request, "section", "科室") or 0).first()
    raw = (request.POST.get("internal_due") or "").strip()
    internal_due = _date(request, "internal_due", "内部办理期限") if raw else None
    intake.assign(request.user, app, section, internal_due, revision=_revision(request), today=today,
                  clerk=request.user)
    return "已分办。"


def _correction(request, app, today):
    steps.request_correction(request.user, app, correction_due=_date(request, "correction_due", "补正期限"),
                             items=request.POST.get("items", ""), revision=_revision(request), today=today,
                             on=_date(request, "on", "告知日期", today))
    return "已告知补正，并生成补正告知书。"


def _correction_received(request, app, today):
    steps.correction_received(request.user, app, on=_date(request, "on", "收到补正之日", today),
                              revision=_revision(request), today=today, clarified=request.POST.get("clarified", ""))
    return "已登记补正，答复期限重新起算（第三十条）。"


def _consult(request, app, today):
    raw = (request.POST.get("received_on") or "").strip()
    steps.start_consultation(request.user, app, third_party=request.POST.get("who") != "agency",
                             party=request.POST.get("party", ""), on=_date(request, "on", "发出日期", today),
                             revision=_revision(request), today=today,
                             received_on=_date(request, "received_on", "对方收到日") if raw else None)
    return "已登记征求意见，并生成征求意见书。"


def _consult_reply(request, app, today):
    sent = get_object_or_404(CaseEvent, pk=_int(request, "sent", "征求意见事项") or 0, application=app)
    agrees = {"yes": True, "no": False}.get(request.POST.get("agrees", ""))
    steps.consultation_reply(request.user, app, sent, on=_date(request, "on", "收到答复之日", today),
                             revision=_revision(request), today=today, note=request.POST.get("note", ""),
                             agrees=agrees)
    return "已登记答复，征求意见时间不计入答复期限。"


def _extend(request, app, today):
    steps.extend(request.user, app, days=_int(request, "days", "延长的工作日数"), reason=request.POST.get("reason", ""),
                 revision=_revision(request), today=today)
    return "已延长答复期限，并生成延期答复告知书。"


def _delay(request, app, today):
    steps.delay_35(request.user, app, until=_date(request, "until", "延迟答复期限"),
                   reason=request.POST.get("reason", ""), revision=_revision(request), today=today)
    return "已确定延迟答复期限（第三十五条）。"


def _fee(request, app, today):
    steps.fee_notice(request.user, app, items=_int(request, "items", "件数"), pages=_int(request, "pages", "页数"),
                     on=_date(request, "on", "收到收费通知之日", today), revision=_revision(request), today=today)
    return "已发出收费通知。"


def _paid(request, app, today):
    steps.fee_paid(request.user, app, on=_date(request, "on", "缴费日期", today), revision=_revision(request),
                   today=today, receipt=request.POST.get("receipt", ""))
    return "已登记缴费。"


def _decide(request, app, today):
    app = decisions.decide(request.user, app, outcome=request.POST.get("outcome", ""),
                           decision_date=_date(request, "decision_date", "决定日期", today),
                           text=request.POST.get("text", ""), revision=_revision(request), today=today,
                           sub_basis=request.POST.get("sub_basis", ""),
                           responsible_agency=request.POST.get("responsible_agency", ""),
                           responsible_contact=request.POST.get("responsible_contact", ""))
    return "已作出决定，待负责人审批。" if app.is_open else "已作出决定并生成答复书。"


def _reasons(request, app, today):
    steps.request_reasons(request.user, app, on=_date(request, "on", "要求说明理由之日", today),
                          note=request.POST.get("note", ""), revision=_revision(request), today=today)
    return "已登记要求申请人说明理由（第三十五条）。"


def _approve(request, app, today):
    decisions.approve(request.user, app, revision=_revision(request), today=today, now=timezone.now())
    return "已审批，答复书已生成。"


def _archive(request, app, today):
    decisions.archive(request.user, app, revision=_revision(request), today=today)
    return "已归档。"


ACTIONS = {
    "confirm": _confirm, "override": _override, "assign": _assign, "correction": _correction,
    "correction_received": _correction_received, "consult": _consult, "consult_reply": _consult_reply,
    "extend": _extend, "delay": _delay, "fee": _fee, "paid": _paid, "decide": _decide, "approve": _approve,
    "reasons": _reasons,
    "archive": _archive,
}


@login_required
@require_POST
@refusals_as_messages
def action(request, pk, name):
    app = _case(request, pk)
    handler = ACTIONS.get(name)
    if handler is None:
        raise GongkaiError("不支持的操作。")
    messages.success(request, handler(request, app, _today()))
    return redirect("cases:detail", pk=pk)


# --- letters --------------------------------------------------------------------------------------------------------
def _letter(request, pk) -> Letter:
    letter = get_object_or_404(Letter.objects.select_related("agency", "application"), pk=pk)
    require_visible(request.user, letter.agency)
    return letter


@login_required
@require_GET
def letter_view(request, pk):
    return render(request, "cases/letter.html", {"letter": _letter(request, pk)})


@login_required
@require_POST
@refusals_as_messages
def letter_deliver(request, pk):
    letter = _letter(request, pk)
    letters.deliver(request.user, letter, method=request.POST.get("method", ""),
                    on=_date(request, "on", "送达日期", _today()), proof=request.POST.get("proof", ""),
                    revision=_revision(request), today=_today())
    messages.success(request, "已登记送达。")
    return redirect("cases:detail", pk=letter.application_id)


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
    tpl = letters.template_for(agency, kind)
    error = ""
    if request.method == "POST":
        try:
            letters.save_template(request.user, agency, kind, title=request.POST.get("title", ""),
                                  body=request.POST.get("body", ""))
        except GongkaiError as exc:
            error = exc.message
            tpl.title, tpl.body = request.POST.get("title", ""), request.POST.get("body", "")
        else:
            messages.success(request, "模板已保存。")
            return redirect("cases:templates")
    return render(request, "cases/template_edit.html", {"agency": agency, "tpl": tpl, "error": error,
                                                         "defaults": letters.DEFAULTS[kind]})


# --- ledger (工作台账) -------------------------------------------------------------------------------------------
@login_required
@require_GET
def ledger_export(request):
    agency = _agency_for(request)
    if not (roles_in(request.user, agency) & {Role.CLERK, Role.HEAD, Role.OVERSIGHT}
            or any(Role.OVERSIGHT in roles_in(request.user, a) for a in agency.ancestors())):
        raise PermissionDenied("需要本机关的经办人、负责人或政务公开办岗位才能导出工作台账。")
    data = ledger.export_xlsx(agency, params_.year(request.GET.get("year")))
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


__all__ = ["dashboard", "register", "detail", "action", "LetterTemplate"]


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
