"""Chinese labels for the codes office pages would otherwise show: report cells (t3/new/natural), report formats,
audit actors."""

from __future__ import annotations

from django import template

from gongkai.reports.definition import all_formats, format_for_year, get_format
from gongkai.reports.rules import TABLE_NAMES, column_name

register = template.Library()


def _format(key_or_year):
    """A format by its key (its 函 year, "2021"), else the one a report year uses; None when neither is known."""
    text = str(key_or_year or "")
    try:
        if text in all_formats():
            return get_format(text)
        return format_for_year(int(text)) if text.isdigit() else None
    except Exception:  # a year no format covers: the caller falls back to the code
        return None


@register.filter
def report_cell_label(address, key_or_year) -> str:
    """表三“一、本年新收政府信息公开申请数量”“自然人” for ("t3", "new", "natural") or "t3/new/natural"; the format is
    given by its key or by the report year. Falls back to the code when the format does not have the cell."""
    parts = tuple(address.split("/")) if isinstance(address, str) else tuple(address or ())
    fmt = _format(key_or_year)
    if len(parts) != 3 or fmt is None or parts[0] not in fmt.tables:
        return "/".join(parts)
    table_key, row_key, col_key = parts
    table = fmt.tables[table_key]
    if not table.has_row(row_key):
        return "/".join(parts)
    row = "·".join(table.row(row_key).path)
    try:
        column = column_name(table, table.column(row_key, col_key))
    except KeyError:
        return "/".join(parts)
    return f"{TABLE_NAMES.get(table_key, table_key)}“{row}”“{column}”"


@register.filter
def format_label(key) -> str:
    fmt = get_format(str(key)) if str(key) in all_formats() else None
    return fmt.label if fmt else str(key)


@register.filter
def actor_label(entry) -> str:
    """Who did it: the person's name, 申请人（在线提交） for an online application, else 系统 (demo, commands)."""
    actor = getattr(entry, "actor", None)
    if actor is not None:
        return actor.get_full_name() or actor.username
    if str(getattr(entry, "action", "")).endswith("submit_online"):
        return "申请人（在线提交）"
    return "系统"


@register.filter
def person(user, missing: str = "") -> str:
    """A staff member's name for the page (full name, else user name); `missing` when there is nobody."""
    if user is None:
        return missing
    return user.get_full_name() or user.username
