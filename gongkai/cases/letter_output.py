"""Letters and 送达回证 as 公文 documents (`gongkai.documents`): one layout description each, drawn as DOCX or PDF.

A letter is laid out as an agency letter after GB/T 9704-2012: title, 发文字号 under it, 主送 (the addressee),
the body, 附件说明 (paragraphs that start with "附件"), 落款 (the agency) with the 成文日期 written 2026年12月1日, and
the 附注 on provisional dates. Its file is named by 文号 and kind: 嘉商公开〔2026〕第13号-政府信息公开申请答复书.docx.
"""

from __future__ import annotations

import re
from datetime import datetime, time

from gongkai.documents import gongwen, model
from gongkai.documents.docx import render_docx
from gongkai.documents.pdf import render_pdf

from .clock import TZ
from .models import Application, Delivery, DeliveryMethod, Letter, mask

# Why a date is 暂定: a year's official holidays are not yet published, or a consultation has not been answered yet.
PROVISIONAL_NOTE = "文中标注“暂定”的日期，按目前已公布的节假日安排和办理情况计算；如有变化，本机关将另行告知。"
_ATTACHMENT = re.compile(r"^附件\s*\d*\s*[：:]\s*")
RECEIPT_METHODS = (DeliveryMethod.IN_PERSON, DeliveryMethod.EMS)  # 送达回证: in person and by post


def issued_at(letter: Letter) -> datetime:
    """When the letter was issued: the moment it was recorded, when that was on its 成文日期; a letter recorded on
    another day (entered afterwards, the demo) is dated at the start of its 成文日期."""
    recorded = letter.created_at.astimezone(TZ) if letter.created_at else None
    if recorded and recorded.date() == letter.issued_on:
        return recorded
    return datetime.combine(letter.issued_on, time(0, 0), tzinfo=TZ)


def _masked_email(email: str) -> str:
    name, _, domain = (email or "").partition("@")
    return f"{name[:1]}***@{domain}" if domain else mask(email, 1, 1)


def _masked_person(name: str) -> str:
    return name[:1] + "*" * (len(name) - 1) if len(name or "") >= 2 else name


class Masker:
    """Replaces the applicant's name, ID number, phone, e-mail and address in a text by their masked forms (for
    readers whose role sees masked personal data)."""

    def __init__(self, app: Application | None):
        self.pairs = []
        if app is not None:
            for value, masked in ((app.id_number, app.masked_id), (app.phone, app.masked_phone),
                                  (app.email, _masked_email(app.email)),
                                  (app.address, "（地址已隐去）" if app.address else ""),
                                  (app.applicant_name, app.masked_name),
                                  (app.contact_person, _masked_person(app.contact_person))):
                if value and value != masked:
                    self.pairs.append((value, masked))

    def __call__(self, text: str) -> str:
        for value, masked in self.pairs:
            text = text.replace(value, masked)
        return text


NO_MASK = Masker(None)


def letter_blocks(letter: Letter, masker: Masker = NO_MASK) -> list:
    body, attachments = list(letter.paragraphs), []
    while body and _ATTACHMENT.match(body[-1]):
        attachments.insert(0, _ATTACHMENT.sub("", body.pop()))
    blocks = [model.Title(letter.title), model.Number(letter.number), model.Addressee(masker(letter.addressee))]
    blocks += [model.Para(masker(text)) for text in body]
    if attachments:
        blocks.append(model.Attachments(tuple(masker(a) for a in attachments)))
    blocks.append(model.Signature(letter.agency.name, letter.issued_on))
    if letter.provisional:
        blocks.append(model.Note(PROVISIONAL_NOTE))
    return blocks


def kind_label(letter: Letter) -> str:
    return letter.title or letter.get_kind_display()


def letter_document(letter: Letter, masker: Masker = NO_MASK) -> model.Document:
    return model.Document(title=letter.title, author=letter.agency.name, created=issued_at(letter),
                          blocks=letter_blocks(letter, masker), subject=letter.get_kind_display(),
                          keywords=letter.number)


def file_name(letter: Letter, ext: str) -> str:
    return gongwen.file_name(letter.number, kind_label(letter), ext=ext)


def docx_bytes(letter: Letter, masker: Masker = NO_MASK) -> bytes:
    return render_docx(letter_document(letter, masker))


def pdf_bytes(letter: Letter, masker: Masker = NO_MASK) -> bytes:
    return render_pdf(letter_document(letter, masker))


# --- 送达回证 ----------------------------------------------------------------------------------------------------
BLANK_DATE = "　　　　年　　月　　日"


def receipt_delivery(letter: Letter) -> Delivery | None:
    """The delivery in person or by post a 送达回证 records (the first one), if any."""
    return next((d for d in letter.deliveries.all() if d.method in RECEIPT_METHODS), None)


def delivery_receipt_blocks(letter: Letter, masker: Masker = NO_MASK) -> list:
    """送达回证: what was served on whom, where, how and by whom, with room for the addressee's signature."""
    delivery = receipt_delivery(letter)
    app = letter.application
    address = app.address if letter.to_applicant else ""
    method = "直接送达" if delivery is None or delivery.method == DeliveryMethod.IN_PERSON else "邮寄送达"
    if delivery is not None and delivery.method == DeliveryMethod.EMS:
        method += f"（邮件号：{delivery.proof}）" if delivery.proof else ""
    elif delivery is None:
        method = "□直接送达　　□邮寄送达"
    server = ""
    if delivery is not None and delivery.actor is not None:
        server = delivery.actor.get_full_name() or delivery.actor.username
    rows = (("送达文书", f"{letter.title}\n{letter.number}"), ("受送达人", masker(letter.addressee)),
            ("送达地址", masker(address)), ("送达方式", method), ("送达人", server),
            ("送达日期", gongwen.chinese_date(delivery.date) if delivery else BLANK_DATE),
            ("受送达人签收", f"\n\n签收日期：{BLANK_DATE}"), ("代收人及代收理由", ""), ("备注", ""))
    return [model.Title("送达回证"), model.Para(letter.agency.name, "center"),
            model.Table((), rows, widths=(2, 5), size="form", label_column=True),
            model.Para("注：受送达人拒绝签收的，送达人应当在备注栏写明情况并签名。", "small")]


def delivery_receipt_document(letter: Letter, masker: Masker = NO_MASK) -> model.Document:
    return model.Document(title=f"送达回证（{letter.number}）", author=letter.agency.name, created=issued_at(letter),
                          blocks=delivery_receipt_blocks(letter, masker), subject="送达回证", keywords=letter.number)
