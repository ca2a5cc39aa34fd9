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
