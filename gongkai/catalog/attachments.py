"""Attachment files: type decided by content (magic bytes), size-limited, stored under GONGKAI_DATA_DIR."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings

from gongkai.core import uploads
from gongkai.core.errors import GongkaiError

MAX_BYTES = getattr(settings, "CATALOG_MAX_ATTACHMENT_BYTES", 20 * 1024 * 1024)
KINDS = ("pdf", "docx", "xlsx", "png", "jpg", "gif")
CONTENT_TYPES = {kind: uploads.CONTENT_TYPES[kind] for kind in KINDS}
ALLOWED_LABEL = "PDF、DOCX、XLSX、PNG、JPG、GIF"


def root() -> Path:
    return Path(settings.DATA_DIR) / "attachments"


def check_and_store(agency_code: str, filename: str, upload) -> dict:
    """Validate one uploaded file and write it; returns the Attachment fields. Raises GongkaiError in Chinese."""
    name = Path(filename or "").name.strip()[:200] or "附件"
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise GongkaiError(f"附件“{name}”过大（{size / 1048576:.1f} MB），单个附件不能超过 {MAX_BYTES // 1048576} MB。",
                           field="file")
    data = upload.read(MAX_BYTES + 1) if hasattr(upload, "read") else bytes(upload)
    if len(data) > MAX_BYTES:
        raise GongkaiError(f"附件“{name}”过大，单个附件不能超过 {MAX_BYTES // 1048576} MB。", field="file")
    if not data:
        raise GongkaiError(f"附件“{name}”是空文件。", field="file")
    kind = uploads.sniff(data)
    if kind not in KINDS:
        raise GongkaiError(f"附件“{name}”不是允许的文件类型（只接受 {ALLOWED_LABEL}，按文件内容判断，不看扩展名）。",
                           field="file")
    stem = Path(name).stem or "附件"
    name = f"{stem}.{kind}" if Path(name).suffix.lower().lstrip(".") not in (kind, "jpeg") else name
    digest = hashlib.sha256(data).hexdigest()
    relative = Path("attachments") / agency_code / digest[:2] / f"{digest}.{kind}"
    target = Path(settings.DATA_DIR) / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(target)
    return {"filename": name, "kind": kind, "content_type": CONTENT_TYPES[kind], "size": len(data),
            "sha256": digest, "stored_as": str(relative)}


def read_stored(relative: str) -> bytes:
    return (Path(settings.DATA_DIR) / relative).read_bytes()


def path_of(attachment) -> Path:
    return Path(settings.DATA_DIR) / attachment.stored_as


def file_response(attachment, *, inline: bool | None = None):
    """Serve a stored attachment with its content type and an RFC 6266 Content-Disposition."""
    from django.http import FileResponse, Http404

    path = path_of(attachment)
    if not path.is_file():
        raise Http404("附件文件不存在。")
    if inline is None:
        inline = attachment.kind in ("pdf", "png", "jpg", "gif")
    response = FileResponse(path.open("rb"), content_type=attachment.content_type, as_attachment=not inline,
                            filename=attachment.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
