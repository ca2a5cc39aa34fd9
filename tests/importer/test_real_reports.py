"""The reader on reports agencies really published (tests/importer/real, plus any further ones in
../shared/corpus/real beside the checkout): every hand-checked cell read, never a wrong number, and each
report's published consistency problems found with no false error."""

import json
import re
from pathlib import Path

import pytest

from gongkai.importer.checks import check
from gongkai.importer.detect import read_path
from gongkai.reports.render.opendata import csv_rows

HERE = Path(__file__).parent / "real"
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "real"
# cells the published document itself cannot settle, left unread (never guessed): Table 2 of the 2019 page text
# has six rows of glued digits without any sum (e.g. 规范性文件 898989 = 8/9/8989, 89/89/89, …); the ground truth
# took them from the agency's HTML page and the next year's report, which the reader is not given.
UNSETTLED = {"pingtan-2019.txt": 17}
CHECKS = (("row:", {"T3-3"}), ("column:", {"T3-1", "T3-2"}), ("narrative vs table", {"X-1"}))
NORM = re.compile(r"[\s　（）()“”\"'、.．,，:：/\\\-—_]+")


def _norm(s) -> str:
    return NORM.sub("", str(s or ""))


def _corpus():
    entries = {e["file"]: (HERE / e["file"], e) for e in json.loads((HERE / "truth.json").read_text("utf-8"))}
    if (SHARED / "truth.json").is_file():
        for e in json.loads((SHARED / "truth.json").read_text("utf-8")):
            entries.setdefault(e["file"], (SHARED / e["file"], e))
    return [pytest.param(path, entry, id=name) for name, (path, entry) in sorted(entries.items())]


def _flatten(tree, prefix=()):
    for k, v in tree.items():
        if isinstance(v, dict) and v and all(not isinstance(x, dict) for x in v.values()):
            yield prefix + (k,), v
        elif isinstance(v, dict):
            yield from _flatten(v, prefix + (k,))


def truth_cells(gt):
    for table, key in (("t2", "section2"), ("t3", "section3")):
        for path, cols in _flatten(gt.get(key, {})):
            for c, v in cols.items():
                yield table, path, (c,), v
    s4 = gt.get("section4", {})
    for c, v in s4.get("行政复议", {}).items():
        yield "t4", (), ("行政复议", c), v
    for g, cols in s4.get("行政诉讼", {}).items():
        for c, v in cols.items():
            yield "t4", (), ("行政诉讼", g, c), v


def _find(rows, table, rpath, cpath):
    """The read cell whose official labels end like the truth's (the scorer's matching)."""
    rn, cn = [_norm(x) for x in rpath], [_norm(x) for x in cpath]
    best = None
    for r in rows:
        if r[0] != table or (rn and not _norm(r[2]).endswith(rn[-1])) or not _norm(r[4]).endswith(cn[-1]):
            continue
        score = sum(x in _norm(r[2]) for x in rn) + sum(x in _norm(r[4]) for x in cn)
        if best is None or score > best[0]:
            best = (score, r)
    return best[1] if best else None


def _value(row):
    if row[5] == "zero":
        return 0.0
    if row[5] in ("blank", "slash"):
        return None
    try:
        return float(row[6])
    except ValueError:
        return row[6]


@pytest.mark.parametrize(("path", "entry"), _corpus())
def test_every_hand_checked_cell_is_read_and_none_is_wrong(path, entry):
    result = read_path(path)
    rows = list(csv_rows(result.data))
    wrong, unread = [], 0
    for table, rpath, cpath, want in truth_cells(entry["ground_truth"]):
        row = _find(rows, table, rpath, cpath)
        assert row is not None, (table, rpath, cpath)
        got = _value(row)
        want = None if want is None else float(want) if isinstance(want, int | float) else want
        if got == want:
            continue
        if got is None and (row[0], row[1], row[3]) in result.unread:
            unread += 1  # left unread and said so: not a wrong number
            continue
        wrong.append(f"{table} {'/'.join(rpath)} {'/'.join(cpath)}: want {want}, read {got}")
    assert wrong == []
    assert unread == UNSETTLED.get(entry["file"], 0)


@pytest.mark.parametrize(("path", "entry"), _corpus())
def test_published_consistency_problems_are_found_with_no_false_error(path, entry):
    result = read_path(path)
    findings = check(result)
    expected_rules = set()
    for problem in entry.get("consistency_errors", []):
        rules = next(r for prefix, r in CHECKS if problem["check"].startswith(prefix))
        expected_rules |= rules
        hits = [f for f in findings if f.rule in rules]
        assert hits, problem
    errors = [f"{f.rule} {f.message}" for f in findings if f.is_error and f.rule not in expected_rules]
    assert errors == []


def test_a_narrative_figure_against_the_table_is_quoted_as_evidence():
    result = read_path(HERE / "hongze-2024.pdf")
    x1 = [f for f in check(result) if f.rule == "X-1"]
    assert len(x1) == 1 and "区政府办代表区政府受理政府信息公开申请 17 件" in x1[0].message and "95" in x1[0].message


def test_a_total_stated_as_new_plus_carried_over_is_not_a_contradiction():
    result = read_path(HERE / "pingtan-2022.txt")  # 收到申请75件 = 74 new + 1 carried over
    assert not [f for f in check(result) if f.rule == "X-1"]


def test_a_blank_total_is_a_row_sum_finding_naming_the_blank():
    result = read_path(HERE / "kewei-2024.md")
    findings = check(result)
    t33 = [f for f in findings if f.rule == "T3-3"]
    assert t33 and "结转下年度继续办理" in t33[0].message and "空白" in t33[0].message
    assert ("t3", "carried_over", "total") not in result.unread  # a real blank of the source, not a reader gap


def test_agency_names_come_from_the_title_not_the_page_furniture():
    names = {p.name: read_path(p).data.agency_name for p in sorted(HERE.glob("*")) if p.suffix != ".json"
             and p.name != "README.md"}
    assert names == {"hongze-2024.pdf": "淮安市洪泽区人民政府", "kewei-2024.md": "上海市科委",
                     "pingtan-2019.txt": "平潭综合实验区", "pingtan-2022.txt": "平潭综合实验区"}
