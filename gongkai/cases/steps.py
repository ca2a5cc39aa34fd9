"""Clock events: 补正 (第三十条), 征求意见 (第三十二条、第三十四条), 延期 (第三十三条第二款), 延迟答复 (第三十五条),
收费通知与缴费 (国办函〔2020〕109号). Each service records one CaseEvent; the deadline is re-derived from the events."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Role
from gongkai.core.errors import GongkaiError, Refused

from . import fees
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
from .clock import CORRECTION_NOTICE_DAYS, MAX_EXTENSION_DAYS, deadline
from .letters import issue
from .models import CONSULT_PAIRS, Application, CaseEvent, EventKind, LetterKind, Status


def _prepare(actor, application, revision, *roles) -> Application:
    require_staff(actor, application, *roles)  # the role first: no revision leak to other roles
    app = lock(application, revision)
    require_open(app)
    require_received(app)
    require_unfrozen(app)
    return app


def correction_notice_limit(app: Application):
    """第三十条: the last day for the one correction notice (7 working days after receipt)."""
    from gongkai.workdays.services import add_workdays

    return add_workdays(app.received_date, CORRECTION_NOTICE_DAYS)


def require_period_running(app: Application, on: date, what: str) -> None:
    """第三十三条; 国办函〔2020〕109号（在申请处理期限内）: consultations and fee notices only while the answer
    period still runs on `on`."""
    current = deadline(app, today=on, explain=False)
    due = current.answer_due if current.kind == "fee" else current.due
    if current.kind in ("answer", "fee") and due and on > due:
        raise Refused(f"答复期限已于 {due.isoformat()} 届满，不能再{what}（第三十三条；国办函〔2020〕109号）。")


@transaction.atomic
def request_correction(actor, application, *, correction_due: date, items: str, revision: int, today: date,
                       on: date | None = None) -> Application:
    """第三十条: one notice, within 7 working days of receipt, naming what to correct and a reasonable time limit."""
    app = _prepare(actor, application, revision)
    on = require_date(on or today, "补正告知日期", today=today, not_before=app.received_date,
                      before_label="收到申请之日")
    if app.events.filter(kind=EventKind.CORRECTION_REQUEST).exists():
        raise Refused("补正告知应当一次性告知（第三十条），本申请已告知过补正。")
    items = (items or "").strip()
    if not items:
        raise GongkaiError("请写明需要补正的事项（第三十条）", field="items")
    if not isinstance(correction_due, date) or correction_due <= on:
        raise GongkaiError("补正期限应晚于补正告知日期", field="correction_due")
    limit = correction_notice_limit(app)
    if on > limit.date:
        raise Refused(f"补正告知应当自收到申请之日起7个工作日内一次性作出（第三十条），期限已于 "
                      f"{limit.date.isoformat()} 届满，不能再告知补正。")
    add_event(app, EventKind.CORRECTION_REQUEST, actor, on=on, due=correction_due, note=items)
    save(app, "case.correction.request", actor, today=today, data={"due": correction_due.isoformat()})
    issue(actor, app, LetterKind.CORRECTION, today=today)
    return app


MAX_CLARIFIED_CHARS = 5000  # as the application form's request


@transaction.atomic
def correction_received(actor, application, *, on: date, revision: int, today: date, clarified: str = "",
                        note: str = ""):
    """第三十条: the corrected application arrived on `on` (the answer period restarts from that day). `clarified` is
    the request as the applicant corrected it: kept on the case, quoted by every later letter, and on the event."""
    app = _prepare(actor, application, revision)
    request = app.events.filter(kind=EventKind.CORRECTION_REQUEST).last()
    if request is None:
        raise Refused("该申请没有补正告知，无需登记补正。")
    if app.events.filter(kind=EventKind.CORRECTION_RECEIVED).exists():
        raise Refused("已登记过补正收到。")
    require_date(on, "收到补正之日", today=today, not_before=request.date, before_label="补正告知日期")
    clarified = (clarified or "").strip()
    if len(clarified) > MAX_CLARIFIED_CHARS:
        raise GongkaiError(f"补正后的申请内容最多{MAX_CLARIFIED_CHARS}字", field="clarified")
    if clarified:
        app.clarified_content = clarified
    add_event(app, EventKind.CORRECTION_RECEIVED, actor, on=on, note=note or clarified,
              data={"clarified": bool(clarified)})
    return save(app, "case.correction.received", actor, today=today,
                data={"on": on.isoformat(), "clarified": bool(clarified)})


@transaction.atomic
def start_consultation(actor, application, *, third_party: bool, party: str, on: date, revision: int,
                       today: date, note: str = "", received_on: date | None = None) -> Application:
    """第三十二条 (third party) or 第三十四条 (another agency): written request for an opinion; the party has 15
    working days from the day it receives the letter (`received_on`, default: the sending day). Only while the
    answer period runs (第三十三条第三款 leaves out time only from a running period)."""
    app = _prepare(actor, application, revision)
    party = (party or "").strip()
    if not party:
        raise GongkaiError("请填写征求意见的对象", field="party")
    require_date(on, "发出征求意见书之日", today=today, not_before=app.received_date, before_label="收到申请之日")
    if received_on is not None:
        require_date(received_on, "对方收到征求意见书之日", today=today, not_before=on, before_label="发出之日",
                     field="received_on")
    require_period_running(app, on, "征求意见")
    kind = EventKind.THIRD_PARTY_SENT if third_party else EventKind.AGENCY_SENT
    data = {"received_on": received_on.isoformat()} if received_on and received_on != on else {}
    add_event(app, kind, actor, on=on, party=party, note=note, data=data)
    save(app, "case.consult.start", actor, today=today, data={"kind": kind, "party": party})
    issue(actor, app, LetterKind.THIRD_PARTY if third_party else LetterKind.CONSULT, today=today, party=party)
    return app


@transaction.atomic
def consultation_reply(actor, application, sent: CaseEvent, *, on: date, revision: int, today: date,
                       agrees: bool | None = None, note: str = "") -> Application:
    app = _prepare(actor, application, revision)
    if sent.application_id != app.pk or sent.kind not in CONSULT_PAIRS:
        raise GongkaiError("征求意见事项不存在", field="sent")
    if sent.replies.exists():
        raise Refused("该征求意见已登记答复。")
    require_date(on, "收到答复之日", today=today, not_before=sent.date, before_label="发出征求意见书之日")
    add_event(app, CONSULT_PAIRS[sent.kind], actor, on=on, party=sent.party, reply_to=sent, note=note,
              data={"agrees": agrees})
    return save(app, "case.consult.reply", actor, today=today, data={"party": sent.party})


@transaction.atomic
def extend(actor, application, *, days: int, reason: str, revision: int, today: date) -> Application:
    """第三十三条第二款: once, at most 20 working days, approved by the office's head, before the period ends."""
    app = _prepare(actor, application, revision, *HEADS)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise GongkaiError(f"延长答复期限最长不超过{MAX_EXTENSION_DAYS}个工作日（第三十三条第二款）", field="days")
    if app.events.filter(kind=EventKind.EXTENSION).exists():
        raise Refused("答复期限只能延长一次（第三十三条第二款），本申请已延长过。")
    current = deadline(app, today=today, explain=False)
    if current.kind != "answer":
        raise Refused("当前正在等待申请人补正或缴费，答复期限尚未起算，不能延长。")
    if today > current.due:
        raise Refused(f"答复期限已于 {current.due.isoformat()} 届满，不能再延长。")
    reason = (reason or "").strip()
    if not reason:
        raise GongkaiError("请说明延长答复期限的理由", field="reason")
    add_event(app, EventKind.EXTENSION, actor, on=today, days=days, note=reason)
    save(app, "case.extend", actor, today=today, data={"days": days})
    issue(actor, app, LetterKind.EXTENSION, today=today)
    return app


@transaction.atomic
def delay_35(actor, application, *, until: date, reason: str, revision: int, today: date) -> Application:
    """第三十五条: the number or frequency is clearly unreasonable but the reason given is reasonable: the agency sets
    a reasonable later date and tells the applicant."""
    app = _prepare(actor, application, revision, *HEADS)
    if not isinstance(until, date) or until <= today:
        raise GongkaiError("延迟答复的期限应晚于今天", field="until")
    current = deadline(app, today=today, explain=False)
    if current.due and until <= current.due:
        raise GongkaiError(f"延迟答复的期限应晚于现有答复期限（{current.due.isoformat()}）", field="until")
    latest = (current.due or today) + timedelta(days=365)
    if until > latest:
        raise GongkaiError(f"延迟答复的期限不合理：最晚为现有答复期限后一年（{latest.isoformat()}）", field="until")
    if not (reason or "").strip():
        raise GongkaiError("请说明延迟答复的理由（第三十五条）", field="reason")
    add_event(app, EventKind.DELAY_35, actor, on=today, due=until, note=reason.strip())
    save(app, "case.delay35", actor, today=today, data={"until": until.isoformat()})
    issue(actor, app, LetterKind.DELAY, today=today)
    return app


@transaction.atomic
def request_reasons(actor, application, *, on: date, note: str, revision: int, today: date) -> Application:
    """第三十五条: the applicant is asked to give reasons for an unreasonable number or frequency of applications
    (required before 不予处理 as noproc.massive)."""
    app = _prepare(actor, application, revision)
    require_date(on, "要求说明理由之日", today=today, not_before=app.received_date, before_label="收到申请之日")
    note = (note or "").strip()
    if not note:
        raise GongkaiError("请写明要求申请人说明理由的内容和方式（第三十五条）", field="note")
    add_event(app, EventKind.REASONS_REQUEST, actor, on=on, note=note)
    return save(app, "case.reasons.request", actor, today=today, data={"on": on.isoformat()})


def items_before(app: Application) -> int:
    """This applicant's applications to this agency received earlier in the same calendar month (第四条按件计收)."""
    day = app.received_date
    return Application.objects.of(app.agency).with_id_number(app.id_number).filter(
        received_date__year=day.year, received_date__month=day.month).filter(
        Q(received_date__lt=day) | Q(received_date=day, pk__lt=app.pk)).count()


@transaction.atomic
def fee_notice(actor, application, *, items: int | None = None, pages: int | None = None, on: date,
               revision: int, today: date) -> Application:
    """收费通知 (国办函〔2020〕109号): by items (按件, this applicant's count in the month) or pages (按量), never
    both; `on` is the day the applicant receives the notice."""
    app = _prepare(actor, application, revision)
    if case_settings(app.agency).fee_needs_approval and Role.HEAD not in roles_in(actor, app.agency):
        raise Refused("本机关规定收费通知须经负责人同意：请报请负责人审批（“报请收费”）。")
    quote = fees.quote(items=items, before=items_before(app) if items is not None and pages is None else 0,
                       pages=pages)
    if quote.amount <= 0:
        raise Refused("按此计算不收取信息处理费（" + "；".join(quote.lines()) + "），无需发出收费通知。")
    require_date(on, "申请人收到收费通知之日", today=today, not_before=app.received_date,
                 before_label="收到申请之日")
    if app.events.filter(kind=EventKind.FEE_NOTICE).exists():
        raise Refused("已发出过收费通知。")
    require_period_running(app, on, "发出收费通知")
    add_event(app, EventKind.FEE_NOTICE, actor, on=on, amount=quote.amount,
              data={"scale": quote.scale, "items": items, "pages": pages, "lines": quote.lines()})
    save(app, "case.fee.notice", actor, today=today, data={"amount": quote.amount, "scale": quote.scale})
    issue(actor, app, LetterKind.FEE, today=today)
    return app


@transaction.atomic
def fee_paid(actor, application, *, on: date, revision: int, today: date, receipt: str = "") -> Application:
    app = _prepare(actor, application, revision)
    notice = app.events.filter(kind=EventKind.FEE_NOTICE).last()
    if notice is None:
        raise Refused("该申请没有收费通知。")
    if app.events.filter(kind=EventKind.FEE_PAID).exists():
        raise Refused("已登记过缴费。")
    require_date(on, "缴费日期", today=today, not_before=notice.date, before_label="收到收费通知之日")
    current = deadline(app, today=on, explain=False)
    if current.fee_due and on > current.fee_due:
        raise Refused(f"缴费期限已于 {current.fee_due.isoformat()} 届满，逾期未缴纳视为放弃申请。")
    add_event(app, EventKind.FEE_PAID, actor, on=on, amount=notice.amount, note=receipt)
    return save(app, "case.fee.paid", actor, today=today, data={"amount": notice.amount})


__all__ = ["request_correction", "correction_received", "start_consultation", "consultation_reply", "extend",
           "delay_35", "fee_notice", "fee_paid", "request_reasons", "Status"]
