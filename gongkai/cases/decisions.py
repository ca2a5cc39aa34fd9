"""答复: coding a case to exactly one Table-3 outcome, the head's approval, and 归档 (条例第四十五条)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction

from gongkai.core.clock import stamp
from gongkai.core.errors import GongkaiError, Refused

from . import outcomes
from .base import (
    HEADS,
    add_event,
    case_settings,
    lock,
    require_date,
    require_open,
    require_received,
    require_staff,
    require_unfrozen,
    save,
)
from .clock import deadline
from .letters import issue, needs_approval
from .models import Application, EventKind, LetterKind, Status


def _final_status(outcome: str) -> str:
    return Status.TERMINATED if outcome in outcomes.TERMINATING else Status.ANSWERED


def _close(actor, app: Application, today: date, *, closed_on: date | None = None) -> Application:
    """办结: closed on the decision date, or — when the head's approval is required — on the approval day, the day
    the answer letter can issue (statutory-spec §3.1b: closed_date = 作出答复之日)."""
    app.closed_on = closed_on or app.decision_date
    target = _final_status(app.outcome)
    if not app.can_move_to(target):
        raise Refused(f"该申请当前状态为“{app.get_status_display()}”，不能变为“{Status(target).label}”。")
    app.status = target
    return app


@transaction.atomic
def decide(actor, application: Application, *, outcome: str, decision_date: date, text: str = "", revision: int,
           today: date, sub_basis: str = "", responsible_agency: str = "", responsible_contact: str = "") -> Application:
    """Record the decision: one outcome code with its legal basis. Takes effect (办结) on approval by the head
    when the agency requires it (the default), otherwise at once."""
    require_staff(actor, application)  # the role first: no revision leak to other roles
    app = lock(application, revision)
    require_open(app)
    received = require_received(app)
    if outcome not in outcomes.BY_CODE:
        raise GongkaiError("请选择办理结果（表三中的一项）", field="outcome")
    if isinstance(decision_date, date) and decision_date < received:
        raise GongkaiError(f"决定日期（{decision_date.isoformat()}）不能早于收到申请之日（{received.isoformat()}）",
                           field="decision_date")
    require_date(decision_date, "决定日期", today=today, field="decision_date")
    require_unfrozen(app, decision_date)
    current = deadline(app, today=decision_date, explain=False)
    if outcome == "other.no_correction" and current.suggestion != "other.no_correction":
        raise Refused("只有在补正期限届满后申请人仍未补正的，才能按“逾期不补正、不再处理”办结（第三十条）。")
    if outcome == "other.unpaid_fee" and current.suggestion != "other.unpaid_fee":
        raise Refused("只有在缴费期限届满后申请人仍未缴费的，才能按“逾期未缴费、不再处理”办结（国办函〔2020〕109号）。")
    if outcome == "unable.still_unclear" and not app.events.filter(kind=EventKind.CORRECTION_RECEIVED).exists():
        raise Refused("“补正后申请内容仍不明确”须先告知补正并收到补正（第三十条）。")
    if outcome == "noproc.massive" and not app.events.filter(kind=EventKind.REASONS_REQUEST).exists():
        raise Refused("按“无正当理由大量反复申请”不予处理前，须先要求申请人说明理由并登记（第三十五条）。")
    text = (text or "").strip()
    sub_basis, responsible = _sub_basis(outcome, sub_basis, responsible_agency, responsible_contact)
    objections = objecting_parties(app)
    if not text and outcomes.needs_reasons(outcome):
        raise GongkaiError(f"“{outcomes.get(outcome).label}”须在答复要点中说明理由（第三十六条、第三十七条）",
                           field="text")
    if not text and outcome == "grant" and sub_basis == outcomes.GRANT_PUBLISHED:
        raise GongkaiError("已主动公开的，请在答复要点中写明获取该政府信息的方式和途径（第三十六条第（一）项）",
                           field="text")
    if not text and objections and outcome in DISCLOSING:
        raise GongkaiError("第三方不同意公开而决定公开的，须写明决定公开的内容和理由，并书面告知第三方（第三十二条）",
                           field="text")
    app.outcome, app.decision_date, app.decision_text = outcome, decision_date, text
    app.sub_basis, (app.responsible_agency, app.responsible_contact) = sub_basis, responsible
    app.decision_by, app.approved_by, app.approved_at = actor, None, None
    app.returned_note, app.reviewed_by, app.reviewed_at, app.review_opinion = "", None, None, ""
    answer = outcomes.answer_for(outcome, sub_basis, *responsible)
    add_event(app, EventKind.DECISION, actor, on=decision_date, note=app.decision_text,
              data={"outcome": outcome, "basis": answer.basis, "sub_basis": sub_basis})
    data = {"outcome": outcome, "decision_date": decision_date.isoformat()}
    if needs_approval(app):
        return save(app, "case.decide", actor, today=today, data={**data, "pending_approval": True})
    _close(actor, app, today)
    save(app, "case.decide", actor, today=today, data=data)
    _issue_answer(actor, app, today)
    return app


DISCLOSING = ("grant", "partial")


def objecting_parties(app: Application) -> list[str]:
    """第三十二条: third parties whose recorded reply does not agree to disclosure."""
    return [e.party for e in app.events.filter(kind=EventKind.THIRD_PARTY_REPLY).order_by("date", "id")
            if (e.data or {}).get("agrees") is False]


def _sub_basis(outcome: str, sub_basis: str, agency: str, contact: str) -> tuple[str, tuple[str, str]]:
    if outcome == "grant":  # 第三十六条第（一）项 when already published, else （二）
        return ("published" if (sub_basis or "").strip() == outcomes.GRANT_PUBLISHED else ""), ("", "")
    if outcome != "unable.not_held":
        return "", ("", "")
    sub_basis, agency, contact = (sub_basis or "").strip(), (agency or "").strip(), (contact or "").strip()
    if sub_basis not in (outcomes.NOT_HELD_ABSENT, outcomes.NOT_HELD_ELSEWHERE):
        raise GongkaiError("请选择具体情形：信息不存在（第三十六条第（四）项）或不属于本机关负责公开（第（五）项）",
                           field="sub_basis")
    if sub_basis == outcomes.NOT_HELD_ABSENT:
        return sub_basis, ("", "")
    if not agency or not contact:
        raise GongkaiError("不属于本机关负责公开的，请填写负责公开该信息的机关名称和联系方式（第三十六条第（五）项）",
                           field="responsible_agency")
    return sub_basis, (agency, contact)


def _issue_answer(actor, app: Application, today: date) -> None:
    """The answer letter, and — 第三十二条 — a 决定公开告知书 to each third party that did not agree."""
    issue(actor, app, LetterKind.ANSWER, today=today)
    if app.outcome in DISCLOSING:
        for party in dict.fromkeys(objecting_parties(app)):
            issue(actor, app, LetterKind.DISCLOSE, today=today, party=party)


@transaction.atomic
def approve(actor, application: Application, *, revision: int, today: date, now: datetime | None = None) -> Application:
    """The head approves the pending decision: the case is closed (办结) on the approval day — the answer letter is
    issued that day — and counts in Table 3 from then."""
    require_staff(actor, application, *HEADS)  # the role first: no revision leak to other roles
    app = lock(application, revision)
    require_open(app)
    if not app.outcome or not app.decision_date:
        raise Refused("该申请还没有待审批的决定。")
    if app.decision_by_id == getattr(actor, "pk", None) and case_settings(app.agency).four_eyes:
        raise Refused("按本机关的设置，作出决定的人不能审批本人的决定（双人审核），请由另一位负责人审批。")
    require_unfrozen(app, app.decision_date)
    require_unfrozen(app, today)
    if needs_answer_review(app) and app.reviewed_at is None:
        raise Refused("本机关规定答复须先经保密审查，请等待保密审查员审查后再审批。")
    app.approved_by, app.approved_at = actor, stamp(now, today)
    _close(actor, app, today, closed_on=today)
    add_event(app, EventKind.APPROVAL, actor, on=today, data={"outcome": app.outcome})
    save(app, "case.approve", actor, today=today, data={"outcome": app.outcome})
    _issue_answer(actor, app, today)
    return app


@transaction.atomic
def archive(actor, application: Application, *, revision: int, today: date) -> Application:
    """归档 once the answer (or the notice that the application is no longer handled) has been delivered."""
    require_staff(actor, application)  # the role first: no revision leak to other roles
    app = lock(application, revision)
    if not app.can_move_to(Status.ARCHIVED):
        raise Refused(f"该申请当前状态为“{app.get_status_display()}”，办结后才能归档。")
    answer = app.letters.filter(kind=LetterKind.ANSWER).last()
    if answer is None or not answer.deliveries.exists():
        raise Refused("答复书送达后才能归档，请先登记送达。")
    app.status = Status.ARCHIVED
    add_event(app, EventKind.ARCHIVE, actor, on=today)
    return save(app, "case.archive", actor, today=today)


def needs_answer_review(app: Application) -> bool:
    return case_settings(app.agency).answer_needs_review


@transaction.atomic
def return_decision(actor, application: Application, *, reason: str, revision: int, today: date) -> Application:
    """The head sends a pending decision back to the clerk with a reason; the case returns to the clerk's queue
    (负责人退回的决定) and needs a new decision."""
    require_staff(actor, application, *HEADS)  # the role first: no revision leak to other roles
    app = lock(application, revision)
    if not pending_approval(app):
        raise Refused("该申请没有待审批的决定。")
    reason = (reason or "").strip()
    if not reason:
        raise GongkaiError("请写明退回意见，经办人将据此修改", field="reason")
    returned = app.outcome
    add_event(app, EventKind.RETURNED, actor, on=today, note=reason, data={"outcome": returned})
    app.outcome, app.decision_date, app.returned_note = "", None, reason
    app.reviewed_by, app.reviewed_at, app.review_opinion = None, None, ""
    return save(app, "case.return", actor, today=today, data={"outcome": returned, "reason": reason})


@transaction.atomic
def review_answer(actor, application: Application, *, opinion: str, revision: int, today: date,
                  now: datetime | None = None) -> Application:
    """保密审查 of a pending answer (条例第十七条), where the agency asks for it; then the head approves."""
    from gongkai.agencies.models import Role

    require_staff(actor, application, Role.REVIEWER)
    app = lock(application, revision)
    if not pending_approval(app) or not needs_answer_review(app):
        raise Refused("该申请没有待保密审查的答复。")
    if app.reviewed_at is not None:
        raise Refused("该答复已经过保密审查。")
    opinion = (opinion or "").strip()
    if not opinion:
        raise GongkaiError("请填写保密审查意见", field="opinion")
    app.reviewed_by, app.reviewed_at, app.review_opinion = actor, stamp(now, today), opinion
    add_event(app, EventKind.ANSWER_REVIEW, actor, on=today, note=opinion)
    return save(app, "case.answer_review", actor, today=today, data={"opinion": opinion})


def pending_approval(app: Application) -> bool:
    return bool(app.outcome and app.is_open and needs_approval(app) and not app.approved_at)
