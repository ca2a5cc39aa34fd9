"""Load and validate the official report formats (formats/*.toml).

A definition is data: sections, tables with their header structure, rows and columns with stable keys and
official labels, value kinds and units, and the consistency rules with their parameters. Everything else
(compute, render, validate, import) reads these objects and never hard-codes a table.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

FORMATS_DIR = Path(__file__).parent / "formats"
VALUE_KINDS = {"count", "amount", "signed"}
SEVERITIES = {"error", "warning"}
LAYOUTS = {"grid", "blocks"}


class DefinitionError(Exception):
    """A format definition is malformed; raised at load time and reported by `gongkai check`."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    path: tuple[str, ...]
    value: str = "count"
    unit: str = "件"
    span: int = 1


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    path: tuple[str, ...]
    block: str | None = None
    outcome: bool = False
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    key: str
    label: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    parent: str | None


@dataclass
class Table:
    key: str
    layout: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...] = ()          # grid tables
    blocks: tuple[Block, ...] = ()            # block tables (表二)
    row_groups: dict[str, Group] = field(default_factory=dict)
    column_groups: dict[str, Group] = field(default_factory=dict)
    row_parents: dict[str, str | None] = field(default_factory=dict)
    column_parents: dict[str, str | None] = field(default_factory=dict)
    grid_columns: int = 0
    head: str = ""
    corner: str = ""
    row_header: bool = True

    def __post_init__(self):
        self._rows = {r.key: r for r in self.rows}
        self._block_of = {r.key: b for b in self.blocks for r in b.rows}
        self._columns = {c.key: c for c in self.columns}
        for b in self.blocks:
            for c in b.columns:
                self._columns.setdefault(c.key, c)

    def row(self, key: str) -> Row:
        return self._rows[key]

    def has_row(self, key: str) -> bool:
        return key in self._rows

    def has_column(self, key: str) -> bool:
        return key in self._columns

    def columns_for(self, row_key: str) -> tuple[Column, ...]:
        block = self._block_of.get(row_key)
        return block.columns if block else self.columns

    def column(self, row_key: str, col_key: str) -> Column:
        for c in self.columns_for(row_key):
            if c.key == col_key:
                return c
        raise KeyError((self.key, row_key, col_key))

    def addresses(self):
        """Every cell of the table, in document order, as (row_key, col_key)."""
        for r in self.rows:
            for c in self.columns_for(r.key):
                yield r.key, c.key

    def outcome_rows(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.outcome)


@dataclass(frozen=True)
class Section:
    key: str
    number: str
    title: str
    content: str
    table: str | None = None
    aliases: tuple[str, ...] = ()   # other titles real reports of this format use, accepted by rule S-1

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"

    @property
    def accepted_headings(self) -> tuple[str, ...]:
        return (self.heading, *(f"{self.number}、{a}" for a in self.aliases))


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    severity: str
    title: str
    params: dict


@dataclass
class Format:
    key: str
    name: str
    document: str
    first_year: int
    last_year: int | None
    sections: tuple[Section, ...]
    tables: dict[str, Table]
    rules: tuple[Rule, ...]

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def addresses(self):
        for t in self.tables.values():
            for r, c in t.addresses():
                yield t.key, r, c

    def has_cell(self, table: str, row: str, col: str) -> bool:
        t = self.tables.get(table)
        return bool(t and t.has_row(row) and any(c.key == col for c in t.columns_for(row)))

    def column(self, table: str, row: str, col: str) -> Column:
        return self.tables[table].column(row, col)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def narrative_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.content == "narrative")

    @property
    def label(self) -> str:
        return f"{self.name}（{self.document}）"


# ------------------------------------------------------------------------------------------- parsing

_TOP_KEYS = {"key", "name", "document", "first_year", "last_year", "sections", "tables", "rules"}
_SECTION_KEYS = {"key", "number", "title", "content", "table", "aliases"}
_TABLE_KEYS = {"layout", "grid_columns", "head", "corner", "row_header", "value", "unit", "column_groups",
               "columns", "row_groups", "rows", "blocks"}
_BLOCK_KEYS = {"key", "label", "columns", "rows"}
_COLUMN_KEYS = {"key", "label", "value", "unit", "span", "group"}
_ROW_KEYS = {"key", "label", "group", "outcome", "codes"}
_GROUP_KEYS = {"key", "label", "group"}
_RULE_BASE_KEYS = {"id", "kind", "severity", "title"}


class _Collector:
    def __init__(self, source: str):
        self.source = source
        self.problems: list[str] = []

    def add(self, where: str, message: str):
        self.problems.append(f"{self.source}: {where}: {message}")

    def keys(self, where: str, obj: dict, allowed: set[str], required: set[str] = frozenset()):
        if not isinstance(obj, dict):
            self.add(where, "应为表（table）")
            return False
        for k in obj:
            if k not in allowed:
                self.add(where, f"未知的键“{k}”")
        for k in required:
            if k not in obj:
                self.add(where, f"缺少键“{k}”")
        return True


def _paths(groups: dict[str, Group], start: str | None, leaf_label: str) -> tuple[str, ...]:
    labels, seen, node = [leaf_label], set(), start
    while node is not None and node in groups and node not in seen:
        seen.add(node)
        labels.append(groups[node].label)
        node = groups[node].parent
    return tuple(reversed(labels))


def _groups(raw: list, where: str, col: _Collector) -> dict[str, Group]:
    out: dict[str, Group] = {}
    for i, g in enumerate(raw or []):
        w = f"{where}[{i}]"
        if not col.keys(w, g, _GROUP_KEYS, {"key", "label"}):
            continue
        if g["key"] in out:
            col.add(w, f"分组键“{g['key']}”重复")
        out[g["key"]] = Group(g["key"], g["label"], g.get("group"))
    for g in out.values():
        if g.parent is not None and g.parent not in out:
            col.add(where, f"分组“{g.key}”的上级“{g.parent}”不存在")
    return out


def _check_contiguous(items: list, parents: dict, groups: dict, where: str, col: _Collector):
    """Every group's members (leaves, at any depth) must stand together, or no header can be drawn."""
    for gkey in groups:
        positions = []
        for i, item in enumerate(items):
            node = parents.get(item.key)
            while node is not None:
                if node == gkey:
                    positions.append(i)
                    break
                node = groups[node].parent if node in groups else None
        if positions and positions != list(range(positions[0], positions[-1] + 1)):
            col.add(where, f"分组“{gkey}”的成员不连续")
        if not positions:
            col.add(where, f"分组“{gkey}”没有成员")


def _columns(raw: list, where: str, col: _Collector, groups: dict, default_value: str, default_unit: str):
    out, parents, seen = [], {}, set()
    for i, c in enumerate(raw or []):
        w = f"{where}[{i}]"
        if not col.keys(w, c, _COLUMN_KEYS, {"key", "label"}):
            continue
        if c["key"] in seen:
            col.add(w, f"列键“{c['key']}”重复")
        seen.add(c["key"])
        value = c.get("value", default_value)
        if value not in VALUE_KINDS:
            col.add(w, f"未知的取值类型“{value}”")
        if c.get("group") is not None and c["group"] not in groups:
            col.add(w, f"所属分组“{c['group']}”不存在")
        parents[c["key"]] = c.get("group")
        out.append(Column(c["key"], c["label"], _paths(groups, c.get("group"), c["label"]), value,
                          c.get("unit", default_unit), int(c.get("span", 1))))
    return out, parents


def _rows(raw: list, where: str, col: _Collector, groups: dict, block: Block | None, seen: set):
    out, parents = [], {}
    for i, r in enumerate(raw or []):
        w = f"{where}[{i}]"
        if not col.keys(w, r, _ROW_KEYS, {"key", "label"}):
            continue
        if r["key"] in seen:
            col.add(w, f"行键“{r['key']}”重复")
        seen.add(r["key"])
        if r.get("group") is not None and r["group"] not in groups:
            col.add(w, f"所属分组“{r['group']}”不存在")
        parents[r["key"]] = r.get("group")
        prefix = (block,) if block else ()
        out.append(Row(r["key"], r["label"], prefix + _paths(groups, r.get("group"), r["label"]),
                       block=None, outcome=bool(r.get("outcome", False)), codes=tuple(r.get("codes", ()))))
    return out, parents


def _table(key: str, raw: dict, col: _Collector) -> Table | None:
    where = f"tables.{key}"
    if not col.keys(where, raw, _TABLE_KEYS, {"layout"}):
        return None
    layout = raw["layout"]
    if layout not in LAYOUTS:
        col.add(where, f"未知的版式“{layout}”")
        return None
    value, unit = raw.get("value", "count"), raw.get("unit", "件")
    if layout == "grid":
        cgroups = _groups(raw.get("column_groups"), f"{where}.column_groups", col)
        rgroups = _groups(raw.get("row_groups"), f"{where}.row_groups", col)
        columns, cparents = _columns(raw.get("columns"), f"{where}.columns", col, cgroups, value, unit)
        rows, rparents = _rows(raw.get("rows"), f"{where}.rows", col, rgroups, None, set())
        if not columns or not rows:
            col.add(where, "表格至少要有一行一列")
        _check_contiguous(columns, cparents, cgroups, f"{where}.columns", col)
        _check_contiguous(rows, rparents, rgroups, f"{where}.rows", col)
        return Table(key, layout, tuple(rows), tuple(columns), (), rgroups, cgroups, rparents, cparents,
                     head=raw.get("head", ""), corner=raw.get("corner", ""),
                     row_header=bool(raw.get("row_header", True)))
    blocks, all_rows, seen = [], [], set()
    width = int(raw.get("grid_columns", 0))
    for i, b in enumerate(raw.get("blocks") or []):
        w = f"{where}.blocks[{i}]"
        if not col.keys(w, b, _BLOCK_KEYS, {"key", "label", "columns", "rows"}):
            continue
        columns, _ = _columns(b["columns"], f"{w}.columns", col, {}, value, unit)
        rows, _ = _rows(b["rows"], f"{w}.rows", col, {}, b["label"], seen)
        rows = [Row(r.key, r.label, r.path, b["key"], r.outcome, r.codes) for r in rows]
        if 1 + sum(c.span for c in columns) != width:
            col.add(w, f"各列跨度之和加标签列应为 {width}")
        blocks.append(Block(b["key"], b["label"], tuple(columns), tuple(rows)))
        all_rows.extend(rows)
    if not blocks:
        col.add(where, "分块表格至少要有一个分块")
    return Table(key, layout, tuple(all_rows), (), tuple(blocks), grid_columns=width, head=raw.get("head", ""))


def parse(raw: dict, source: str) -> Format:
    """Build a Format from parsed TOML, collecting every structural problem before failing."""
    from .rules import check_rule  # rules know their own parameters

    col = _Collector(source)
    col.keys("(top)", raw, _TOP_KEYS, {"key", "name", "document", "first_year", "sections", "tables", "rules"})
    tables = {}
    for key, traw in (raw.get("tables") or {}).items():
        t = _table(key, traw, col)
        if t:
            tables[key] = t
    sections, seen = [], set()
    for i, s in enumerate(raw.get("sections") or []):
        w = f"sections[{i}]"
        if not col.keys(w, s, _SECTION_KEYS, {"key", "number", "title", "content"}):
            continue
        if s["key"] in seen:
            col.add(w, f"章节键“{s['key']}”重复")
        seen.add(s["key"])
        if s["content"] == "table" and s.get("table") not in tables:
            col.add(w, f"章节引用的表格“{s.get('table')}”不存在")
        sections.append(Section(s["key"], s["number"], s["title"], s["content"], s.get("table"),
                                tuple(s.get("aliases", ()))))
    fmt = Format(raw.get("key", "?"), raw.get("name", ""), raw.get("document", ""), int(raw.get("first_year", 0)),
                 raw.get("last_year"), tuple(sections), tables, ())
    rules, ids = [], set()
    for i, r in enumerate(raw.get("rules") or []):
        w = f"rules[{i}]"
        if not isinstance(r, dict) or not {"id", "kind", "severity", "title"} <= set(r):
            col.add(w, "规则须有 id、kind、severity、title")
            continue
        if r["id"] in ids:
            col.add(w, f"规则编号“{r['id']}”重复")
        ids.add(r["id"])
        if r["severity"] not in SEVERITIES:
            col.add(w, f"未知的严重程度“{r['severity']}”")
        rule = Rule(r["id"], r["kind"], r["severity"], r["title"],
                    {k: v for k, v in r.items() if k not in _RULE_BASE_KEYS})
        for problem in check_rule(rule, fmt):
            col.add(f"{w}（{r['id']}）", problem)
        rules.append(rule)
    fmt.rules = tuple(rules)
    if col.problems:
        raise DefinitionError(col.problems)
    return fmt


def load_file(path: Path) -> Format:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DefinitionError([f"{path.name}: TOML 语法错误：{exc}"]) from exc
    return parse(raw, path.name)


@cache
def all_formats() -> dict[str, Format]:
    formats = {}
    for path in sorted(FORMATS_DIR.glob("*.toml")):
        fmt = load_file(path)
        formats[fmt.key] = fmt
    return formats


def get_format(key: str) -> Format:
    try:
        return all_formats()[key]
    except KeyError:
        from gongkai.core.errors import GongkaiError

        raise GongkaiError(f"未知的报告格式“{key}”（可选：{'、'.join(all_formats())}）。") from None


def format_for_year(year: int, override: str | None = None) -> Format:
    """≤2020 → 2019 trial format; ≥2021 → 2021 format; `override` picks one explicitly."""
    if override:
        return get_format(override)
    candidates = [f for f in all_formats().values() if f.covers(year)]
    if not candidates:
        candidates = [min(all_formats().values(), key=lambda f: f.first_year)]
    return max(candidates, key=lambda f: f.first_year)
