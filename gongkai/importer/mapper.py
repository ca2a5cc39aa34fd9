"""ONE mapper: a token stream (from any reader) → ReportData, by the official labels of the detected format.

Sections are found by their headings; inside a table section every cell is classified as a row label, a group
or block label, a column header or a value, and values are assigned to the columns of the row they follow.
Rows whose numbers ran together are split only where the table's sums make the split unique.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from gongkai.reports.definition import Format, Table, all_formats, get_format
from gongkai.reports.model import Cell, Kind, ReportData, parse_cell

from .labels import detect_format, label_index, match_key, section_for_heading
from .split import split_row, t3_row_check, t4_check
from .stream import Tok

TITLE_YEAR = re.compile(r"^(.*?)(20\d{2})\s*年")
ANY_YEAR = re.compile(r"(20\d{2})\s*年")
_SENTENCE_END = ("。", "；", "！", "？", ".", "：")
_VALUE_KINDS = (Kind.NUMBER, Kind.ZERO, Kind.SLASH, Kind.BLANK)
TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
OTHER_PARTS = ("other.no_correction", "other.unpaid_fee", "other.other")


@dataclass
class ReadResult:
    data: ReportData
    problems: list[str] = field(default_factory=list)
    shape: str = ""           # text / html / docx / pdf / markdown
    cells_found: int = 0      # cells read from the document (not filled in as missing)


@lru_cache(maxsize=4096)
def _kind(text: str) -> Kind:
    return parse_cell(text).kind


def is_value(text: str) -> bool:
    return _kind(text) in _VALUE_KINDS


def _is_blank(text: str) -> bool:
    return _kind(text) is Kind.BLANK


def _is_sentence(text: str) -> bool:
    s = text.strip()
    return len(s) > 40 or (len(s) > 12 and s.endswith(_SENTENCE_END))


def _split_line(text: str) -> list[str]:
    """A text line holding a whole table row ("规章 0 0 0", "1 0 0 1 2 …") → its cells."""
    parts = text.split()
    if len(parts) >= 2 and is_value(parts[-1]):
        return parts
    return [text]


def _label_of(table: Table, row_key: str) -> str:
    if row_key.startswith("#part:"):
        return get_format("2021").tables["t3"].row(row_key[6:]).label[:12] + "…"
    return table.row(row_key).label.split("（区分处理")[0] if table.has_row(row_key) else "（六）其他处理"


class TableReader:
    """Reads one table section's tokens into data.cells."""

    def __init__(self, fmt: Format, table: Table, data: ReportData, problems: list[str], grid_mode: bool):
        self.fmt, self.table, self.data, self.problems = fmt, table, data, problems
        self.index = label_index(fmt)
        self.grid_mode = grid_mode
        self.row_key: str | None = None
        self.values: list[str] = []
        self.started = False
        self.narrative: list[str] = []
        self.frag = ""
        self.ambiguous: dict[str, list[list[str]]] = {}
        self.found = 0
        self.merged_other: list[Cell] | None = None   # 2021 report, （六） printed as one row
        self.other_parts: list[list[Cell]] = []       # 2019 report, （六） printed as three rows

    # ---------------------------------------------------------------- tokens
    def feed(self, tok: Tok) -> None:
        if tok.kind == "row":
            self._commit_frag()
            self.finish_row()
            return
        if tok.kind == "break":
            if not self.grid_mode and self.values:
                self.finish_row()
            return
        if tok.kind == "para":
            self.narrative.append(tok.text)
            return
        if tok.kind == "line":
            parts = _split_line(tok.text)
            if len(parts) == 1 and _is_sentence(tok.text) and not self.index.match(tok.text):
                if not self.started:
                    self.narrative.append(tok.text.strip())
                return
            for part in parts:
                self._cell(part)
            return
        self._cell(tok.text)

    def _cell(self, text: str) -> None:
        target = self.index.match(text) if not is_value(text) else None
        if target is None and self.table.has_row("other") and not is_value(text):
            part = label_index(get_format("2021")).match(text)
            if part is not None and part[0] == "row" and part[2] in OTHER_PARTS:
                target = ("row", self.table.key, f"#part:{part[2]}")
        if target is not None and target[1] == self.table.key:
            self.frag = ""
            self._label(target)
            return
        if target is not None and target[0] == "header":
            return
        if is_value(text):
            self._commit_frag()
            self._value(text)
            return
        key = match_key(text)
        if not self.grid_mode and key:
            grown = self.frag + key
            if self.index.prefixed(grown):
                self.frag = grown
            else:
                self._commit_frag()
                self.frag = key if self.index.prefixed(key) else ""
            hit = self.index.targets.get(self.frag)
            if hit is not None and hit[1] == self.table.key:
                self.frag = ""
                self._label(hit)
            if self.frag or self.index.prefixed(key):
                return
        if self.row_key and self.grid_mode and len(key) <= 6:
            self.values.append(text)  # a short word written in a data cell ("无")

    def _commit_frag(self) -> None:
        if self.frag:
            hit = self.index.unique_row_prefix(self.frag)
            self.frag = ""
            if hit is not None and hit[1] == self.table.key:
                self._label(hit)

    def _label(self, target) -> None:
        kind, _, key = target
        self.started = True
        if kind == "row":
            self.finish_row()
            self.row_key, self.values = key, []
        elif self.row_key and self.row_key != "#other" and not self.values:
            return  # a group label printed beside the row label (merged cells, vertical labels)
        elif kind == "group" and key == "other" and not self.table.has_row("other"):
            self.finish_row()
            self.row_key, self.values = "#other", []
        else:
            self.finish_row()

    def _needed(self) -> int:
        return len(self._columns(self.row_key)) if self.row_key else 0

    def _value(self, text: str) -> None:
        if self.row_key is None:
            return
        if not self.grid_mode and len(self.values) >= self._needed():
            return  # placeholders of merged cells after a complete row
        self.values.append(text)

    def _columns(self, row_key: str):
        return self.table.columns if row_key.startswith("#") else self.table.columns_for(row_key)

    # ---------------------------------------------------------------- rows
    def finish_row(self) -> None:
        row_key, values = self.row_key, self.values
        self.row_key, self.values = None, []
        if row_key is None or (row_key == "#other" and not values):
            return
        columns = self._columns(row_key)
        label = _label_of(self.table, row_key)
        where = f"{TABLE_NAMES.get(self.table.key, self.table.key)}“{label}”行"
        cells = self._fit(values, columns, where, row_key)
        if cells is None:
            return
        if row_key == "#other":
            self.merged_other = cells
            return
        if row_key.startswith("#part:"):
            self.other_parts.append(cells)
            return
        for column, cell in zip(columns, cells, strict=True):
            self.data.cells[(self.table.key, row_key, column.key)] = cell

    def _fit(self, values: list[str], columns, where: str, row_key: str) -> list[Cell] | None:
        n = len(columns)
        vals = list(values)
        if len(vals) > n:
            vals = self._trim(vals, columns, where)
        if len(vals) == n:
            self.found += n
            return [parse_cell(v, source="imported") for v in vals]
        if not vals:
            self.problems.append(f"{where}没有找到数据。")
            return None
        check = t3_row_check if self.table.key == "t3" else t4_check if self.table.key == "t4" else None
        readings, complete = split_row(vals, n, check)
        if len(readings) == 1 and complete:
            run = "、".join(v.strip() for v in vals if len(v.strip()) > 1)
            self.problems.append(f"{where}：数字“{run}”连在一起，已按本行合计唯一拆分为 {'、'.join(readings[0])}。")
            self.found += n
            return [parse_cell(v, source="imported") for v in readings[0]]
        if readings:
            self.ambiguous[row_key] = readings if complete else []
            run = " ".join(v.strip() for v in vals)
            self.problems.append(f"{where}：数字“{run}”连在一起，无法唯一拆分（{len(readings)} 种以上可能），请核对原文。")
            return [Cell(Kind.TEXT, None, f"无法拆分：{run}", "imported") for _ in columns]
        self.problems.append(f"{where}只找到 {len(vals)} 个单元格，应有 {n} 个。")
        self.found += len(vals)
        return [parse_cell(v, source="imported") for v in vals] + [Cell.blank(source="imported")] * (n - len(vals))

    def _trim(self, vals: list[str], columns, where: str) -> list[str]:
        """More cells than columns: merged-cell placeholders, spans written out as empty cells, a subtotal."""
        n, spans = len(columns), [c.span for c in columns]
        total = sum(spans)
        while len(vals) > max(n, total) and _is_blank(vals[0]):
            vals = vals[1:]
        if len(vals) == total and total != n:
            out, pos = [], 0
            for span in spans:
                group = vals[pos:pos + span]
                out.append(next((v for v in group if not _is_blank(v)), group[0]))
                pos += span
            return out
        filled = [v for v in vals if not _is_blank(v)]
        if len(filled) == n:
            return filled
        if self.table.key == "t3" and len(vals) == n + 1:
            numbers = [parse_cell(v).value for v in vals]
            if None not in numbers and numbers[1] == sum(numbers[2:7]):
                self.problems.append(f"{where}多了“法人或其他组织小计”列（格式没有这一列），已略去。")
                return [vals[0], *vals[2:]]
        self.problems.append(f"{where}有 {len(vals)} 个单元格，应有 {n} 个；多出的已略去。")
        return vals[:n]

    def finish_table(self) -> None:
        """Settle the （六）其他处理 deviations once every row of the table has been read."""
        self.finish_row()
        cols = self.table.columns
        if self.merged_other is not None:
            if any(("t3", k, c.key) in self.data.cells for k in OTHER_PARTS for c in cols):
                self.problems.append("表三多了“（六）其他处理”小计行（格式没有这一行），已略去。")
            else:
                self._merged_other(self.merged_other)
        if self.other_parts:
            if any(("t3", "other", c.key) in self.data.cells for c in cols):
                self.problems.append("表三“（六）其他处理”之下多了分项行（2019 年格式只有一行），已略去分项。")
                return
            self.problems.append(f"表三把“（六）其他处理”分成了 {len(self.other_parts)} 项（2021 年格式的写法），"
                                 "2019 年格式只有一行：已将各项合计计入“（六）其他处理”。")
            for i, column in enumerate(cols):
                parts = [row[i] for row in self.other_parts]
                if all(p.is_numeric for p in parts):
                    cell = Cell.number(sum(p.value for p in parts), source="imported", note="原报告分项之和")
                else:
                    cell = Cell(Kind.TEXT, None, "+".join(p.display or "空白" for p in parts), "imported")
                self.data.cells[("t3", "other", column.key)] = cell

    def _merged_other(self, cells: list[Cell]) -> None:
        """A 2021 report printing （六）其他处理 as one row: keep its sum in 3.其他, the two others as 0."""
        self.problems.append("表三把“（六）其他处理”印成一行（2019 年格式的写法），2021 年格式分为三项：已将该行计入"
                             "“3.其他”，“1.逾期不补正”“2.逾期未缴费”两项记为 0，请核对。")
        for column, cell in zip(self.table.columns, cells, strict=True):
            self.data.cells[("t3", "other.other", column.key)] = cell
            for key in ("other.no_correction", "other.unpaid_fee"):
                self.data.cells[("t3", key, column.key)] = Cell.number(0, source="imported", note="原报告未分项")

    # ---------------------------------------------------------------- headerless 表四
    def read_headerless(self, toks: list[Tok]) -> None:
        columns = self.table.columns
        rows, current = [], []
        for tok in toks:
            if tok.kind in ("row", "break"):
                if current:
                    rows.append(current)
                current = []
            elif tok.kind in ("cell", "line"):
                current.extend(_split_line(tok.text) if tok.kind == "line" else [tok.text])
            elif tok.kind == "para" and not _is_sentence(tok.text):
                current.extend(_split_line(tok.text))
        rows.append(current)
        data_rows = [r for r in rows if any(is_value(v) and not _is_blank(v) for v in r)
                     and all(is_value(v) for v in r)]
        if data_rows and (self.grid_mode or len(data_rows[-1]) == len(columns)):
            values = data_rows[-1]
        else:
            flat = [v for r in rows for v in r]
            start = next((i for i, v in enumerate(flat) if self.index.match(v) is not None), -1)
            values = [v for v in flat[start + 1:] if is_value(v) and not _is_blank(v)] if start >= 0 else []
        if not values:
            self.problems.append(f"没有找到{TABLE_NAMES.get(self.table.key)}的数据。")
            return
        self.started = True
        cells = self._fit(values, columns, TABLE_NAMES.get(self.table.key, self.table.key), "count")
        for column, cell in zip(columns, cells or [], strict=False):
            self.data.cells[(self.table.key, self.table.rows[0].key, column.key)] = cell

    # ---------------------------------------------------------------- column identities
    def resolve_ambiguous(self) -> None:
        """Rows left ambiguous by their own total: keep the one reading that also satisfies the column sums."""
        for row_key, readings in self.ambiguous.items():
            fitting = [r for r in readings if self._columns_hold(row_key, r)]
            if len(fitting) != 1:
                continue
            for column, v in zip(self.table.columns, fitting[0], strict=True):
                self.data.cells[(self.table.key, row_key, column.key)] = parse_cell(v, source="imported")
            self.found += len(self.table.columns)
            label = _label_of(self.table, row_key)
            self.problems.append(f"表三“{label}”行：按各列勾稽关系唯一确定了拆分 {'、'.join(fitting[0])}。")

    def _columns_hold(self, row_key: str, reading: list[str]) -> bool:
        trial = dict(zip((c.key for c in self.table.columns), reading, strict=True))
        checked = False
        for rule in self.fmt.rules:
            p = rule.params
            if rule.kind != "sum_equal" or p.get("axis") != "column" or p.get("table") != self.table.key:
                continue
            rows = list(p["left"]) + list(p["right"])
            if row_key not in rows:
                continue
            for col in self.table.columns:
                def value(r, col=col):
                    if r == row_key:
                        return parse_cell(trial[col.key]).value
                    return self.data.value(self.table.key, r, col.key)
                left = [value(r) for r in p["left"]]
                right = [value(r) for r in p["right"]]
                if None in left or None in right:
                    continue
                checked = True
                if sum(left) != sum(right):
                    return False
        return checked


# ------------------------------------------------------------------------------------------------ document

def _split_sections(toks: list[Tok], fmt: Format):
    index = label_index(fmt)
    head: list[Tok] = []
    sections: dict[str, tuple[str, list[Tok]]] = {}
    current = None
    for tok in toks:
        if tok.kind in ("para", "line"):
            key = section_for_heading(tok.text.strip())
            if key and key not in sections and index.match(tok.text) is None:
                current = key
                sections[key] = (tok.text.strip(), [])
                continue
        if current is None:
            head.append(tok)
        else:
            sections[current][1].append(tok)
    return head, sections


def _title(head: list[Tok]) -> tuple[str, list[str]]:
    lines = [t.text.strip() for t in head if t.kind in ("para", "line") and t.text.strip()]
    for i, line in enumerate(lines[:6]):
        if line.endswith("报告"):
            return "".join(lines[: i + 1]), lines[i + 1:]
    return (lines[0] if lines else ""), lines[1:]


def read_proactive(paragraphs: list[str]) -> dict:
    """Section 二's sentence → {"total": 35, "channels": [{"name": "嘉祥政府网站", "count": 32}, …]}."""
    text = "".join(paragraphs)
    m = re.search(r"主动公开(?:政府)?信息\s*(\d+)\s*条", text)
    if not m:
        return {}
    channels = [{"name": name.strip(), "count": int(n)}
                for name, n in re.findall(r"通过([^，。；,]{2,30}?)发布(?:各类)?(?:政府)?信息\s*(\d+)\s*条", text)]
    return {"total": int(m.group(1)), "channels": channels}


def _narrative(toks: list[Tok]) -> list[str]:
    return [t.text.strip() for t in toks if t.kind in ("para", "line") and t.text.strip()]


def map_tokens(toks: list[Tok], shape: str = "text") -> ReadResult:
    all_text = "\n".join(t.text for t in toks if t.text)
    fmt = detect_format(all_text, all_formats())
    head, sections = _split_sections(toks, fmt)
    title, preamble = _title(head)
    m = TITLE_YEAR.match(title)
    agency_name, year = (m.group(1).strip(), int(m.group(2))) if m else ("", 0)
    if not year:
        found = ANY_YEAR.search(title) or ANY_YEAR.search("".join(preamble))
        year = int(found.group(1)) if found else 0
    data = ReportData(fmt.key, year, agency_name, "", title)
    data.preamble = preamble
    data.found_headings = {key: heading for key, (heading, _) in sections.items()}
    problems: list[str] = []
    if year and not fmt.covers(year):
        span = f"{fmt.first_year}—{fmt.last_year} 年度" if fmt.last_year else f"{fmt.first_year} 年度起"
        problems.append(f"{year} 年度报告使用的是{fmt.name}（{fmt.document}）的表格，该格式适用于 {span}，请核对。")
    grid_mode = any(t.kind == "row" for t in toks)
    found = 0
    for section in fmt.sections:
        if section.key not in sections:
            problems.append(f"没有找到第{section.number}部分“{section.heading}”。")
            continue
        body = sections[section.key][1]
        if section.content == "narrative":
            data.narrative[section.key] = _narrative(body)
            continue
        table = fmt.tables[section.table]
        reader = TableReader(fmt, table, data, problems, grid_mode)
        if table.row_header:
            for tok in body:
                reader.feed(tok)
            reader.finish_table()
            reader.resolve_ambiguous()
            if reader.narrative:
                data.narrative[section.key] = reader.narrative
        else:
            reader.read_headerless(body)
        found += reader.found
    data.proactive = read_proactive(data.narrative.get("s2", []))
    for address in fmt.addresses():
        data.cells.setdefault(address, Cell.blank(source="imported"))
    return ReadResult(data, problems, shape, found)
