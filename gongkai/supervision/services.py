"""督办 services: each step in one transaction, with an explicit transition check and an audit entry in the
agency's log and in the 政务公开办's (the government's) log. `actor` and `today` are always passed in."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max

from gongkai.agencies.access import require_role
from gongkai.agencies.models import AgencyLevel, Role
from gongkai.audit.services import record
from gongkai.core.errors import GongkaiError, Refused
from gongkai.workdays.services import add_workdays

from .models import TRANSITIONS, Notice, State, Step, StepKind, Subject

OVERSIGHT = (Role.OVERSIGHT,)
ANSWERERS = (Role.CLERK, Role.HEAD, Role.ADMIN)
MAX_DUE_DAYS = 60
MAX_TEXT = 5000


def _text(text: str, label: str, field: str, required: bool = True) -> str:
    text = (text or "").strip()
    if required and not text:
        raise GongkaiError(f"请填写{label}。", field=field)
    if len(text) > MAX_TEXT:
        raise GongkaiError(f"{label}最多{MAX_TEXT}个字（现在{len(text)}个字）。", field=field)
    return text


def _due(today: date, due_days) -> tuple[int, date]:
    if not isinstance(due_days, int) or not 1 <= due_days <= MAX_DUE_DAYS:
        raise GongkaiError(f"答复期限应为 1 至 {MAX_DUE_DAYS} 个工作日。", field="due_days")
    return due_days, add_workdays(today, due_days).date


def _audit(action: str, actor, notice: Notice, data: dict) -> None:
    """The same entry in both logs: the supervised agency's and the government's (政务公开办)."""
    for agency in (notice.agency, notice.government):
        record(action, actor=actor, agency=agency, obj=notice,
               data={"notice": notice.number, "agency": notice.agency.code, "government": notice.government.code,
                     "state": notice.state, **data})


def _move(notice: Notice, step: str) -> None:
    allowed = notice.steps_allowed()
    if step not in allowed:
        raise Refused(f"督办{notice.get_state_display()}，不能{StepKind(step).label}。")
    notice.state = TRANSITIONS[State(notice.state)][step]


def _locked(notice: Notice) -> Notice:
    return Notice.objects.select_for_update().select_related("agency", "government").get(pk=notice.pk)


def _check_revision(notice: Notice, revision: int | None) -> None:
    if revision is not None and revision != notice.revision:
        raise Refused("这件督办刚被其他人处理过，请刷新页面后再操作。")


def supervised_agencies(government):
    """Agencies a government's 政务公开办 may send 督办 to: every agency below it."""
    return government.descendants()


def _linked(agency, subject: str, case=None, document=None, report=None) -> dict:
    for obj, label in ((case, "申请"), (document, "政府信息"), (report, "年度报告")):
        if obj is not None and obj.agency_id != agency.pk:
            raise GongkaiError(f"关联的{label}不属于{agency.name}。", field="link")
    if subject == Subject.OVERDUE_CASE and case is None:
        raise GongkaiError("督办逾期申请时请指明是哪一件申请（受理号或查询码）。", field="link")
    return {"case": case, "document": document, "report": report}


@transaction.atomic
def send(actor, government, agency, *, subject: str, text: str, due_days: int, today: date, case=None,
         document=None, report=None) -> Notice:
    require_role(actor, government, *OVERSIGHT)
    if government.level != AgencyLevel.GOVERNMENT:
        raise Refused("只有本级人民政府的政务公开办可以督办。")
    if agency.pk not in {a.pk for a in supervised_agencies(government)}:
        raise GongkaiError(f"{agency.name}不在{government.name}之下，不能督办。", field="agency")
    if subject not in Subject.values:
        raise GongkaiError("请选择督办事项。", field="subject")
    text = _text(text, "督办内容", "text")
    due_days, due_on = _due(today, due_days)
    links = _linked(agency, subject, case, document, report)
    # numbers are per government: lock the government's row (FOR UPDATE cannot go with an aggregate on PostgreSQL)
    type(government).objects.select_for_update().filter(pk=government.pk).first()
    number = (Notice.objects.filter(government=government).aggregate(n=Max("number"))["n"] or 0) + 1
    notice = Notice.objects.create(agency=agency, government=government, number=number, subject=subject, text=text,
                                   sent_on=today, due_days=due_days, due_on=due_on, **links)
    Step.objects.create(notice=notice, agency=notice.agency, kind=StepKind.SEND, on=today, actor=actor, text=text, due_on=due_on)
    _audit("supervision.send", actor, notice, {"subject": subject, "due_on": due_on.isoformat(),
                                               "today": today.isoformat()})
    return notice


@transaction.atomic
def answer(actor, notice: Notice, *, text: str, today: date, revision: int | None = None) -> Notice:
    notice = _locked(notice)
    require_role(actor, notice.agency, *ANSWERERS)
    _check_revision(notice, revision)
    text = _text(text, "答复内容", "text")
    _move(notice, StepKind.ANSWER)
    notice.answered_on = today
    notice.revision += 1
    notice.save()
    Step.objects.create(notice=notice, agency=notice.agency, kind=StepKind.ANSWER, on=today, actor=actor, text=text)
    _audit("supervision.answer", actor, notice, {"today": today.isoformat(), "late": today > notice.due_on})
    return notice


@transaction.atomic
def close(actor, notice: Notice, *, text: str = "", today: date, revision: int | None = None) -> Notice:
    notice = _locked(notice)
    require_role(actor, notice.government, *OVERSIGHT)
    _check_revision(notice, revision)
    text = _text(text, "办结意见", "text", required=False)
    _move(notice, StepKind.CLOSE)
    notice.closed_on = today
    notice.revision += 1
    notice.save()
    Step.objects.create(notice=notice, agency=notice.agency, kind=StepKind.CLOSE, on=today, actor=actor, text=text)
    _audit("supervision.close", actor, notice, {"today": today.isoformat()})
    return notice


@transaction.atomic
def reissue(actor, notice: Notice, *, text: str, due_days: int, today: date, revision: int | None = None) -> Notice:
    """Send again (the answer did not settle it, or no answer came): a new due date, the round counted."""
    notice = _locked(notice)
    require_role(actor, notice.government, *OVERSIGHT)
    _check_revision(notice, revision)
    text = _text(text, "再次督办的内容", "text")
    due_days, due_on = _due(today, due_days)
    _move(notice, StepKind.REISSUE)
    notice.round += 1
    notice.due_days, notice.due_on, notice.answered_on = due_days, due_on, None
    notice.revision += 1
    notice.save()
    Step.objects.create(notice=notice, agency=notice.agency, kind=StepKind.REISSUE, on=today, actor=actor, text=text, due_on=due_on)
    _audit("supervision.reissue", actor, notice, {"round": notice.round, "due_on": due_on.isoformat(),
                                                  "today": today.isoformat()})
    return notice


def resolve_link(agency, subject: str, link: str) -> dict:
    """What a 督办 points at, from what the 政务公开办 typed: a case's 查询码 or 受理号, a document's 索引号, or a
    report year. Empty: no link."""
    from django.db.models import Q

    from gongkai.cases.models import Application
    from gongkai.catalog.models import Document
    from gongkai.reports.models import Report, ReportStatus

    link = (link or "").strip()
    if not link:
        return {}
    if subject == Subject.OVERDUE_CASE:
        case = Application.objects.of(agency).filter(Q(tracking_code=link) | Q(acceptance_no=link)).first()
        if case is None:
            raise GongkaiError(f"{agency.name}没有查询码或受理号为“{link}”的申请。", field="link")
        return {"case": case}
    if subject == Subject.LATE_PUBLICATION:
        document = Document.objects.of(agency).filter(index_no=link).first()
        if document is None:
            raise GongkaiError(f"{agency.name}没有索引号为“{link}”的政府信息。", field="link")
        return {"document": document}
    if not link.isdigit() or len(link) != 4:
        raise GongkaiError("年度报告请填写四位年度，如 2025。", field="link")
    report = (Report.objects.filter(agency=agency, year=int(link)).exclude(status=ReportStatus.SUPERSEDED)
              .order_by("-version").first())
    return {"report": report} if report else {}
