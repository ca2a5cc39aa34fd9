"""Reading one table section's tokens into cells, by the official labels of the detected format.

Every cell is classified as a row label, a group or block label, a column header or a value; values are
assigned to the columns of the row they follow. Rows whose numbers ran together are split only where the
table's sums make the split unique. Value rows printed apart from their labels (PDF-to-Markdown converters)
are placed by the table's fixed row order when that leaves no choice. Each cell keeps where it came from and
how sure the reader is; a cell it could not read is recorded as unread, never as blank or 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.reports.definition import Format, Table, get_format
from gongkai.reports.model import Cell, Kind, ReportData, parse_cell

from .labels import label_index, match_key
from .split import split_row, t3_row_check, t4_check
from .stream import Tok

_SENTENCE_END = ("。", "；", "！", "？", ".", "：")
_VALUE_KINDS = (Kind.NUMBER, Kind.ZERO, Kind.SLASH, Kind.BLANK)
TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
OTHER_PARTS = ("other.no_correction", "other.unpaid_fee", "other.other")

NOT_PRINTED = "原报告把（六）其他处理印成一行，没有分项"
SURE, SPLIT_BY_ROW, SPLIT_BY_COLUMNS, BY_ORDER, BY_TEXT = 1.0, 0.95, 0.9, 0.8, 0.85


@dataclass(frozen=True)
class Origin:
    """Where a cell's value was read and how sure the reader is (1.0 = printed in its own cell)."""

    where: str
    confidence: float = SURE
    how: str = "cell"   # cell / split-row / split-columns / order / narrative / ocr / sum-of-parts

    def as_dict(self) -> dict:
        return {"where": self.where, "confidence": round(self.confidence, 3), "how": self.how}


@dataclass
class Val:
    text: str
    where: str = ""
    conf: float = 1.0


def kind_of(text: str) -> Kind:
    return _kind_cached(text)


_KIND_CACHE: dict[str, Kind] = {}


def _kind_cached(text: str) -> Kind:
    k = _KIND_CACHE.get(text)
    if k is None:
        k = parse_cell(text).kind
        if len(_KIND_CACHE) < 8192:
            _KIND_CACHE[text] = k
    return k


def is_value(text: str) -> bool:
    return kind_of(text) in _VALUE_KINDS


def is_blank(text: str) -> bool:
    return kind_of(text) is Kind.BLANK


def is_sentence(text: str) -> bool:
    s = text.strip()
    return len(s) > 40 or (len(s) > 12 and s.endswith(_SENTENCE_END))


def split_line(text: str) -> list[str]:
    """A text line holding a whole table row ("规章 0 0 0", "1 0 0 1 2 …") → its cells."""
    parts = text.split()
    if len(parts) >= 2 and is_value(parts[-1]):
        return parts
    return [text]


def row_label(table: Table, row_key: str) -> str:
    if row_key.startswith("#part:"):
        return get_format("2021").tables["t3"].row(row_key[6:]).label[:12] + "…"
    return table.row(row_key).label.split("（区分处理")[0] if table.has_row(row_key) else "（六）其他处理"


class TableReader:
    """Reads one table section's tokens into data.cells (and result.origins / result.unread)."""

    def __init__(self, fmt: Format, table: Table, result, grid_mode: bool):
        self.fmt, self.table, self.result = fmt, table, result
        self.data: ReportData = result.data
        self.problems: list[str] = result.problems
        self.index = label_index(fmt)
        self.grid_mode = grid_mode
        self.row_key: str | None = None
        self.values: list[Val] = []
        self.started = False
        self.narrative: list[str] = []
        self.frag = ""
        self.ambiguous: dict[str, list[list[str]]] = {}
        self.ambiguous_at: dict[str, str] = {}
        self.ambiguous_note: dict[str, str] = {}
        self.found = 0
        self.merged_other: list[Cell] | None = None   # 2021 report, （六） printed as one row
        self.merged_where: list[Origin] = []
        self.other_parts: list[list[Cell]] = []       # 2019 report, （六） printed as three rows
        self.events: list[tuple[str, object]] = []    # ("row", key) / ("orphan", [Val]) in document order
        self.orphan: list[Val] = []

    # ---------------------------------------------------------------- tokens
    def feed(self, tok: Tok) -> None:
        kind = tok.kind
        if kind == "row":
            self._commit_frag()
            self.finish_row()
            self._end_orphan()
            return
        if kind == "gap":
            self._commit_frag()
            self.finish_row()
            return
        if kind == "header":
            return
        if kind == "break":
            if not self.grid_mode and self.values:
                self.finish_row()
            return
        if kind == "para":
            if is_sentence(tok.text) and not self.index.match(tok.text):
                self.narrative.append(tok.text)
                return
            if self.grid_mode:
                self._end_orphan()
                self._para_row(tok)
                return
            kind = "line"
        if kind == "line":
            parts = split_line(tok.text)
            if len(parts) == 1 and is_sentence(tok.text) and not self.index.match(tok.text):
                if not self.started:
                    self.narrative.append(tok.text.strip())
                return
            for part in parts:
                self._cell(Val(part, tok.where, tok.conf))
            return
        self._cell(Val(tok.text, tok.where, tok.conf))

    def _para_row(self, tok: Tok) -> None:
        """Between grids, only a whole row on one line ("行政许可 97") counts; label fragments and stray numbers
        printed outside the grid do not (their rows are placed by the table's order)."""
        parts = split_line(tok.text)
        if len(parts) < 2:
            return
        target = self._match(parts[0])
        if target is None or target[1] != self.table.key or target[0] != "row" \
                or not all(is_value(p) for p in parts[1:]):
            return
        self.finish_row()
        self._label(target)
        for part in parts[1:]:
            self._value(Val(part, tok.where, tok.conf))
        self.finish_row()

    def _match(self, text: str):
        target = self.index.match(text)
        if target is None and self.table.has_row("other"):
            part = label_index(get_format("2021")).match(text)
            if part is not None and part[0] == "row" and part[2] in OTHER_PARTS:
                target = ("row", self.table.key, f"#part:{part[2]}")
        return target

    def _cell(self, val: Val) -> None:
        text = val.text
        value = is_value(text)
        target = self._match(text) if not value else None
        if target is not None and target[1] == self.table.key:
            self.frag = ""
            self._end_orphan()
            self._label(target)
            return
        if target is not None and target[0] == "header":
            return
        if value:
            self._commit_frag()
            self._value(val)
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
            self.values.append(val)  # a short word written in a data cell ("无")

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

    def _value(self, val: Val) -> None:
        if self.row_key is None:
            if self.grid_mode and self.started:
                self.orphan.append(val)  # a row of numbers printed without its label
            return
        if not self.grid_mode and len(self.values) >= self._needed():
            return  # placeholders of merged cells after a complete row
        self.values.append(val)

    def _end_orphan(self) -> None:
        if self.orphan:
            self.events.append(("orphan", self.orphan))
        self.orphan = []

    def _columns(self, row_key: str):
        return self.table.columns if row_key.startswith("#") else self.table.columns_for(row_key)

    # ---------------------------------------------------------------- rows
    def _where(self, row_key: str) -> str:
        return f"{TABLE_NAMES.get(self.table.key, self.table.key)}“{row_label(self.table, row_key)}”行"

    def finish_row(self) -> None:
        row_key, values = self.row_key, self.values
        self.row_key, self.values = None, []
        if row_key is None or (row_key == "#other" and not values):
            return
        columns = self._columns(row_key)
        fitted = self._fit(values, columns, self._where(row_key), row_key)
        if fitted is None:
            return
        cells, origins = fitted
        self.events.append(("row", row_key))
        if row_key == "#other":
            self.merged_other, self.merged_where = cells, origins
            return
        if row_key.startswith("#part:"):
            self.other_parts.append(cells)
            return
        for column, cell, origin in zip(columns, cells, origins, strict=True):
            self.put(row_key, column.key, cell, origin)

    def put(self, row_key: str, col_key: str, cell: Cell | None, origin: Origin | str) -> None:
        """Store a read cell with its origin, or (cell None, origin a reason) record it as unread."""
        address = (self.table.key, row_key, col_key)
        if cell is None:
            self.data.cells[address] = Cell.blank(source="imported", note="未读出")
            self.result.unread[address] = str(origin)
            self.result.origins.pop(address, None)
            return
        self.data.cells[address] = cell
        self.result.origins[address] = origin
        self.result.unread.pop(address, None)

    def _sure(self, vals: list[Val], how: str = "cell", confidence: float = SURE):
        cells = [parse_cell(v.text, source="imported") for v in vals]
        return cells, [Origin(v.where, min(confidence, v.conf), "ocr" if v.conf < 1 else how) for v in vals]

    def _fit(self, values: list[Val], columns, where: str, row_key: str):
        """(cells, origins) for a row — None cells are unread, their origin the reason — or None."""
        n = len(columns)
        vals = list(values)
        if len(vals) > n:
            vals = self._trim(vals, columns, where)
        if len(vals) == n:
            self.found += n
            return self._sure(vals)
        if not vals:
            self.problems.append(f"{where}没有找到数据。")
            return None
        check = t3_row_check if self.table.key == "t3" else t4_check if self.table.key == "t4" else None
        readings, complete = split_row([v.text for v in vals], n, check)
        at = vals[0].where
        if len(readings) == 1 and complete:
            run = "、".join(v.text.strip() for v in vals if len(v.text.strip()) > 1)
            how = "按本行合计唯一拆分" if check else "只有一种拆分"
            self.problems.append(f"{where}：数字“{run}”连在一起，已{how}为 {'、'.join(readings[0])}。")
            self.found += n
            conf = min([SPLIT_BY_ROW] + [v.conf for v in vals])
            return ([parse_cell(v, source="imported") for v in readings[0]],
                    [Origin(at, conf, "split-row")] * n)
        if readings:
            self.ambiguous[row_key] = readings if complete else []
            self.ambiguous_at[row_key] = at
            run = " ".join(v.text.strip() for v in vals)
            shown = "；".join("、".join(r) for r in readings[:3])
            more = f"（{len(readings)} 种可能，如 {shown}）" if complete else "（可能的拆分太多）"
            note = f"{where}：数字“{run}”连在一起，无法唯一拆分{more}，这些单元格记为未读出，请核对原文。"
            self.problems.append(note)
            self.ambiguous_note[row_key] = note
            reason = f"数字“{run}”连在一起，无法唯一拆分"
            return [None] * n, [reason] * n
        if self.grid_mode:
            self.problems.append(f"{where}只找到 {len(vals)} 个单元格，应有 {n} 个；缺少的单元格记为未读出。")
            self.found += len(vals)
            cells, origins = self._sure(vals)
            reason = f"该行只找到 {len(vals)} 个单元格"
            return cells + [None] * (n - len(vals)), origins + [reason] * (n - len(vals))
        self.problems.append(f"{where}只找到 {len(vals)} 个数字，应有 {n} 个，无法确定缺的是哪几格（原文的空白格"
                             "在文字中不占位置）：这一行记为未读出，请核对原文。")
        reason = f"该行只找到 {len(vals)} 个数字（应有 {n} 个）"
        return [None] * n, [reason] * n

    def _trim(self, vals: list[Val], columns, where: str) -> list[Val]:
        """More cells than columns: merged-cell placeholders, spans written out as empty cells, a subtotal."""
        n, spans = len(columns), [c.span for c in columns]
        total = sum(spans)
        while len(vals) > max(n, total) and is_blank(vals[0].text):
            vals = vals[1:]
        if len(vals) == total and total != n:
            out, pos = [], 0
            for span in spans:
                group = vals[pos:pos + span]
                out.append(next((v for v in group if not is_blank(v.text)), group[0]))
                pos += span
            return out
        filled = [v for v in vals if not is_blank(v.text)]
        if len(filled) == n:
            return filled
        if len(vals) > n and all(is_blank(v.text) for v in vals[n:]):
            return vals[:n]
        if self.table.key == "t3" and len(vals) == n + 1:
            numbers = [parse_cell(v.text).value for v in vals]
            if None not in numbers and numbers[1] == sum(numbers[2:7]):
                self.problems.append(f"{where}多了“法人或其他组织小计”列（格式没有这一列），已略去。")
                return [vals[0], *vals[2:]]
        self.problems.append(f"{where}有 {len(vals)} 个单元格，应有 {n} 个；多出的已略去。")
        return vals[:n]

    # ---------------------------------------------------------------- end of the table
    def finish_table(self) -> None:
        """Settle the （六）其他处理 deviations and the unlabelled rows once every row has been read."""
        self.finish_row()
        self._end_orphan()
        self._place_orphans()
        cols = self.table.columns
        if self.merged_other is not None:
            if any(("t3", k, c.key) in self.result.origins for k in OTHER_PARTS for c in cols):
                self.problems.append("表三多了“（六）其他处理”小计行（格式没有这一行），已略去。")
            else:
                self._merged_other()
        if self.other_parts:
            if any(("t3", "other", c.key) in self.result.origins for c in cols):
                self.problems.append("表三“（六）其他处理”之下多了分项行（2019 年格式只有一行），已略去分项。")
                return
            self.problems.append(f"表三把“（六）其他处理”分成了 {len(self.other_parts)} 项（2021 年格式的写法），"
                                 "2019 年格式只有一行：已将各项合计计入“（六）其他处理”。")
            for i, column in enumerate(cols):
                parts = [row[i] for row in self.other_parts]
                if all(p is not None and p.is_numeric for p in parts):
                    cell = Cell.number(sum(p.value for p in parts), source="imported", note="原报告分项之和")
                    self.put("other", column.key, cell, Origin("原报告各分项之和", SPLIT_BY_ROW, "sum-of-parts"))
                else:
                    self.put("other", column.key, None, "原报告分项未能全部读出")

    def _merged_other(self) -> None:
        """A 2021 report printing （六）其他处理 as one row: kept as printed, its three parts not printed."""
        self.problems.append("表三把“（六）其他处理”印成一行（2019 年格式的写法），2021 年格式分为三项：已按原样保留"
                             "该行；三个分项原报告没有印出，记为未读出；校验时以该行代替三项之和。")
        for column, cell, origin in zip(self.table.columns, self.merged_other, self.merged_where, strict=True):
            address = ("t3", "other", column.key)
            if cell is None:
                self.result.unread[address] = str(origin)
                continue
            self.data.cells[address] = cell
            self.result.origins[address] = origin
            self.result.printed[address] = cell
            for key in OTHER_PARTS:
                self.put(key, column.key, None, NOT_PRINTED)

    def _place_orphans(self) -> None:
        """Rows of numbers printed without their labels, between rows that have theirs: when a gap between two
        labelled rows holds exactly as many unlabelled rows as the format has unread rows there, they are those
        rows in the format's order (the only reading); otherwise they are left unread."""
        if not self.table.columns or not any(kind == "orphan" for kind, _ in self.events):
            return
        order = [r.key for r in self.table.rows]
        position = {k: i for i, k in enumerate(order)}
        last, pending = -1, []
        for kind, item in [*self.events, ("row", None)]:
            if kind == "orphan":
                pending.append(item)
                continue
            if item is not None and item not in position:
                continue
            nxt = position[item] if item is not None else len(order)
            if pending:
                slots = [k for k in order[last + 1:nxt] if (self.table.key, k, self.table.columns[0].key)
                         not in self.result.origins]
                self._fill(slots, pending)
            pending = []
            last = max(last, nxt)

    def _fill(self, slots: list[str], rows: list[list[Val]]) -> None:
        n = len(self.table.columns)
        full = [r for r in rows if len(r) == n]
        if len(full) == len(slots) and slots:
            for key, vals in zip(slots, full, strict=True):
                cells, origins = self._sure(vals, "order", BY_ORDER)
                for column, cell, origin in zip(self.table.columns, cells, origins, strict=True):
                    self.put(key, column.key, cell, origin)
                self.found += n
            names = "、".join(f"“{row_label(self.table, k)}”" for k in slots)
            self.problems.append(f"{TABLE_NAMES[self.table.key]}有 {len(slots)} 行数字与行名分开印出，已按格式的行序"
                                 f"放入{names}。")
        elif slots:
            names = "、".join(f"“{row_label(self.table, k)}”" for k in slots)
            self.problems.append(f"{TABLE_NAMES[self.table.key]}有 {len(rows)} 行数字没有行名，而{names}等 "
                                 f"{len(slots)} 行没有读到数字：无法确定对应关系，这些行记为未读出。")

    # ---------------------------------------------------------------- column identities
    def resolve_ambiguous(self) -> None:
        """Rows left ambiguous by their own total: keep the one reading that also satisfies the column sums."""
        for row_key, readings in list(self.ambiguous.items()):
            if self.table.key != "t3" or row_key.startswith("#"):
                continue
            fitting = [r for r in readings if self._columns_hold(row_key, r)]
            if len(fitting) != 1:
                continue
            self.settle(row_key, fitting[0], Origin(self.ambiguous_at.get(row_key, ""), SPLIT_BY_COLUMNS,
                                                    "split-columns"))
            self.problems.append(f"表三“{row_label(self.table, row_key)}”行：按各列勾稽关系唯一确定了拆分 "
                                 f"{'、'.join(fitting[0])}。")

    def settle(self, row_key: str, reading: list[str], origin: Origin) -> None:
        for column, v in zip(self._columns(row_key), reading, strict=True):
            self.put(row_key, column.key, parse_cell(v, source="imported"), origin)
        self.found += len(reading)
        self.ambiguous.pop(row_key, None)
        note = self.ambiguous_note.pop(row_key, None)
        if note in self.problems:
            self.problems.remove(note)

    def _columns_hold(self, row_key: str, reading: list[str]) -> bool:
        columns = self._columns(row_key)
        if len(columns) != len(reading):
            return False
        trial = dict(zip((c.key for c in columns), reading, strict=True))
        checked = False
        for rule in self.fmt.rules:
            p = rule.params
            if rule.kind != "sum_equal" or p.get("axis") != "column" or p.get("table") != self.table.key:
                continue
            rows = list(p["left"]) + list(p["right"])
            if row_key not in rows:
                continue
            for col in columns:
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
