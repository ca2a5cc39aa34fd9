"""Register and update 行政复议／行政诉讼 matters; attach their documents. One transaction each, audited."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction

from gongkai.agencies.access import require_role
from gongkai.agencies.models import Role
from gongkai.audit.services import record
from gongkai.core import uploads
from gongkai.core.errors import GongkaiError, NotFound
from gongkai.core.params import require_date

from .models import Appeal, AppealDocument, AppealKind, AppealResult, AppealStage, DocumentKind

EDITORS = (Role.CLERK, Role.HEAD)
MAX_UPLOAD = 20 * 1024 * 1024
# extension → (content type, the kind of leading bytes accepted; DOCX and OFD are ZIP packages)
ALLOWED_FILES = {
    ".pdf": (uploads.CONTENT_TYPES["pdf"], "pdf"),
    ".jpg": (uploads.CONTENT_TYPES["jpg"], "jpg"),
    ".jpeg": (uploads.CONTENT_TYPES["jpg"], "jpg"),
    ".png": (uploads.CONTENT_TYPES["png"], "png"),
    ".docx": (uploads.CONTENT_TYPES["docx"], "zip"),
    ".ofd": (uploads.CONTENT_TYPES["ofd"], "zip"),
}


@dataclass
class AppealInput:
    kind: str
    body: str
    decision: str
    filed_on: date
    accepted_on: date | None = None
    result_on: date | None = None
    stage: str = AppealStage.FILED
    result: str = AppealResult.PENDING
    reference: str = ""
    applicant: str = ""
    case_code: str = ""
    note: str = ""


def _check(agency, data: AppealInput, today: date):
    """Every refusal names the field; nothing is saved when one applies."""
    if data.kind not in AppealKind.values:
        raise GongkaiError("请选择类别：行政复议、未经复议直接起诉或复议后起诉。", field="kind")
    if data.result not in AppealResult.values:
        raise GongkaiError("结果只能是结果维持、结果纠正、其他结果或尚未审结。", field="result")
    if data.stage not in AppealStage.values:
        raise GongkaiError("阶段不正确。", field="stage")
    if not (data.body or "").strip():
        what = "复议机关" if data.kind == AppealKind.REVIEW else "受理法院"
        raise GongkaiError(f"请填写{what}。", field="body")
    if data.filed_on is None:
        raise GongkaiError("请填写申请／起诉日期。", field="filed_on")
    for label, value, name in (("申请／起诉日期", data.filed_on, "filed_on"), ("受理日期", data.accepted_on, "accepted_on"),
                               ("结果日期", data.result_on, "result_on")):
        if value and value > today:
            raise GongkaiError(f"{label}（{value:%Y-%m-%d}）晚于今天，不能登记将来的日期。", field=name)
        require_date(value, label, field=name)
    if data.accepted_on and data.accepted_on < data.filed_on:
        raise GongkaiError(f"受理日期（{data.accepted_on:%Y-%m-%d}）早于申请／起诉日期（{data.filed_on:%Y-%m-%d}），"
                           f"日期先后不对。", field="accepted_on")
    if data.result_on:
        start = data.accepted_on or data.filed_on
        if data.result_on < start:
            raise GongkaiError(f"结果日期（{data.result_on:%Y-%m-%d}）早于{'受理' if data.accepted_on else '申请／起诉'}日期"
                               f"（{start:%Y-%m-%d}），日期先后不对。", field="result_on")
    if data.result != AppealResult.PENDING and not data.result_on:
        raise GongkaiError(f"已填写结果“{AppealResult(data.result).label}”，请同时填写结果日期（表四按结果日期计入年度）。",
                           field="result_on")
    if data.result == AppealResult.PENDING and data.result_on:
        raise GongkaiError("尚未审结的案件不应填写结果日期；如已审结，请选择结果。", field="result")
    if data.result == AppealResult.PENDING and data.stage == AppealStage.CONCLUDED:
        raise GongkaiError("阶段为“已审结”时请选择结果并填写结果日期。", field="stage")
    if data.stage in (AppealStage.ACCEPTED, AppealStage.HEARING) and not data.accepted_on:
        raise GongkaiError("阶段为已受理或审理中时，请填写受理日期。", field="accepted_on")


def _case(agency, code: str):
    code = (code or "").strip()
    if not code:
        return None
    from gongkai.cases.models import Application

    case = Application.objects.filter(agency=agency, tracking_code__iexact=code).first()
    if case is None:
        raise NotFound(f"本机关没有查询码为“{code}”的政府信息公开申请。", field="case_code")
    return case


def _apply(appeal: Appeal, data: AppealInput, case):
    appeal.kind, appeal.body = data.kind, data.body.strip()[:100]
    appeal.reference, appeal.applicant = data.reference.strip()[:100], data.applicant.strip()[:100]
    appeal.case = case
    appeal.decision = (data.decision or "").strip() or (case.decision_text if case else "")
    if not appeal.decision:
        raise GongkaiError("请写明被复议／被诉的答复或行为（或填写所涉申请的查询码）。", field="decision")
    appeal.filed_on, appeal.accepted_on, appeal.result_on = data.filed_on, data.accepted_on, data.result_on
    appeal.result = data.result
    appeal.stage = AppealStage.CONCLUDED if data.result != AppealResult.PENDING else data.stage
    appeal.note = data.note.strip()


def _snapshot(appeal: Appeal) -> dict:
    return {"kind": appeal.kind, "body": appeal.body, "filed_on": str(appeal.filed_on),
            "accepted_on": str(appeal.accepted_on or ""), "result_on": str(appeal.result_on or ""),
            "stage": appeal.stage, "result": appeal.result, "case": appeal.case_id}


@transaction.atomic
def register(actor, agency, data: AppealInput, *, today: date) -> Appeal:
    require_role(actor, agency, *EDITORS)
    _check(agency, data, today)
    appeal = Appeal(agency=agency, created_by=actor)
    _apply(appeal, data, _case(agency, data.case_code))
    appeal.save()
    record("appeal.create", actor=actor, agency=agency, obj=appeal,
           data={**_snapshot(appeal), "today": today.isoformat()})
    return appeal


@transaction.atomic
def update(actor, appeal: Appeal, data: AppealInput, *, today: date) -> Appeal:
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    require_role(actor, appeal.agency, *EDITORS)
    _check(appeal.agency, data, today)
    before = _snapshot(appeal)
    _apply(appeal, data, _case(appeal.agency, data.case_code))
    appeal.save()
    record("appeal.update", actor=actor, agency=appeal.agency, obj=appeal,
           data={"before": before, "after": _snapshot(appeal), "today": today.isoformat()})
    return appeal


def check_upload(name: str, head: bytes, size: int) -> str:
    """The content type of an acceptable file, or a refusal naming what is accepted."""
    ext = os.path.splitext(name or "")[1].lower()
    if ext not in ALLOWED_FILES:
        raise GongkaiError(f"不支持“{ext or '无扩展名'}”文件；请上传 PDF、JPG、PNG、DOCX 或 OFD 文件。", field="file")
    if size <= 0:
        raise GongkaiError("上传的文件是空的。", field="file")
    if size > MAX_UPLOAD:
        raise GongkaiError(f"文件过大（{size / 1024 / 1024:.1f} MB），单个文件不能超过 20 MB。", field="file")
    content_type, magic = ALLOWED_FILES[ext]
    if not uploads.has_magic(head, magic):
        raise GongkaiError(f"文件内容与扩展名“{ext}”不符，请上传真实的 {ext[1:].upper()} 文件。", field="file")
    return content_type


@transaction.atomic
def add_document(actor, appeal: Appeal, upload, *, kind: str, today: date) -> AppealDocument:
    require_role(actor, appeal.agency, *EDITORS)
    if upload is None:
        raise GongkaiError("请选择要上传的文件。", field="file")
    if kind not in DocumentKind.values:
        raise GongkaiError("请选择文书类别。", field="kind")
    content = upload.read(MAX_UPLOAD + 1)
    content_type = check_upload(upload.name, content[:16], len(content))
    digest = hashlib.sha256(content).hexdigest()
    ext = os.path.splitext(upload.name)[1].lower()
    doc = AppealDocument(agency=appeal.agency, appeal=appeal, kind=kind, original_name=os.path.basename(upload.name)[:200],
                         content_type=content_type, size=len(content), sha256=digest, uploaded_by=actor)
    doc.file.save(f"{appeal.agency.code}-{appeal.pk}-{digest[:12]}{ext}", ContentFile(content), save=False)
    doc.save()
    record("appeal.document.add", actor=actor, agency=appeal.agency, obj=appeal,
           data={"document": doc.pk, "name": doc.original_name, "sha256": digest, "today": today.isoformat()})
    return doc


REVIEW_FIRST_FROM = date(2024, 1, 1)
REVIEW_FIRST = ("《中华人民共和国行政复议法》（2023年修订）第二十三条第一款第（四）项：申请政府信息公开，行政机关不予公开的，"
                "应当先申请行政复议")


def advisories(appeal: Appeal) -> list[str]:
    """Points a clerk should check on a registered matter (never a refusal: courts decide admissibility)."""
    notes = []
    outcome = appeal.case.outcome if appeal.case_id else ""
    if (appeal.kind == AppealKind.SUIT_DIRECT and appeal.filed_on >= REVIEW_FIRST_FROM
            and (outcome.startswith("deny.") or outcome == "partial")):
        notes.append(f"复议前置：{REVIEW_FIRST}；请核实本案是否已经复议。")
    if appeal.kind == AppealKind.SUIT_AFTER:
        reviews = Appeal.objects.filter(agency=appeal.agency, kind=AppealKind.REVIEW)
        if not (appeal.case_id and reviews.filter(case_id=appeal.case_id).exists()):
            notes.append("复议后起诉：本机关没有登记与同一申请对应的行政复议，请补登或关联所涉申请。")
    return notes
