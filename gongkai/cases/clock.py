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
from zoneinfo import ZoneInfo

from gongkai.workdays.engine import day_label
from gongkai.workdays.services import Calendar, calendar

from .models import CONSULT_PAIRS, Channel, ConsultSpan, EventKind

ANSWER_DAYS = 20          # 第三十三条第一款
CORRECTION_NOTICE_DAYS = 7  # 第三十条
CONSULT_DAYS = 15         # 第三十二条、第三十四条
MAX_EXTENSION_DAYS = 20   # 第三十三条第二款
FEE_PAY_DAYS = 20         # 国办函〔2020〕109号
TZ = ZoneInfo("Asia/Shanghai")


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
                              f"即 {day_label(notice_limit.date)} 前告知），补正期限 {day_label(req.due)}",
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

    # 第三十二条、第三十四条、第三十三条第三款: consultation time is not counted.
    for sent_kind, reply_kind in CONSULT_PAIRS.items():
        for sent in by_kind.get(sent_kind, []):
            replies = [e for e in by_kind.get(reply_kind, []) if e.reply_to_id == sent.pk]
            limit = cal.add(sent.date, CONSULT_DAYS, cs)
            who = "第三方" if sent_kind == EventKind.THIRD_PARTY_SENT else "其他机关"
            if replies:
                end, what = replies[0].date, f"{day_label(replies[0].date)} 收到{who}答复"
            else:
                end = limit.date
                running = today is None or today <= limit.date
                what = (f"{who}尚未答复，按答复期限 {day_label(limit.date)} 暂计" if running
                        else f"{who}逾期未答复（期限 {day_label(limit.date)}）"
                        + ("，视为同意公开（第三十四条）" if sent_kind == EventKind.AGENCY_SENT else "，由机关依法决定"))
                provisional |= running
            k = _span(cal, sent.date, end, settings.consult_span)
            shifted = cal.add(due, k, False)
            provisional |= limit.provisional or shifted.provisional
            article = "第三十二条" if sent_kind == EventKind.THIRD_PARTY_SENT else "第三十四条"
            if explain:
                steps.append(Step(f"{day_label(sent.date)} 征求{who}意见（{sent.party}），{what}；所需时间 {k} 个工作日"
                                  f"不计入答复期限（{article}、第三十三条第三款），期限顺延至 {day_label(shifted.date)}"
                                  f"{shifted.provisional_note()}", shifted.date,
                                  (limit, shifted)))
            due = shifted.date

    # 109号: fee notice — the applicant pays within 20 working days after receiving it.
    fee_due = None
    notices = by_kind.get(EventKind.FEE_NOTICE, [])
    if notices:
        notice = notices[-1]
        pay = cal.add(notice.date, FEE_PAY_DAYS, False)
        fee_due = pay.date
        paid = [e for e in by_kind.get(EventKind.FEE_PAID, []) if e.date >= notice.date]
        if explain:
            steps.append(Step(f"{day_label(notice.date)} 申请人收到收费通知（{notice.amount}元），应在次日起20个工作日内"
                              f"即 {day_label(pay.date)} 前缴纳（国办函〔2020〕109号）{pay.provisional_note()}",
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
    extensions = by_kind.get(EventKind.EXTENSION, [])
    for ext in extensions[:1]:
        extended = cal.add(due, ext.days, False)
        provisional |= extended.provisional
        if explain:
            steps.append(Step(f"{day_label(ext.date)} 经工作机构负责人同意延长答复期限 {ext.days} 个工作日至 "
                              f"{day_label(extended.date)}（第三十三条第二款）{extended.provisional_note()}",
                              extended.date, (extended,)))
        due = extended.date

    # 第三十五条: a reasonable later date set by the agency and told to the applicant.
    delays = by_kind.get(EventKind.DELAY_35, [])
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
