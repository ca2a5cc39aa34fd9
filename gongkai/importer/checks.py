"""The consistency rules on a report as read, told apart from the reader's own gaps.

- A cell the reader could not read is not a blank of the report: W-1 ("fill in 0") is never raised for it; the
  unread cells are listed once per table as a reading gap (R-2), and any other finding touching one is labelled
  as possibly caused by the reader.
- A really blank cell that breaks a sum (a blank 总计 whose row adds up to 1) is a finding of that sum rule,
  with the blank named, not only one of "N blank cells".
- A 2021 report printing （六）其他处理 as one row is checked with that row standing for its three parts.
"""

from __future__ import annotations

from dataclasses import replace

from gongkai.reports.definition import get_format
from gongkai.reports.model import Cell, Kind, ReportData
from gongkai.reports.rules import KINDS, TABLE_NAMES, Finding, validate

from .table_reader import NOT_PRINTED

READ_RULE = "R-1"
READ_TITLE = "读取时的提示"
GAP_RULE = "R-2"
GAP_TITLE = "未能读出的单元格（读取缺口，不是原报告的空白）"
GAP_LABEL = "【可能因读取缺口】"


def _view(data: ReportData, cells: dict) -> ReportData:
    return replace(data, cells={**data.cells, **cells})


def _checking_view(result) -> ReportData:
    """The report with a printed （六） row standing for its parts, for checking only."""
    data = result.data
    swap = {}
    for (table, row, col), cell in result.printed.items():
        if table == "t3" and row == "other":
            swap[("t3", "other.other", col)] = cell
            for part in ("other.no_correction", "other.unpaid_fee"):
                swap[("t3", part, col)] = Cell.number(0, source="imported")
    return _view(data, swap)


def _blank_sums(view: ReportData, unread: set, previous) -> list[Finding]:
    """Sum rules broken once the report's own blank cells count as 0 (findings naming those blanks)."""
    fmt = get_format(view.format_key)
    blanks = {a for a, c in view.cells.items() if c.kind is Kind.BLANK and a not in unread and fmt.has_cell(*a)}
    if not blanks:
        return []
    zeroed = _view(view, {a: Cell.number(0, source="imported") for a in blanks})
    out = []
    for rule in fmt.rules:
        if rule.kind != "sum_equal":
            continue
        for f in KINDS[rule.kind][0](rule, fmt, zeroed, previous):
            involved = [a for a in f.cells if a in blanks]
            if not involved or any(a in unread for a in f.cells):
                continue
            names = "、".join(_describe(fmt, a) for a in involved)
            f.message = f"{names}在原报告中为空白（下面按 0 计算）：{f.message}"
            out.append(f)
    return out


def _describe(fmt, address) -> str:
    from gongkai.reports.rules import _describe as describe

    return describe(fmt, address)


def _gaps(result) -> list[Finding]:
    fmt = get_format(result.data.format_key)
    out = []
    for table in fmt.tables:
        cells = [a for a in fmt.addresses() if a[0] == table and a in result.unread
                 and result.unread[a] != NOT_PRINTED]
        if not cells:
            continue
        reasons = []
        for a in cells:
            if result.unread[a] not in reasons:
                reasons.append(result.unread[a])
        first = _describe(fmt, cells[0])
        message = (f"{TABLE_NAMES.get(table, table)}有 {len(cells)} 格未能读出（如{first}；{'；'.join(reasons[:3])}）："
                   "这是读取的缺口，不是原报告的空白，也不按 0 计，涉及这些格的勾稽关系未校验。")
        out.append(Finding(GAP_RULE, "warning", GAP_TITLE, message, cells))
    return out


def check(result, previous: ReportData | None = None) -> list[Finding]:
    """The rules of the format on what was read: errors first, then the reader's notes and gaps, then the
    other warnings."""
    unread = set(result.unread)
    view = _checking_view(result)
    findings = [f for f in validate(view, previous) if f.rule != "W-1"]
    fmt = get_format(view.format_key)
    w1 = [r for r in fmt.rules if r.kind == "number_expected"]
    if w1:
        filled = _view(view, {a: Cell.number(0, source="imported") for a in unread})
        for rule in w1:
            findings.extend(KINDS[rule.kind][0](rule, fmt, filled, previous))
    findings.extend(_blank_sums(view, unread, previous))
    for f in findings:
        if any(a in unread for a in f.cells) and not f.message.startswith(GAP_LABEL):
            f.message = GAP_LABEL + f.message
    notes = [Finding(READ_RULE, "warning", READ_TITLE, p) for p in result.problems] + _gaps(result)
    errors = [f for f in findings if f.is_error]
    return errors + notes + [f for f in findings if not f.is_error]
