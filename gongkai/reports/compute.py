"""Records → report cells. Domain apps (cases, catalog, appeals) register providers; reports imports none of them.

A provider counts its records for one agency-year and returns, per cell, the value, a note saying where it
came from, and a link to the records behind it. `refresh_computed` (services) writes them into a draft report;
hand entry stays possible for every cell no provider computes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from .definition import Format
from .model import Address


@dataclass(frozen=True)
class Computed:
    value: int | Decimal
    note: str              # where it came from, e.g. "依申请公开台账：2025年内收到的申请（自然人）"
    link: str = ""         # URL of the list of records behind the cell ("" when there is none)


class Provider(Protocol):
    name: str

    def cells(self, agency, year: int, fmt: Format) -> dict[Address, Computed]: ...


_PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    """Called from a domain app's AppConfig.ready()."""
    _PROVIDERS[provider.name] = provider


def providers() -> list[Provider]:
    return list(_PROVIDERS.values())


def compute(agency, year: int, fmt: Format) -> dict[Address, Computed]:
    out: dict[Address, Computed] = {}
    for provider in providers():
        for address, computed in provider.cells(agency, year, fmt).items():
            if fmt.has_cell(*address):
                out[address] = computed
    return out


def proactive_summary(agency, year: int) -> dict | None:
    """Section 二 figures from the first provider that offers them (the catalog)."""
    for provider in providers():
        summary = getattr(provider, "proactive", None)
        if summary:
            result = summary(agency, year)
            if result:
                return result
    return None


# Section 六 figures a provider may supply (the cases app: fee notices and collections, 国办函〔2020〕109号).
SECTION_SIX_KEYS = ("fee_notices", "fee_notice_amount", "fees_collected")


def section_six(agency, year: int) -> dict:
    """Merge `.section_six(agency, year) -> dict` of every provider that has it.

    Known keys: fee_notices (发出收费通知的件数), fee_notice_amount (收费通知总金额, 元), fees_collected (实际收取的
    总金额, 元); optional "note" and "link". A key no provider supplies is absent (the page then asks for it).
    """
    out: dict = {}
    for provider in providers():
        hook = getattr(provider, "section_six", None)
        if hook:
            out.update({k: v for k, v in (hook(agency, year) or {}).items() if v is not None})
    return out
