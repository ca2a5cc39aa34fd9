"""Settling a run-together row from what the report's own text states.

A Table 2 row such as ``行政规范性文件8855698`` has no sum to split it by. When the narrative states the row's
figures ("现行有效行政规范性文件698件"、"制发的规范性文件88件") and exactly one of the possible splits agrees with
every such statement while all cells but one are stated, that split is the report's own reading — not a guess.
"""

from __future__ import annotations

import re

from gongkai.reports.definition import all_formats

from .table_reader import BY_TEXT, Origin, row_label

# words a sentence uses for a Table 2 column (the longest that matches wins)
COLUMN_WORDS = {
    "issued": ("制发", "制定", "出台", "印发"),
    "repealed": ("废止", "宣布失效"),
    "in_force": ("现行有效",),
    "made": ("新制作", "制作", "制定", "制发"),
    "published": ("新公开",),
    "total": ("对外公开总", "累计公开"),
    "prev_items": ("上一年",),
    "decisions": ("处理决定",),
    "projects": ("采购项目",),
}
_CLAUSE = re.compile(r"[，。；！？,;（）()]")
_NUMBER = re.compile(r"(\d+)\s*(?:件|项|个|条)")


def _row_words(table_key: str, row_key: str) -> tuple[str, ...]:
    words = set()
    for fmt in all_formats().values():
        t = fmt.tables.get(table_key)
        if t is not None and t.has_row(row_key) and t.row(row_key).label:
            label = t.row(row_key).label
            words.add(label)
            if label.startswith("行政") and len(label) > 4:
                words.add(label[2:])
    return tuple(sorted(words, key=len, reverse=True))


def statements(paragraphs: list[str], table_key: str, row_key: str, columns) -> dict[str, tuple[int, str]]:
    """column key → (number, clause) the text states for this row."""
    words = _row_words(table_key, row_key)
    out: dict[str, tuple[int, str]] = {}
    for para in paragraphs:
        for clause in _CLAUSE.split(para):
            if not any(w in clause for w in words):
                continue
            numbers = _NUMBER.findall(clause)
            if len(numbers) != 1:
                continue
            best = []
            for column in columns:
                hits = [w for w in COLUMN_WORDS.get(column.key, ()) if w in clause]
                if hits:
                    best.append((max(len(w) for w in hits), column.key))
            best.sort(reverse=True)
            if not best or (len(best) > 1 and best[0][0] == best[1][0]):
                continue
            out.setdefault(best[0][1], (int(numbers[0]), clause.strip()))
    return out


def settle_by_narrative(reader, data) -> None:
    paragraphs = list(data.preamble) + [p for ps in data.narrative.values() for p in ps]
    if not paragraphs:
        return
    for row_key, readings in list(reader.ambiguous.items()):
        if not readings or row_key.startswith("#"):
            continue
        columns = reader._columns(row_key)
        stated = statements(paragraphs, reader.table.key, row_key, columns)
        if len(stated) < len(columns) - 1:
            continue
        agreeing = [r for r in readings
                    if all(not r[i].isdigit() or c.key not in stated or int(r[i]) == stated[c.key][0]
                           for i, c in enumerate(columns))]
        if len(agreeing) != 1:
            continue
        reader.settle(row_key, agreeing[0], Origin(reader.ambiguous_at.get(row_key, ""), BY_TEXT, "narrative"))
        quotes = "”“".join(clause for _, clause in stated.values())
        reader.problems.append(f"{reader._where(row_key)}：数字连在一起，按正文“{quotes}”唯一确定为 "
                               f"{'、'.join(agreeing[0])}（{row_label(reader.table, row_key)}）。")
