"""Files kept with a case (the scanned application and envelope as evidence of the 第三十一条 receipt date, 补正
material, replies, the files disclosed, delivery proof): checked by content and stored outside the web root by the
same module as the catalog's attachments; each upload is an event on the case's timeline and an audit entry."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.db import transaction

from gongkai.catalog import attachments
from gongkai.core.errors import GongkaiError

from .base import add_event, lock, require_staff, save
from .models import CaseFile, Delivery, EventKind, FileKind

MAX_FILES = 200


@transaction.atomic
def add_file(actor, application, upload, *, kind: str, note: str = "", delivery: Delivery | None = None,
             revision: int, today: date) -> CaseFile:
    require_staff(actor, application)  # the role first: no revision leak to other roles
    app = lock(application, revision)
    if kind not in FileKind.values:
        raise GongkaiError("请选择材料类型", field="kind")
    if upload is None:
        raise GongkaiError("请选择要上传的文件", field="file")
    if app.files.count() >= MAX_FILES:
        raise GongkaiError(f"每件申请最多保存 {MAX_FILES} 个文件", field="file")
    if delivery is not None and delivery.letter.application_id != app.pk:
        raise GongkaiError("所选送达记录不属于本申请", field="delivery")
    stored = attachments.check_and_store(app.agency.code, getattr(upload, "name", ""), upload)
    case_file = CaseFile.objects.create(
        agency=app.agency, application=app, kind=kind, note=(note or "").strip()[:200], delivery=delivery,
        filename=stored["filename"], file_type=stored["kind"], content_type=stored["content_type"],
        size=stored["size"], sha256=stored["sha256"], stored_as=stored["stored_as"],
        uploaded_by=actor if getattr(actor, "pk", None) else None, uploaded_on=today)
    add_event(app, EventKind.FILE, actor, on=today, party=case_file.get_kind_display(), note=case_file.filename,
              data={"file": case_file.pk, "kind": kind, "sha256": case_file.sha256})
    save(app, "case.file.add", actor, today=today, data={"file": case_file.pk, "kind": kind,
                                                         "filename": case_file.filename, "sha256": case_file.sha256})
    return case_file


def response_for(case_file: CaseFile):
    """The stored file, served as the catalog serves attachments (content type, RFC 6266 name, nosniff)."""
    return attachments.file_response(SimpleNamespace(
        stored_as=case_file.stored_as, kind=case_file.file_type, content_type=case_file.content_type,
        filename=case_file.filename))
