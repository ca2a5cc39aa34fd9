"""Personal data in what is about to be published (个人信息保护法; 条例第十五条): before 保密审查 passes and again
before publication, the title, summary, body and attachment text of a document are scanned with core.pii
(居民身份证号码 with a valid check character, 手机号码, 银行卡号 by Luhn). The reviewer sees every hit and marks it as
intended, or sends the draft back; publication refuses any hit nobody marked."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.pii import find_pii
from gongkai.privacy.keys import blind_index

from .models import Document, PiiMark

CONTEXT = 18  # characters shown each side of a hit


@dataclass(frozen=True)
class Finding:
    kind: str
    label: str
    masked: str
    where: str
    context: str
    digest: str
    marked: bool


def _texts(doc: Document):
    yield "名称", doc.title or ""
    yield "内容概述", doc.summary or ""
    yield "正文", doc.body_text or ""
    for attachment in doc.attachments.all():
        yield f"附件“{attachment.filename}”", attachment.text or ""


def digest(kind: str, value: str) -> str:
    return blind_index(f"{kind}:{value}")


def scan(doc: Document) -> list[Finding]:
    marked = set(PiiMark.objects.filter(document=doc).values_list("digest", flat=True))
    out, seen = [], set()
    for where, text in _texts(doc):
        for hit in find_pii(text):
            key = digest(hit.kind, hit.value)
            if (key, where) in seen:
                continue
            seen.add((key, where))
            before = text[max(0, hit.start - CONTEXT):hit.start].replace("\n", " ")
            after = text[hit.end:hit.end + CONTEXT].replace("\n", " ")
            out.append(Finding(hit.kind, hit.label, hit.masked, where, f"…{before}【{hit.masked}】{after}…", key,
                               key in marked))
    return out


def unmarked(doc: Document) -> list[Finding]:
    return [f for f in scan(doc) if not f.marked]


def describe(findings: list[Finding], limit: int = 3) -> str:
    shown = "；".join(f"{f.where}中的{f.label} {f.masked}" for f in findings[:limit])
    return shown + (f" 等 {len(findings)} 处" if len(findings) > limit else "")
