"""表二 and the section-二 sentence computed from the catalog and the Article-20 registry (reports.compute provider)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.urls import NoReverseMatch, reverse

from gongkai.reports.compute import Computed

from .models import Document, DocumentChannel, FigureItem, RegistryEntry, RegistryKind, YearFigure
from .taxonomy import taxonomy


def _url(name: str, agency, query: str = "") -> str:
    try:
        return reverse(name, args=[agency.code]) + (f"?{query}" if query else "")
    except NoReverseMatch:  # pragma: no cover - urls always loaded in the app
        return ""


def channel_name(agency, key: str) -> str:
    if key == "website" and agency.website:
        return agency.website
    return taxonomy().channels.get(key, key)


class CatalogProvider:
    name = "catalog"

    def cells(self, agency, year: int, fmt) -> dict:
        out = {}
        out.update(self._registry(agency, year))
        out.update(self._figures(agency, year))
        return out

    def _registry(self, agency, year: int) -> dict:
        entries = RegistryEntry.objects.filter(agency=agency)
        if not entries.exists():
            return {}
        end = date(year, 12, 31)
        out = {}
        for kind in RegistryKind:
            rows = entries.filter(kind=kind)
            link = _url("catalog:registry", agency, f"kind={kind.value}&year={year}")
            label = f"规章和规范性文件登记（{kind.label}）"
            counts = {
                "issued": (rows.issued_in(year).count(), f"{label}：制发日期在{year}年内"),
                "repealed": (rows.repealed_in(year).count(), f"{label}：废止日期在{year}年内"),
                "in_force": (rows.in_force_at(end).count(), f"{label}：截至{year}年12月31日已制发且未废止"),
                "made": (rows.issued_in(year).count(), f"{label}：制发日期在{year}年内"),
                "published": (rows.published_in(year).count(), f"{label}：公开日期在{year}年内"),
                "total": (rows.public_at(end).count(), f"{label}：截至{year}年12月31日已公开且未废止"),
            }
            for col, (value, note) in counts.items():
                out[("t2", kind.value, col)] = Computed(value, note, link)
        return out

    def _figures(self, agency, year: int) -> dict:
        out = {}
        link = _url("catalog:figures", agency, f"year={year}")
        for figure in YearFigure.objects.filter(agency=agency, year=year):
            note = f"{figure.get_item_display()}：{figure.source_note}"
            values = {"decisions": figure.decisions, "prev_items": figure.prev_items, "change": figure.change,
                      "projects": figure.projects}
            if figure.item == FigureItem.FEES:
                values["amount"] = figure.amount          # 2021: 本年收费金额（万元）
            elif figure.item == FigureItem.PROCUREMENT:
                values["amount"] = figure.amount
            for col, value in values.items():
                if value is not None:
                    out[("t2", figure.item, col)] = Computed(value, note[:200], link)
        return out

    def proactive(self, agency, year: int) -> dict | None:
        docs = Document.objects.of(agency).published_in(year)
        total = docs.count()
        if not total:
            return None
        counts = (DocumentChannel.objects.filter(agency=agency, document__in=docs).values("channel")
                  .annotate(n=Count("document_id")).order_by("-n", "channel"))
        order = list(taxonomy().channels)
        channels = sorted(counts, key=lambda c: (order.index(c["channel"]) if c["channel"] in order else 99))
        return {"total": total,
                "channels": [{"name": channel_name(agency, c["channel"]), "count": c["n"]} for c in channels]}


def proactive_sentence(agency, year: int) -> str:
    """全年共主动公开政府信息N条，其中通过政府网站发布X条，…"""
    summary = CatalogProvider().proactive(agency, year)
    if not summary:
        return f"{year}年未在目录中登记主动公开的政府信息。"
    parts = "，".join(f"通过{c['name']}发布{c['count']}条" for c in summary["channels"])
    return f"{year}年，全年共主动公开政府信息{summary['total']}条" + (f"，其中{parts}" if parts else "") + "。"
