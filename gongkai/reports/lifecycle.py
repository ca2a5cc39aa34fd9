"""The report's life cycle: draft → validated → submitted → approved → published (→ superseded by an amendment).

Each move is one service function: it locks the report, checks the actor's role in the report's agency, checks the
transition table (models.TRANSITIONS), and writes one audit entry. Editing a validated/submitted/approved report sends
it back to draft (services.back_to_draft). A published report is frozen with a SHA-256 content hash; a change after
that is a new version (services.amend) with a public reason.

Who moves it: 经办人 or 负责人 validate; 经办人 submits (to the 负责人, who then hands the approved report to the
本级人民政府政务公开办); 负责人 approves; 负责人 or 管理员 publishes.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction

from gongkai.agencies.models import Role
from gongkai.audit.services import record
from gongkai.core.clock import stamp
from gongkai.core.errors import Refused

from .models import Report, ReportStatus
from .roles import require_report_role
from .rules import has_errors, validate
from .services import (
    SIX_SNAPSHOT,
    _locked,
    content_hash,
    previous_data,
    remember_findings,
    section_six_values,
    to_data,
)

VALIDATORS = (Role.CLERK, Role.HEAD)
SUBMITTERS = (Role.CLERK,)
APPROVERS = (Role.HEAD,)
PUBLISHERS = (Role.HEAD, Role.ADMIN)


def _move(report: Report, target: ReportStatus, verb: str):
    if not report.can_move_to(target):
        raise Refused(f"报告当前状态为“{report.get_status_display()}”，不能{verb}。")


def _refuse_errors(report: Report, verb: str) -> list:
    data = to_data(report)
    findings = validate(data, previous_data(report))
    if has_errors(findings):
        errors = [f for f in findings if f.is_error]
        raise Refused(f"报告有 {len(errors)} 处错误，不能{verb}。第一处：{errors[0].message}")
    remember_findings(report, findings)
    return findings


@transaction.atomic
def mark_validated(actor, report: Report, *, today: date, now: datetime | None = None) -> Report:
    """Run every rule; only a report without errors becomes 已校验 (warnings are allowed and counted)."""
    report = _locked(report)
    require_report_role(actor, report.agency, *VALIDATORS)
    _move(report, ReportStatus.VALIDATED, "标记为已校验")
    findings = _refuse_errors(report, "标记为已校验")
    report.status, report.validated_at = ReportStatus.VALIDATED, stamp(now, today)
    report.save(update_fields=["status", "validated_at"])
    record("report.validate", actor=actor, agency=report.agency, obj=report,
           data={"warnings": len(findings), "today": today.isoformat()})
    return report


@transaction.atomic
def submit(actor, report: Report, *, today: date) -> Report:
    report = _locked(report)
    require_report_role(actor, report.agency, *SUBMITTERS)
    _move(report, ReportStatus.SUBMITTED, "提交")
    report.status, report.submitted_by, report.submitted_on = ReportStatus.SUBMITTED, actor, today
    report.save(update_fields=["status", "submitted_by", "submitted_on"])
    record("report.submit", actor=actor, agency=report.agency, obj=report, data={"today": today.isoformat()})
    return report


@transaction.atomic
def approve(actor, report: Report, *, today: date) -> Report:
    report = _locked(report)
    require_report_role(actor, report.agency, *APPROVERS)
    _move(report, ReportStatus.APPROVED, "批准")
    _refuse_errors(report, "批准")
    report.status, report.approved_by, report.approved_on = ReportStatus.APPROVED, actor, today
    report.save(update_fields=["status", "approved_by", "approved_on"])
    record("report.approve", actor=actor, agency=report.agency, obj=report, data={"today": today.isoformat()})
    return report


@transaction.atomic
def send_back(actor, report: Report, *, reason: str, today: date) -> Report:
    """The head returns a submitted/approved report to draft (e.g. to have a sentence rewritten)."""
    report = _locked(report)
    require_report_role(actor, report.agency, *APPROVERS)
    _move(report, ReportStatus.DRAFT, "退回")
    before = report.status
    report.status = ReportStatus.DRAFT
    report.validated_at = report.submitted_by = report.submitted_on = report.approved_by = report.approved_on = None
    report.save()
    record("report.return_to_draft", actor=actor, agency=report.agency, obj=report,
           data={"from": str(before), "reason": (reason or "").strip()[:500], "today": today.isoformat()})
    return report


@transaction.atomic
def publish(actor, report: Report, *, today: date, now: datetime | None = None) -> Report:
    """Publish on the portal: frozen from now on, with a content hash; an amendment supersedes the old version."""
    report = _locked(report)
    require_report_role(actor, report.agency, *PUBLISHERS)
    findings = _refuse_errors(report, "发布")
    if report.status in (ReportStatus.DRAFT, ReportStatus.VALIDATED, ReportStatus.SUBMITTED):
        raise Refused(f"报告当前状态为“{report.get_status_display()}”，须经校验、经办人提交、负责人批准后才能发布。")
    _move(report, ReportStatus.PUBLISHED, "发布")
    if report.amends_id:
        old = Report.objects.select_for_update().get(pk=report.amends_id)
        old.status = ReportStatus.SUPERSEDED
        old.save(update_fields=["status"])
    report.extras = {**(report.extras or {}), SIX_SNAPSHOT: section_six_values(report)}
    report.status = ReportStatus.PUBLISHED
    report.published_by, report.published_at, report.published_on = actor, stamp(now, today), today
    report.content_hash = content_hash(to_data(report))
    report.revision += 1
    report.errors_found, report.errors_revision = 0, report.revision  # publishing refuses a report with errors
    report.save()
    record("report.publish", actor=actor, agency=report.agency, obj=report,
           data={"content_hash": report.content_hash, "warnings": len(findings), "today": today.isoformat()})
    from .published import store_all  # rendered after the commit: no write lock held while rendering

    transaction.on_commit(lambda pk=report.pk: store_all(pk))
    return report


def next_steps(report: Report, roles: set[str]) -> dict[str, bool]:
    """Which life-cycle buttons this user sees on the report page."""
    s = ReportStatus(report.status)
    return {
        "validate": s == ReportStatus.DRAFT and bool(roles & set(VALIDATORS)),
        "submit": s == ReportStatus.VALIDATED and bool(roles & set(SUBMITTERS)),
        "approve": s == ReportStatus.SUBMITTED and bool(roles & set(APPROVERS)),
        "send_back": s in (ReportStatus.SUBMITTED, ReportStatus.APPROVED) and bool(roles & set(APPROVERS)),
        "publish": s == ReportStatus.APPROVED and bool(roles & set(PUBLISHERS)),
    }
