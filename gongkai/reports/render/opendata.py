"""The open exchange formats: JSON (schema gongkai.report/1) and CSV (one row per cell).

Both are written from ReportData and read back into ReportData (for `gongkai validate` and imports);
bad input raises OpenDataError naming the field and the problem.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from gongkai.core.safe import FORMULA_STARTS, sheet_text

from ..definition import Format, all_formats, get_format
from ..model import Cell, Kind, ReportData, format_decimal, parse_cell

SCHEMA = "gongkai.report/1"
CSV_COLUMNS = ["table", "row_key", "row_label", "col_key", "col_label", "kind", "value"]


class OpenDataError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _label_path(parts) -> str:
    return " / ".join(p for p in parts if p)


def _json_value(cell: Cell):
    if cell.is_numeric:
        v = cell.value
        return int(v) if v == v.to_integral_value() else float(v)
    if cell.kind is Kind.BLANK:
        return None
    return cell.text


def printed_group_rows(fmt: Format, data: ReportData):
    """Cells of a row group printed as one row (an imported 2021 report printing （六）其他处理 the 2019 way):
    (table, group key, column key, row label path, cell), kept as the report printed them."""
    for (tkey, row, col), cell in data.cells.items():
        table = fmt.tables.get(tkey)
        if table is None or table.has_row(row) or row not in table.row_groups or not table.has_column(col):
            continue
        group = table.row_groups[row]
        path = [group.label]
        parent = group.parent
        while parent:
            path.insert(0, table.row_groups[parent].label)
            parent = table.row_groups[parent].parent
        yield tkey, row, col, path, cell


def _is_printed_group(fmt: Format, table: str, row: str, col: str) -> bool:
    t = fmt.tables.get(table)
    return t is not None and row in t.row_groups and not t.has_row(row) and col in {c.key for c in t.columns}


def to_dict(data: ReportData) -> dict:
    fmt = get_format(data.format_key)
    tables = {}
    for tkey, table in fmt.tables.items():
        rows = []
        for row, col in table.addresses():
            cell = data.cell(tkey, row, col)
            rows.append({"row": row, "col": col, "kind": cell.kind.value, "value": _json_value(cell),
                         **({"text": cell.text} if cell.is_numeric and cell.text != format_decimal(cell.value) else {})})
        tables[tkey] = rows
    for tkey, row, col, _, cell in printed_group_rows(fmt, data):
        tables[tkey].append({"row": row, "col": col, "kind": cell.kind.value, "value": _json_value(cell),
                             "printed_as_one_row": True})
    return {
        "schema": SCHEMA,
        "format": fmt.key,
        "format_document": fmt.document,
        "agency": {"code": data.agency_code, "name": data.agency_name},
        "year": data.year,
        "title": data.display_title,
        "preamble": data.preamble,
        "narrative": {s.key: data.narrative.get(s.key, []) for s in fmt.sections if data.narrative.get(s.key)},
        "proactive": data.proactive,
        "section_six": data.section_six,
        "tables": tables,
        "meta": data.meta,
    }


def to_json(data: ReportData) -> str:
    return json.dumps(to_dict(data), ensure_ascii=False, indent=2)


def csv_rows(data: ReportData):
    fmt = get_format(data.format_key)
    for tkey, table in fmt.tables.items():
        for row, col in table.addresses():
            cell = data.cell(tkey, row, col)
            r = table.row(row)
            column = table.column(row, col)
            value = format_decimal(cell.value) if cell.is_numeric else sheet_text(cell.text)
            yield [tkey, row, _label_path(r.path), col, _label_path(column.path), cell.kind.value, value]
    for tkey, row, col, path, cell in printed_group_rows(fmt, data):
        column = fmt.tables[tkey]._columns[col]
        value = format_decimal(cell.value) if cell.is_numeric else sheet_text(cell.text)
        yield [tkey, row, _label_path(path), col, _label_path(column.path), cell.kind.value, value]


def to_csv(data: ReportData) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(data))
    return out.getvalue()


# ------------------------------------------------------------------------------------------- reading

def _cell_from(kind: str, value, where: str) -> Cell:
    try:
        k = Kind(kind)
    except ValueError:
        raise OpenDataError(f"{where}：kind 应为 number、zero、blank、slash 或 text，而不是“{kind}”。") from None
    if k is Kind.BLANK:
        return Cell.blank(source="imported")
    if k in (Kind.SLASH, Kind.TEXT):
        return Cell(k, None, "" if value is None else str(value), "imported")
    if value is None or value == "" or isinstance(value, bool):
        raise OpenDataError(f"{where}：kind 为 {kind} 时 value 必须是数字。")
    parsed = parse_cell(str(value), source="imported")
    if not parsed.is_numeric:
        raise OpenDataError(f"{where}：value“{value}”不是数字。")
    if k is Kind.ZERO and parsed.value != 0:
        raise OpenDataError(f"{where}：kind 为 zero 但 value 为 {value}。")
    return Cell.number(Decimal(parsed.value), source="imported")


def from_dict(raw: dict) -> ReportData:
    if not isinstance(raw, dict):
        raise OpenDataError("顶层应为 JSON 对象。")
    if raw.get("schema") != SCHEMA:
        raise OpenDataError(f"字段 schema 应为“{SCHEMA}”，实际为“{raw.get('schema')}”。")
    fmt_key = raw.get("format")
    if fmt_key not in all_formats():
        raise OpenDataError(f"字段 format 应为 {'、'.join(all_formats())} 之一，实际为“{fmt_key}”。")
    year = raw.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise OpenDataError(f"字段 year 应为四位年份，实际为“{year}”。")
    fmt = get_format(fmt_key)
    agency = raw.get("agency") or {}
    if not isinstance(agency, dict):
        raise OpenDataError("字段 agency 应为对象（code、name）。")
    data = ReportData(fmt_key, year, str(agency.get("name", "")), str(agency.get("code", "")),
                      str(raw.get("title", "")))
    tables = raw.get("tables")
    if not isinstance(tables, dict):
        raise OpenDataError("缺少字段 tables（对象：表格 → 单元格列表）。")
    for tkey, cells in tables.items():
        if tkey not in fmt.tables:
            raise OpenDataError(f"tables.{tkey}：格式 {fmt_key} 没有这张表。")
        if not isinstance(cells, list):
            raise OpenDataError(f"tables.{tkey} 应为列表。")
        for i, c in enumerate(cells):
            where = f"tables.{tkey}[{i}]"
            if not isinstance(c, dict) or not {"row", "col", "kind"} <= set(c):
                raise OpenDataError(f"{where}：每个单元格须有 row、col、kind。")
            if not fmt.has_cell(tkey, str(c["row"]), str(c["col"])) \
                    and not _is_printed_group(fmt, tkey, str(c["row"]), str(c["col"])):
                raise OpenDataError(f"{where}：格式 {fmt_key} 没有单元格 {tkey}/{c['row']}/{c['col']}。")
            data.cells[(tkey, c["row"], c["col"])] = _cell_from(str(c["kind"]), c.get("value"), where)
    narrative = raw.get("narrative") or {}
    if not isinstance(narrative, dict) or any(not isinstance(v, list) for v in narrative.values()):
        raise OpenDataError("字段 narrative 应为对象：章节键 → 段落列表。")
    data.narrative = {k: [str(p) for p in v] for k, v in narrative.items()}
    data.preamble = [str(p) for p in raw.get("preamble") or []]
    data.proactive = raw.get("proactive") or {}
    six = raw.get("section_six") or {}
    if not isinstance(six, dict) or any(not isinstance(v, int | float) or isinstance(v, bool) for v in six.values()):
        raise OpenDataError("字段 section_six 应为对象：项目 → 数字。")
    data.section_six = six
    return data


def from_json(text: str) -> ReportData:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise OpenDataError(f"JSON 语法错误：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}。") from None
    return from_dict(raw)


def detect_format(keys: set[tuple[str, str, str]]) -> Format:
    """The format whose cell addresses best cover the given ones."""
    best = max(all_formats().values(), key=lambda f: len(keys & set(f.addresses())))
    return best


def from_csv(text: str, *, year: int | None = None, agency_name: str = "", agency_code: str = "") -> ReportData:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        raise OpenDataError("CSV 文件为空。") from None
    if [h.strip() for h in header] != CSV_COLUMNS:
        raise OpenDataError(f"CSV 表头应为：{','.join(CSV_COLUMNS)}；实际为：{','.join(header)}。")
    rows = []
    for line_no, row in enumerate(reader, start=2):
        if not any(x.strip() for x in row):
            continue
        if len(row) != len(CSV_COLUMNS):
            raise OpenDataError(f"第 {line_no} 行：应有 {len(CSV_COLUMNS)} 列，实际 {len(row)} 列。")
        rows.append((line_no, row))
    if not rows:
        raise OpenDataError("CSV 文件没有单元格数据。")
    fmt = detect_format({(r[0], r[1], r[3]) for _, r in rows})
    data = ReportData(fmt.key, year or 0, agency_name, agency_code)
    for line_no, r in rows:
        table, row_key, _, col_key, _, kind, value = r
        if kind == "text" and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
            value = value[1:]  # undo the export's protection against spreadsheet formulas
        if not fmt.has_cell(table, row_key, col_key) and not _is_printed_group(fmt, table, row_key, col_key):
            raise OpenDataError(f"第 {line_no} 行：格式 {fmt.key} 没有单元格 {table}/{row_key}/{col_key}。")
        data.cells[(table, row_key, col_key)] = _cell_from(kind, value, f"第 {line_no} 行")
    return data
