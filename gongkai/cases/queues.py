"""The 依申请公开 queues of the 工作台, each a named queryset of ApplicationQuerySet / HeadRequest / DeadlineChange.

经办人: online applications to confirm, my open cases by due date, due within 5 working days, overdue, waiting for
补正, in consultation, decisions sent back, answered but not delivered, delivered but not archived, deadlines that
moved. 保密审查员: answers waiting for 保密审查 (where the agency asks for it). 负责人: decisions, extensions and fee
notices waiting for my approval, the agency's overdue cases.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from gongkai.agencies.models import AgencyLevel, Role
from gongkai.office.worklist import Item, Queue, days_left, register
from gongkai.workdays.services import add_workdays

from .models import Application, DeadlineChange, HeadRequest

SOON_WORKDAYS = 5
CASE_LEVELS = frozenset({AgencyLevel.GOVERNMENT, AgencyLevel.DEPARTMENT, AgencyLevel.TOWN})
CLERKS = frozenset({Role.CLERK})
HEADS = frozenset({Role.HEAD})


def soon_end(today: date) -> date:
    return add_workdays(today, SOON_WORKDAYS).date


# --- the querysets, by queue key (also the dashboard's ?show= filters) -------------------------------------------
def cases_of(agency):
    return Application.objects.of(agency).select_related("assigned_to", "section")


FILTERS = {
    "to_confirm": lambda qs, user, today: qs.unconfirmed().order_by("arrived_at", "id"),
    "mine": lambda qs, user, today: qs.open().handled_by(user).order_by("due_date", "id"),
    "my_soon": lambda qs, user, today: qs.handled_by(user).due_within(today, soon_end(today)).order_by("due_date"),
    "my_overdue": lambda qs, user, today: qs.handled_by(user).overdue(today).order_by("due_date", "id"),
    "my_correction": lambda qs, user, today: qs.handled_by(user).waiting_correction().order_by("due_date", "id"),
    "my_consultation": lambda qs, user, today: qs.handled_by(user).in_consultation().order_by("due_date", "id"),
    "my_returned": lambda qs, user, today: qs.handled_by(user).returned().order_by("due_date", "id"),
    "my_undelivered": lambda qs, user, today: qs.handled_by(user).answered_not_delivered().order_by("closed_on", "id"),
    "my_unarchived": lambda qs, user, today: qs.handled_by(user).delivered_not_archived().order_by("closed_on", "id"),
    "answer_review": lambda qs, user, today: qs.awaiting_review().order_by("due_date", "id"),
    "approval": lambda qs, user, today: qs.awaiting_approval().order_by("due_date", "id"),
    "overdue": lambda qs, user, today: qs.overdue(today).order_by("due_date", "id"),
    "soon": lambda qs, user, today: qs.due_within(today, soon_end(today)).order_by("due_date", "id"),
    "open": lambda qs, user, today: qs.open().order_by("due_date", "-id"),
    "unconfirmed": lambda qs, user, today: qs.unconfirmed().order_by("arrived_at", "id"),
    "undelivered": lambda qs, user, today: qs.answered_not_delivered().order_by("closed_on", "id"),
    "unarchived": lambda qs, user, today: qs.delivered_not_archived().order_by("closed_on", "id"),
}
LABELS = {
    "to_confirm": "待确认收到的申请", "mine": "我经办的在办申请", "my_soon": f"{SOON_WORKDAYS}个工作日内到期",
    "my_overdue": "已逾期", "my_correction": "等待申请人补正", "my_consultation": "征求意见中",
    "my_returned": "负责人退回的决定", "my_undelivered": "已答复、尚未送达", "my_unarchived": "已送达、尚未归档",
    "answer_review": "待保密审查的答复", "approval": "待我审批的决定", "overdue": "本机关已逾期的申请",
    "soon": f"本机关{SOON_WORKDAYS}个工作日内到期", "open": "全部在办", "unconfirmed": "待确认收到",
    "undelivered": "已答复未送达", "unarchived": "已送达未归档",
}


def queue_cases(key: str, user, agency, today: date):
    return FILTERS[key](cases_of(agency), user, today)


def case_item(app: Application, today: date) -> Item:
    code = app.acceptance_no or app.tracking_code
    due = app.due_date if app.is_open else None
    note = app.get_status_display()
    if app.returned_note:
        note = f"退回意见：{app.returned_note}"
    elif app.due_kind == "correction" and app.is_open:
        note = "等待申请人补正（所列日期为补正期限）"
    elif not app.is_open:
        note = f"{app.get_outcome_display()}，{app.closed_on:%Y-%m-%d}办结" if app.closed_on else note
    return Item(f"{code} {app.masked_name}：{app.content[:30]}", reverse("cases:detail", args=[app.pk]), due,
                days_left(today, due), note, app.due_provisional and app.is_open)


def _more(key):
    return lambda agency: f"{reverse('cases:dashboard')}?agency={agency.code}&show={key}"


def _case_queue(key, roles, urgency, hint=""):
    return Queue(key=f"cases.{key}", title=LABELS[key], roles=roles, urgency=urgency, levels=CASE_LEVELS,
                 items=lambda user, agency, today, k=key: queue_cases(k, user, agency, today), item=case_item,
                 more=_more(key), hint=hint)


# --- requests to the head and deadline changes ---------------------------------------------------------------------
def request_item(req: HeadRequest, today: date) -> Item:
    app = req.application
    what = (f"延长 {req.days} 个工作日" if req.days else f"按量计收 {req.pages} 页" if req.pages
            else f"按件计收 {req.items} 件")
    return Item(f"{app.acceptance_no or app.tracking_code} {req.get_kind_display()}：{what}",
                reverse("cases:detail", args=[app.pk]) + "#requests", app.due_date, days_left(today, app.due_date),
                f"{req.requested_by.get_full_name() if req.requested_by else ''}报请：{req.reason}", app.due_provisional)


def change_item(change: DeadlineChange, today: date) -> Item:
    return Item(f"{change.application.tracking_code} 期限 {change.old_due:%Y-%m-%d} → {change.new_due:%Y-%m-%d}",
                reverse("cases:detail", args=[change.application_id]), change.new_due,
                days_left(today, change.new_due), change.reference)


def pending_requests(user, agency, today):
    return (HeadRequest.objects.pending().filter(agency=agency)
            .select_related("application", "requested_by").order_by("application__due_date", "id"))


def deadline_changes(user, agency, today):
    return (DeadlineChange.objects.filter(agency=agency).for_handler(user).unacknowledged()
            .select_related("application").order_by("new_due", "id"))


def register_queues() -> None:
    for key, roles, urgency in (
        ("my_overdue", CLERKS, 10), ("to_confirm", CLERKS | HEADS, 12), ("my_returned", CLERKS, 14),
        ("my_soon", CLERKS, 16), ("mine", CLERKS, 30), ("my_correction", CLERKS, 32),
        ("my_consultation", CLERKS, 34), ("my_undelivered", CLERKS, 36), ("my_unarchived", CLERKS, 38),
        ("answer_review", frozenset({Role.REVIEWER}), 20), ("approval", HEADS, 11), ("overdue", HEADS, 13),
    ):
        register(_case_queue(key, roles, urgency))
    register(Queue("cases.requests", "待我审批的延期、收费", HEADS, pending_requests, request_item, urgency=11,
                   levels=CASE_LEVELS))
    register(Queue("cases.deadline_changes", "答复期限变动（录入节假日安排后重新计算）", CLERKS | HEADS,
                   deadline_changes, change_item, urgency=15, levels=CASE_LEVELS,
                   hint="这些申请的期限原为暂定，录入放假安排后已重新计算；需要时请告知申请人，然后点“知悉”。"))
