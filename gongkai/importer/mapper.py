"""ONE mapper: a token stream (from any reader) → ReportData, by the official labels of the detected format.

Sections are found by their headings (when several headings could open a section, the table sections take the
one whose text holds the table); each table section is read by a TableReader; Table 4, which has no row labels,
is read from its rows of numbers. The result keeps, per cell, where it was read and how sure the reader is, and
the cells it could not read (unread — never blank, never 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.reports.definition import Format, all_formats
from gongkai.reports.model import Address, Cell, ReportData

from .agency import title_and_agency
from .labels import detect_format, label_index, section_for_heading
from .split import split_row, t4_check
from .stream import Tok
from .table_reader import TABLE_NAMES, Origin, TableReader, Val, is_blank, is_sentence, is_value, split_line
from .text_evidence import settle_by_narrative


@dataclass
class ReadResult:
    data: ReportData
    problems: list[str] = field(default_factory=list)
    shape: str = ""           # text / html / docx / pdf / markdown / ocr …
    cells_found: int = 0      # cells read from the document (not filled in as missing)
    origins: dict[Address, Origin] = field(default_factory=dict)
    unread: dict[Address, str] = field(default_factory=dict)     # cell → why it could not be read
    printed: dict[Address, Cell] = field(default_factory=dict)   # rows printed that the format has not

    @property
    def cells_total(self) -> int:
        return len(self.origins) + len(self.unread)


def read_proactive(paragraphs: list[str]) -> dict:
    """Section 二's sentence → {"total": 35, "channels": [{"name": "嘉祥政府网站", "count": 32}, …]}."""
    text = "".join(paragraphs)
    m = re.search(r"主动公开(?:政府)?信息\s*(\d+)\s*条", text)
    if not m:
        return {}
    channels = [{"name": name.strip(), "count": int(n)}
                for name, n in re.findall(r"通过([^，。；,]{2,30}?)发布(?:各类)?(?:政府)?信息\s*(\d+)\s*条", text)]
    return {"total": int(m.group(1)), "channels": channels}


# ------------------------------------------------------------------------------------------------ sections

def _table_evidence(toks: list[Tok], start: int, end: int, fmt: Format, table_key: str | None) -> int:
    """How much of a table a span holds: its labels and numbers."""
    index = label_index(fmt)
    score = 0
    for tok in toks[start:end]:
        if tok.kind in ("row", "break", "gap") or not tok.text:
            continue
        if is_value(tok.text) and not is_blank(tok.text):
            score += 1
            continue
        hit = index.match(tok.text) if len(tok.text) < 80 else None
        if hit is not None and hit[1] == table_key:
            score += 3
        elif tok.kind == "line":
            score += sum(1 for p in split_line(tok.text) if is_value(p))
    return score


def split_sections(toks: list[Tok], fmt: Format):
    """(head tokens, {section key: (heading, body tokens)})."""
    index = label_index(fmt)
    candidates: list[tuple[int, str, str]] = []
    for i, tok in enumerate(toks):
        if tok.kind in ("para", "line", "cell") and len(tok.text) < 80:
            key = section_for_heading(tok.text.strip())
            if key and index.match(tok.text) is None:
                candidates.append((i, key, tok.text.strip()))
    chosen: dict[str, tuple[int, str]] = {}
    positions = [c[0] for c in candidates] + [len(toks)]
    for section in fmt.sections:
        options = [(n, c) for n, c in enumerate(candidates) if c[1] == section.key]
        if not options:
            continue
        if section.content == "table" and len(options) > 1:
            scored = [(_table_evidence(toks, c[0] + 1, positions[n + 1], fmt, section.table), -c[0], c)
                      for n, c in options]
            best = max(scored)[2]
        else:
            best = options[0][1]
        chosen[section.key] = (best[0], best[2])
    for section in fmt.sections:
        if section.key in chosen or section.content != "table":
            continue
        start = _unheaded_table(toks, fmt, section.table, chosen)
        if start is not None:
            chosen[section.key] = (start, "")
    order = sorted(chosen.items(), key=lambda kv: kv[1][0])
    head_end = order[0][1][0] if order else len(toks)
    sections: dict[str, tuple[str, list[Tok]]] = {}
    for n, (key, (pos, heading)) in enumerate(order):
        end = order[n + 1][1][0] if n + 1 < len(order) else len(toks)
        body_start = pos + 1 if heading else pos
        sections[key] = (heading, toks[body_start:end])
    return toks[:head_end], sections


def _unheaded_table(toks, fmt, table_key, chosen) -> int | None:
    """A table printed without its section heading: where its first row label stands."""
    index = label_index(fmt)
    for i, tok in enumerate(toks):
        if tok.kind in ("cell", "line", "para") and len(tok.text) < 80:
            hit = index.match(tok.text)
            if hit is not None and hit[0] == "row" and hit[1] == table_key:
                return i
    return None


def _narrative(toks: list[Tok]) -> list[str]:
    return [t.text.strip() for t in toks if t.kind in ("para", "line") and t.text.strip()]


# ------------------------------------------------------------------------------------------------ 表四

_TRAILING_DIGITS = re.compile(r"^(.*?)(\d[\d\s]*)$")
_T4_GROUPS = (("suit_after", ("复议后起诉",)), ("suit_direct", ("未经复议", "直接起诉")), ("review", ("行政复议",)))


def _t4_rows(toks: list[Tok]):
    """[(values, header text before them)] for each row of numbers in the section."""
    rows, current, header = [], [], ""
    for tok in toks + [Tok("", "row")]:
        if tok.kind in ("row", "break", "gap"):
            if current:
                rows.append((current, header))
                header = ""
            current = []
            continue
        if tok.kind == "para" and is_sentence(tok.text):
            continue
        parts = split_line(tok.text) if tok.kind in ("line", "para") else [tok.text]
        for part in parts:
            if is_value(part):
                if not is_blank(part) or tok.kind == "cell":
                    current.append(Val(part, tok.where, tok.conf))
                continue
            m = _TRAILING_DIGITS.match(part)
            if m and m.group(1):
                if current:
                    rows.append((current, header))
                    header, current = "", []
                header += m.group(1)
                current.extend(Val(p, tok.where, tok.conf) for p in m.group(2).split())
                continue
            if current:
                rows.append((current, header))
                header, current = "", []
            header += part
    return [(r, h) for r, h in rows if any(not is_blank(v.text) for v in r)]


def read_table4(reader: TableReader, toks: list[Tok]) -> None:
    """Table 4: one row of 15 numbers (three groups of five). Rows of five are placed only where their group
    is known — never shifted into another group."""
    table = reader.table
    columns = table.columns
    row = table.rows[0].key
    rows = _t4_rows(toks)
    reader.started = bool(rows)
    full = [r for r, _ in rows if len(r) == len(columns)]
    if full:
        cells, origins = reader._sure(full[0])
        for column, cell, origin in zip(columns, cells, origins, strict=True):
            reader.put(row, column.key, cell, origin)
        reader.found += len(columns)
        return
    fives = [(r, h) for r, h in rows if len(r) == 5]
    if fives and len(fives) == len(rows):
        _t4_groups(reader, fives)
        return
    flat = [v for r, _ in rows for v in r]
    if not flat:
        reader.problems.append("没有找到表四的数据。")
        for column in columns:
            reader.put(row, column.key, None, "没有找到表四的数字")
        return
    readings, complete = split_row([v.text for v in flat], len(columns), t4_check)
    if len(readings) == 1 and complete:
        if len(flat) != len(columns):
            reader.problems.append(f"表四：数字“{' '.join(v.text for v in flat)}”连在一起，已按各组合计唯一拆分。")
        for column, v in zip(columns, readings[0], strict=True):
            reader.put(row, column.key, reader._sure([Val(v)])[0][0],
                       Origin(flat[0].where, 0.95 if len(flat) != len(columns) else flat[0].conf, "split-row"))
        reader.found += len(columns)
        return
    reader.problems.append(f"表四找到 {len(flat)} 个数字，应有 {len(columns)} 个，无法确定各属哪一组：表四记为未读出。")
    for column in columns:
        reader.put(row, column.key, None, "表四的数字无法确定归属")


def _t4_groups(reader: TableReader, fives) -> None:
    table = reader.table
    row = table.rows[0].key
    groups = ["review", "suit_direct", "suit_after"]
    assigned: dict[str, list[Val]] = {}
    if len(fives) == 3:
        assigned = dict(zip(groups, [r for r, _ in fives], strict=True))
    else:
        for values, header in fives:
            group = next((g for g, words in _T4_GROUPS if any(w in header for w in words)), None)
            if group is not None and group not in assigned:
                assigned[group] = values
    for group in groups:
        cols = [c for c in table.columns if c.key.startswith(group + ".")]
        vals = assigned.get(group)
        if vals is None:
            for c in cols:
                reader.put(row, c.key, None, "表四这一组的数字没有找到或无法确定归属")
            continue
        cells, origins = reader._sure(vals)
        for c, cell, origin in zip(cols, cells, origins, strict=True):
            reader.put(row, c.key, cell, origin)
        reader.found += 5
    missing = [g for g in groups if g not in assigned]
    if missing:
        names = {"review": "行政复议", "suit_direct": "未经复议直接起诉", "suit_after": "复议后起诉"}
        reader.problems.append(f"表四分成几段印出，{'、'.join(names[g] for g in missing)}一组无法确定是哪几个数字，"
                               "记为未读出（不挪用其他组的数字）。")


# ------------------------------------------------------------------------------------------------ document

def map_tokens(toks: list[Tok], shape: str = "text") -> ReadResult:
    all_text = "\n".join(t.text for t in toks if t.text)
    fmt = detect_format(all_text, all_formats())
    head, sections = split_sections(toks, fmt)
    title, agency_name, year, preamble = title_and_agency(head)
    data = ReportData(fmt.key, year, agency_name, "", title)
    data.preamble = preamble
    data.found_headings = {key: heading for key, (heading, _) in sections.items() if heading}
    result = ReadResult(data, [], shape)
    problems = result.problems
    if year and not fmt.covers(year):
        span = f"{fmt.first_year}—{fmt.last_year} 年度" if fmt.last_year else f"{fmt.first_year} 年度起"
        problems.append(f"{year} 年度报告使用的是{fmt.name}（{fmt.document}）的表格，该格式适用于 {span}，请核对。")
    grid_mode = any(t.kind == "row" for t in toks)
    readers = []
    for section in fmt.sections:
        if section.key not in sections:
            problems.append(f"没有找到第{section.number}部分“{section.heading}”。")
            continue
        heading, body = sections[section.key]
        if section.content == "narrative":
            data.narrative[section.key] = _narrative(body)
            continue
        if not heading:
            problems.append(f"没有找到第{section.number}部分的标题“{section.heading}”，已按表格的行名读取{TABLE_NAMES[section.table]}。")
        table = fmt.tables[section.table]
        reader = TableReader(fmt, table, result, grid_mode)
        if table.row_header:
            for tok in body:
                reader.feed(tok)
            reader.finish_table()
            readers.append(reader)
            if reader.narrative:
                data.narrative[section.key] = reader.narrative
        else:
            read_table4(reader, body)
            narrative = [t.text.strip() for t in body if t.kind in ("para", "line") and is_sentence(t.text)]
            if narrative:
                data.narrative[section.key] = narrative
        result.cells_found += reader.found
    for reader in readers:
        reader.resolve_ambiguous()
    for reader in readers:
        settle_by_narrative(reader, data)
    data.proactive = read_proactive(data.narrative.get("s2", []))
    for address in fmt.addresses():
        if address not in data.cells:
            data.cells[address] = Cell.blank(source="imported", note="未读出")
            result.unread.setdefault(address, "原报告中没有找到这一格")
        elif address not in result.origins and address not in result.unread:
            result.unread[address] = "未读出"
    result.cells_found = len([a for a in result.origins if fmt.has_cell(*a)])
    return result
