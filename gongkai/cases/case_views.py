"""The case page: what happened, the deadline with its computation, the letters and files, and the forms of the
actions this person may take now. Each action is one form (action_forms.py) calling one service; a refusal shows
the page again with that form as typed and the error beside its field."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from gongkai.agencies.access import require_visible, roles_in
from gongkai.agencies.models import AgencyLevel, Role
from gongkai.core.errors import GongkaiError
from gongkai.privacy import services as privacy

from . import decisions, files, intake, outcomes
from .action_forms import ACTIONS, DeliverForm, RequestDecisionForm
from .base import case_settings
from .clock import deadline
from .models import CLOSED_STATUSES, Application, CaseFile, EventKind, HeadRequest, Letter, Status


def _today():
    return timezone.localdate()


def _case(request, pk) -> Application:
    app = get_object_or_404(Application.objects.select_related("agency", "section", "assigned_to"), pk=pk)
    require_visible(request.user, app.agency)
    return app


def available(app: Application, roles: set[str]) -> list[str]:
    """The actions this person may take on the case now (a button only for a role that may use it)."""
    staff, head, reviewer = bool(roles & {Role.CLERK, Role.HEAD}), Role.HEAD in roles, Role.REVIEWER in roles
    names = []
    events = {e.kind for e in app.events.all()}
    settings = case_settings(app.agency)
    if staff and app.status == Status.REGISTERED:
        names.append("confirm")
    if staff and app.is_open:
        names.append("override")
    if staff and app.is_open and app.received_date:
        pending = set(HeadRequest.objects.pending().filter(application=app).values_list("kind", flat=True))
        names.append("reassign")
        if app.agency.children.filter(level=AgencyLevel.SECTION).exists():
            names.append("assign")
        if EventKind.CORRECTION_REQUEST not in events:
            names.append("correction")
        elif EventKind.CORRECTION_RECEIVED not in events:
            names.append("correction_received")
        names.append("consult")
        if app.events.filter(kind__in=[EventKind.THIRD_PARTY_SENT, EventKind.AGENCY_SENT],
                             replies__isnull=True).exists():
            names.append("consult_reply")
        if EventKind.EXTENSION not in events and "extension" not in pending:  # a pending request is decided first
            names.append("extend" if head else "request_extension")
        if head:
            names.append("delay")
        if EventKind.FEE_NOTICE not in events and "fee" not in pending:
            names.append("fee" if head or not settings.fee_needs_approval else "request_fee")
        elif EventKind.FEE_PAID not in events:
            names.append("paid")
        names += ["reasons", "decide"]
    if decisions.pending_approval(app):
        if reviewer and settings.answer_needs_review and app.reviewed_at is None:
            names.append("answer_review")
        if head and (not settings.answer_needs_review or app.reviewed_at is not None):
            names += ["approve", "return"]
    if staff and app.status in CLOSED_STATUSES:
        names.append("archive")
    if staff:
        names.append("file")
    return [n for n in names if n]


def _page(request, app, *, bound=None, status=200):
    today = _today()
    roles = roles_in(request.user, app.agency)
    # masked unless a handling role asks for the full numbers; every full view is audited (who and when)
    show_full = (request.method == "GET" and request.GET.get("full") == "1" and bool(roles & {Role.CLERK, Role.HEAD})
                 and not app.anonymised_on)
    if show_full:
        privacy.audit_full_view(request.user, app, "case_page", today=today)
    events = list(app.events.select_related("actor").order_by("date", "id"))
    names = available(app, roles)
    forms = {n: (bound if bound is not None and bound.name == n else ACTIONS[n](app=app, today=today))
             for n in names if n != "request_decide"}
    pending = list(HeadRequest.objects.pending().filter(application=app).select_related("requested_by"))
    request_forms = []
    if Role.HEAD in roles:
        for req in pending:
            same = isinstance(bound, RequestDecisionForm) and str(bound.data.get("request_decide-request")) == str(req.pk)
            request_forms.append((req, bound if same else RequestDecisionForm(app=app, today=today,
                                                                              initial={"request": req.pk})))
    letters = list(app.letters.prefetch_related("deliveries__files"))
    deliver_forms = {}
    if roles & {Role.CLERK, Role.HEAD} and app.status != Status.ARCHIVED:
        for letter in letters:
            if not letter.deliveries.all():
                same = isinstance(bound, DeliverForm) and bound.letter.pk == letter.pk
                deliver_forms[letter.pk] = bound if same else DeliverForm(app=app, today=today, letter=letter)
    due = deadline(app, events=events, today=today)
    suggestion = outcomes.BY_CODE[due.suggestion].title if due.suggestion in outcomes.BY_CODE else ""
    return render(request, "cases/detail.html", {
        "app": app, "events": events, "deadline": due, "suggestion": suggestion, "today": today,
        "letters": [(letter, deliver_forms.get(letter.pk)) for letter in letters], "flags": intake.flags(app),
        "outcome": outcomes.BY_CODE.get(app.outcome),
        "answer": outcomes.answer_for(app.outcome, app.sub_basis, app.responsible_agency, app.responsible_contact)
        if app.outcome else None, "pending_approval": decisions.pending_approval(app),
        "forms": forms, "bound": bound.name if bound is not None else "", "pending_requests": pending,
        "request_forms": request_forms, "files": app.files.select_related("uploaded_by"),
        "can_act": bool(roles & {Role.CLERK, Role.HEAD}), "show_full": show_full,
    }, status=status)


@login_required
@require_GET
def detail(request, pk):
    return _page(request, _case(request, pk))


def _act(request, app, form):
    if form.is_valid():
        try:
            message = form.perform(request.user, app, today=_today(), now=timezone.now())
        except GongkaiError as exc:
            form.error_for(exc)
        else:
            messages.success(request, message)
            return redirect("cases:detail", pk=app.pk)
    messages.error(request, "未能保存，请按红字提示修改后重新提交。")
    fresh = Application.objects.select_related("agency", "section", "assigned_to").get(pk=app.pk)
    return _page(request, fresh, bound=form)


@login_required
@require_POST
def action(request, pk, name):
    app = _case(request, pk)
    cls = ACTIONS.get(name)
    if cls is None or name not in (*available(app, roles_in(request.user, app.agency)), "request_decide"):
        raise PermissionDenied("您的岗位不能在此申请上进行这项操作，或申请当前的状态不允许这项操作。")
    return _act(request, app, cls(request.POST, request.FILES, app=app, today=_today()))


@login_required
@require_POST
def letter_deliver(request, pk):
    letter = get_object_or_404(Letter.objects.select_related("agency", "application"), pk=pk)
    require_visible(request.user, letter.agency)
    if not roles_in(request.user, letter.agency) & {Role.CLERK, Role.HEAD}:
        raise PermissionDenied("需要本机关的以下岗位之一：经办人、负责人。")
    app = letter.application
    return _act(request, app, DeliverForm(request.POST, app=app, today=_today(), letter=letter))


@login_required
@require_GET
def case_file(request, pk):
    case_file = get_object_or_404(CaseFile.objects.select_related("agency"), pk=pk)
    require_visible(request.user, case_file.agency)
    return files.response_for(case_file)
