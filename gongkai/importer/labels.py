"""Matching what a published report wrote against the official labels of a format."""

from __future__ import annotations

import re
import unicodedata

from gongkai.reports.definition import Format

_DROP = re.compile(r"[\s\u3000\u00a0\u200b\ufeff“”\"'‘’「」『』:：,，;；]+")
_SECTION_KEYWORDS = {
    "s1": ("总体情况",),
    "s2": ("主动公开",),
    "s3": ("收到和处理", "申请情况", "依申请"),
    "s4": ("复议", "诉讼"),
    "s5": ("存在的主要问题", "主要问题", "改进情况"),
    "s6": ("其他需要报告", "其他事项"),
}
SECTION_NUMBER = re.compile(r"^([一二三四五六七八九十]{1,2})[、.．]\s*(.+)$")


def label_key(text: str) -> str:
    """A comparison key: NFKC, no spaces, quotes or list punctuation, unified brackets and dots."""
    s = unicodedata.normalize("NFKC", text or "")
    s = _DROP.sub("", s)
    s = s.replace("(", "（").replace(")", "）").replace("．", ".").replace("。", "")
    return s


def section_for_heading(line: str) -> str | None:
    """The section key a heading line such as "三、收到和处理政府信息公开申请情况" belongs to."""
    m = SECTION_NUMBER.match(unicodedata.normalize("NFKC", line.strip()).replace("(", "（"))
    if not m or len(m.group(2)) > 40:
        return None
    title = label_key(m.group(2))
    for key, words in _SECTION_KEYWORDS.items():
        if any(w in title for w in words):
            return key
    return None


def table_labels(fmt: Format, table: str) -> dict[str, str]:
    """label key → row key, for one table (block labels map to '#block:KEY')."""
    t = fmt.tables[table]
    out = {label_key(r.label): r.key for r in t.rows if r.label}
    for b in t.blocks:
        out[label_key(b.label)] = f"#block:{b.key}"
    for g in t.row_groups.values():
        out.setdefault(label_key(g.label), f"#group:{g.key}")
    return out


def detect_format(text: str, formats: dict[str, Format]) -> Format:
    """The format whose distinctive labels the document uses most (2019 vs 2021)."""
    key = label_key(text)
    best, best_score = None, -1
    for fmt in formats.values():
        score = 0
        for table in fmt.tables.values():
            for r in table.rows:
                if r.label and label_key(r.label) in key:
                    score += 1
            for b in table.blocks:
                for c in b.columns:
                    if label_key(c.label) in key:
                        score += 1
        if score > best_score:
            best, best_score = fmt, score
    return best


# ------------------------------------------------------------------------------ tolerant label index

_NUMBERING = re.compile(r"^(\d{1,2})[、,，.．]")
_LEADING_NUMBER = re.compile(r"^(?:（[一二三四五六七八九十]{1,2}）|[一二三四五六七八九十]{1,2}、|\d{1,2}\.)")


def _common_ratio(a: str, b: str) -> float:
    """The longest common subsequence of a and b as a share of the longer one."""
    if not a or not b:
        return 0.0
    previous = [0] * (len(b) + 1)
    for ca in a:
        current = [0]
        for j, cb in enumerate(b, 1):
            current.append(previous[j - 1] + 1 if ca == cb else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1] / max(len(a), len(b))


def match_key(text: str) -> str:
    """label_key plus the numbering variants published reports use ("1、" for "1.")."""
    return _NUMBERING.sub(r"\1.", label_key(text))


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def allowed_distance(key: str) -> int:
    """Typos tolerated in a label of this length: 2 for long labels, 1 for medium, none for short."""
    return 2 if len(key) >= 8 else 1 if len(key) >= 5 else 0


class LabelIndex:
    """Every label of one format's tables → what it names: ("row", table, key), ("group", table, key),
    ("block", table, key) or ("header", table, label). Matching is exact on match_key first, then by edit
    distance for long labels (the best unique match)."""

    def __init__(self, fmt: Format):
        self.fmt = fmt
        self.targets: dict[str, tuple[str, str, str]] = {}
        for t in fmt.tables.values():
            for r in t.rows:
                if r.label:
                    self.targets[match_key(r.label)] = ("row", t.key, r.key)
            for b in t.blocks:
                self.targets[match_key(b.label)] = ("block", t.key, b.key)
                for c in b.columns:
                    self.targets.setdefault(match_key(c.label), ("header", t.key, c.label))
            for g in t.row_groups.values():
                self.targets.setdefault(match_key(g.label), ("group", t.key, g.key))
            for g in t.column_groups.values():
                self.targets.setdefault(match_key(g.label), ("header", t.key, g.label))
            for c in t.columns:
                self.targets.setdefault(match_key(c.label), ("header", t.key, c.label))
            for extra in (t.head, t.corner):
                if extra:
                    self.targets.setdefault(match_key(extra), ("header", t.key, extra))
        self._aliases_from_other_formats()
        self._cache: dict[str, tuple[str, str, str] | None] = {}
        self._labels = [k for k, v in self.targets.items() if v[0] in ("row", "group", "block")]
        # the row labels without their numbering ("予以公开" for "（一）予以公开"), where that is unambiguous
        bodies: dict[str, list[tuple[str, str, str]]] = {}
        for k, v in self.targets.items():
            if v[0] in ("row", "group"):
                body = _LEADING_NUMBER.sub("", k)
                if body != k and len(body) >= 4:
                    bodies.setdefault(body, []).append(v)
        self._bodies = {b: vs[0] for b, vs in bodies.items() if len(set(vs)) == 1 and b not in self.targets}
        self._numbered: dict[str, list[tuple[str, str]]] = {}
        for k, v in self.targets.items():
            m = _LEADING_NUMBER.match(k)
            if m and v[0] == "row":
                self._numbered.setdefault(m.group(0), []).append((k[m.end():], k))

    def _aliases_from_other_formats(self) -> None:
        """A row label of the other format for the same row (2019 "规范性文件" ↔ 2021 "行政规范性文件"): reports
        keep printing the old label after a format change, and the other way round."""
        from gongkai.reports.definition import all_formats

        for other in all_formats().values():
            if other.key == self.fmt.key:
                continue
            for t in other.tables.values():
                mine = self.fmt.tables.get(t.key)
                if mine is None:
                    continue
                for r in t.rows:
                    if r.label and mine.has_row(r.key):
                        self.targets.setdefault(match_key(r.label), ("row", t.key, r.key))

    def match(self, text: str) -> tuple[str, str, str] | None:
        key = match_key(text)
        if not key:
            return None
        if key in self._cache:
            return self._cache[key]
        found = self.targets.get(key)
        if found is None and len(key) >= 5:
            limit = allowed_distance(key)
            scored = sorted((edit_distance(key, k, limit), k) for k in self.targets
                            if abs(len(k) - len(key)) <= limit and allowed_distance(k) >= 1)
            scored = [(d, k) for d, k in scored if d <= min(limit, allowed_distance(k))]
            if scored and (len(scored) == 1 or scored[0][0] < scored[1][0]):
                found = self.targets[scored[0][1]]
        if found is None:
            found = self._bodies.get(key) or self._numbered_match(key)
        self._cache[key] = found
        return found

    def _numbered_match(self, key: str) -> tuple[str, str, str] | None:
        """A numbered row label with a typo or a dropped word ("2.其他法律行政止公开"): the one row of that number
        whose label keeps most of the printed characters in order."""
        m = _LEADING_NUMBER.match(key)
        if not m or len(key) - m.end() < 4:
            return None
        body = key[m.end():]
        scored = sorted(((_common_ratio(body, other), full) for other, full in self._numbered.get(m.group(0), [])),
                        reverse=True)
        if scored and scored[0][0] >= 0.7 and (len(scored) == 1 or scored[1][0] < scored[0][0] - 0.2):
            return self.targets[scored[0][1]]
        return None

    def prefixed(self, key: str) -> list[tuple[str, str, str]]:
        """Row/group/block labels that start with this (normalised) fragment."""
        return [self.targets[k] for k in self._labels if k.startswith(key)] if key else []

    def unique_row_prefix(self, key: str) -> tuple[str, str, str] | None:
        """The one row label a fragment of at least four characters begins."""
        if len(key) < 4:
            return None
        found = [t for t in self.prefixed(key) if t[0] == "row"]
        return found[0] if len(found) == 1 else None


_INDEXES: dict[str, LabelIndex] = {}


def label_index(fmt: Format) -> LabelIndex:
    if fmt.key not in _INDEXES:
        _INDEXES[fmt.key] = LabelIndex(fmt)
    return _INDEXES[fmt.key]
