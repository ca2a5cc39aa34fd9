"""Reminders for the assigned clerks: cases due within 5 working days and overdue ones."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.core.mail import send_mail

from gongkai.workdays.services import add_workdays

from .models import Application

SOON_WORKDAYS = 5


def send_reminders(today: date) -> dict:
    last = add_workdays(today, SOON_WORKDAYS).date
    soon = Application.objects.due_within(today, last).select_related("agency", "assigned_to")
    overdue = Application.objects.overdue(today).select_related("agency", "assigned_to")
    by_user: dict = defaultdict(list)
    unassigned = 0
    for label, qs in (("已逾期", overdue), ("即将到期", soon)):
        for app in qs.order_by("due_date"):
            if app.assigned_to_id is None or not app.assigned_to.email:
                unassigned += 1
                continue
            by_user[app.assigned_to].append(f"[{label}] {app.agency.name} {app.tracking_code} "
                                            f"{app.masked_name} 期限 {app.due_date.isoformat()}"
                                            + ("（暂定）" if app.due_provisional else ""))
    lines = []
    for user, items in by_user.items():
        send_mail(f"政府信息公开申请办理提醒（{len(items)} 件）",
                  f"{user.get_full_name() or user.username}：\n以下申请即将到期或已逾期，请及时办理：\n"
                  + "\n".join(items), None, [user.email])
        lines.append(f"  {user.username} <{user.email}>：{len(items)} 件")
    return {"soon": soon.count(), "overdue": overdue.count(), "emails": len(by_user), "unassigned": unassigned,
            "lines": lines}
