"""The 主动公开 queues of the 工作台: drafts waiting for 保密审查 (保密审查员), reviewed documents waiting for the
head's approval (负责人), and drafts the reviewer sent back (经办人), each with the 第二十六条 date it must be
public by."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from gongkai.agencies.models import Role
from gongkai.office.worklist import Item, Queue, days_left, register

from .models import DocStatus, Document


def in_state(state: str):
    def items(user, agency, today):
        return Document.objects.of(agency).filter(status=state).order_by("publish_due", "formed_on", "id")

    return items


def rejected_for(user, agency, today):
    return Document.objects.of(agency).filter(status=DocStatus.REJECTED, created_by=user).order_by("formed_on", "id")


def doc_item(doc: Document, today: date) -> Item:
    note = f"退回理由：{doc.rejection_reason}" if doc.status == DocStatus.REJECTED else "应于此日前公开（条例第二十六条）"
    return Item(doc.title, reverse("catalog:doc", args=[doc.pk]), doc.publish_due,
                days_left(today, doc.publish_due), note)


def _more(agency):
    return reverse("catalog:dashboard", args=[agency.code])


def register_queues() -> None:
    register(Queue("catalog.review", "待保密审查的政府信息", frozenset({Role.REVIEWER}), in_state(DocStatus.REVIEW),
                   doc_item, urgency=18, more=_more))
    register(Queue("catalog.approval", "待我批准发布的政府信息", frozenset({Role.HEAD}), in_state(DocStatus.APPROVAL),
                   doc_item, urgency=19, more=_more))
    register(Queue("catalog.rejected", "被退回修改的政府信息", frozenset({Role.CLERK}), rejected_for, doc_item,
                   urgency=40, more=_more))
