"""Reading, linting, comparing and storing published annual reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from gongkai.core.errors import GongkaiError, Refused
from gongkai.reports.definition import get_format
from gongkai.reports.model import ReportData, format_decimal
from gongkai.reports.rules import TABLE_NAMES, Finding, column_name, validate

from .checks import READ_RULE, READ_TITLE, check  # noqa: F401 - re-exported for callers
from .lint import READABLE_SUFFIXES, Lint, expand_paths, lint_bytes, lint_path  # noqa: F401 - re-exported

CROSS_YEAR_KINDS = {"carry_over", "running_total", "item_chain", "non_decreasing"}


# ------------------------------------------------------------------------------------------------ compare

@dataclass
class Change:
    address: tuple[str, str, str]
    label: str
    a: str
    b: str
    delta: str


@dataclass
class Comparison:
    earlier: ReportData
    later: ReportData
    findings: list[Finding]
    changes: list[Change]
    notes: list[str]
    compared: int

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)


def cell_label(fmt, address) -> str:
    table_key, row, col = address
    t = fmt.tables[table_key]
    r = t.row(row)
    row_part = f"“{r.label.split('（区分处理')[0]}”" if r.label else ""
    return f"{TABLE_NAMES.get(table_key, table_key)}{row_part}“{column_name(t, t.column(row, col))}”"


def compare(a: ReportData, b: ReportData) -> Comparison:
    """Two reports of one agency: the cross-year rules (Y-1 carry-over …) and every cell that changed."""
    earlier, later = (a, b) if a.year <= b.year else (b, a)
    notes = []
    if earlier.agency_name and later.agency_name and earlier.agency_name != later.agency_name:
        notes.append(f"两份报告的机关名称不同：“{earlier.agency_name}”与“{later.agency_name}”。")
    if later.year - earlier.year != 1:
        notes.append(f"两份报告不是相邻年度（{earlier.year} 年与 {later.year} 年），不做上年结转等跨年度校验。")
        findings = []
    else:
        kinds = {r.id for r in get_format(later.format_key).rules if r.kind in CROSS_YEAR_KINDS}
        findings = [f for f in validate(later, earlier) if f.rule in kinds]
    fa, fb = get_format(earlier.format_key), get_format(later.format_key)
    if fa.key != fb.key:
        notes.append(f"两份报告格式不同（{fa.key} 与 {fb.key}），只比较两种格式共有的单元格。")
    changes, compared = [], 0
    for address in fb.addresses():
        if not fa.has_cell(*address):
            continue
        compared += 1
        x, y = earlier.cell(*address), later.cell(*address)
        if x.kind == y.kind and (x.value == y.value if x.is_numeric else x.text == y.text):
            continue
        delta = ""
        if x.is_numeric and y.is_numeric:
            d: Decimal = y.value - x.value
            delta = ("+" if d > 0 else "") + format_decimal(d)
        changes.append(Change(address, cell_label(fb, address), x.display or "（空白）", y.display or "（空白）", delta))
    return Comparison(earlier, later, findings, changes, notes, compared)


# ------------------------------------------------------------------------------------------------ storing

STORE_ROLES = ("oversight", "head", "admin")


def may_store(user, agency) -> bool:
    """政务公开办, 负责人 or 管理员 of the agency itself or of the government above it."""
    from gongkai.agencies.access import roles_in
    from gongkai.agencies.models import AgencyLevel

    if roles_in(user, agency) & set(STORE_ROLES):
        return True
    return any(roles_in(user, g) & set(STORE_ROLES) for g in agency.ancestors() if g.level == AgencyLevel.GOVERNMENT)


def storable_agencies(user) -> list:
    """Agencies this user may store imported reports for (for the choice on the findings page)."""
    from gongkai.agencies.access import agencies_of

    out, seen = [], set()
    for own in agencies_of(user):
        for agency in [own, *own.descendants()]:
            if agency.pk not in seen and agency.level != "section" and may_store(user, agency):
                seen.add(agency.pk)
                out.append(agency)
    return sorted(out, key=lambda a: a.code)


@transaction.atomic
def import_report(actor, agency, data: ReportData, *, today: date, file_name: str = "",
                  published_on: date | None = None):
    """Store a published report read from a file, read-only, under the agency (origin IMPORTED)."""
    from django.core.exceptions import PermissionDenied

    from gongkai.reports.models import Report, ReportOrigin, ReportStatus
    from gongkai.reports.services import store_data

    if not may_store(actor, agency):
        raise PermissionDenied("需要本机关或上级人民政府的以下岗位之一：政务公开办、负责人、管理员。")
    if not 2000 <= data.year <= today.year:
        raise GongkaiError("无法确定报告年度（标题中应有“20XX年”），不能保存。")
    own = Report.objects.filter(agency=agency, year=data.year, origin=ReportOrigin.SYSTEM,
                                status__in=[ReportStatus.PUBLISHED, ReportStatus.SUPERSEDED]).exists()
    if own:
        raise Refused(f"{agency.name}已在本系统发布{data.year}年度报告，不能用导入的报告替换。")
    data.agency_code = agency.code
    if not data.agency_name:
        data.agency_name = agency.name
    note = f"导入自 {file_name}" if file_name else "导入的已发布报告"
    return store_data(actor, agency, data, source="imported", action="report.import", today=today,
                      publish_now=True, note=note, published_on=published_on)
