"""The case's files in the dossier (案卷): each `CaseFile` listed with its SHA-256 checked against the stored file,
and scans shown — PNG and JPEG as they are, the first pages of a PDF scan drawn as images (pypdfium2) — so a
delivery-proof scan (EMS回执、签收单) appears under the delivery it proves.

Files are stored under GONGKAI_DATA_DIR at `stored_as`, as catalog attachments are. A missing file or one whose
content no longer matches its recorded SHA-256 is listed as such, never silently left out."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from gongkai.documents import gongwen, model

from .work_models import CaseFile, FileKind

IMAGE_TYPES = ("image/png", "image/jpeg")
MAX_IMAGE_BYTES = 8 * 1024 * 1024    # larger images are listed, not embedded
MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 3                     # pages of a PDF scan drawn into the dossier
PDF_SCALE = 150 / 72                  # 150 dpi: readable, and a page stays well under 1 MB as PNG


@dataclass(frozen=True)
class Checked:
    file: CaseFile
    data: bytes | None                # None: the stored file is missing
    intact: bool                      # SHA-256 of the stored bytes equals the recorded one

    @property
    def state(self) -> str:
        if self.data is None:
            return "文件缺失"
        return "一致" if self.intact else "与登记的校验值不符"


def path_of(f: CaseFile) -> Path:
    return Path(settings.DATA_DIR) / f.stored_as


def check(f: CaseFile) -> Checked:
    try:
        data = path_of(f).read_bytes()
    except OSError:
        return Checked(f, None, False)
    return Checked(f, data, hashlib.sha256(data).hexdigest() == (f.sha256 or "").lower())


def is_proof(f: CaseFile) -> bool:
    """A delivery-proof scan: linked to a delivery, or filed as 送达凭证."""
    return f.delivery_id is not None or f.kind == FileKind.DELIVERY_PROOF


def files_of(app) -> list[Checked]:
    return [check(f) for f in app.files.select_related("delivery__letter").order_by("uploaded_on", "id")]


_EXAMPLE = re.compile(r"（如[^（）]*）")  # “送达凭证（如EMS回执扫描件）”: the form's hint, not the file's kind


def kind_label(f: CaseFile) -> str:
    return _EXAMPLE.sub("", f.get_kind_display())


def _label(f: CaseFile) -> str:
    label = kind_label(f)
    if f.delivery_id is not None and f.delivery is not None:
        label += f"（{f.delivery.letter.number}，{gongwen.chinese_date(f.delivery.date)}送达）"
    return label + (f"；{f.note}" if f.note else "")


def blocks(checked: list[Checked]) -> list:
    """A table of the files (name, kind, date, size, SHA-256, check), then every scan as an image."""
    if not checked:
        return []
    rows = tuple((c.file.filename, _label(c.file), gongwen.chinese_date(c.file.uploaded_on), f"{c.file.size:,}字节",
                  (c.file.sha256 or "")[:16] + "…", c.state) for c in checked)
    out: list = [model.Table(("名称", "类别", "上传日期", "大小", "SHA-256", "校验"), rows, widths=(5, 4, 3, 2, 3, 2))]
    for c in checked:
        out += _images(c)
    return out


def _images(c: Checked) -> list:
    if c.data is None or not c.intact:
        return []
    caption = f"{kind_label(c.file)}：{c.file.filename}"
    if c.file.content_type in IMAGE_TYPES and len(c.data) <= MAX_IMAGE_BYTES:
        return [model.Image(c.data, c.file.content_type, caption)]
    if c.file.content_type == "application/pdf" and len(c.data) <= MAX_PDF_BYTES:
        return _pdf_pages(c.data, caption)
    return []


def _pdf_pages(data: bytes, caption: str) -> list:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except Exception:  # pdfium raises PdfiumError on broken or encrypted files: listed, not drawn
        return [model.Para(f"{caption}（PDF 无法读取，未能显示，原件见案件材料）")]
    try:
        total = len(document)
        out = []
        for n in range(min(total, MAX_PDF_PAGES)):
            page = document[n]
            image = page.render(scale=PDF_SCALE).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=True)
            label = caption + (f"（第{n + 1}页，共{total}页）" if total > 1 else "")
            out.append(model.Image(buffer.getvalue(), "image/png", label))
        if total > MAX_PDF_PAGES:
            out.append(model.Para(f"{caption}其余{total - MAX_PDF_PAGES}页见原件。"))
        return out
    finally:
        document.close()
