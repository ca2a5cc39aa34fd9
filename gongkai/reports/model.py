"""ReportData: a report as cells with explicit kinds plus narrative. No Django here.

Every cell holds an explicit kind — number, zero, blank, slash ("/" or "-") or text — never a guessed zero.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class Kind(StrEnum):
    NUMBER = "number"
    ZERO = "zero"
    BLANK = "blank"
    SLASH = "slash"
    TEXT = "text"


Address = tuple[str, str, str]  # (table, row_key, col_key)

_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_NUMBER = re.compile(r"^([+-]?)(\d+(?:\.\d+)?)(元|万元|件|项|个|条|次)?$")
_DASHES = {"/", "-", "—", "–", "－", "／", "——", "\\", "、"}


def normalize_text(raw: str) -> str:
    """NFKC (full-width digits and signs to half-width), no spaces of any kind, thousands separators removed."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = _SPACES.sub("", text)
    return text


@dataclass(frozen=True)
class Cell:
    kind: Kind
    value: Decimal | None = None
    text: str = ""          # what was written ("0", "/", "12", "251000元", …)
    source: str = ""        # computed / manual / imported / demo
    note: str = ""          # provenance shown to the user (who entered it, what it counts)
    link: str = ""          # for a computed cell: the URL of the records it counts

    @classmethod
    def number(cls, value, **kw) -> Cell:
        value = Decimal(value)
        text = kw.pop("text", None) or format_decimal(value)
        return cls(Kind.ZERO if value == 0 else Kind.NUMBER, value, text, **kw)

    @classmethod
    def blank(cls, **kw) -> Cell:
        return cls(Kind.BLANK, None, "", **kw)

    @property
    def is_numeric(self) -> bool:
        return self.kind in (Kind.NUMBER, Kind.ZERO)

    @property
    def display(self) -> str:
        if self.kind is Kind.BLANK:
            return ""
        if self.is_numeric and not self.text:
            return format_decimal(self.value)
        return self.text

    def with_source(self, source: str, note: str = "", link: str = "") -> Cell:
        return Cell(self.kind, self.value, self.text, source, note, link)


def format_decimal(value: Decimal | None) -> str:
    if value is None:
        return ""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def parse_cell(raw, source: str = "") -> Cell:
    """Read what a person wrote in a cell. Never guesses: an empty cell stays blank."""
    if raw is None:
        return Cell.blank(source=source)
    if isinstance(raw, int | Decimal) and not isinstance(raw, bool):
        return Cell.number(raw, source=source)
    original = str(raw)
    text = normalize_text(original).replace(",", "")
    if not text:
        return Cell.blank(source=source)
    if text in _DASHES or set(text) <= {"-", "—", "/", "－", "／"}:
        return Cell(Kind.SLASH, None, text, source)
    m = _NUMBER.match(text)
    if m:
        try:
            value = Decimal(m.group(1) + m.group(2))
        except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
            return Cell(Kind.TEXT, None, original.strip(), source)
        shown = text if (m.group(3) or m.group(1) == "+") else format_decimal(value) if "." not in text else text
        return Cell(Kind.ZERO if value == 0 else Kind.NUMBER, value, shown, source)
    return Cell(Kind.TEXT, None, original.strip(), source)


@dataclass
class ReportData:
    """One annual report: its format, cells and narrative. Renderers and rules consume only this."""

    format_key: str
    year: int
    agency_name: str = ""
    agency_code: str = ""
    title: str = ""
    cells: dict[Address, Cell] = field(default_factory=dict)
    # narrative paragraphs per section key (s1, s2 … s6) and the preamble before section 一
    narrative: dict[str, list[str]] = field(default_factory=dict)
    preamble: list[str] = field(default_factory=list)
    # section 二 figures: {"total": 35, "channels": [{"name": "政府网站", "count": 32}, …]}
    proactive: dict = field(default_factory=dict)
    # section 六 figures: fee_notices, fee_notice_amount, fees_collected (元), npc, cppcc — only those known
    section_six: dict = field(default_factory=dict)
    # headings as found in an imported document, per section key (None for reports made here)
    found_headings: dict[str, str] | None = None
    meta: dict = field(default_factory=dict)

    def cell(self, table: str, row: str, col: str) -> Cell:
        return self.cells.get((table, row, col)) or Cell.blank()

    def set(self, table: str, row: str, col: str, cell: Cell | str | int | Decimal) -> None:
        self.cells[(table, row, col)] = cell if isinstance(cell, Cell) else parse_cell(cell)

    def value(self, table: str, row: str, col: str) -> Decimal | None:
        c = self.cell(table, row, col)
        return c.value if c.is_numeric else None

    @property
    def default_title(self) -> str:
        return f"{self.agency_name}{self.year}年政府信息公开工作年度报告"

    @property
    def display_title(self) -> str:
        return self.title or self.default_title
