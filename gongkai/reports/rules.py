"""Consistency rules (勾稽关系). Each rule kind is a function; the format files name and parameterise them.

A finding says, in Chinese a clerk understands, which cells break which rule, the expected and the actual value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .model import Address, Kind, ReportData, format_decimal, normalize_text

TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}


@dataclass
class Finding:
    rule: str
    severity: str
    title: str
    message: str
    cells: list[Address] = field(default_factory=list)
    expected: str = ""
    actual: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def severity_label(self) -> str:
        return "错误" if self.is_error else "提示"

    def as_dict(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "title": self.title, "message": self.message,
                "cells": ["/".join(a) for a in self.cells], "expected": self.expected, "actual": self.actual}


# ------------------------------------------------------------------------------------------ helpers

def _short(label: str) -> str:
    """The part of an official label before its parenthesised note, for messages."""
    return label.split("（区分处理")[0] if label else label


def _terms(fmt, table: str, keys: list[str], axis: str) -> str:
    t = fmt.tables[table]
    if axis == "column":
        labels = [_short(t.row(k).label) for k in keys]
    else:
        labels = [t._columns[k].label for k in keys]
    if len(labels) > 3:
        return f"{labels[0]}至{labels[-1]}等{len(labels)}项之和"
    return "加".join(f"“{x}”" for x in labels) + ("之和" if len(labels) > 1 else "")


def _where(fmt, table: str, key: str, axis: str) -> str:
    t = fmt.tables[table]
    if axis == "column":
        return f"{TABLE_NAMES.get(table, table)}“{column_name(t, t._columns[key])}”列"
    row = t.row(key)
    return f"{TABLE_NAMES.get(table, table)}“{_short(row.label)}”行" if row.label else TABLE_NAMES.get(table, table)


def _sum(data: ReportData, cells: list[Address]) -> Decimal | None:
    total = Decimal(0)
    for a in cells:
        c = data.cell(*a)
        if not c.is_numeric:
            return None
        total += c.value
    return total


def _fmt(v: Decimal | None) -> str:
    return "" if v is None else format_decimal(v)


# ------------------------------------------------------------------------------------------ kinds

def _sum_equal(rule, fmt, data, previous):
    p = rule.params
    table = p["table"]
    t = fmt.tables[table]
    sets = p.get("sets") or [{"left": p["left"], "right": p["right"]}]
    axis = p["axis"]
    lines = [c.key for c in t.columns] if axis == "column" else [r.key for r in t.rows]
    for line in lines:
        for s in sets:
            if axis == "column":
                left = [(table, r, line) for r in s["left"]]
                right = [(table, r, line) for r in s["right"]]
            else:
                left = [(table, line, c) for c in s["left"]]
                right = [(table, line, c) for c in s["right"]]
            lsum, rsum = _sum(data, left), _sum(data, right)
            if lsum is None or rsum is None or lsum == rsum:
                continue
            where = _where(fmt, table, line, axis)
            message = (f"{where}：{_terms(fmt, table, s['left'], axis)}为 {_fmt(lsum)}，"
                       f"{_terms(fmt, table, s['right'], axis)}为 {_fmt(rsum)}，两者应相等。")
            yield Finding(rule.id, rule.severity, rule.title, message, left + right, _fmt(rsum), _fmt(lsum))


def _each_cell(fmt, data, tables, values):
    for table in tables:
        t = fmt.tables[table]
        for row, col in t.addresses():
            column = t.column(row, col)
            if column.value in values:
                yield (table, row, col), column, data.cell(table, row, col)


def column_name(table, column) -> str:
    """A column's label path, without a top header shared by every column (表三's 申请人情况)."""
    roots = {c.path[0] for c in table.columns} if table.columns else set()
    path = column.path[1:] if len(roots) == 1 and len(column.path) > 1 else column.path
    return "·".join(path)


def _describe(fmt, address: Address) -> str:
    table, row, col = address
    t = fmt.tables[table]
    r = t.row(row)
    row_part = f"“{_short(r.label)}”行" if r.label else ""
    return f"{TABLE_NAMES.get(table, table)}{row_part}“{column_name(t, t.column(row, col))}”"


def _nonnegative_integer(rule, fmt, data, previous):
    for address, column, cell in _each_cell(fmt, data, rule.params["tables"], {"count", "signed"}):
        if cell.kind is Kind.TEXT:
            yield Finding(rule.id, rule.severity, rule.title,
                          f"{_describe(fmt, address)}应填整数，实际是文字“{cell.text}”。", [address], "整数", cell.text)
        elif cell.is_numeric:
            if cell.value != cell.value.to_integral_value():
                yield Finding(rule.id, rule.severity, rule.title,
                              f"{_describe(fmt, address)}应为整数（单位：{column.unit}），实际为 {cell.display}。",
                              [address], "整数", cell.display)
            elif column.value == "count" and cell.value < 0:
                yield Finding(rule.id, rule.severity, rule.title,
                              f"{_describe(fmt, address)}不能为负数，实际为 {cell.display}。",
                              [address], "≥0", cell.display)


def _nonnegative_number(rule, fmt, data, previous):
    for address, column, cell in _each_cell(fmt, data, rule.params["tables"], {"amount"}):
        unit = f"（单位：{column.unit}）" if column.unit else ""
        if cell.kind is Kind.TEXT:
            yield Finding(rule.id, rule.severity, rule.title,
                          f"{_describe(fmt, address)}应填金额{unit}，实际是文字“{cell.text}”。", [address], "数字", cell.text)
        elif cell.is_numeric and cell.value < 0:
            yield Finding(rule.id, rule.severity, rule.title,
                          f"{_describe(fmt, address)}金额不能为负数，实际为 {cell.display}。", [address], "≥0", cell.display)


def _number_expected(rule, fmt, data, previous):
    for table in rule.params["tables"]:
        missing = [(a, c) for a, _, c in _each_cell(fmt, data, [table], {"count", "signed", "amount"})
                   if c.kind in (Kind.BLANK, Kind.SLASH)]
        if not missing:
            continue
        blanks = sum(1 for _, c in missing if c.kind is Kind.BLANK)
        slashes = len(missing) - blanks
        parts = ([f"{blanks} 格空白"] if blanks else []) + ([f"{slashes} 格填“/”或“-”"] if slashes else [])
        first = _describe(fmt, missing[0][0])
        yield Finding(rule.id, rule.severity, rule.title,
                      f"{TABLE_NAMES.get(table, table)}有{'、'.join(parts)}（如{first}）；没有数据的应填 0。",
                      [a for a, _ in missing], "0", "、".join(parts))


def _carry_over(rule, fmt, data, previous):
    if previous is None:
        return
    p = rule.params
    table = p["table"]
    prev_fmt = _format_of(previous)
    if prev_fmt is None or not prev_fmt.tables.get(table) or not prev_fmt.tables[table].has_row(p["previous_row"]):
        return
    for column in fmt.tables[table].columns:
        this = data.cell(table, p["row"], column.key)
        last = previous.cell(table, p["previous_row"], column.key)
        if this.is_numeric and last.is_numeric and this.value != last.value:
            yield Finding(rule.id, rule.severity, rule.title,
                          f"{TABLE_NAMES[table]}“{column_name(fmt.tables[table], column)}”列：本年“上年结转”为 {this.display}，"
                          f"而 {previous.year} 年报告“结转下年度继续办理”为 {last.display}，两者应相等"
                          f"（如有机构调整，请在正文说明）。",
                          [(table, p["row"], column.key)], last.display, this.display)


def _format_of(data: ReportData):
    from .definition import all_formats

    return all_formats().get(data.format_key)


def _same_format(data, previous) -> bool:
    return previous is not None and previous.format_key == data.format_key


def _running_total(rule, fmt, data, previous):
    if not _same_format(data, previous):
        return
    p = rule.params
    table = p["table"]
    for row in p["rows"]:
        stock = data.value(table, row, p["stock"])
        last = previous.value(table, row, p["stock"])
        plus, minus = data.value(table, row, p["plus"]), data.value(table, row, p["minus"])
        if None in (stock, last, plus, minus):
            continue
        expected = last + plus - minus
        if stock != expected:
            label = fmt.tables[table].row(row).label
            yield Finding(rule.id, rule.severity, rule.title,
                          f"表二“{label}”：上年现行有效 {_fmt(last)} 件 + 本年制发 {_fmt(plus)} 件 − 本年废止 "
                          f"{_fmt(minus)} 件 = {_fmt(expected)} 件，但填报的现行有效件数为 {_fmt(stock)} 件"
                          f"（修改、清理等口径调整请在正文说明）。",
                          [(table, row, p["stock"])], _fmt(expected), _fmt(stock))


def _item_chain(rule, fmt, data, previous):
    if not _same_format(data, previous):
        return
    p = rule.params
    table = p["table"]
    for row in p["rows"]:
        this = data.value(table, row, p["stock"])
        last, change = previous.value(table, row, p["stock"]), previous.value(table, row, p["change"])
        if None in (this, last, change):
            continue
        if this != last + change:
            label = fmt.tables[table].row(row).label
            yield Finding(rule.id, rule.severity, rule.title,
                          f"表二“{label}”：上年“上一年项目数量”{_fmt(last)} 加上年“本年增/减”{_fmt(change)} "
                          f"应为 {_fmt(last + change)}，本年填报为 {_fmt(this)}。",
                          [(table, row, p["stock"])], _fmt(last + change), _fmt(this))


def _non_decreasing(rule, fmt, data, previous):
    if not _same_format(data, previous):
        return
    p = rule.params
    table = p["table"]
    for row in p["rows"]:
        this, last = data.value(table, row, p["column"]), previous.value(table, row, p["column"])
        if this is not None and last is not None and this < last:
            label = fmt.tables[table].row(row).label
            yield Finding(rule.id, rule.severity, rule.title,
                          f"表二“{label}”对外公开总数量 {_fmt(this)} 少于上年的 {_fmt(last)}（如为累计口径，不应减少）。",
                          [(table, row, p["column"])], f"≥{_fmt(last)}", _fmt(this))


def _section_titles(rule, fmt, data, previous):
    found = data.found_headings
    if found is None:
        return
    for section in fmt.sections:
        heading = found.get(section.key)
        if heading is None:
            yield Finding(rule.id, rule.severity, rule.title,
                          f"未找到第{section.number}部分“{section.heading}”。", [], section.heading, "")
        elif normalize_text(heading) not in {normalize_text(h) for h in section.accepted_headings}:
            yield Finding(rule.id, rule.severity, rule.title,
                          f"第{section.number}部分标题为“{heading}”，格式规定为“{section.heading}”。",
                          [], section.heading, heading)
    for extra in found.get("_extra", []) if isinstance(found.get("_extra"), list) else []:
        yield Finding(rule.id, rule.severity, rule.title, f"多出格式以外的章节“{extra}”。", [], "", extra)


def _paragraphs(fmt, data) -> list[str]:
    paragraphs = list(data.preamble)
    for section in fmt.sections:
        paragraphs.extend(data.narrative.get(section.key, []))
    return paragraphs


def _narrative_numbers(rule, fmt, data, previous):
    paragraphs = _paragraphs(fmt, data)
    for pattern in rule.params["patterns"]:
        regex = re.compile(pattern["regex"])
        cells = [(pattern["table"], r, c) for r, c in pattern["cells"]]
        expected = _sum(data, cells)
        if expected is None:
            continue
        for paragraph in paragraphs:
            for m in regex.finditer(paragraph):
                written = Decimal(m.group(1))
                if written != expected:
                    quote = m.group(0)
                    yield Finding(rule.id, rule.severity, rule.title,
                                  f"正文“{quote}”写的是 {_fmt(written)} 件，而表格中{pattern['label']}为 "
                                  f"{_fmt(expected)} 件。", cells, _fmt(expected), _fmt(written))


SIX_LABELS = {"fee_notices": "发出收费通知的件数", "fee_notice_amount": "收费通知总金额",
              "fees_collected": "实际收取的信息处理费", "npc": "办理人大代表建议件数", "cppcc": "办理政协提案件数"}


def _six_at_least(rule, fmt, data, previous):
    """X-2: a section-六 figure must be at least what the table implies (e.g. notices ≥ unpaid-fee outcomes)."""
    p = rule.params
    cells = [(p["table"], r, c) for r, c in p["cells"]]
    needed, reported = _sum(data, cells), data.section_six.get(p["six"])
    if needed is None or reported is None or Decimal(str(reported)) >= needed:
        return
    yield Finding(rule.id, rule.severity, rule.title,
                  f"表三有 {_fmt(needed)} 件申请因逾期未缴费不再处理，但第六部分报告的{SIX_LABELS[p['six']]}只有 "
                  f"{reported} 件。", cells, f"≥{_fmt(needed)}", str(reported))


def _six_implies(rule, fmt, data, previous):
    """X-3: fees collected > 0 implies at least one fee notice."""
    p = rule.params
    first, second = data.section_six.get(p["if_positive"]), data.section_six.get(p["then_positive"])
    if first is None or second is None or not (first > 0 and second <= 0):
        return
    yield Finding(rule.id, rule.severity, rule.title,
                  f"第六部分报告{SIX_LABELS[p['if_positive']]} {first}，但{SIX_LABELS[p['then_positive']]}为 "
                  f"{second}。", [], ">0", str(second))


def _mention_consistency(rule, fmt, data, previous):
    """X-4: Table 4 all zero ⇔ the narrative describes no 复议/诉讼 matter (a sentence saying there were none is fine)."""
    p = rule.params
    cells = [(p["table"], r, c) for r, c in p["cells"]]
    total = _sum(data, cells)
    if total is None:
        return
    mention, negation = re.compile(p["mention"]), re.compile(p["negation"])
    ignore = re.compile(p["ignore"]) if p.get("ignore") else None
    sentences = [s for para in _paragraphs(fmt, data) for s in re.split(r"[。；！？]", para)]
    affirmative = [s for s in sentences
                   if mention.search(ignore.sub("", s) if ignore else s) and not negation.search(s)]
    if total == 0 and affirmative:
        yield Finding(rule.id, rule.severity, rule.title,
                      f"表四行政复议、行政诉讼均为 0，但正文写道“{affirmative[0].strip()}”。", cells, "0", "")
    elif total > 0 and any(s.strip() for s in sentences) and not any(
            mention.search(ignore.sub("", s) if ignore else s) for s in sentences):
        yield Finding(rule.id, rule.severity, rule.title,
                      f"表四共有 {_fmt(total)} 件行政复议、行政诉讼，正文没有说明。", cells, "", _fmt(total))


def _section_text(data: ReportData, key: str) -> str:
    return "".join(normalize_text(p) for p in data.narrative.get(key, []))


def _repeated_text(rule, fmt, data, previous):
    """Y-6: a narrative section identical to last year's (after normalising spaces and punctuation width)."""
    if previous is None:
        return
    for key in rule.params["sections"]:
        this = _section_text(data, key)
        if this and this == _section_text(previous, key):
            section = fmt.section(key)
            yield Finding(rule.id, rule.severity, rule.title,
                          f"第{section.number}部分“{section.title}”与 {previous.year} 年报告的文字完全相同，"
                          f"疑似照抄往年；请按本年度情况重写。", [], "", "")


GUIDANCE = re.compile(r"[（(]请[^）)]{0,80}[）)]")


def _narrative_required(rule, fmt, data, previous):
    """S-2: sections 一, 五 and 六 of a report written here have text, and no drafting hint such as
    “（请写明……）” is left in any section. (An imported report is read as published: S-1 checks its headings.)"""
    if data.found_headings is not None:
        return
    for key in rule.params["sections"]:
        section = fmt.section(key)
        if not _section_text(data, key):
            yield Finding(rule.id, rule.severity, rule.title,
                          f"第{section.number}部分“{section.title}”没有正文，请填写后再提交或发布。", [], section.heading, "")
    for section in fmt.narrative_sections():
        for paragraph in data.narrative.get(section.key, []):
            hint = GUIDANCE.search(paragraph)
            if hint:
                yield Finding(rule.id, rule.severity, rule.title,
                              f"第{section.number}部分仍有待填写的提示“{hint.group(0)}”，请替换为本年度的实际情况。",
                              [], section.heading, hint.group(0))


# kind → (function, required parameters, parameters naming rows/columns to check)
KINDS = {
    "sum_equal": (_sum_equal, {"table", "axis"}),
    "nonnegative_integer": (_nonnegative_integer, {"tables"}),
    "nonnegative_number": (_nonnegative_number, {"tables"}),
    "number_expected": (_number_expected, {"tables"}),
    "carry_over": (_carry_over, {"table", "row", "previous_row"}),
    "running_total": (_running_total, {"table", "rows", "stock", "plus", "minus"}),
    "item_chain": (_item_chain, {"table", "rows", "stock", "change"}),
    "non_decreasing": (_non_decreasing, {"table", "rows", "column"}),
    "section_titles": (_section_titles, set()),
    "narrative_numbers": (_narrative_numbers, {"patterns"}),
    "repeated_text": (_repeated_text, {"sections"}),
    "narrative_required": (_narrative_required, {"sections"}),
    "six_at_least": (_six_at_least, {"six", "table", "cells"}),
    "six_implies": (_six_implies, {"if_positive", "then_positive"}),
    "mention_consistency": (_mention_consistency, {"table", "cells", "mention", "negation"}),
}


def check_rule(rule, fmt) -> list[str]:
    """Structural problems of one rule in a definition (unknown kind, missing parameters, unknown cells)."""
    if rule.kind not in KINDS:
        return [f"未知的规则类型“{rule.kind}”"]
    _, required = KINDS[rule.kind]
    p = rule.params
    problems = [f"缺少参数“{k}”" for k in sorted(required) if k not in p]
    if problems:
        return problems
    tables = p.get("tables") or ([p["table"]] if "table" in p else [])
    for table in tables:
        if table not in fmt.tables:
            problems.append(f"表格“{table}”不存在")
    if problems:
        return problems
    if rule.kind == "sum_equal":
        t = fmt.tables[p["table"]]
        if p["axis"] not in ("row", "column"):
            problems.append(f"axis 应为 row 或 column，而不是“{p['axis']}”")
        sets = p.get("sets") or [{"left": p.get("left", []), "right": p.get("right", [])}]
        for s in sets:
            for key in list(s.get("left", [])) + list(s.get("right", [])):
                ok = t.has_row(key) if p["axis"] == "column" else t.has_column(key)
                if not ok:
                    problems.append(f"引用的{'行' if p['axis'] == 'column' else '列'}“{key}”不存在")
            if not s.get("left") or not s.get("right"):
                problems.append("等式两边都不能为空")
    if rule.kind in ("running_total", "item_chain", "non_decreasing"):
        t = fmt.tables[p["table"]]
        cols = [p[k] for k in ("stock", "plus", "minus", "change", "column") if k in p]
        for row in p["rows"]:
            if not t.has_row(row):
                problems.append(f"引用的行“{row}”不存在")
                continue
            for col in cols:
                if col not in {c.key for c in t.columns_for(row)}:
                    problems.append(f"行“{row}”没有列“{col}”")
    if rule.kind == "carry_over":
        t = fmt.tables[p["table"]]
        for key in (p["row"], p["previous_row"]):
            if not t.has_row(key):
                problems.append(f"引用的行“{key}”不存在")
    if rule.kind in ("repeated_text", "narrative_required"):
        known = {s.key for s in fmt.sections}
        for key in p["sections"]:
            if key not in known:
                problems.append(f"引用的章节“{key}”不存在")
    if rule.kind == "narrative_numbers":
        for i, pat in enumerate(p["patterns"]):
            try:
                regex = re.compile(pat["regex"])
                if regex.groups < 1:
                    problems.append(f"第{i + 1}个模式没有捕获数字的分组")
            except (re.error, KeyError) as exc:
                problems.append(f"第{i + 1}个模式无效：{exc}")
                continue
            for row, col in pat.get("cells", []):
                if not fmt.has_cell(pat.get("table", ""), row, col):
                    problems.append(f"第{i + 1}个模式引用的单元格“{pat.get('table')}/{row}/{col}”不存在")
    return problems


def validate(data: ReportData, previous: ReportData | None = None) -> list[Finding]:
    """Run every rule of the report's format. `previous` is last year's report (for the Y rules)."""
    from .definition import get_format

    fmt = get_format(data.format_key)
    findings: list[Finding] = []
    for rule in fmt.rules:
        func, _ = KINDS[rule.kind]
        findings.extend(func(rule, fmt, data, previous))
    findings.sort(key=lambda f: (not f.is_error,))
    return findings


def has_errors(findings: list[Finding]) -> bool:
    return any(f.is_error for f in findings)
