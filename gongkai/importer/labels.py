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
