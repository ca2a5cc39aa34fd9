"""Read a published annual report from plain text (e.g. text extracted from Word, every table cell on its
own line, with tabs, ideographic spaces and blank cells) into ReportData."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.reports.definition import all_formats
from gongkai.reports.model import Cell, Kind, ReportData, parse_cell

from .labels import detect_format, label_key, section_for_heading, table_labels

TITLE_YEAR = re.compile(r"^(.*?)(20\d{2})\s*年")


@dataclass
class ReadResult:
    data: ReportData
    problems: list[str] = field(default_factory=list)


def _is_value(line: str) -> bool:
    return parse_cell(line).kind in (Kind.NUMBER, Kind.ZERO, Kind.SLASH, Kind.BLANK)


def _split_sections(lines: list[str]):
    """(preamble lines, title lines, {section key: (heading, [lines])}) in document order."""
    sections: dict[str, tuple[str, list[str]]] = {}
    current, head = None, []
    for line in lines:
        stripped = line.strip()
        # a heading starts at the margin; table labels such as "三、本年度办理结果" are indented cells
        key = section_for_heading(stripped) if not line.startswith("\t") else None
        if key and key not in sections:
            current = key
            sections[key] = (stripped, [])
            continue
        if current is None:
            head.append(line)
        else:
            sections[current][1].append(line)
    return head, sections


def _paragraphs(lines: list[str]) -> list[str]:
    return [ln.strip() for ln in lines if ln.strip()]


def _read_block_table(fmt, table_key: str, lines: list[str], data: ReportData, problems: list[str]) -> list[str]:
    """Read a table whose cells each stand on their own line. Returns the narrative lines before the table."""
    table = fmt.tables[table_key]
    labels = table_labels(fmt, table_key)
    narrative, started, i = [], False, 0
    while i < len(lines):
        key = labels.get(label_key(lines[i]))
        if key is None:
            if not started and lines[i].strip() and not lines[i].startswith("\t"):
                narrative.append(lines[i])
            i += 1
            continue
        started = True
        i += 1
        if key.startswith("#"):
            continue
        columns = table.columns_for(key)
        values = []
        while len(values) < len(columns) and i < len(lines) and labels.get(label_key(lines[i])) is None:
            values.append(lines[i])
            i += 1
        if len(values) < len(columns):
            problems.append(f"{table_key}“{table.row(key).label}”行只找到 {len(values)} 个单元格，应有 {len(columns)} 个。")
        for column, raw in zip(columns, values, strict=False):
            data.cells[(table_key, key, column.key)] = parse_cell(raw, source="imported")
    return narrative


def _read_headerless_table(fmt, table_key: str, lines: list[str], data: ReportData, problems: list[str]):
    """表四: no row labels; the data cells follow the last header cell."""
    table = fmt.tables[table_key]
    header = {label_key(c.label) for c in table.columns} | {label_key(g.label) for g in table.column_groups.values()}
    last_header = max((i for i, ln in enumerate(lines) if label_key(ln) in header), default=-1)
    if last_header < 0:
        problems.append(f"没有找到{table_key}的表头。")
        return
    values = [ln for ln in lines[last_header + 1:] if ln.strip() and _is_value(ln)]
    columns = table.columns
    if len(values) < len(columns):
        problems.append(f"{table_key}只找到 {len(values)} 个单元格，应有 {len(columns)} 个。")
    for column, raw in zip(columns, values, strict=False):
        data.cells[(table_key, table.rows[0].key, column.key)] = parse_cell(raw, source="imported")


def _title(head: list[str]) -> tuple[str, list[str]]:
    """The title lines (up to the one ending in 报告) and the preamble after them."""
    lines = _paragraphs(head)
    for i, line in enumerate(lines):
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


def read_text(text: str) -> ReadResult:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fmt = detect_format(text, all_formats())
    head, sections = _split_sections(lines)
    title, preamble = _title(head)
    m = TITLE_YEAR.match(title)
    agency_name, year = (m.group(1).strip(), int(m.group(2))) if m else ("", 0)
    data = ReportData(fmt.key, year, agency_name, "", title)
    data.preamble = preamble
    data.found_headings = {key: heading for key, (heading, _) in sections.items()}
    problems: list[str] = []
    for section in fmt.sections:
        if section.key not in sections:
            problems.append(f"没有找到第{section.number}部分“{section.heading}”。")
            continue
        body = sections[section.key][1]
        if section.content == "narrative":
            data.narrative[section.key] = _paragraphs(body)
        elif fmt.tables[section.table].row_header:
            before = _read_block_table(fmt, section.table, body, data, problems)
            if before:
                data.narrative[section.key] = _paragraphs(before)
        else:
            _read_headerless_table(fmt, section.table, body, data, problems)
    data.proactive = read_proactive(data.narrative.get("s2", []))
    for address in fmt.addresses():
        data.cells.setdefault(address, Cell.blank(source="imported"))
    return ReadResult(data, problems)
