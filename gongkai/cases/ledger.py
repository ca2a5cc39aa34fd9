"""工作台账: export every case (one row, every date and the outcome) to Excel, and import historical cases from
Excel — all or nothing, with a row-by-row list of problems."""

from __future__ import annotations

import io
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from openpyxl import Workbook

from gongkai.agencies.access import require_role
from gongkai.audit.services import record
from gongkai.core import params, uploads
from gongkai.core.errors import GongkaiError
from gongkai.core.safe import sheet_text

from . import outcomes
from .base import STAFF, refresh_due
from .clock import TZ
from .intake import clean_applicant, new_tracking_code
from .models import ApplicantType, Application, CaseEvent, Channel, EventKind, IdType, Letter, LetterKind, Status

HEADERS = ["受理号", "查询码", "申请渠道", "到达日期", "法定收到日", "申请人类别", "申请人", "证件类型", "证件号码",
           "联系电话", "所需信息", "状态", "经办人", "承办科室", "补正告知日", "补正收到日", "征求意见日", "延期工作日",
           "收费金额", "答复期限", "决定日期", "办结日", "办理结果", "答复书文号", "其他文书文号", "送达日期",
           "送达方式"]
CHANNEL_BY_LABEL = {label: value for value, label in Channel.choices}
TYPE_BY_LABEL = {label: value for value, label in ApplicantType.choices} | {"其他组织": ApplicantType.OTHER,
                                                                            "其他": ApplicantType.OTHER}
ID_TYPE_BY_LABEL = {label: value for value, label in IdType.choices}
# the outcome as written in the ledger: its title (（三）不予公开 属于国家秘密), its label, or its code
OUTCOME_BY_TEXT = {text: o.code for o in outcomes.OUTCOMES for text in (o.code, o.label, o.title)}


class ImportProblems(GongkaiError):
    def __init__(self, problems: list[str]):
        super().__init__(f"导入失败，共 {len(problems)} 处问题，未导入任何数据。")
        self.problems = problems


def in_year(year: int) -> Q:
    """The cases of year Y, reconciled with Table 3: received in Y, closed in Y, or open at some time during Y
    (received before Y and not closed before Y)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    received_in = Q(received_date__gte=first, received_date__lte=last)
    closed_in = Q(closed_on__gte=first, closed_on__lte=last)
    open_during = Q(received_date__lt=first) & (Q(closed_on__isnull=True) | Q(closed_on__gte=first))
    return received_in | closed_in | open_during


def _append(ws, values: list) -> None:
    """One row; text that a spreadsheet would run as a formula (=, +, -, @ …) is kept as text."""
    ws.append([sheet_text(v) for v in values])


MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_INFLATED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 10_000      # one import; more than a county's cases in several years
MAX_COLUMNS = 60


def check_upload_size(data: bytes) -> None:
    """Refuse oversized uploads and zip bombs before openpyxl inflates them."""
    if len(data) > MAX_IMPORT_BYTES:
        raise GongkaiError("文件过大（最大5MB），请分批导入")
    inflated = uploads.inflated_size(data)
    if inflated is None:
        raise GongkaiError("无法读取该文件，请上传 .xlsx 格式的Excel文件")
    if inflated > MAX_INFLATED_BYTES:
        raise GongkaiError("文件解压后过大，请检查文件或分批导入")


def export_xlsx(agency, year: int | None = None, *, full: bool = False) -> bytes:
    """One row per case with labels, never codes. ID and phone numbers are masked unless `full` (for the staff who
    need them; the view audits such an export)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "工作台账"
    _append(ws, HEADERS)
    qs = Application.objects.of(agency).select_related("assigned_to", "section").order_by("received_date", "id")
    if year:
        qs = qs.filter(in_year(year))
    events: dict[int, dict] = {}
    for e in CaseEvent.objects.filter(agency=agency, application__in=qs).order_by("date"):
        events.setdefault(e.application_id, {}).setdefault(e.kind, e)
    letters: dict[int, list[Letter]] = {}
    for letter in Letter.objects.filter(agency=agency, application__in=qs).prefetch_related("deliveries"):
        letters.setdefault(letter.application_id, []).append(letter)
    for app in qs:
        ev = events.get(app.pk, {})

        def day(kind, ev=ev):
            return ev[kind].date if kind in ev else None

        own = letters.get(app.pk, [])
        answer = next((x for x in reversed(own) if x.kind == LetterKind.ANSWER), None)
        delivery = answer.deliveries.all()[0] if answer and answer.deliveries.all() else None
        consult = day(EventKind.THIRD_PARTY_SENT) or day(EventKind.AGENCY_SENT)
        _append(ws, [app.acceptance_no, app.tracking_code, app.get_channel_display(),
                     app.arrived_at.astimezone(TZ).date(), app.received_date, app.get_applicant_type_display(),
                     app.applicant_name, app.get_id_type_display(), app.id_number if full else app.masked_id,
                     app.phone if full else app.masked_phone, app.content, app.get_status_display(),
                     (app.assigned_to.get_full_name() or app.assigned_to.username) if app.assigned_to else "",
                     app.section.name if app.section else "", day(EventKind.CORRECTION_REQUEST),
                     day(EventKind.CORRECTION_RECEIVED), consult,
                     ev[EventKind.EXTENSION].days if EventKind.EXTENSION in ev else None,
                     ev[EventKind.FEE_NOTICE].amount if EventKind.FEE_NOTICE in ev else None, app.due_date,
                     app.decision_date, app.closed_on, outcomes.BY_CODE[app.outcome].title if app.outcome else "",
                     answer.number if answer else "", "、".join(x.number for x in own if x is not answer),
                     delivery.date if delivery else None, delivery.get_method_display() if delivery else ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


IMPORT_COLUMNS = ["申请渠道", "法定收到日", "申请人类别", "申请人", "证件类型", "证件号码", "联系电话", "所需信息",
                  "办结日"]
OUTCOME_COLUMNS = ("办理结果", "办理结果代码")  # the export writes 办理结果 (the label); older sheets carry the code


def _day(value, what: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return params.as_date(value)
    except ValueError:
        raise GongkaiError(f"{what}“{value}”不是有效日期") from None


def _row(values: dict, today: date) -> dict:
    channel = CHANNEL_BY_LABEL.get(str(values.get("申请渠道") or "").strip()) or str(values.get("申请渠道") or "")
    if channel not in Channel.values:
        raise GongkaiError(f"申请渠道“{values.get('申请渠道')}”不正确")
    received = _day(values.get("法定收到日"), "法定收到日")
    if received is None:
        raise GongkaiError("缺少法定收到日")
    if received > today:
        raise GongkaiError("法定收到日不能晚于今天")
    kind = str(values.get("申请人类别") or "").strip()
    applicant_type = TYPE_BY_LABEL.get(kind, kind)
    raw_type = str(values.get("证件类型") or "").strip()
    id_type = ID_TYPE_BY_LABEL.get(raw_type) or (raw_type if raw_type in IdType.values else IdType.OTHER)
    if "*" in str(values.get("证件号码") or "") or "*" in str(values.get("联系电话") or ""):
        raise GongkaiError("证件号码或联系电话是遮盖后的（含*），请使用完整号码的台账")
    fields = clean_applicant({"applicant_type": applicant_type, "applicant_name": values.get("申请人"),
                              "id_type": id_type, "id_number": str(values.get("证件号码") or ""),
                              "phone": str(values.get("联系电话") or ""), "content": values.get("所需信息")})
    closed = _day(values.get("办结日"), "办结日")
    written = next((str(values[c]).strip() for c in OUTCOME_COLUMNS if values.get(c) not in (None, "")), "")
    outcome = OUTCOME_BY_TEXT.get(written, "")
    if written and not outcome:
        raise GongkaiError(f"办理结果“{written}”不是表三中的结果")
    if bool(closed) != bool(outcome):
        raise GongkaiError("办结日和办理结果须同时填写或同时为空")
    if closed and closed < received:
        raise GongkaiError("办结日不能早于法定收到日")
    if closed and closed > today:
        raise GongkaiError("办结日不能晚于今天")
    return {"channel": channel, "received": received, "fields": fields, "closed": closed, "outcome": outcome}


def import_xlsx(actor, agency, data: bytes, *, today: date) -> int:
    """Historical cases (e.g. from a paper ledger). Every row is read and checked before the write transaction
    (no request holds the database's write lock while it parses); one bad row imports nothing."""
    require_role(actor, agency, *STAFF)
    from gongkai.reports.services import is_year_published

    check_upload_size(data)
    try:
        rows = uploads.xlsx_rows(data, max_rows=MAX_ROWS + 1, max_cols=MAX_COLUMNS)
    except uploads.TooManyRows:
        raise GongkaiError(f"一次最多导入 {MAX_ROWS} 行，请分批导入") from None
    except Exception:
        raise GongkaiError("无法读取该文件，请上传 .xlsx 格式的Excel文件") from None
    if not rows:
        raise GongkaiError("文件是空的")
    header = [str(h or "").strip() for h in rows[0]]
    missing = [c for c in IMPORT_COLUMNS if c not in header]
    if missing:
        raise GongkaiError("缺少列：" + "、".join(missing))
    parsed, problems = [], []
    for number, row in enumerate(rows[1:], start=2):
        if not any(v not in (None, "") for v in row):
            continue
        values = dict(zip(header, row, strict=False))
        try:
            item = _row(values, today)
            for y in {item["received"].year, item["closed"].year if item["closed"] else None} - {None}:
                if is_year_published(agency, y):
                    raise GongkaiError(f"{y}年度报告已发布，不能补录计入该年度的申请")
            parsed.append(item)
        except GongkaiError as exc:
            problems.append(f"第{number}行：{exc.message}")
    if problems:
        raise ImportProblems(problems)
    if not parsed:
        raise GongkaiError("文件中没有数据行")
    with transaction.atomic():
        _write(actor, agency, parsed, today)
    return len(parsed)


def _write(actor, agency, parsed: list[dict], today: date) -> None:
    for item in parsed:
        arrived = datetime.combine(item["received"], datetime.min.time().replace(hour=9), tzinfo=TZ)
        closed = item["closed"]
        status = (Status.TERMINATED if item["outcome"] in outcomes.TERMINATING else Status.ANSWERED) if closed \
            else Status.REVIEW
        app = Application.objects.create(
            agency=agency, tracking_code=new_tracking_code(), channel=item["channel"], arrived_at=arrived,
            confirmed_at=arrived, received_date=item["received"], status=status, outcome=item["outcome"],
            decision_date=closed, closed_on=closed, created_by=actor, **item["fields"])
        if not closed:
            refresh_due(app, today)
            app.save(update_fields=["due_date", "due_kind", "due_provisional"])
    record("case.ledger.import", actor=actor, agency=agency, data={"rows": len(parsed), "today": today.isoformat()})
