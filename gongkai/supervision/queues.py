"""督办 on the 工作台: notices waiting for the agency's answer, and answers waiting for the 政务公开办."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from gongkai.agencies.models import AgencyLevel, Role
from gongkai.office.worklist import Item, Queue, days_left, register

from .models import Notice


def to_answer(user, agency, today):
    return Notice.objects.to_agency(agency).awaiting_answer().select_related("agency").order_by("due_on", "id")


def to_close(user, agency, today):
    return Notice.objects.sent_by(agency).awaiting_close().select_related("agency").order_by("answered_on", "id")


def notice_item(notice: Notice, today: date) -> Item:
    return Item(f"督办第{notice.number}号：{notice.get_subject_display()}", reverse("supervision:detail",
                args=[notice.pk]), notice.due_on, days_left(today, notice.due_on),
                f"第{notice.round}次督办" if notice.round > 1 else "")


def answered_item(notice: Notice, today: date) -> Item:
    return Item(f"督办第{notice.number}号（{notice.agency.name}）已答复", reverse("supervision:detail",
                args=[notice.pk]), note=f"{notice.answered_on:%Y-%m-%d}答复，待办结或再次督办")


def register_queues() -> None:
    register(Queue("supervision.answer", "政务公开办督办，待答复", frozenset({Role.CLERK, Role.HEAD, Role.ADMIN}),
                   to_answer, notice_item, urgency=12,
                   more=lambda agency: reverse("supervision:received", args=[agency.code])))
    register(Queue("supervision.close", "督办已答复，待办结", frozenset({Role.OVERSIGHT}), to_close, answered_item,
                   urgency=30, levels=frozenset({AgencyLevel.GOVERNMENT}),
                   more=lambda agency: reverse("supervision:sent", args=[agency.code])))
