"""第二十条 registry behind 表二: 规章/规范性文件 issue and repeal dates, and yearly figures that come from other
business systems (行政许可, 行政处罚, 行政强制, 行政事业性收费, and the 2019-only rows), entered or imported."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from gongkai.agencies.access import require_role
from gongkai.agencies.models import Role
from gongkai.audit.services import record
from gongkai.core import uploads
from gongkai.core.errors import GongkaiError, Refused

from .models import FigureItem, RegistryEntry, RegistryKind, YearFigure

EDITORS = (Role.CLERK, Role.HEAD, Role.ADMIN)
MAX_IMPORT_BYTES = 2 * 1024 * 1024
# the same unpacked-size and row limits as the case ledger import (cases/ledger.py)
MAX_INFLATED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 60
# the columns of a figures file: key → accepted headers
COLUMNS = {
    "year": ("year", "年度"),
    "item": ("item", "事项"),
    "decisions": ("decisions", "处理决定数量", "本年处理决定数量"),
    "prev_items": ("prev_items", "上一年项目数量"),
    "change": ("change", "本年增/减", "本年增减"),
    "amount": ("amount", "金额", "本年收费金额（单位：万元）", "采购总金额"),
    "projects": ("projects", "采购项目数量"),
    "unit": ("unit", "单位"),
    "source_note": ("source_note", "数据来源", "来源"),
}
ITEM_BY_LABEL = {**{i.label: i.value for i in FigureItem}, **{i.value: i.value for i in FigureItem}}


@transaction.atomic
def add_registry_entry(actor, agency, *, kind: str, title: str, doc_number: str, issued_on: date,
                       published_on: date | None, repealed_on: date | None, today: date, document=None,
                       note: str = "") -> RegistryEntry:
    require_role(actor, agency, *EDITORS)
    if kind not in RegistryKind.values:
        raise GongkaiError("请选择类别（规章或行政规范性文件）。", field="kind")
    title = (title or "").strip()
    if not title:
        raise GongkaiError("请填写文件名称。", field="title")
    if issued_on is None:
        raise GongkaiError("请填写制发日期。", field="issued_on")
    for value, label in ((issued_on, "制发日期"), (published_on, "公开日期"), (repealed_on, "废止日期")):
        if value and value > today:
            raise GongkaiError(f"{label}不能晚于今天。", field="issued_on")
    if repealed_on and repealed_on < issued_on:
        raise GongkaiError("废止日期不能早于制发日期。", field="repealed_on")
    if document is not None and document.agency_id != agency.pk:
        raise Refused("只能关联本机关的政府信息。")
    entry = RegistryEntry.objects.create(agency=agency, kind=kind, title=title[:300], doc_number=doc_number.strip()[:80],
                                         issued_on=issued_on, published_on=published_on, repealed_on=repealed_on,
                                         document=document, note=note[:200])
    record("catalog.registry.add", actor=actor, agency=agency, obj=entry, data={"today": today.isoformat()})
    return entry


@transaction.atomic
def repeal_registry_entry(actor, entry: RegistryEntry, *, on: date, today: date) -> RegistryEntry:
    entry = RegistryEntry.objects.select_for_update().select_related("agency").get(pk=entry.pk)
    require_role(actor, entry.agency, *EDITORS)
    if entry.repealed_on:
        raise Refused(f"该文件已于 {entry.repealed_on:%Y-%m-%d} 废止。")
    if on is None or on > today or on < entry.issued_on:
        raise GongkaiError("废止日期应在制发日期与今天之间。", field="on")
    entry.repealed_on = on
    entry.save(update_fields=["repealed_on"])
    record("catalog.registry.repeal", actor=actor, agency=entry.agency, obj=entry,
           data={"on": on.isoformat(), "today": today.isoformat()})
    return entry


@dataclass
class FigureRow:
    year: int
    item: str
    decisions: int | None = None
    prev_items: int | None = None
    change: int | None = None
    amount: Decimal | None = None
    projects: int | None = None
    unit: str = "万元"
    source_note: str = ""


def _int(value, label, *, signed=False):
    text = str(value if value is not None else "").strip().replace(",", "")
    if text == "":
        return None
    try:
        number = int(Decimal(text)) if Decimal(text) == int(Decimal(text)) else None
    except (InvalidOperation, ValueError):
        number = None
    if number is None:
        raise GongkaiError(f"{label}“{text[:20]}”不是整数。")
    if number < 0 and not signed:
        raise GongkaiError(f"{label}不能为负数。")
    return number


def _amount(value):
    text = str(value if value is not None else "").strip().replace(",", "")
    if text == "":
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise GongkaiError(f"金额“{text[:20]}”不是数字。") from None
    if amount < 0 or amount != amount.quantize(Decimal("0.0001")) or amount >= Decimal("1e10"):
        raise GongkaiError(f"金额“{text[:20]}”应为非负数，最多4位小数。")
    return amount


def _check_row(row: FigureRow, today: date) -> FigureRow:
    if row.item not in FigureItem.values:
        raise GongkaiError(f"未知的事项“{row.item}”，应为：{'、'.join(FigureItem.labels)}。")
    if not 2008 <= row.year <= today.year:
        raise GongkaiError(f"年度 {row.year} 不在 2008—{today.year} 之间。")
    if not row.source_note.strip():
        raise GongkaiError(f"{row.year}年“{FigureItem(row.item).label}”缺少数据来源说明（如：来自县政务服务平台导出）。")
    if all(v is None for v in (row.decisions, row.prev_items, row.change, row.amount, row.projects)):
        raise GongkaiError(f"{row.year}年“{FigureItem(row.item).label}”没有任何数字。")
    return row


def _save(actor, agency, row: FigureRow) -> YearFigure:
    figure, _ = YearFigure.objects.update_or_create(
        agency=agency, year=row.year, item=row.item,
        defaults=dict(decisions=row.decisions, prev_items=row.prev_items, change=row.change, amount=row.amount,
                      projects=row.projects, unit=(row.unit or "万元")[:8], source_note=row.source_note.strip()[:200],
                      entered_by=actor))
    return figure


@transaction.atomic
def save_figure(actor, agency, row: FigureRow, *, today: date) -> YearFigure:
    require_role(actor, agency, *EDITORS)
    figure = _save(actor, agency, _check_row(row, today))
    record("catalog.figure.save", actor=actor, agency=agency, obj=figure,
           data={"year": row.year, "item": row.item, "today": today.isoformat()})
    return figure


TOO_MANY_ROWS = f"导入文件超过 {MAX_ROWS} 行，请分批导入。"


def _table(filename: str, content: bytes) -> list[list[str]]:
    """The rows of a CSV or .xlsx file, bounded in bytes, unpacked bytes, rows and columns (read before any write
    transaction: see import_figures)."""
    if len(content) > MAX_IMPORT_BYTES:
        raise GongkaiError("导入文件过大（不超过 2 MB）。")
    if uploads.has_magic(content, "zip"):
        inflated = uploads.inflated_size(content)
        if inflated is None:
            raise GongkaiError("无法读取该 Excel 文件，请另存为 .xlsx 或 CSV 后重试。")
        if inflated > MAX_INFLATED_BYTES:
            raise GongkaiError("Excel 文件解压后过大，请检查文件或分批导入。")
        try:
            rows = uploads.xlsx_rows(content, max_rows=MAX_ROWS + 1, max_cols=MAX_COLUMNS)
        except uploads.TooManyRows:
            raise GongkaiError(TOO_MANY_ROWS) from None
        except Exception:  # noqa: BLE001 - any unreadable workbook is the same refusal
            raise GongkaiError("无法读取该 Excel 文件，请另存为 .xlsx 或 CSV 后重试。") from None
        return [["" if v is None else str(v) for v in row] for row in rows]
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise GongkaiError("无法识别文件编码，请使用 UTF-8 或 GB18030 编码的 CSV，或 .xlsx 文件。")
    rows = []
    try:
        for row in csv.reader(io.StringIO(text)):
            if len(rows) > MAX_ROWS:
                raise GongkaiError(TOO_MANY_ROWS)
            rows.append(row[:MAX_COLUMNS])
    except csv.Error:
        raise GongkaiError("CSV 文件格式不正确，请检查引号和分隔符。") from None
    return rows


def parse_figures(filename: str, content: bytes, default_source: str = "") -> list[FigureRow]:
    rows = [r for r in _table(filename, content) if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise GongkaiError("文件中没有数据行。第一行应为表头：年度,事项,处理决定数量,上一年项目数量,本年增/减,金额,采购项目数量,单位,数据来源")
    header = [h.strip() for h in rows[0]]
    where = {}
    for key, names in COLUMNS.items():
        for i, h in enumerate(header):
            if h in names:
                where[key] = i
    if "year" not in where or "item" not in where:
        raise GongkaiError("表头缺少“年度”或“事项”列。")
    out = []
    for n, raw in enumerate(rows[1:], start=2):
        def cell(key, raw=raw):
            i = where.get(key)
            return raw[i].strip() if i is not None and i < len(raw) else ""
        try:
            item = ITEM_BY_LABEL.get(cell("item"))
            if item is None:
                raise GongkaiError(f"未知的事项“{cell('item')[:20]}”。")
            out.append(FigureRow(year=_int(cell("year"), "年度") or 0, item=item,
                                 decisions=_int(cell("decisions"), "处理决定数量"),
                                 prev_items=_int(cell("prev_items"), "上一年项目数量"),
                                 change=_int(cell("change"), "本年增/减", signed=True), amount=_amount(cell("amount")),
                                 projects=_int(cell("projects"), "采购项目数量"), unit=cell("unit") or "万元",
                                 source_note=cell("source_note") or default_source))
        except GongkaiError as exc:
            raise GongkaiError(f"第{n}行：{exc.message}") from None
    return out


def import_figures(actor, agency, *, filename: str, content: bytes, source_note: str, today: date) -> int:
    """All rows or none: the first bad row stops the import with its line number. The file is parsed and every
    row checked before the write transaction, so a slow or hostile file never holds the database's write lock."""
    require_role(actor, agency, *EDITORS)
    rows = parse_figures(filename, content, source_note.strip())
    for n, row in enumerate(rows, start=2):
        try:
            _check_row(row, today)
        except GongkaiError as exc:
            raise GongkaiError(f"第{n}行：{exc.message}") from None
    with transaction.atomic():
        for row in rows:
            _save(actor, agency, row)
        record("catalog.figure.import", actor=actor, agency=agency,
               data={"file": filename[:100], "rows": len(rows), "today": today.isoformat()})
    return len(rows)
