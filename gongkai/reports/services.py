"""Report services: every change to a report goes through here, in one transaction, with an audit entry."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction

from gongkai.agencies.models import Role
from gongkai.audit.services import record
from gongkai.core.clock import TZ, stamp
from gongkai.core.errors import Conflict, GongkaiError, NotFound, Refused
from gongkai.core.params import require_date

from .compute import compute, proactive_summary
from .definition import format_for_year, get_format
from .model import Cell, Kind, ReportData, format_decimal, parse_cell
from .models import CellSource, Report, ReportCell, ReportOrigin, ReportStatus
from .render.opendata import to_dict
from .roles import require_report_role
from .rules import Finding, validate

EDITORS = (Role.CLERK, Role.HEAD)
MAX_CELL_TEXT = 200
# A published annual report runs to 5,000–20,000 characters; these bounds keep a rendering (PDF: seconds per MB)
# and a stored version small. Longer text is refused with the count.
MAX_SECTION_TEXT = 30_000
MAX_NARRATIVE_TEXT = 100_000


# ------------------------------------------------------------------------------------------ reading

def _cell_from_row(row: ReportCell, agency_code: str = "") -> Cell:
    if row.kind in (Kind.NUMBER, Kind.ZERO):
        cell = Cell.number(Decimal(row.value))
    else:
        cell = Cell(Kind(row.kind), None, row.value)
    return cell.with_source(row.source, _provenance(row), _with_agency(row.source_link, agency_code))


def _with_agency(link: str, agency_code: str) -> str:
    """Drill-down links stored before they carried `agency=` get it when read (not part of the content hash)."""
    if not link or not agency_code or "agency=" in link or "?" not in link:
        return link
    path, query = link.split("?", 1)
    return f"{path}?agency={agency_code}&{query}"


def _provenance(row: ReportCell) -> str:
    if row.source == CellSource.MANUAL and row.entered_by_id:
        name = row.entered_by.get_full_name() or row.entered_by.username
        when = row.entered_at.astimezone(TZ).strftime("%Y-%m-%d %H:%M") if row.entered_at else ""
        return f"由{name}于{when}手工填报"
    if row.source == CellSource.COMPUTED:
        return f"系统统计：{row.source_note}" if row.source_note else "系统统计"
    if row.source == CellSource.IMPORTED:
        return f"导入：{row.source_note}" if row.source_note else "导入"
    if row.source == CellSource.DEMO:
        return row.source_note or "演示数据"
    return ""


def to_data(report: Report) -> ReportData:
    data = ReportData(report.format_key, report.year, report.agency.name, report.agency.code, report.title)
    for row in report.cells.select_related("entered_by"):
        data.cells[(row.table, row.row_key, row.col_key)] = _cell_from_row(row, report.agency.code)
    data.preamble = list(report.preamble or [])
    data.narrative = {k: list(v) for k, v in (report.narrative or {}).items()}
    data.proactive = dict(report.proactive or {})
    data.section_six = section_six_values(report)
    data.meta = {"version": report.version, "status": report.status, "content_hash": report.content_hash,
                 "published_on": report.published_on.isoformat() if report.published_on else None}
    return data


SIX_SNAPSHOT = "section_six_snapshot"


def section_six_values(report: Report) -> dict:
    """Section 六 figures: frozen with the report at publication; computed or entered while it is a draft."""
    extras = report.extras or {}
    if report.is_frozen and SIX_SNAPSHOT in extras:
        return dict(extras[SIX_SNAPSHOT])
    from .narrative import six_figures  # narrative builds on this module

    return {k: (int(f.value) if f.value == int(f.value) else float(f.value))
            for k, f in six_figures(report).items() if f.value is not None}


def is_year_published(agency, year: int) -> bool:
    """True once the agency has published its report for the year: its records are then frozen."""
    return Report.objects.filter(agency=agency, year=year,
                                 status__in=[ReportStatus.PUBLISHED, ReportStatus.SUPERSEDED]).exists()


def get_report(agency, year: int, version: int | None = None) -> Report:
    qs = Report.objects.filter(agency=agency, year=year).select_related("agency")
    if version is not None:
        qs = qs.filter(version=version)
    else:
        qs = qs.exclude(status=ReportStatus.SUPERSEDED)
    report = qs.order_by("-version").first()
    if report is None:
        raise NotFound(f"{agency.name}没有{year}年度的报告。")
    return report


def previous_report(report: Report) -> Report | None:
    """Last year's report of the same agency: the published version, else the newest unpublished one."""
    qs = Report.objects.filter(agency=report.agency, year=report.year - 1).select_related("agency")
    return qs.filter(status=ReportStatus.PUBLISHED).first() or qs.exclude(
        status=ReportStatus.SUPERSEDED).order_by("-version").first()


def previous_data(report: Report) -> ReportData | None:
    prev = previous_report(report)
    return to_data(prev) if prev else None


def findings_for(report: Report) -> list[Finding]:
    findings = validate(to_data(report), previous_data(report))
    remember_findings(report, findings)
    return findings


def remember_findings(report: Report, findings: list[Finding]) -> None:
    """Store how many errors the rules found in this revision (read by the oversight dashboard)."""
    errors = sum(f.is_error for f in findings)
    if (report.errors_found, report.errors_revision) != (errors, report.revision):
        report.errors_found, report.errors_revision = errors, report.revision
        Report.objects.filter(pk=report.pk, revision=report.revision).update(errors_found=errors,
                                                                             errors_revision=report.revision)


def content_hash(data: ReportData) -> str:
    payload = to_dict(data)
    payload.pop("meta", None)
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------------------------------ changing

def _check_revision(report: Report, revision: int | None):
    if revision is not None and revision != report.revision:
        raise Conflict("这份报告刚被其他人修改过，您的修改没有保存。请刷新页面后重新填写。")


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().select_related("agency").get(pk=report.pk)


def _require_draft(report: Report):
    """Refuse changes to a published (or superseded) report."""
    if report.is_frozen:
        raise Refused(f"报告{report.get_status_display()}，不能修改；如需更正，请发起更正（生成新版本并公开说明理由）。")


def back_to_draft(report: Report, actor, today: date | None):
    """A change to a validated/submitted/approved report voids the check and the approval (audited)."""
    if report.status != ReportStatus.DRAFT:
        before = report.status
        report.status = ReportStatus.DRAFT
        report.validated_at = None
        report.submitted_by, report.submitted_on = None, None
        report.approved_by, report.approved_on = None, None
        report.save(update_fields=["status", "validated_at", "submitted_by", "submitted_on", "approved_by",
                                   "approved_on"])
        record("report.return_to_draft", actor=actor, agency=report.agency, obj=report,
               data={"from": str(before), "reason": "修改内容", "today": today.isoformat() if today else None})


@transaction.atomic
def create_report(actor, agency, year: int, *, today: date, format_key: str | None = None,
                  title: str = "") -> Report:
    require_report_role(actor, agency, *EDITORS)
    if not isinstance(year, int) or year < 2008 or year > today.year:
        raise GongkaiError(f"年度应在 2008 至 {today.year} 之间。", field="year")
    if Report.objects.filter(agency=agency, year=year).exists():
        raise Refused(f"{agency.name}{year}年度的报告已经存在。", field="year")
    fmt = format_for_year(year, format_key)
    report = Report.objects.create(agency=agency, year=year, format_key=fmt.key, created_by=actor, title=title)
    ReportCell.objects.bulk_create(
        ReportCell(report=report, table=t, row_key=r, col_key=c, kind=Kind.BLANK.value)
        for t, r, c in fmt.addresses()
    )
    record("report.create", actor=actor, agency=agency, obj=report,
           data={"year": year, "format": fmt.key, "today": today.isoformat()})
    return report


def _stored(cell: Cell) -> tuple[str, str]:
    if cell.is_numeric:
        return cell.kind.value, format_decimal(cell.value)
    return cell.kind.value, cell.text


@transaction.atomic
def update_cells(actor, report: Report, changes: dict[tuple[str, str, str], str], *, today: date,
                 revision: int | None = None, now: datetime | None = None) -> int:
    """Set cells from what the clerk typed. Returns how many cells changed."""
    report = _locked(report)
    require_report_role(actor, report.agency, *EDITORS)
    _require_draft(report)
    _check_revision(report, revision)
    fmt = get_format(report.format_key)
    existing = {(c.table, c.row_key, c.col_key): c for c in report.cells.all()}
    changed, log = [], []
    now = stamp(now, today)
    for address, raw in changes.items():
        if not fmt.has_cell(*address):
            raise GongkaiError(f"单元格 {'/'.join(address)} 不属于本报告的格式。")
        if raw is not None and len(str(raw)) > MAX_CELL_TEXT:
            raise GongkaiError(f"单元格 {'/'.join(address)} 的内容过长（最多 {MAX_CELL_TEXT} 字）。",
                               field="cell:" + "/".join(address))
        kind, value = _stored(parse_cell(raw))
        row = existing.get(address) or ReportCell(report=report, table=address[0], row_key=address[1],
                                                  col_key=address[2])
        if row.pk and row.kind == kind and row.value == value:
            continue
        log.append({"cell": "/".join(address), "before": [row.kind, row.value], "after": [kind, value]})
        row.kind, row.value = kind, value
        row.source, row.entered_by, row.entered_at, row.source_note = CellSource.MANUAL, actor, now, ""
        changed.append(row)
    for row in changed:
        row.save()
    if changed:
        back_to_draft(report, actor, today)
        report.revision += 1
        report.save(update_fields=["revision"])
        record("report.cell.edit", actor=actor, agency=report.agency, obj=report,
               data={"changes": log, "today": today.isoformat()})
    return len(changed)


@transaction.atomic
def update_narrative(actor, report: Report, *, sections: dict[str, str], today: date, preamble: str | None = None,
                     title: str | None = None, revision: int | None = None) -> Report:
    """Replace narrative texts; each text is split into paragraphs at blank lines or line breaks."""
    report = _locked(report)
    require_report_role(actor, report.agency, *EDITORS)
    _require_draft(report)
    _check_revision(report, revision)
    fmt = get_format(report.format_key)
    known = {s.key for s in fmt.sections}
    before = {"narrative": report.narrative, "preamble": report.preamble, "title": report.title}
    narrative = dict(report.narrative or {})
    for key, text in sections.items():
        if key not in known:
            raise GongkaiError(f"未知的章节“{key}”。")
        if len(text or "") > MAX_SECTION_TEXT:
            raise GongkaiError(f"章节正文过长（{len(text)} 字，每个部分最多 {MAX_SECTION_TEXT} 字）。")
        paragraphs = [p.strip() for p in (text or "").splitlines() if p.strip()]
        if paragraphs:
            narrative[key] = paragraphs
        else:
            narrative.pop(key, None)
    total = sum(len(p) for ps in narrative.values() for p in ps) + len(preamble or "") + len(title or "")
    if total > MAX_NARRATIVE_TEXT:
        raise GongkaiError(f"报告正文过长（共 {total} 字，最多 {MAX_NARRATIVE_TEXT} 字）。")
    report.narrative = narrative
    if preamble is not None:
        report.preamble = [p.strip() for p in preamble.splitlines() if p.strip()]
    if title is not None:
        report.title = title.strip()[:200]
    back_to_draft(report, actor, today)
    report.revision += 1
    report.save()
    record("report.narrative.edit", actor=actor, agency=report.agency, obj=report,
           data={"before": before, "today": today.isoformat()})
    return report


@transaction.atomic
def refresh_computed(actor, report: Report, *, today: date, revision: int | None = None,
                     now: datetime | None = None) -> int:
    """Write every cell the registered providers compute (cases → 表三, catalog → 表二, appeals → 表四)."""
    report = _locked(report)
    require_report_role(actor, report.agency, *EDITORS)
    _require_draft(report)
    _check_revision(report, revision)
    fmt = get_format(report.format_key)
    computed = compute(report.agency, report.year, fmt)
    existing = {(c.table, c.row_key, c.col_key): c for c in report.cells.all()}
    changed = []
    for address, result in computed.items():
        kind, value = _stored(Cell.number(result.value))
        row = existing.get(address) or ReportCell(report=report, table=address[0], row_key=address[1],
                                                  col_key=address[2])
        new = (kind, value, CellSource.COMPUTED, result.note[:200], result.link[:300])
        if (row.kind, row.value, row.source, row.source_note, row.source_link) == new:
            continue
        row.kind, row.value, row.source, row.source_note, row.source_link = new
        row.entered_by, row.entered_at = None, stamp(now, today)
        changed.append(row)
    for row in changed:
        row.save()
    summary = proactive_summary(report.agency, report.year)
    before_summary = report.proactive
    if summary and summary != report.proactive:
        report.proactive = summary
    if changed or (summary and summary != before_summary):
        back_to_draft(report, actor, today)
        report.revision += 1
        report.save()
        record("report.compute", actor=actor, agency=report.agency, obj=report,
               data={"cells": len(changed), "today": today.isoformat()})
    return len(changed)


@transaction.atomic
def amend(actor, report: Report, *, reason: str, today: date) -> Report:
    """Start a corrected version of a published report. The published one stays public until the new one is."""
    report = _locked(report)
    require_report_role(actor, report.agency, *EDITORS)
    reason = (reason or "").strip()
    if not reason:
        raise GongkaiError("请说明更正理由（将随新版本公开）。", field="reason")
    if report.status != ReportStatus.PUBLISHED:
        raise Refused("只有已发布的报告才能发起更正；草稿可直接修改。")
    if Report.objects.filter(amends=report).exists():
        raise Refused("这份报告已有一个正在编辑的更正版本。")
    latest = Report.objects.filter(agency=report.agency, year=report.year).order_by("-version").first()
    new = Report.objects.create(
        agency=report.agency, year=report.year, version=latest.version + 1, format_key=report.format_key,
        origin=report.origin, title=report.title, preamble=report.preamble, narrative=report.narrative,
        proactive=report.proactive, extras=report.extras, amends=report, amend_reason=reason, created_by=actor)
    ReportCell.objects.bulk_create(
        ReportCell(report=new, table=c.table, row_key=c.row_key, col_key=c.col_key, kind=c.kind, value=c.value,
                   source=c.source, entered_by=c.entered_by, entered_at=c.entered_at, source_note=c.source_note,
                   source_link=c.source_link)
        for c in report.cells.all())
    record("report.amend", actor=actor, agency=report.agency, obj=new,
           data={"amends": report.pk, "reason": reason, "today": today.isoformat()})
    return new


@transaction.atomic
def store_data(actor, agency, data: ReportData, *, source: str, action: str, today: date,
               publish_now: bool = False, note: str = "", published_on: date | None = None,
               now: datetime | None = None) -> Report:
    """Store a whole ReportData (demo data or an imported published report) as a new report version."""
    fmt = get_format(data.format_key)
    latest = Report.objects.filter(agency=agency, year=data.year).order_by("-version").first()
    origin = ReportOrigin.IMPORTED if source == CellSource.IMPORTED else ReportOrigin.SYSTEM
    report = Report.objects.create(
        agency=agency, year=data.year, version=(latest.version + 1) if latest else 1, format_key=fmt.key,
        origin=origin, title=data.title, preamble=data.preamble, narrative=data.narrative, proactive=data.proactive,
        created_by=actor)
    rows = []
    for t, r, c in fmt.addresses():
        kind, value = _stored(data.cell(t, r, c))
        rows.append(ReportCell(report=report, table=t, row_key=r, col_key=c, kind=kind, value=value, source=source,
                               source_note=note))
    ReportCell.objects.bulk_create(rows)
    if publish_now:
        if latest and latest.status == ReportStatus.PUBLISHED:
            latest.status = ReportStatus.SUPERSEDED
            latest.save(update_fields=["status"])
        report.status = ReportStatus.PUBLISHED
        if published_on is not None and published_on > today:
            raise GongkaiError("发布日期不能晚于今天。", field="published_on")
        require_date(published_on, "发布日期", not_before=date(data.year, 1, 1), field="published_on")
        report.published_on = published_on or today
        report.published_at = stamp(now, today)
        report.content_hash = content_hash(to_data(report))
        report.save()
    record(action, actor=actor, agency=agency, obj=report, data={"format": fmt.key, "today": today.isoformat()})
    return report
