"""The 政务公开办's dashboard: one row per agency under a government (the government itself first).

Per agency: open cases, due within 5 working days, overdue (listed), answered late in the year, documents published
late (条例第二十六条), the report of every year since 2019 (missing / draft / submitted / published, late, errors the
rules found), 按期答复率 (cases answered in the year within their deadline) and 纠错率 (Table 4 of the published
reports since 2019: 结果纠正 among the concluded reviews and suits).

A fixed handful of queries whatever the number of agencies: each figure is one aggregate grouped by agency
(cases: open ones through the (agency, status, due_date) index, the year's answers through (agency, closed_on);
documents; reports; Table-4 cells); nothing runs a report's rules — their verdict is stored with the report
(Report.errors_found, valid for errors_revision).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, IntegerField, Min, Q, Sum
from django.db.models.functions import Cast
from django.urls import reverse

from gongkai.agencies.access import require_role
from gongkai.agencies.models import Agency, AgencyLevel, Role
from gongkai.cases.models import RUNNING_STATUSES, Application
from gongkai.catalog.models import DocStatus, Document
from gongkai.reports.deadlines import FIRST_YEAR, department_deadline, government_deadline
from gongkai.reports.models import Report, ReportCell, ReportStatus
from gongkai.workdays.services import add_workdays

SOON_WORKDAYS = 5
OVERDUE_LISTED = 20  # overdue cases listed per agency (the count is complete)
STATE_LABELS = {"missing": "未编制", "draft": "草稿", "submitted": "已报送", "published": "已发布"}
_STATE_OF = {ReportStatus.DRAFT: "draft", ReportStatus.VALIDATED: "draft", ReportStatus.SUBMITTED: "submitted",
             ReportStatus.APPROVED: "submitted", ReportStatus.PUBLISHED: "published"}
T4_CONCLUDED = ("upheld", "corrected", "other")
T4_KINDS = ("review", "suit_direct", "suit_after")


@dataclass
class YearStatus:
    year: int
    state: str                  # missing | draft | submitted | published
    due: date
    overdue: bool = False       # the deadline has passed and it is not published
    late: bool = False          # published after the deadline
    errors: int | None = None   # None: the rules have not looked at this revision
    report_id: int | None = None

    @property
    def label(self) -> str:
        text = STATE_LABELS[self.state]
        if self.late:
            text += "（逾期发布）"
        elif self.overdue:
            text += "（已逾期）"
        return text


@dataclass
class Row:
    agency: Agency
    open: int = 0
    due_soon: int = 0
    overdue: int = 0
    overdue_cases: list = field(default_factory=list)
    answered: int = 0
    answered_late: int = 0
    docs_late: int = 0
    years: list[YearStatus] = field(default_factory=list)
    corrected: int = 0
    concluded: int = 0

    @property
    def on_time_rate(self) -> Decimal | None:
        return _percent(self.answered - self.answered_late, self.answered)

    @property
    def correction_rate(self) -> Decimal | None:
        return _percent(self.corrected, self.concluded)

    @property
    def missing(self) -> int:
        return sum(y.state == "missing" and y.overdue for y in self.years)

    @property
    def errors(self) -> int:
        return sum(y.errors or 0 for y in self.years)

    @property
    def link(self) -> str:
        return reverse("cases:dashboard") + f"?agency={self.agency.code}"


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


SORTS = {
    "name": lambda r: (LEVEL_ORDER.get(r.agency.level, 9), r.agency.code), "open": lambda r: r.open, "due_soon": lambda r: r.due_soon,
    "overdue": lambda r: r.overdue, "answered_late": lambda r: r.answered_late, "docs_late": lambda r: r.docs_late,
    "missing": lambda r: r.missing, "errors": lambda r: r.errors,
    "on_time_rate": lambda r: (r.on_time_rate is not None, r.on_time_rate or 0),
    "correction_rate": lambda r: (r.correction_rate is not None, r.correction_rate or 0),
}


def require_oversight(actor, government: Agency) -> None:
    if government.level != AgencyLevel.GOVERNMENT:
        raise PermissionDenied("只有本级人民政府的政务公开办可以查看各机关情况。")
    require_role(actor, government, Role.OVERSIGHT)


LEVEL_ORDER = {AgencyLevel.GOVERNMENT: 0, AgencyLevel.DEPARTMENT: 1, AgencyLevel.TOWN: 2}


def overseen_agencies(government: Agency) -> list[Agency]:
    """The government first, then the agencies that report to it: 部门, then 乡镇/街道 (never 内设科室)."""
    found = Agency.objects.reporting().filter(Q(pk=government.pk) | Q(parent=government))
    return sorted(found, key=lambda a: (LEVEL_ORDER.get(a.level, 9), a.code))


def oversight_rows(actor, government: Agency, today: date, *, year: int | None = None,
                   sort: str = "") -> list[Row]:
    """The dashboard's rows (see the module note). `year`: the year of the case and document figures (default the
    current one). `sort`: a key of SORTS, "-" in front for descending; unknown keys keep the agency order."""
    require_oversight(actor, government)
    year = year or today.year
    agencies = overseen_agencies(government)
    rows = {a.pk: Row(a) for a in agencies}
    ids = list(rows)
    _cases(rows, ids, today, year)
    _documents(rows, ids, year)
    _reports(rows, agencies, today)
    _table4(rows, ids)
    out = list(rows.values())
    key = sort.lstrip("-")
    if key in SORTS:
        out.sort(key=SORTS[key], reverse=sort.startswith("-"))
    return out


def _cases(rows: dict, ids: list[int], today: date, year: int) -> None:
    soon = add_workdays(today, SOON_WORKDAYS).date
    running = Application.objects.filter(agency_id__in=ids, status__in=RUNNING_STATUSES)
    for rec in running.values("agency_id").annotate(
            n=Count("id"), soon=Count("id", filter=Q(due_date__gte=today, due_date__lte=soon)),
            late=Count("id", filter=Q(due_date__lt=today))).order_by():
        row = rows[rec["agency_id"]]
        row.open, row.due_soon, row.overdue = rec["n"], rec["soon"], rec["late"]
    listed: dict[int, int] = {}
    for app in running.filter(due_date__lt=today).order_by("due_date", "id").only(
            "id", "agency_id", "tracking_code", "acceptance_no", "received_date", "due_date", "applicant_type"):
        if listed.get(app.agency_id, 0) < OVERDUE_LISTED:
            listed[app.agency_id] = listed.get(app.agency_id, 0) + 1
            rows[app.agency_id].overdue_cases.append(app)
    answered = Application.objects.filter(agency_id__in=ids, closed_on__gte=date(year, 1, 1),
                                          closed_on__lte=date(year, 12, 31))
    for rec in answered.values("agency_id").annotate(
            n=Count("id"), late=Count("id", filter=Q(closed_on__gt=F("due_date")))).order_by():
        row = rows[rec["agency_id"]]
        row.answered, row.answered_late = rec["n"], rec["late"]


def _documents(rows: dict, ids: list[int], year: int) -> None:
    late = Document.objects.filter(agency_id__in=ids, status=DocStatus.PUBLISHED, published_late=True,
                                   published_on__gte=date(year, 1, 1), published_on__lte=date(year, 12, 31))
    for rec in late.values("agency_id").annotate(n=Count("id")).order_by():
        rows[rec["agency_id"]].docs_late = rec["n"]


def _reports(rows: dict, agencies: list[Agency], today: date) -> None:
    found: dict[tuple[int, int], Report] = {}
    qs = (Report.objects.current().filter(agency_id__in=list(rows), year__gte=FIRST_YEAR)
          .only("id", "agency_id", "year", "version", "status", "published_on", "revision", "errors_found",
                "errors_revision").order_by("agency_id", "year", "version"))
    for report in qs:  # the published version, else the newest (an amendment being drafted)
        key = (report.agency_id, report.year)
        if key not in found or found[key].status != ReportStatus.PUBLISHED:
            found[key] = report
    first_published = {
        (rec["agency_id"], rec["year"]): rec["first"]
        for rec in Report.objects.public().filter(agency_id__in=list(rows), year__gte=FIRST_YEAR)
        .values("agency_id", "year").annotate(first=Min("published_on")).order_by()}
    last_year = today.year if today.month == 12 else today.year - 1
    for agency in agencies:
        deadline = government_deadline if agency.level == AgencyLevel.GOVERNMENT else department_deadline
        for y in range(FIRST_YEAR, last_year + 1):
            due = deadline(y)
            report = found.get((agency.pk, y))
            published_on = first_published.get((agency.pk, y))
            state = "missing" if report is None else _STATE_OF.get(report.status, "published")
            errors = (report.errors_found if report is not None and report.errors_revision == report.revision
                      else None)
            rows[agency.pk].years.append(YearStatus(
                y, state, due, overdue=published_on is None and today > due,
                late=published_on is not None and published_on > due, errors=errors,
                report_id=report.pk if report else None))


def _table4(rows: dict, ids: list[int]) -> None:
    keys = [f"{k}.{r}" for k in T4_KINDS for r in T4_CONCLUDED]
    cells = (ReportCell.objects.filter(report__agency_id__in=ids, report__status=ReportStatus.PUBLISHED,
                                       report__year__gte=FIRST_YEAR, table="t4", row_key="count", col_key__in=keys)
             .exclude(value="").values("report__agency_id", "col_key")
             .annotate(n=Sum(Cast("value", IntegerField()))).order_by())
    for rec in cells:
        row = rows[rec["report__agency_id"]]
        row.concluded += rec["n"] or 0
        if rec["col_key"].endswith(".corrected"):
            row.corrected += rec["n"] or 0


COLUMNS = [  # (sort key, heading) of the table and the Excel sheet
    ("name", "机关"), ("open", "在办申请"), ("due_soon", "5个工作日内到期"), ("overdue", "已逾期未答复"),
    ("answered_late", "本年逾期答复"), ("on_time_rate", "按期答复率"), ("docs_late", "超期公开的政府信息"),
    ("missing", "未编制的年度报告"), ("errors", "年度报告错误数"), ("correction_rate", "纠错率"),
]


def as_xlsx(government: Agency, rows: list[Row], today: date, year: int) -> bytes:
    """The dashboard as an Excel workbook: the figures, one column per report year, and the overdue cases."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "各机关情况"
    sheet.append([f"{government.name}各机关政府信息公开工作情况（{year}年，截至{today:%Y-%m-%d}）"])
    sheet["A1"].font = Font(bold=True)
    years = [y.year for y in rows[0].years] if rows else []
    sheet.append([h for _k, h in COLUMNS] + [f"{y}年度报告" for y in years])
    for r in rows:
        sheet.append([r.agency.name, r.open, r.due_soon, r.overdue, r.answered_late,
                      float(r.on_time_rate) if r.on_time_rate is not None else "—", r.docs_late, r.missing, r.errors,
                      float(r.correction_rate) if r.correction_rate is not None else "—"]
                     + [y.label + (f"，错误{y.errors}处" if y.errors else "") for y in r.years])
    cases = book.create_sheet("已逾期未答复的申请")
    cases.append(["机关", "查询码", "受理号", "法定收到日", "答复期限"])
    for r in rows:
        for app in r.overdue_cases:
            cases.append([r.agency.name, app.tracking_code, app.acceptance_no, app.received_date, app.due_date])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
