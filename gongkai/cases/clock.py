"""The case clock: the legal receipt day (条例第三十一条) and the deadline derived from the events.

`deadline(application)` is the only place that knows how events move the answer date. It is a pure function of
the received date, the events and the agency's settings, over the cached working-day calendar.

Conventions (statutory-spec §4.3, configurable in CaseSettings):
* "自××之日起N个工作日": the start day is not counted (start_day_counted=False).
* Consultation time not counted (第三十二条、第三十三条第三款、第三十四条): the answer date is shifted by the working
  days the consultation took. Default span "exclusive": the working days after the day the letter was sent up to
  and including the reply day, i.e. workdays_between(sent, reply). "inclusive" also counts the sending day when it
  is a working day. A consultation without reply counts up to its 15-working-day reply limit (expected, provisional
  while it runs).
* 收费通知 → 缴费 (109号): the payer has 20 working days after receiving the notice; with fee_pauses_clock the
  days from the notice to payment (same span convention) are not counted either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from gongkai.core.clock import TZ
from gongkai.workdays.engine import day_label
from gongkai.workdays.services import Calendar, calendar

from .models import CONSULT_PAIRS, Channel, ConsultSpan, EventKind

ANSWER_DAYS = 20          # 第三十三条第一款
CORRECTION_NOTICE_DAYS = 7  # 第三十条
CONSULT_DAYS = 15         # 第三十二条、第三十四条
MAX_EXTENSION_DAYS = 20   # 第三十三条第二款
FEE_PAY_DAYS = 20         # 国办函〔2020〕109号


# --- 第三十一条: the day the application counts as received ------------------------------------------------------
SIGNED_CHANNELS = {Channel.IN_PERSON, Channel.POST_SIGNED}


def local_day(moment: datetime | date | None) -> date | None:
    if moment is None or not isinstance(moment, datetime):
        return moment
    return moment.astimezone(TZ).date() if moment.tzinfo else moment.date()


def legal_received_date(channel: str, arrived_at, confirmed_at) -> date | None:
    """条例第三十一条: 当面提交 — the day it is handed in; 邮寄需签收 — the day the agency signs for it;
    平常信函 — the day the office confirms it with the applicant; 互联网渠道、传真 — the day both sides confirm.
    None while a confirmation is still needed."""
    if channel in SIGNED_CHANNELS:
        return local_day(arrived_at)
    return local_day(confirmed_at)


def received_rule(channel: str) -> str:
    return RECEIVED_RULES[channel]


RECEIVED_RULES = {
        Channel.IN_PERSON: "当面提交的，以提交之日为收到申请之日（第三十一条第（一）项）",
        Channel.POST_SIGNED: "以邮寄方式提交的，以行政机关签收之日为收到申请之日（第三十一条第（二）项）",
        Channel.POST_PLAIN: "以平常信函等无需签收的邮寄方式提交的，以工作机构与申请人确认之日为收到申请之日"
                            "（第三十一条第（二）项）",
        Channel.ONLINE: "通过互联网渠道提交的，以双方确认之日为收到申请之日（第三十一条第（三）项）",
        Channel.EMAIL: "通过电子邮件提交的，以双方确认之日为收到申请之日（第三十一条第（三）项）",
        Channel.FAX: "通过工作机构传真提交的，以双方确认之日为收到申请之日（第三十一条第（三）项）",
}


# --- the deadline --------------------------------------------------------------------------------------------------
@dataclass
class Step:
    title: str
    date: date | None
    results: tuple = ()  # the WorkdayResults behind this date; explained lazily

    @property
    def details(self) -> list[str]:
        return [line for r in self.results for line in r.explain_text()]


@dataclass
class Deadline:
    due: date | None            # what the office must do next by this day
    kind: str                   # answer / correction (applicant's) / fee (applicant's) / none
    provisional: bool
    steps: list[Step]
    answer_due: date | None = None
    correction_due: date | None = None
    fee_due: date | None = None
    suggestion: str = ""        # e.g. other.no_correction once the correction is overdue
    extension_used: bool = False

    @property
    def lines(self) -> list[str]:
        return [s.title for s in self.steps]

    @property
    def label(self) -> str:
        return {"answer": "答复期限", "correction": "补正期限", "fee": "缴费期限"}.get(self.kind, "")


@dataclass(frozen=True)
class ClockSettings:
    start_day_counted: bool = False
    consult_span: str = ConsultSpan.EXCLUSIVE
    fee_pauses_clock: bool = True


def settings_of(application) -> ClockSettings:
    from .models import CaseSettings

    s = CaseSettings.objects.filter(agency_id=application.agency_id).first()
    if s is None:
        return ClockSettings()
    return ClockSettings(s.start_day_counted, s.consult_span, s.fee_pauses_clock)


def _span(cal: Calendar, start: date, end: date, how: str) -> int:
    n = max(cal.between(start, end), 0)
    if how == ConsultSpan.INCLUSIVE and cal.is_workday(start):
        n += 1
    return n


def deadline(application, *, events=None, settings: ClockSettings | None = None, today: date | None = None,
             cal: Calendar | None = None, explain: bool = True) -> Deadline:
    """The due date of a case, derived from its received date and events, with an explanation line per step."""
    cal = cal or calendar()
    settings = settings or settings_of(application)
    if events is None:
        events = list(application.events.all()) if application.pk else []
    received = application.received_date
    if received is None:
        return Deadline(None, "none", False, [Step("尚未确认收到申请：期限从确认之日起算（第三十一条）", None)])
    cs = settings.start_day_counted
    by_kind: dict[str, list] = {}
    for e in events:
        by_kind.setdefault(e.kind, []).append(e)
    steps = [Step(f"收到申请之日 {day_label(received)}（{received_rule(application.channel)}）", received)] if explain else []
    provisional = False

    # 第三十条: 补正 — the period restarts from the day the corrected application is received.
    start = received
    correction_due = None
    requests = by_kind.get(EventKind.CORRECTION_REQUEST, [])
    if requests:
        req = requests[-1]
        correction_due = req.due
        answers = [e for e in by_kind.get(EventKind.CORRECTION_RECEIVED, []) if e.date >= req.date]
        notice_limit = cal.add(received, CORRECTION_NOTICE_DAYS, cs)
        if explain:
            steps.append(Step(f"{day_label(req.date)} 一次性告知补正（第三十条：应在收到申请之日起7个工作日内，"
                              f"最迟于 {day_label(notice_limit.date)}（含当日）告知），补正期限 {day_label(req.due)}",
                              req.date, (notice_limit,)))
        if not answers:
            overdue = today is not None and today > req.due
            if explain:
                steps.append(Step("等待申请人补正：答复期限自收到补正申请之日起计算（第三十条）", None))
            return Deadline(req.due, "correction", req.due.year not in cal.loaded_years, steps, correction_due=req.due,
                            suggestion="other.no_correction" if overdue else "")
        start = answers[-1].date
        if explain:
            steps.append(Step(f"{day_label(start)} 收到补正申请，答复期限自该日重新起算（第三十条）", start))

    base = cal.add(start, ANSWER_DAYS, cs)
    provisional |= base.provisional
    due = base.date
    if explain:
        steps.append(Step(f"自 {day_label(start)} 起 {ANSWER_DAYS} 个工作日：{day_label(due)}"
                          f"（第三十三条第一款）{base.provisional_note()}", due, (base,)))

    consults = [_consultation(cal, sent, sent_kind, by_kind.get(reply_kind, []), settings, today)
                for sent_kind, reply_kind in CONSULT_PAIRS.items() for sent in by_kind.get(sent_kind, [])]
    consults.sort(key=lambda c: (c.sent.date, c.sent.pk or 0))
    notices = by_kind.get(EventKind.FEE_NOTICE, [])
    notice = notices[-1] if notices else None
    paid = [e for e in by_kind.get(EventKind.FEE_PAID, []) if notice and e.date >= notice.date]
    extensions = by_kind.get(EventKind.EXTENSION, [])
    delays = by_kind.get(EventKind.DELAY_35, [])
    accepted = _accepted(cal, due, consults, notice, paid, extensions[:1], delays, settings)

    # 第三十二条、第三十四条、第三十三条第三款: consultation time is not counted — the working days of all
    # consultations are left out once (parallel consultations share their days), and only while the period runs.
    union: set[int] = set()
    for c in consults:
        ok = _key(c.sent) in accepted["consult"]
        provisional |= ok and (c.limit.provisional or c.running)
        if ok:
            union |= c.days
        if explain:
            tail = (f"；其间 {len(c.days)} 个工作日不计入答复期限（{c.article}、第三十三条第三款）" if ok else
                    "；征求意见时答复期限已届满，所需时间不再从答复期限中扣除（第三十三条第三款只扣除期限内的时间）")
            steps.append(Step(f"{day_label(c.sent.date)} 征求{c.who}意见（{c.sent.party}）{c.received_note}，{c.what}"
                              f"{tail}", c.sent.date, (c.limit,)))
    if union:
        shifted = cal.add(due, len(union), False)
        provisional |= shifted.provisional
        if explain:
            overlap = "（同时进行的征求意见，同一工作日只计一次）" if sum(len(c.days) for c in consults
                                                                if _key(c.sent) in accepted["consult"]) > len(union) else ""
            steps.append(Step(f"征求意见所需时间合计 {len(union)} 个工作日{overlap}不计入答复期限（第三十三条第三款），"
                              f"期限顺延至 {day_label(shifted.date)}{shifted.provisional_note()}", shifted.date,
                              (shifted,)))
        due = shifted.date

    # 109号: fee notice — the applicant pays within 20 working days after receiving it; the notice must be sent
    # within the period for handling the application (在申请处理期限内).
    fee_due = None
    if notice is not None and not accepted["fee"]:
        if explain:
            steps.append(Step(f"{day_label(notice.date)} 收费通知发出时答复期限已届满，不影响答复期限"
                              "（国办函〔2020〕109号：收费通知应在申请处理期限内发出）", notice.date))
    elif notice is not None:
        pay = cal.add(notice.date, FEE_PAY_DAYS, False)
        fee_due = pay.date
        if explain:
            steps.append(Step(f"{day_label(notice.date)} 申请人收到收费通知（{notice.amount}元），应在次日起20个工作日内"
                              f"即最迟于 {day_label(pay.date)}（含当日）缴纳（国办函〔2020〕109号）{pay.provisional_note()}",
                              pay.date, (pay,)))
        provisional |= pay.provisional
        if not paid:
            overdue = today is not None and today > pay.date
            if explain:
                steps.append(Step("等待申请人缴费；逾期未缴纳的，视为放弃申请", None))
            return Deadline(pay.date, "fee", provisional, steps, answer_due=due, correction_due=correction_due,
                            fee_due=pay.date, suggestion="other.unpaid_fee" if overdue else "")
        if settings.fee_pauses_clock:
            k = _span(cal, notice.date, paid[-1].date, settings.consult_span)
            shifted = cal.add(due, k, False)
            provisional |= shifted.provisional
            if explain:
                steps.append(Step(f"{day_label(paid[-1].date)} 缴费；收费通知至缴费期间 {k} 个工作日不计入答复期限，"
                                  f"期限顺延至 {day_label(shifted.date)}{shifted.provisional_note()}",
                                  shifted.date, (shifted,)))
            due = shifted.date

    # 第三十三条第二款: one extension of at most 20 working days, approved by the head of the office.
    for ext in extensions[:1]:
        if not accepted["extension"]:
            if explain:
                steps.append(Step(f"{day_label(ext.date)} 延期时答复期限已届满，延期无效（第三十三条第二款）", ext.date))
            continue
        extended = cal.add(due, ext.days, False)
        provisional |= extended.provisional
        if explain:
            steps.append(Step(f"{day_label(ext.date)} 经工作机构负责人同意延长答复期限 {ext.days} 个工作日至 "
                              f"{day_label(extended.date)}（第三十三条第二款）{extended.provisional_note()}",
                              extended.date, (extended,)))
        due = extended.date

    # 第三十五条: a reasonable later date set by the agency and told to the applicant.
    if delays:
        delay = delays[-1]
        due = delay.due
        if explain:
            steps.append(Step(f"{day_label(delay.date)} 申请数量、频次明显超过合理范围，机关确定延迟答复的合理期限 "
                              f"{day_label(due)} 并告知申请人（第三十五条）", due))
    if due.year not in cal.loaded_years:
        provisional = True
    if explain:
        steps.append(Step(f"答复期限：{day_label(due)}" + ("（暂定）" if provisional else ""), due))
    return Deadline(due, "answer", provisional, steps, answer_due=due, correction_due=correction_due,
                    fee_due=fee_due, extension_used=bool(extensions))


# --- consultations and the order in which the events move the answer date ----------------------------------------
@dataclass
class _Consult:
    sent: object
    who: str
    article: str
    limit: object          # WorkdayResult: the 15 working days from the day the party received the letter
    received_note: str
    what: str
    running: bool
    days: set              # ordinals of the working days the consultation took


def _key(event):
    return event.pk if event.pk is not None else id(event)


def party_received_on(sent) -> date:
    """第三十二条、第三十四条: the 15 working days run from the day the party received the letter (default: sent)."""
    raw = (sent.data or {}).get("received_on") if isinstance(getattr(sent, "data", None), dict) else None
    try:
        return date.fromisoformat(raw) if raw else sent.date
    except (TypeError, ValueError):
        return sent.date


def _consultation(cal: Calendar, sent, sent_kind, replies_of_kind, settings: ClockSettings, today) -> _Consult:
    replies = [e for e in replies_of_kind if e.reply_to_id == sent.pk]
    received_on = party_received_on(sent)
    limit = cal.add(received_on, CONSULT_DAYS, settings.start_day_counted)
    third = sent_kind == EventKind.THIRD_PARTY_SENT
    who = "第三方" if third else "其他机关"
    running = False
    if replies:
        end, what = replies[0].date, f"{day_label(replies[0].date)} 收到{who}答复"
    else:
        end = limit.date
        running = today is None or today <= limit.date
        what = (f"{who}尚未答复，按答复期限 {day_label(limit.date)} 暂计" if running
                else f"{who}逾期未答复（期限 {day_label(limit.date)}）"
                + ("，视为同意公开（第三十四条）" if not third else "，由机关依法决定"))
    first = sent.date.toordinal() + (0 if settings.consult_span == ConsultSpan.INCLUSIVE else 1)
    days = {o for o in range(first, end.toordinal() + 1) if cal.is_workday(date.fromordinal(o))}
    note = f"（对方 {day_label(received_on)} 收到）" if received_on != sent.date else ""
    return _Consult(sent, who, "第三十二条" if third else "第三十四条", limit, note, what, running, days)


def _accepted(cal: Calendar, base_due: date, consults, notice, paid, extensions, delays, settings) -> dict:
    """Which events may move the answer date: walked in date order, an event counts only when it happened on or
    before the due date running at that moment (第三十三条: time can be left out only of a period that still runs;
    109号: the fee notice goes out 在申请处理期限内). Working-day shifts add up, so the order does not change the
    result of the accepted ones."""
    movers = [(c.sent.date, 0, "consult", c) for c in consults]
    if notice is not None:
        movers.append((notice.date, 1, "fee", notice))
    movers += [(e.date, 2, "extension", e) for e in extensions]
    movers.sort(key=lambda m: (m[0], m[1]))
    union: set[int] = set()
    fee_k = ext_k = 0
    waiting_fee = False
    out = {"consult": set(), "fee": False, "extension": False}
    for on, _order, what, obj in movers:
        delay = next((d for d in reversed(delays) if d.date <= on), None)
        running = delay.due if delay else cal.add(base_due, len(union) + fee_k + ext_k, False).date
        if not waiting_fee and on > running:
            continue
        if what == "consult":
            out["consult"].add(_key(obj.sent))
            union |= obj.days
        elif what == "fee":
            out["fee"] = True
            if not paid:
                waiting_fee = True
            elif settings.fee_pauses_clock:
                fee_k = _span(cal, obj.date, paid[-1].date, settings.consult_span)
        else:
            out["extension"] = True
            ext_k = obj.days or 0
    return out
