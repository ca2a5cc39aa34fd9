"""Requests to the office's head (报请负责人同意): a clerk asks, the head agrees or refuses from the 工作台 queue.

* 延长答复期限 — 条例第三十三条第二款: "需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，
  延长的期限最长不得超过20个工作日". On agreement the extension is made in the head's name (steps.extend).
* 收取信息处理费 — where the agency asks for it (CaseSettings.fee_needs_approval), the fee notice of 国办函〔2020〕109号
  goes out on the day the head agrees (steps.fee_notice), still within the period for handling the application.

A request is PENDING until the head decides (APPROVED / REFUSED) or the clerk withdraws it; REQUEST_TRANSITIONS is
the table of allowed moves. A refused request leaves the case as it was.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from gongkai.audit.services import record
from gongkai.core.errors import GongkaiError, Refused

from . import steps
from .base import HEADS, add_event, lock, require_open, require_received, require_staff
from .clock import MAX_EXTENSION_DAYS, deadline
from .models import EventKind, HeadRequest, RequestKind, RequestState


def _open_request(app, kind) -> HeadRequest | None:
    return HeadRequest.objects.pending().filter(application=app, kind=kind).first()


@transaction.atomic
def request_extension(actor, application, *, days: int, reason: str, revision: int, today: date) -> HeadRequest:
    require_staff(actor, application)
    app = lock(application, revision)
    require_open(app)
    require_received(app)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise GongkaiError(f"延长答复期限最长不超过{MAX_EXTENSION_DAYS}个工作日（第三十三条第二款）", field="days")
    reason = (reason or "").strip()
    if not reason:
        raise GongkaiError("请说明需要延长答复期限的理由", field="reason")
    if app.events.filter(kind=EventKind.EXTENSION).exists():
        raise Refused("答复期限只能延长一次（第三十三条第二款），本申请已延长过。")
    if _open_request(app, RequestKind.EXTENSION):
        raise Refused("已报请延长答复期限，正等待负责人审批。")
    current = deadline(app, today=today, explain=False)
    if current.kind == "answer" and today > current.due:
        raise Refused(f"答复期限已于 {current.due.isoformat()} 届满，不能再延长。")
    return _create(actor, app, RequestKind.EXTENSION, today, reason=reason, days=days)


@transaction.atomic
def request_fee(actor, application, *, items: int | None, pages: int | None, reason: str, revision: int,
                today: date) -> HeadRequest:
    require_staff(actor, application)
    app = lock(application, revision)
    require_open(app)
    require_received(app)
    if (items is None) == (pages is None):
        raise GongkaiError("请填写按件计收的件数或按量计收的页数（二者选一）", field="items")
    if app.events.filter(kind=EventKind.FEE_NOTICE).exists():
        raise Refused("已发出过收费通知。")
    if _open_request(app, RequestKind.FEE):
        raise Refused("已报请收费，正等待负责人审批。")
    return _create(actor, app, RequestKind.FEE, today, reason=(reason or "").strip(), items=items, pages=pages)


def _create(actor, app, kind, today, **fields) -> HeadRequest:
    req = HeadRequest.objects.create(agency=app.agency, application=app, kind=kind, requested_by=actor,
                                     requested_on=today, **fields)
    add_event(app, EventKind.REQUEST, actor, on=today, note=fields.get("reason", ""),
              data={"request": req.pk, "kind": kind, "days": fields.get("days")})
    record(f"case.request.{kind}", actor=actor, agency=app.agency, obj=app,
           data={"request": req.pk, "days": fields.get("days"), "items": fields.get("items"),
                 "pages": fields.get("pages"), "today": today.isoformat()})
    return req


def _decidable(actor, req: HeadRequest, state: str) -> HeadRequest:
    require_staff(actor, req.application, *HEADS)
    req = HeadRequest.objects.select_for_update().select_related("application").get(pk=req.pk)
    if not req.can_move_to(state):
        raise Refused(f"该事项已{req.get_state_display()}，不能再处理。")
    return req


@transaction.atomic
def approve(actor, request: HeadRequest, *, today: date, note: str = "") -> HeadRequest:
    """The head agrees: the step is taken now, in the head's name; its own legal checks apply (e.g. the answer
    period must still run)."""
    req = _decidable(actor, request, RequestState.APPROVED)
    app = req.application
    if req.kind == RequestKind.EXTENSION:
        steps.extend(actor, app, days=req.days, reason=req.reason, revision=app.revision, today=today)
    else:
        steps.fee_notice(actor, app, items=req.items, pages=req.pages, on=today, revision=app.revision, today=today)
    return _close(actor, req, RequestState.APPROVED, today, note)


@transaction.atomic
def refuse(actor, request: HeadRequest, *, reason: str, today: date) -> HeadRequest:
    req = _decidable(actor, request, RequestState.REFUSED)
    reason = (reason or "").strip()
    if not reason:
        raise GongkaiError("请写明不同意的理由，经办人将看到", field="reason")
    add_event(req.application, EventKind.REQUEST_REFUSED, actor, on=today, note=reason,
              data={"request": req.pk, "kind": req.kind})
    return _close(actor, req, RequestState.REFUSED, today, reason)


@transaction.atomic
def withdraw(actor, request: HeadRequest, *, today: date) -> HeadRequest:
    require_staff(actor, request.application)
    req = HeadRequest.objects.select_for_update().select_related("application").get(pk=request.pk)
    if not req.can_move_to(RequestState.WITHDRAWN):
        raise Refused(f"该事项已{req.get_state_display()}，不能撤回。")
    return _close(actor, req, RequestState.WITHDRAWN, today, "")


def _close(actor, req: HeadRequest, state: str, today: date, note: str) -> HeadRequest:
    req.state, req.decided_by, req.decided_on, req.decision_note = state, actor, today, note
    req.save(update_fields=["state", "decided_by", "decided_on", "decision_note"])
    action = {RequestState.APPROVED: "approve", RequestState.REFUSED: "refuse", RequestState.WITHDRAWN: "withdraw"}
    record(f"case.request.{action[state]}", actor=actor, agency=req.agency, obj=req.application,
           data={"request": req.pk, "kind": req.kind, "note": note, "today": today.isoformat()})
    return req
