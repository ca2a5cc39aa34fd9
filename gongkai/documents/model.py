"""The layout description of a 公文-style document: a list of blocks, each drawn the same way in DOCX, HTML and PDF.

A letter is Title, Number (发文字号), Addressee (主送), Paras, Attachments (附件说明), Signature (落款 and 成文日期)
and a Note (附注); a dossier adds Headings, Tables, Images, a table of contents and page breaks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Title:
    text: str                      # 2号 小标宋, centred
    anchor: str = ""               # target of a table-of-contents entry


@dataclass(frozen=True)
class Number:
    text: str                      # 发文字号, centred under the title


@dataclass(frozen=True)
class Addressee:
    text: str                      # 主送, flush left, "：" added


@dataclass(frozen=True)
class Para:
    text: str
    style: str = "body"            # body (two-character indent) | flush | center | right | small


@dataclass(frozen=True)
class Lines:
    items: tuple[str, ...]         # short lines in small type (a day-by-day count), two columns in print


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1                 # 1: 黑体 (一、); 2: 楷体 (（一）)
    anchor: str = ""               # target of a table-of-contents entry


@dataclass(frozen=True)
class Attachments:
    items: tuple[str, ...]         # 附件说明: "附件：1.……", the others aligned under the first name


@dataclass(frozen=True)
class Signature:
    signer: str                    # 发文机关署名
    on: date                       # 成文日期
    space_before: bool = True      # 正文（或附件说明）下空一行


@dataclass(frozen=True)
class Note:
    text: str                      # 附注: in parentheses, two characters in, under the date


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...] = ()   # relative column widths
    size: str = "small"            # small (5号) | form (4号, tall rows for handwriting)
    label_column: bool = False     # first column holds labels (form layout: label | value)
    caption: str = ""


@dataclass(frozen=True)
class Image:
    data: bytes
    mime: str                      # image/png | image/jpeg
    caption: str = ""


@dataclass(frozen=True)
class Contents:
    entries: tuple[tuple[str, str], ...]  # (label, anchor): 卷内目录 with page numbers (PDF)


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass
class Document:
    title: str                     # document properties
    author: str                    # the agency
    created: datetime              # the issue time
    blocks: list = field(default_factory=list)
    subject: str = ""
    keywords: str = ""

    def add(self, *blocks) -> Document:
        self.blocks.extend(b for b in blocks if b is not None)
        return self

    def text(self) -> str:
        """The plain text in reading order (for tests, search and previews)."""
        lines: list[str] = []
        for b in self.blocks:
            if isinstance(b, Attachments):
                lines.extend(attachment_lines(b.items))
            elif isinstance(b, Signature):
                lines.extend([b.signer, _date(b.on)])
            elif isinstance(b, Table):
                lines.extend("\t".join(r) for r in ((b.header,) if b.header else ()) + b.rows)
            elif isinstance(b, Contents):
                lines.extend(label for label, _ in b.entries)
            elif isinstance(b, Lines):
                lines.extend(b.items)
            elif isinstance(b, Addressee):
                lines.append(addressee_line(b.text))
            elif hasattr(b, "text") and isinstance(b.text, str):
                lines.append(b.text)
        return "\n".join(lines)


def addressee_line(text: str) -> str:
    return text if text.endswith(("：", ":")) else f"{text}："


def attachment_lines(items: tuple[str, ...]) -> list[str]:
    """附件：1.……; a single attachment carries no number (GB/T 9704-2012 7.3.4)."""
    if len(items) == 1:
        return [f"附件：{items[0]}"]
    return [("附件：" if i == 1 else "") + f"{i}.{item}" for i, item in enumerate(items, 1)]


def _date(d: date) -> str:
    from .gongwen import chinese_date

    return chinese_date(d)
