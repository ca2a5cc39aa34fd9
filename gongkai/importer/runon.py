"""Run-on text: a report's web page as a crawler or a browser copy saved it, the whole report on a few long
lines and every table row's labels and numbers glued together (``…申请数量230 000023二、上年结转…``).

Such a line is cut into tokens the mapper reads like any other text: section headings found inside the line
(tolerating a stray character), narrative pieces as lines, and in the tabular pieces each row label (the
longest label a run of non-digits ends with) followed by its digit runs. A digit run keeps its spaces as cell
boundaries; where there are none the mapper splits the run using the table's sums, or says it cannot.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .labels import edit_distance, label_index, match_key
from .stream import GAP, Tok

MIN_RUN_ON = 150
_NUMERALS = "一二三四五六七八九十"
_HEADING_START = re.compile(rf"([{_NUMERALS}]{{1,2}})[、.．]")
_UNIT = r"(?:万元|元|件|项|个|条|次)"
# a number run: digits with spaces between cells, an optional decimal part and unit; or a lone dash cell
_NUMBER_RUN = re.compile(rf"\d[\d \u3000\u00a0]*(?:\.\d+)?{_UNIT}?")
_BOUNDARY = re.compile(rf"（[{_NUMERALS}]{{1,2}}）|[{_NUMERALS}]{{1,2}}、|\d[.．、]")
_LABEL_THEN_DIGIT = re.compile(r"[\u4e00-\u9fff）”][ \u3000]?\d")
# a table cell's digits are followed by the next label or number, a narrative figure by its unit
_GLUED = re.compile(r"[\u4e00-\u9fff）”][ \u3000]?\d[\d \u3000]*(?![\d.]|\s*[件条项个次年月日号%％万元余多人家期场篇])")
_TITLE = re.compile(r"^(.{4,80}?(?:工作)?年度报告)[ \u3000]+")


@lru_cache(maxsize=1)
def _formats():
    from gongkai.reports.definition import all_formats

    return list(all_formats().values())


@lru_cache(maxsize=1)
def _section_titles() -> list[tuple[str, str]]:
    """(number, normalised title) of every section of every format, aliases included."""
    out = set()
    for fmt in _formats():
        for s in fmt.sections:
            for title in (s.title, *s.aliases):
                out.add((s.number, match_key(title)))
    return sorted(out, key=lambda t: -len(t[1]))


@lru_cache(maxsize=1)
def _row_keys() -> frozenset[str]:
    """The normalised row labels (and the （六） group label) of every format's tables."""
    keys = set()
    for fmt in _formats():
        index = label_index(fmt)
        keys.update(k for k, v in index.targets.items() if v[0] in ("row", "group") and len(k) >= 2)
    return frozenset(keys)


def is_run_on(line: str) -> bool:
    """A long line with table rows glued inside it (not a long narrative paragraph)."""
    if len(line) < MIN_RUN_ON:
        return False
    return len(_LABEL_THEN_DIGIT.findall(line)) >= 4 and any(
        _heading_at(line, m.start()) for m in _HEADING_START.finditer(line) if m.start() > 0)


def _heading_at(line: str, pos: int) -> str | None:
    """The section heading starting at pos ("四、政府信息公开行政法复议、行政诉讼情况"), or None."""
    m = _HEADING_START.match(line, pos)
    if not m:
        return None
    start = m.end()
    window = line[start:start + 48]
    best = None
    for number, title in _section_titles():
        if number != m.group(1) and len(title) < 6:
            continue
        limit = 0 if len(title) < 6 else 1 if len(title) < 14 else 2
        for extra in range(-limit, limit + 1):
            n = len(title) + extra
            if n <= 0 or n > len(window):
                continue
            # compare the normalised window of about the title's length
            raw = window[:n + 4]
            for cut in range(n, min(len(raw), n + 4) + 1):
                piece = raw[:cut]
                key = match_key(piece)
                if abs(len(key) - len(title)) > limit:
                    continue
                d = edit_distance(key, title, limit)
                if d <= limit and (best is None or d < best[0] or (d == best[0] and cut > best[1])):
                    best = (d, cut)
                    if d == 0:
                        break
    if best is None:
        return None
    return line[pos:start + best[1]]


def _pieces(line: str) -> list[tuple[bool, str]]:
    """[(is_heading, text)]: the line cut at its section headings."""
    out: list[tuple[bool, str]] = []
    last = 0
    pos = 0
    for m in _HEADING_START.finditer(line):
        if m.start() < pos:
            continue
        heading = _heading_at(line, m.start())
        if heading is None:
            continue
        if line[last:m.start()].strip():
            out.append((False, line[last:m.start()].strip()))
        out.append((True, heading.strip()))
        pos = last = m.start() + len(heading)
    if line[last:].strip():
        out.append((False, line[last:].strip()))
    return out


def _is_tabular(piece: str) -> bool:
    """Labels glued to numbers, and (almost) no sentences: narrative has full stops, a table none."""
    return len(_GLUED.findall(piece)) >= 1 and piece.count("。") <= 2


def _label_suffix(run: str) -> tuple[str, str | None]:
    """(prefix, label): the longest row label the run of non-digits ends with."""
    keys = _row_keys()
    for i in range(len(run)):
        if match_key(run[i:]) in keys:
            return run[:i], run[i:]
    starts = [0, *(m.start() for m in _BOUNDARY.finditer(run))]
    for i in sorted(set(starts)):
        tail = run[i:]
        if len(match_key(tail)) < 4:
            continue
        for fmt in _formats():
            hit = label_index(fmt).match(tail)
            if hit is not None and hit[0] in ("row", "group"):
                return run[:i], tail
    return run, None


def _runs(piece: str) -> list[tuple[bool, str]]:
    """[(is_number, text)], a label's numbering ("2.") given back to the label after it."""
    out: list[tuple[bool, str]] = []
    pos = 0
    for m in _NUMBER_RUN.finditer(piece):
        if m.start() > pos:
            out.append((False, piece[pos:m.start()]))
        out.append((True, m.group(0)))
        pos = m.end()
    if pos < len(piece):
        out.append((False, piece[pos:]))
    fixed: list[tuple[bool, str]] = []
    for i, (is_number, text) in enumerate(out):
        if is_number and i + 1 < len(out) and not out[i + 1][0] and out[i + 1][1][:1] in ".．、" \
                and re.search(r"\d$", text.rstrip()):
            # "00000002" + ".其他法律…": the last digit numbers the next label
            head, digit = text.rstrip()[:-1], text.rstrip()[-1]
            if head.strip():
                fixed.append((True, head))
            out[i + 1] = (False, digit + out[i + 1][1])
            continue
        fixed.append((is_number, text))
    return fixed


def _table_tokens(piece: str, at: str) -> list[Tok]:
    toks: list[Tok] = []
    runs = _runs(piece)
    merged: list[tuple[bool, str]] = []
    for is_number, text in runs:  # a non-number run that is only a unit or a closing bracket joins its number
        if merged and not is_number and merged[-1][0] and re.fullmatch(_UNIT, text.strip()):
            merged[-1] = (True, merged[-1][1] + text.strip())
            continue
        merged.append((is_number, text))
    for is_number, text in merged:
        if is_number:
            toks.extend(Tok(part, "cell", at) for part in text.split())
            continue
        text = text.strip()
        if not text:
            continue
        prefix, label = _label_suffix(text)
        if label is None:
            toks.append(Tok(text, "line", at) if _sentence(text) else Tok(text, "header", at))
            continue
        if prefix.strip():
            toks.append(Tok(prefix.strip(), "line", at) if _sentence(prefix) else Tok(prefix.strip(), "header", at))
        toks.append(GAP)
        toks.append(Tok(label, "cell", at))
    return toks


def _sentence(text: str) -> bool:
    return len(text) > 40 and ("。" in text or "，" in text)


def run_on_tokens(line: str, at: str) -> list[Tok]:
    toks: list[Tok] = []
    for i, (is_heading, text) in enumerate(_pieces(line)):
        if is_heading:
            toks.append(Tok(text, "line", at))
            continue
        if i == 0:
            m = _TITLE.match(text)
            if m:
                toks.append(Tok(m.group(1), "line", at))
                text = text[m.end():]
        if _is_tabular(text):
            toks.extend(_table_tokens(text, at))
        elif text.strip():
            toks.append(Tok(text.strip(), "line", at))
    return toks
