"""Narrative sections 一, 五, 六: figures, the proposed draft, last year's text and the warnings beside it;
the entered figures of section 六 (人大代表建议／政协提案 counts, fees where no provider computes them).

Templates of sentences are data (sentences.toml). Section 六 fee figures come from providers' optional
`.section_six(agency, year)` hook (compute.section_six) and are entered by hand otherwise.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from django.db import transaction

from gongkai.audit.services import record
from gongkai.core.errors import GongkaiError

from .compute import section_six
from .definition import get_format
from .model import ReportData, format_decimal
from .models import Report
from .roles import require_report_role
from .rules import Finding, validate
from .services import EDITORS, _check_revision, _locked, _require_draft, back_to_draft, previous_report, to_data

SENTENCES_FILE = Path(__file__).parent / "sentences.toml"
DRAFTED = ("s1", "s5", "s6")
NARRATIVE_RULES = ("X-1", "Y-6")

# Section 六 figures: key → (label, kind) ; kind "count" (件) or "amount" (元)
SIX_FIELDS = {
    "fee_notices": ("发出收费通知的件数（件）", "count"),
    "fee_notice_amount": ("收费通知总金额（元）", "amount"),
    "fees_collected": ("实际收取的信息处理费（元）", "amount"),
    "npc": ("办理人大代表建议（件）", "count"),
    "cppcc": ("办理政协提案（件）", "count"),
}
MAX_OTHER = 2000

# figure name → table cells summed (all must be numbers, else the figure is unknown)
TABLE_FIGURES = {
    "t3_new": [("t3", "new", "total")],
    "t3_carried_in": [("t3", "carried_in", "total")],
    "t3_closed": [("t3", "total", "total")],
    "t3_carried_over": [("t3", "carried_over", "total")],
    "t3_grant": [("t3", "grant", "total")],
    "t3_partial": [("t3", "partial", "total")],
    "t4_review": [("t4", "count", "review.total")],
    "t4_suits": [("t4", "count", "suit_direct.total"), ("t4", "count", "suit_after.total")],
    "t4_corrected": [("t4", "count", f"{g}.corrected") for g in ("review", "suit_direct", "suit_after")],
}


@cache
def sentence_templates() -> dict[str, list[dict]]:
    return tomllib.loads(SENTENCES_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class SixFigure:
    key: str
    label: str
    value: object          # int / Decimal / None
    source: str            # "computed" | "entered" | ""
    note: str = ""
    link: str = ""


def six_figures(report: Report) -> dict[str, SixFigure]:
    """Section 六 figures: computed by a provider where it can, else what was entered on the report."""
    computed = section_six(report.agency, report.year)
    extras = report.extras or {}
    out = {}
    for key, (label, kind) in SIX_FIELDS.items():
        if key in computed:
            out[key] = SixFigure(key, label, computed[key], "computed", computed.get("note", ""),
                                 computed.get("link", ""))
        elif extras.get(key) not in (None, ""):
            value = int(extras[key]) if kind == "count" else Decimal(str(extras[key]))
            out[key] = SixFigure(key, label, value, "entered")
        else:
            out[key] = SixFigure(key, label, None, "")
    return out


def figures(report: Report, data: ReportData | None = None) -> dict[str, object]:
    data = data or to_data(report)
    out: dict[str, object] = {"year": report.year, "agency": report.agency.name}
    for name, cells in TABLE_FIGURES.items():
        values = [data.value(*a) for a in cells]
        out[name] = None if any(v is None for v in values) else sum(values, Decimal(0))
    review, suits = out["t4_review"], out["t4_suits"]
    out["t4_any"] = (review or 0) + (suits or 0)
    total = (report.proactive or {}).get("total")
    out["proactive_total"] = total
    for key, fig in six_figures(report).items():
        out[key] = fig.value
    out["other"] = (report.extras or {}).get("other", "")
    return out


def _text(value) -> str:
    if isinstance(value, Decimal):
        return format_decimal(value)
    return str(value)


def _sentence(template: dict, figs: dict) -> str | None:
    if any(figs.get(k) is None for k in template.get("requires", [])):
        return template.get("missing")
    if "when" in template and not figs.get(template["when"]):
        return template.get("otherwise")
    names = re.findall(r"{(\w+)}", template["text"])
    if any(figs.get(n) is None for n in names):
        return template.get("missing")
    return template["text"].format_map({n: _text(figs[n]) for n in names})


def propose(report: Report, data: ReportData | None = None) -> dict[str, list[str]]:
    """A draft of sections 一, 五, 六 with the computed figures written into the sentences."""
    figs = figures(report, data)
    out = {}
    for key in DRAFTED:
        paragraphs = [_sentence(t, figs) for t in sentence_templates().get(key, [])]
        out[key] = [p for p in paragraphs if p]
    return out


def section_warnings(report: Report, data: ReportData | None = None) -> dict[str, list[Finding]]:
    """X-1 (numbers against the tables) and Y-6 (unchanged from last year), per narrative section."""
    data = data or to_data(report)
    prev = previous_report(report)
    previous = to_data(prev) if prev else None
    out: dict[str, list[Finding]] = {}
    for section in get_format(report.format_key).narrative_sections():
        only = replace(data, narrative={section.key: data.narrative.get(section.key, [])}, preamble=[])
        out[section.key] = [f for f in validate(only, previous) if f.rule in NARRATIVE_RULES]
    return out


def draft_warnings(report: Report, draft: dict[str, list[str]], data: ReportData | None = None) -> list[Finding]:
    data = data or to_data(report)
    return [f for f in validate(replace(data, narrative=draft, preamble=[])) if f.rule == "X-1"]


def editor_sections(report: Report) -> list[dict]:
    """Everything the narrative editor shows, per narrative section."""
    data = to_data(report)
    prev = previous_report(report)
    last = to_data(prev) if prev else None
    draft = propose(report, data)
    warnings = section_warnings(report, data)
    return [{"section": s, "text": "\n".join(data.narrative.get(s.key, [])),
             "draft": "\n".join(draft.get(s.key, [])), "has_draft": s.key in draft,
             "last": "\n".join(last.narrative.get(s.key, [])) if last else "", "last_year": prev.year if prev else None,
             "warnings": warnings.get(s.key, [])}
            for s in get_format(report.format_key).narrative_sections()]


def _parse(key: str, raw: str):
    label, kind = SIX_FIELDS[key]
    raw = (raw or "").strip().replace(",", "").replace("，", "")
    if raw == "":
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise GongkaiError(f"“{label}”应填数字，实际是“{raw}”。", field=key) from None
    if value < 0:
        raise GongkaiError(f"“{label}”不能为负数。", field=key)
    if kind == "count":
        if value != value.to_integral_value():
            raise GongkaiError(f"“{label}”应为整数。", field=key)
        return int(value)
    if value != value.quantize(Decimal("0.01")):
        raise GongkaiError(f"“{label}”最多保留两位小数（单位：元）。", field=key)
    return format_decimal(value)


@transaction.atomic
def update_extras(actor, report: Report, values: dict[str, str], *, today: date,
                  revision: int | None = None) -> Report:
    """Save the entered figures of section 六; a figure a provider computes cannot be overwritten by hand."""
    report = _locked(report)
    require_report_role(actor, report.agency, *EDITORS)
    _require_draft(report)
    _check_revision(report, revision)
    computed = section_six(report.agency, report.year)
    extras = dict(report.extras or {})
    before = dict(extras)
    for key in SIX_FIELDS:
        if key in values and key not in computed:
            parsed = _parse(key, values[key])
            if parsed is None:
                extras.pop(key, None)
            else:
                extras[key] = parsed
    if "other" in values:
        other = (values["other"] or "").strip()
        if len(other) > MAX_OTHER:
            raise GongkaiError(f"“其他事项”最多 {MAX_OTHER} 字。", field="other")
        extras["other"] = other
    if extras == before:
        return report
    report.extras = extras
    back_to_draft(report, actor, today)
    report.revision += 1
    report.save()
    record("report.extras.edit", actor=actor, agency=report.agency, obj=report,
           data={"before": before, "after": extras, "today": today.isoformat()})
    return report
