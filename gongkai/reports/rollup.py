"""部门汇总: Tables 2, 3 and 4 of every department under one 本级人民政府, side by side with their sums.

The roll-up is never the government's own report (that one counts only the government's own records). Which
reports count (decisions.md): the reports a department has handed to the 政务公开办 — submitted, approved or
published, current version; a published version wins over a newer correction still in progress. A draft does not
count: it is not yet the department's statement and may change tomorrow. Every department without a counted
report is listed with the reason (尚未编制 / 草稿未提交 / 格式不同), never silently left out.

Members are the agencies directly under the government that publish reports (部门, and 乡镇/街道 kept as
governments under the county); 内设科室 publish none and are excluded. The sums are computed by the database
(one GROUP BY table, row, column over the counted reports' numeric cells), the per-department cells come from one
query; nothing loops over the agencies with a query each.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import DecimalField, Sum
from django.db.models.functions import Cast

from gongkai.agencies.access import require_role
from gongkai.agencies.models import Agency, AgencyLevel, Role
from gongkai.core.errors import GongkaiError
from gongkai.core.safe import sheet_text

from .deadlines import deadlines_for
from .definition import Format, format_for_year
from .model import Cell, Kind, ReportData
from .models import Report, ReportCell, ReportStatus
from .render.opendata import CSV_COLUMNS, csv_rows, to_dict

LABEL = "部门汇总"
SCHEMA = "gongkai.rollup/1"
ROLES = (Role.OVERSIGHT, Role.ADMIN)
COUNTED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.PUBLISHED)
BASIS = ("只计入各部门已提交（含已批准、已发布）的年度报告的当前版本，已发布版本优先于正在更正的新版本；"
         "草稿不计入。未计入的机关逐一列出。本汇总不是本级人民政府自身的年度报告。")
ROLLUP_CSV_COLUMNS = ["agency_code", *CSV_COLUMNS]
NUMERIC = (Kind.NUMBER.value, Kind.ZERO.value)


@dataclass
class Member:
    agency: Agency
    report: Report | None = None     # the counted report, None when not counted
    status: str = ""                 # what the agency has for the year
    note: str = ""                   # why it is not counted (empty when counted)

    @property
    def counted(self) -> bool:
        return self.report is not None


@dataclass
class Rollup:
    government: Agency
    year: int
    fmt: Format
    members: list[Member]
    data: dict[str, ReportData] = field(default_factory=dict)   # agency code → its counted cells
    sums: ReportData | None = None

    @property
    def counted(self) -> list[Member]:
        return [m for m in self.members if m.counted]

    @property
    def missing(self) -> list[Member]:
        return [m for m in self.members if not m.counted]

    @property
    def title(self) -> str:
        return f"{self.government.name}{self.year}年度政府信息公开工作年度报告{LABEL}（不是本级人民政府的年度报告）"


def members_of(government: Agency):
    """The agencies whose reports are rolled up: directly under the government, reporting ones only."""
    return Agency.objects.filter(parent=government).reporting().order_by("code")


def rollup(actor, government: Agency, year: int, today: date) -> Rollup:
    """The roll-up for the 政务公开办 (or an administrator) of a 本级人民政府."""
    if government.level != AgencyLevel.GOVERNMENT:
        raise PermissionDenied("部门汇总只对本级人民政府提供。")
    require_role(actor, government, *ROLES)
    return compute_rollup(government, year, today)


def _choose(reports: list[dict]) -> dict | None:
    published = [r for r in reports if r["status"] == ReportStatus.PUBLISHED]
    pool = published or reports
    return max(pool, key=lambda r: r["version"]) if pool else None


def _not_counted_note(agency: Agency, year: int, today: date, has_draft: bool) -> tuple[str, str]:
    first = deadlines_for(agency, year, today)[0]   # 部门 and 乡镇: submitted by 31 January
    late = f"（应于{first.due:%Y-%m-%d}前{first.label}，已逾期{-first.days_left}天）" if first.days_left < 0 else ""
    if has_draft:
        return "草稿未提交", f"有草稿，尚未提交，不计入{late}"
    return "尚未编制", f"没有{year}年度报告，不计入{late}"


def compute_rollup(government: Agency, year: int, today: date) -> Rollup:
    """No access check: for the command line (run by the system's operator) and callers that checked it."""
    if not isinstance(year, int) or not 2008 <= year <= today.year:
        raise GongkaiError(f"年度应在 2008 至 {today.year} 之间。", field="year")
    fmt = format_for_year(year)
    agencies = list(members_of(government))
    reports: dict[int, list[dict]] = {}
    for r in (Report.objects.filter(agency__in=agencies, year=year).exclude(status=ReportStatus.SUPERSEDED)
              .values("id", "agency_id", "status", "version", "format_key")):
        reports.setdefault(r["agency_id"], []).append(r)
    members, chosen = [], {}
    for agency in agencies:
        own = reports.get(agency.pk, [])
        pick = _choose([r for r in own if r["status"] in COUNTED])
        if pick is None:
            status, note = _not_counted_note(agency, year, today, bool(own))
            members.append(Member(agency, None, status, note))
        elif pick["format_key"] != fmt.key:
            members.append(Member(agency, None, ReportStatus(pick["status"]).label,
                                  f"报告格式为 {pick['format_key']}，与本年度的 {fmt.key} 格式不同，不计入"))
        else:
            report = Report(pk=pick["id"], agency=agency, year=year, version=pick["version"],
                            status=pick["status"], format_key=fmt.key)
            members.append(Member(agency, report, f"{report.get_status_display()}（第{pick['version']}版）"))
            chosen[pick["id"]] = agency
    result = Rollup(government, year, fmt, members)
    for agency in chosen.values():
        result.data[agency.code] = ReportData(fmt.key, year, agency.name, agency.code)
    cells = ReportCell.objects.filter(report_id__in=list(chosen), table__in=list(fmt.tables))
    for report_id, table, row, col, kind, value in cells.values_list("report_id", "table", "row_key", "col_key",
                                                                     "kind", "value").iterator():
        result.data[chosen[report_id].code].cells[(table, row, col)] = _cell(kind, value)
    result.sums = ReportData(fmt.key, year, f"{government.name}{LABEL}", LABEL, result.title)
    totals = (cells.filter(kind__in=NUMERIC).values("table", "row_key", "col_key").order_by()
              .annotate(total=Sum(Cast("value", DecimalField(max_digits=24, decimal_places=4)))))
    for t in totals:
        total = Decimal(t["total"])
        total = Decimal(int(total)) if total == total.to_integral_value() else total.normalize()
        result.sums.cells[(t["table"], t["row_key"], t["col_key"])] = Cell.number(total)
    return result


def _cell(kind: str, value: str) -> Cell:
    if kind in NUMERIC:
        return Cell.number(Decimal(value))
    return Cell(Kind(kind), None, value)


# ------------------------------------------------------------------------------------------- output

def to_csv(result: Rollup) -> str:
    """Every counted department's cells as in its own CSV, with its code in front; then the sum rows (部门汇总)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ROLLUP_CSV_COLUMNS)
    for m in result.counted:
        writer.writerows([m.agency.code, *row] for row in csv_rows(result.data[m.agency.code]))
    writer.writerows([LABEL, *row] for row in csv_rows(result.sums))
    return out.getvalue()


def members_csv(result: Rollup) -> str:
    """Written beside the CSV (FILE.agencies.csv): every member, counted or not, and the basis."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["agency_code", "agency_name", "level", "counted", "status", "note"])
    for m in result.members:
        writer.writerow([m.agency.code, sheet_text(m.agency.name), m.agency.level, "yes" if m.counted else "no",
                         m.status, m.note])
    writer.writerow(["", "", "", "", "basis", BASIS])
    return out.getvalue()


def to_dict_rollup(result: Rollup) -> dict:
    return {
        "schema": SCHEMA,
        "label": LABEL,
        "title": result.title,
        "government": {"code": result.government.code, "name": result.government.name},
        "year": result.year,
        "format": result.fmt.key,
        "basis": BASIS,
        "agencies": [{"code": m.agency.code, "name": m.agency.name, "level": m.agency.level, "counted": m.counted,
                      "status": m.status, "note": m.note, "version": m.report.version if m.report else None}
                     for m in result.members],
        "missing": [m.agency.code for m in result.missing],
        "departments": {code: to_dict(data)["tables"] for code, data in result.data.items()},
        "sum": to_dict(result.sums)["tables"],
    }


def to_json(result: Rollup) -> str:
    return json.dumps(to_dict_rollup(result), ensure_ascii=False, indent=2)


TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}


def grid(result: Rollup):
    """Rows for the page and the workbook: (table name, row label, column label, [cell per counted agency], sum
    cell). The CSV and JSON keep the format's keys (t2, t3, t4) as a single report's do."""
    codes = [m.agency.code for m in result.counted]
    for tkey, table in result.fmt.tables.items():
        for row, col in table.addresses():
            r, c = table.row(row), table.column(row, col)
            yield (TABLE_NAMES.get(tkey, tkey), " / ".join(p for p in r.path if p), " / ".join(p for p in c.path if p),
                   [result.data[code].cell(tkey, row, col) for code in codes], result.sums.cell(tkey, row, col))


def _xl(cell: Cell):
    if cell.is_numeric:
        v = cell.value
        return int(v) if v == v.to_integral_value() else float(v)
    return sheet_text(cell.text) if cell.kind is not Kind.BLANK else None


def to_xlsx(result: Rollup) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = LABEL
    ws.append([result.title])
    ws.append(["表", "行", "列", *(m.agency.name for m in result.counted), "合计"])
    for tkey, row_label, col_label, cells, total in grid(result):
        ws.append([tkey, row_label, col_label, *(_xl(c) for c in cells), _xl(total)])
    info = wb.create_sheet("报送情况")
    info.append(["口径", BASIS])
    info.append(["机关代码", "机关名称", "是否计入", "状态", "说明"])
    for m in result.members:
        info.append([m.agency.code, sheet_text(m.agency.name), "计入" if m.counted else "未计入", m.status, m.note])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


EXPORTS = {"csv": ("text/csv; charset=utf-8", "csv"),
           "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
           "json": ("application/json; charset=utf-8", "json")}


def render(result: Rollup, kind: str) -> bytes:
    if kind == "csv":
        return ("\ufeff" + to_csv(result)).encode("utf-8")
    if kind == "json":
        return to_json(result).encode("utf-8")
    if kind == "xlsx":
        return to_xlsx(result)
    raise GongkaiError(f"部门汇总不支持“{kind}”格式（可选：csv、xlsx、json）。")


def filename(result: Rollup, kind: str) -> str:
    return f"{result.government.code}-{result.year}-departments.{EXPORTS[kind][1]}"


def sum_value(cells: list[Cell]) -> Decimal | None:
    """Python reference for the database's sum (tests)."""
    nums = [c.value for c in cells if c.is_numeric]
    return sum(nums, Decimal(0)) if nums else None

