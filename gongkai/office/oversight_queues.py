"""The 政务公开办's queue on the 工作台: the agencies with overdue cases, missing reports or reports with errors,
from the same rows as the dashboard (oversight.oversight_rows)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from gongkai.agencies.models import AgencyLevel, Role

from .oversight import Row, oversight_rows
from .worklist import Item, Queue, register


def needing_attention(user, agency, today):
    rows = oversight_rows(user, agency, today, sort="-overdue")
    return [r for r in rows if r.overdue or r.missing or r.errors]


def row_item(row: Row, today: date) -> Item:
    parts = [text for n, text in ((row.overdue, f"逾期未答复 {row.overdue} 件"),
                                  (row.missing, f"年度报告未编制 {row.missing} 份"),
                                  (row.errors, f"年度报告错误 {row.errors} 处")) if n]
    government = row.agency if row.agency.level == AgencyLevel.GOVERNMENT else row.agency.parent
    return Item(f"{row.agency.name}：{'，'.join(parts)}",
                reverse("office:dashboard", args=[government.code]) + f"#overdue-{row.agency.code}")


def register_queues() -> None:
    register(Queue("oversight.agencies", "各机关逾期和年度报告情况（政务公开办）", frozenset({Role.OVERSIGHT}),
                   needing_attention, row_item, urgency=15,
                   more=lambda agency: reverse("office:dashboard", args=[agency.code]),
                   levels=frozenset({AgencyLevel.GOVERNMENT}),
                   hint="逾期未答复的申请、2019年以来未编制或有错误的年度报告；全部指标见“各机关情况”。"))
