"""Catalog services: drafting, 保密审查, approval and publication, 索引号, validity, attachments.

Each takes the acting user and `today`, runs in one transaction, checks roles and writes the audit entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction

from gongkai.agencies.access import require_role
from gongkai.agencies.models import Role
from gongkai.audit.services import record
from gongkai.core.clock import stamp
from gongkai.core.errors import Conflict, GongkaiError, Refused
from gongkai.workdays.services import add_workdays

from . import attachments as files
from .models import (
    Attachment,
    CatalogSettings,
    Disclosure,
    DocStatus,
    Document,
    DocumentChannel,
    IndexCounter,
    IndexScheme,
    Validity,
)
from .sanitize import sanitize
from .search import index_document
from .taxonomy import taxonomy

DRAFTERS = (Role.CLERK, Role.ADMIN)
PUBLISH_WITHIN = 20  # 第二十六条: 20 working days from formation or change
INDEX_PATTERNS = [
    re.compile(r"^[0-9A-Z]{9}/\d{4}-\d{5}$"),              # A  organisation code / year-serial
    re.compile(r"^[0-9A-Z]{8}-[0-9A-Z]/\d{4}-\d{5}$"),     # A′ with the hyphen
    re.compile(r"^[0-9A-Z]{18}/\d{4}-\d{5,6}$"),           # B  unified social credit code / year
    re.compile(r"^[0-9A-Z]{18}/\d{6}-\d{5}$"),             # C  unified social credit code / year-month
]


@dataclass
class DocumentInput:
    title: str
    formed_on: date
    topic: str
    genre: str
    channels: list[str] = field(default_factory=list)
    doc_number: str = ""
    publisher: str = ""
    written_on: date | None = None
    effective_on: date | None = None
    art20_item: int | None = None
    summary: str = ""
    body: str = ""
    index_no: str = ""     # only for documents published before the system (legacy 索引号)


# --- 索引号 ---------------------------------------------------------------------------------------------------
def settings_for(agency) -> CatalogSettings:
    found, _ = CatalogSettings.objects.get_or_create(agency=agency)
    return found


def index_prefix(agency, scheme: str) -> str:
    code = (agency.org_code or "").upper().replace("-", "").strip()
    if len(code) not in (9, 18):
        raise Refused("本机关尚未设置9位组织机构代码或18位统一社会信用代码，无法生成索引号。请管理员先在机关设置中填写。")
    if scheme == IndexScheme.ORG_YEAR:
        return code if len(code) == 9 else code[8:17]
    if len(code) != 18:
        raise Refused("当前索引号模式需要18位统一社会信用代码，本机关只设置了9位组织机构代码。")
    return code


def issue_index_no(agency, on: date) -> str:
    """Next 索引号 for the agency: prefix/period-serial, serial per period, never reused."""
    scheme = settings_for(agency).index_scheme
    prefix = index_prefix(agency, scheme)
    period = f"{on.year:04d}{on.month:02d}" if scheme == IndexScheme.CREDIT_MONTH else f"{on.year:04d}"
    counter, _ = IndexCounter.objects.get_or_create(agency=agency, period=period)
    counter = IndexCounter.objects.select_for_update().get(pk=counter.pk)
    while True:
        counter.last += 1
        value = f"{prefix}/{period}-{counter.last:05d}"
        if not Document.objects.filter(index_no=value).exists():  # a legacy number may already hold it
            break
    counter.save(update_fields=["last"])
    return value


def check_index_no(value: str, *, exclude_pk=None) -> str:
    value = value.strip().upper()
    if not any(p.match(value) for p in INDEX_PATTERNS):
        raise GongkaiError(f"索引号“{value[:40]}”格式不正确，应为“机构代码/年份-流水号”，如 000014349/2018-00222。",
                           field="index_no")
    if Document.objects.filter(index_no=value).exclude(pk=exclude_pk).exists():
        raise GongkaiError(f"索引号“{value}”已被其他政府信息使用，索引号必须唯一。", field="index_no")
    return value


# --- drafting ---------------------------------------------------------------------------------------------------
def _clean(data: DocumentInput, agency, today: date) -> dict:
    title = (data.title or "").strip()
    if not title:
        raise GongkaiError("请填写政府信息的名称。", field="title")
    if len(title) > 300:
        raise GongkaiError("名称不能超过300字。", field="title")
    tax = taxonomy()
    if data.topic not in tax.topics or (data.topic.count(".") == 0 and tax.tree[int(data.topic) - 1][1]):
        raise GongkaiError("请选择主题分类（二级类目）。", field="topic")
    if data.genre not in tax.genres:
        raise GongkaiError("请选择体裁。", field="genre")
    unknown = [c for c in data.channels if c not in tax.channels]
    if unknown:
        raise GongkaiError(f"未知的发布渠道：{'、'.join(unknown)}。", field="channels")
    if data.formed_on is None:
        raise GongkaiError("请填写信息形成或变更日期（第二十六条据此计算公开时限）。", field="formed_on")
    if data.formed_on > today:
        raise GongkaiError("信息形成或变更日期不能晚于今天。", field="formed_on")
    if data.written_on and data.written_on > today:
        raise GongkaiError("成文日期不能晚于今天。", field="written_on")
    if data.art20_item is not None and not 1 <= data.art20_item <= len(tax.art20):
        raise GongkaiError("第二十条所列项应为1—15。", field="art20_item")
    body, text = sanitize(data.body)
    return dict(title=title, formed_on=data.formed_on, topic=data.topic, genre=data.genre,
                doc_number=(data.doc_number or "").strip()[:80], publisher=(data.publisher or agency.name).strip()[:100],
                written_on=data.written_on, effective_on=data.effective_on, art20_item=data.art20_item,
                summary=(data.summary or "").strip(), body=body, body_text=text)


def _set_channels(doc: Document, channels: list[str]) -> None:
    wanted = list(dict.fromkeys(channels))
    DocumentChannel.objects.filter(document=doc).exclude(channel__in=wanted).delete()
    have = set(DocumentChannel.objects.filter(document=doc).values_list("channel", flat=True))
    DocumentChannel.objects.bulk_create([DocumentChannel(agency_id=doc.agency_id, document=doc, channel=c)
                                         for c in wanted if c not in have])


@transaction.atomic
def create_draft(actor, agency, data: DocumentInput, *, today: date) -> Document:
    require_role(actor, agency, *DRAFTERS)
    fields = _clean(data, agency, today)
    index_no = check_index_no(data.index_no) if data.index_no.strip() else None
    try:
        with transaction.atomic():
            doc = Document.objects.create(agency=agency, created_by=actor, index_no=index_no, **fields)
    except IntegrityError as exc:
        raise GongkaiError("索引号已被其他政府信息使用，索引号必须唯一。", field="index_no") from exc
    _set_channels(doc, data.channels)
    record("catalog.doc.create", actor=actor, agency=agency, obj=doc, data={"today": today.isoformat()})
    return doc


def _locked(doc: Document) -> Document:
    return Document.objects.select_for_update().select_related("agency").get(pk=doc.pk)


@transaction.atomic
def update_draft(actor, doc: Document, data: DocumentInput, *, today: date) -> Document:
    doc = _locked(doc)
    require_role(actor, doc.agency, *DRAFTERS)
    if not doc.editable:
        raise Refused(f"当前状态为“{doc.get_status_display()}”，不能修改。只有草稿或已退回的政府信息可以修改。")
    fields = _clean(data, doc.agency, today)
    if data.index_no.strip() and data.index_no.strip().upper() != (doc.index_no or ""):
        if doc.index_no:
            raise Refused("索引号一经生成不得更改。")
        fields["index_no"] = check_index_no(data.index_no, exclude_pk=doc.pk)
    for name, value in fields.items():
        setattr(doc, name, value)
    doc.save()
    _set_channels(doc, data.channels)
    record("catalog.doc.edit", actor=actor, agency=doc.agency, obj=doc, data={"today": today.isoformat()})
    return doc


def _move(doc: Document, to: str) -> None:
    if not doc.can_move_to(to):
        raise Refused(f"政府信息当前状态为“{doc.get_status_display()}”，不能转为“{DocStatus(to).label}”。")
    doc.status = to


@transaction.atomic
def submit_for_review(actor, doc: Document, *, today: date) -> Document:
    doc = _locked(doc)
    require_role(actor, doc.agency, *DRAFTERS)
    if not doc.channels.exists():
        raise GongkaiError("请至少选择一个发布渠道后再提交保密审查。", field="channels")
    _move(doc, DocStatus.REVIEW)
    doc.save()
    record("catalog.doc.submit", actor=actor, agency=doc.agency, obj=doc, data={"today": today.isoformat()})
    return doc


@transaction.atomic
def review(actor, doc: Document, *, is_secret: bool, disclosure: str, basis: str, opinion: str,
           today: date, now: datetime | None = None) -> Document:
    """保密审查: the reviewer records secrecy, 公开属性 with its basis, and an opinion; passes it to the head."""
    doc = _locked(doc)
    require_role(actor, doc.agency, Role.REVIEWER)
    if disclosure not in Disclosure.values:
        raise GongkaiError("请选择公开属性。", field="disclosure")
    opinion, basis = (opinion or "").strip(), (basis or "").strip()
    if not opinion:
        raise GongkaiError("请填写保密审查意见。", field="opinion")
    if is_secret and disclosure != Disclosure.WITHHELD:
        raise GongkaiError("经审查涉密的政府信息，公开属性只能是“不予公开”（条例第十四条）。", field="disclosure")
    if disclosure != Disclosure.PROACTIVE and not basis:
        raise GongkaiError("依申请公开或不予公开的，须写明依据（如条例第十四条、第十五条、第十六条）。", field="basis")
    _move(doc, DocStatus.APPROVAL)
    doc.is_secret, doc.disclosure = is_secret, disclosure
    doc.disclosure_basis = basis or "《中华人民共和国政府信息公开条例》第十九条、第二十条"
    doc.review_opinion, doc.reviewed_by, doc.reviewed_at = opinion, actor, stamp(now, today)
    doc.rejection_reason = ""
    doc.save()
    record("catalog.doc.review", actor=actor, agency=doc.agency, obj=doc,
           data={"secret": is_secret, "disclosure": disclosure, "basis": doc.disclosure_basis, "opinion": opinion,
                 "today": today.isoformat()})
    return doc


@transaction.atomic
def reject(actor, doc: Document, *, reason: str, today: date) -> Document:
    """Return the document to its drafter with reasons (by the reviewer at 保密审查, or by the head)."""
    doc = _locked(doc)
    role = Role.REVIEWER if doc.status == DocStatus.REVIEW else Role.HEAD
    require_role(actor, doc.agency, role)
    reason = (reason or "").strip()
    if not reason:
        raise GongkaiError("退回时必须写明理由。", field="reason")
    _move(doc, DocStatus.REJECTED)
    doc.rejection_reason = reason
    doc.save()
    record("catalog.doc.reject", actor=actor, agency=doc.agency, obj=doc, data={"reason": reason,
                                                                                "today": today.isoformat()})
    return doc


def publish_due(formed_on: date) -> date:
    return add_workdays(formed_on, PUBLISH_WITHIN).date


@transaction.atomic
def approve(actor, doc: Document, *, today: date, published_on: date | None = None,
            now: datetime | None = None) -> Document:
    """The head's approval: publish (主动公开) or file (依申请公开/不予公开). Issues the 索引号."""
    doc = _locked(doc)
    require_role(actor, doc.agency, Role.HEAD)
    if doc.status in (DocStatus.DRAFT, DocStatus.REJECTED, DocStatus.REVIEW) or doc.reviewed_by_id is None:
        raise Refused("未经保密审查，不能发布。请先提交保密审查员审查。")
    published_on = published_on or today
    if published_on > today:
        raise GongkaiError("发布日期不能晚于今天。", field="published_on")
    target = DocStatus.PUBLISHED if doc.disclosure == Disclosure.PROACTIVE else DocStatus.FILED
    _move(doc, target)
    if not doc.index_no:
        doc.index_no = issue_index_no(doc.agency, published_on)
    doc.approved_by, doc.approved_at = actor, stamp(now, today)
    if target == DocStatus.PUBLISHED:
        doc.published_on = published_on
        doc.publish_due = publish_due(doc.formed_on)
        doc.published_late = published_on > doc.publish_due
    doc.save()
    index_document(doc)
    record("catalog.doc.publish" if target == DocStatus.PUBLISHED else "catalog.doc.file", actor=actor,
           agency=doc.agency, obj=doc, data={"index_no": doc.index_no, "late": doc.published_late,
                                             "today": today.isoformat()})
    return doc


@transaction.atomic
def change_validity(actor, doc: Document, *, validity: str, on: date | None, today: date) -> Document:
    doc = _locked(doc)
    require_role(actor, doc.agency, Role.CLERK, Role.HEAD, Role.ADMIN)
    if doc.status != DocStatus.PUBLISHED:
        raise Refused("只有已发布的政府信息才能变更有效性。")
    if validity not in Validity.values:
        raise GongkaiError("请选择有效性。", field="validity")
    if validity != Validity.VALID and on is None:
        raise GongkaiError("失效或废止的，请填写失效或废止日期。", field="on")
    if on and on > today:
        raise GongkaiError("失效或废止日期不能晚于今天。", field="on")
    before = doc.validity
    doc.validity, doc.invalid_on = validity, (on if validity != Validity.VALID else None)
    doc.save(update_fields=["validity", "invalid_on", "updated_at"])
    if validity == Validity.REPEALED:
        from .models import RegistryEntry

        RegistryEntry.objects.filter(document=doc, repealed_on__isnull=True).update(repealed_on=on)
    index_document(doc)
    record("catalog.doc.validity", actor=actor, agency=doc.agency, obj=doc,
           data={"before": before, "after": validity, "on": on.isoformat() if on else None,
                 "today": today.isoformat()})
    return doc


@transaction.atomic
def add_attachment(actor, doc: Document, upload, *, filename: str, today: date) -> Attachment:
    doc = _locked(doc)
    require_role(actor, doc.agency, *DRAFTERS)
    if not doc.editable:
        raise Refused("只能给草稿或已退回的政府信息添加附件。")
    if doc.attachments.count() >= 20:
        raise Conflict("每条政府信息最多20个附件。")
    stored = files.check_and_store(doc.agency.code, filename, upload)
    attachment = Attachment.objects.create(agency=doc.agency, document=doc, uploaded_by=actor, **stored)
    record("catalog.attachment.add", actor=actor, agency=doc.agency, obj=doc,
           data={"file": attachment.filename, "kind": attachment.kind, "size": attachment.size,
                 "today": today.isoformat()})
    return attachment


@transaction.atomic
def set_index_scheme(actor, agency, scheme: str, *, today: date) -> CatalogSettings:
    require_role(actor, agency, Role.ADMIN)
    if scheme not in IndexScheme.values:
        raise GongkaiError("未知的索引号模式。", field="index_scheme")
    found = settings_for(agency)
    before, found.index_scheme = found.index_scheme, scheme
    found.save()
    record("catalog.settings.edit", actor=actor, agency=agency, obj=found,
           data={"before": before, "after": scheme, "today": today.isoformat()})
    return found
