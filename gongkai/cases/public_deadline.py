"""The deadline as the tracking page tells it: the same date the office sees (clock.deadline), the date the receipt
letter gave, and why it moved since, in plain words.

Every "moved" line comes from clock.deadline itself, run over the events up to that point, so the public page can
never state another date than the office page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .clock import ANSWER_DAYS, Deadline, deadline, settings_of
from .models import EventKind

MOVING = {EventKind.CORRECTION_REQUEST, EventKind.CORRECTION_RECEIVED, EventKind.THIRD_PARTY_SENT,
          EventKind.THIRD_PARTY_REPLY, EventKind.AGENCY_SENT, EventKind.AGENCY_REPLY, EventKind.EXTENSION,
          EventKind.DELAY_35, EventKind.FEE_NOTICE, EventKind.FEE_PAID, EventKind.RECEIPT_OVERRIDE}


def cn_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


@dataclass
class PublicDeadline:
    current: Deadline
    first_due: date | None = None                  # the answer date as the receipt letter stated it
    reasons: list[str] = field(default_factory=list)
    provisional_why: str = ""

    @property
    def due(self):
        return self.current.due

    @property
    def label(self):
        return self.current.label

    @property
    def provisional(self):
        return self.current.provisional

    @property
    def moved(self) -> bool:
        return self.first_due is not None and self.current.kind == "answer" and self.first_due != self.current.due


def _why(event, before: Deadline, after: Deadline, today: date) -> str:
    k = event.kind
    on = cn_date(event.date)
    if k == EventKind.CORRECTION_REQUEST:
        return (f"{on}，本机关认为申请内容不够明确，书面告知您补正（《条例》第三十条），请在{cn_date(event.due)}前补正。"
                "答复期限从本机关收到补正后的申请之日起重新计算。")
    if k == EventKind.CORRECTION_RECEIVED:
        return f"{on}，本机关收到您补正后的申请，答复期限从这一天起重新计算{ANSWER_DAYS}个工作日，为{cn_date(after.due)}。"
    if k in (EventKind.THIRD_PARTY_SENT, EventKind.AGENCY_SENT):
        who = "第三方" if k == EventKind.THIRD_PARTY_SENT else "其他机关"
        why = ("申请公开的信息可能涉及第三方的合法权益" if k == EventKind.THIRD_PARTY_SENT
               else "申请公开的信息需要与其他机关确认")
        return (f"{on}，因{why}，本机关书面征求{who}的意见。按《条例》第三十二条、第三十三条第三款，"
                f"征求意见所需的时间不计入答复期限，答复期限由{cn_date(before.due)}顺延至{cn_date(after.due)}。"
                f"{who}尚未答复时，暂按最长15个工作日计算；{who}答复后，期限按实际用时重新计算，可能提前。")
    if k in (EventKind.THIRD_PARTY_REPLY, EventKind.AGENCY_REPLY):
        who = "第三方" if k == EventKind.THIRD_PARTY_REPLY else "其他机关"
        return f"{on}，{who}答复了意见，征求意见按实际用时计算，答复期限为{cn_date(after.due)}。"
    if k == EventKind.EXTENSION:
        return (f"{on}，因需要更多时间，经政府信息公开工作机构负责人同意，答复期限延长{event.days}个工作日，"
                f"由{cn_date(before.due)}延至{cn_date(after.due)}（《条例》第三十三条第二款，延期只能一次，最长20个工作日）。")
    if k == EventKind.DELAY_35:
        return (f"{on}，因申请的数量、频次明显超过合理范围，本机关确定延迟答复，答复期限为{cn_date(after.due)}"
                "（《条例》第三十五条）。")
    if k == EventKind.FEE_NOTICE:
        return (f"{on}，本机关发出收费通知，请在{cn_date(after.fee_due)}前缴纳信息处理费；"
                "逾期未缴纳的，视为放弃申请。")
    if k == EventKind.FEE_PAID:
        return f"{on}，收到您缴纳的信息处理费，通知至缴费期间不计入答复期限，答复期限为{cn_date(after.due)}。"
    if k == EventKind.RECEIPT_OVERRIDE:
        return f"{on}，本机关更正了收到申请之日，答复期限为{cn_date(after.due)}。"
    return ""


def public_deadline(app, *, today: date) -> PublicDeadline:
    settings = settings_of(app)
    events = sorted(app.events.all(), key=lambda e: (e.date, e.pk or 0))
    current = deadline(app, events=events, settings=settings, today=today, explain=False)
    out = PublicDeadline(current)
    if app.received_date is None:
        return out
    prev = deadline(app, events=[e for e in events if e.kind not in MOVING], settings=settings, today=today,
                    explain=False)
    out.first_due = prev.answer_due or prev.due
    for i, e in enumerate(events):
        if e.kind not in MOVING:
            continue
        after = deadline(app, events=[x for x in events[:i + 1]], settings=settings, today=today, explain=False)
        line = _why(e, prev, after, today)
        if line:
            out.reasons.append(line)
        prev = after
    if current.provisional:
        years = [current.due.year] if current.due else []
        replies = {EventKind.THIRD_PARTY_SENT: EventKind.THIRD_PARTY_REPLY, EventKind.AGENCY_SENT: EventKind.AGENCY_REPLY}
        running = any(not any(r.kind == replies[e.kind] and r.date >= e.date for r in events)
                      for e in events if e.kind in replies)
        parts = []
        if running:
            parts.append("征求意见还没有得到答复，期限按最长的15个工作日暂算")
        from gongkai.workdays.services import calendar

        unloaded = [y for y in years if y not in calendar().loaded_years]
        if unloaded:
            parts.append(f"{'、'.join(f'{y}年' for y in unloaded)}的法定节假日安排国务院办公厅尚未公布（或本机关尚未录入），"
                         "期限暂按周六、周日休息计算，公布后可能调整")
        out.provisional_why = "；".join(parts) + "。" if parts else "期限可能随办理情况调整。"
    return out
