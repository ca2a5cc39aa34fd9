"""The annual-report queues of the 工作台: reports submitted and waiting for the head's approval, approved reports
waiting to be published, and the 第四十九条 deadlines that warn (last year's report, due by 31 January)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import REPORTING_LEVELS, AgencyLevel, Role
from gongkai.reports.deadlines import warnings_for
from gongkai.reports.models import Report, ReportStatus

from .worklist import Item, Queue, days_left, register

REPORTING = REPORTING_LEVELS


def in_state(state: str):
    def items(user, agency, today):
        return Report.objects.current().filter(agency=agency, status=state).order_by("year", "version")

    return items


def report_item(report: Report, today: date) -> Item:
    due = date(report.year + 1, 3 if report.agency.level == AgencyLevel.GOVERNMENT else 1, 31)
    return Item(f"{report.year}年度报告（第{report.version}版）", reverse("office:report_edit", args=[report.pk]),
                due, days_left(today, due), report.get_status_display())


def due_reports(user, agency, today):
    return [(agency, d) for d in warnings_for(agency, today)]


def government_due_reports(user, agency, today):
    from gongkai.reports.roles import oversight_writes_government_report

    if not oversight_writes_government_report() or Role.CLERK in roles_in(user, agency):
        return []  # shown once, in reports.due, to whoever holds the 经办人 role as well
    return due_reports(user, agency, today)


def deadline_item(pair, today: date) -> Item:
    agency, deadline = pair
    return Item(deadline.message, reverse("office:report_list", args=[agency.code]), deadline.due,
                days_left(today, deadline.due))


def register_queues() -> None:
    register(Queue("reports.approval", "待我批准的年度报告", frozenset({Role.HEAD}), in_state(ReportStatus.SUBMITTED),
                   report_item, urgency=17, levels=REPORTING))
    register(Queue("reports.publish", "已批准、待发布的年度报告", frozenset({Role.HEAD, Role.ADMIN}),
                   in_state(ReportStatus.APPROVED), report_item, urgency=17, levels=REPORTING))
    register(Queue("reports.due", "年度报告期限（条例第四十九条）", frozenset({Role.CLERK, Role.HEAD}), due_reports,
                   deadline_item, urgency=21, levels=REPORTING))
    # the 政务公开办 writes the 本级政府's own report (reports/roles.py): its deadlines are on its 工作台 too
    register(Queue("reports.due.government", "本级政府年度报告期限（条例第四十九条第二款）", frozenset({Role.OVERSIGHT}),
                   government_due_reports, deadline_item, urgency=21, levels=frozenset({AgencyLevel.GOVERNMENT})))
