"""Labels are matched tolerantly (typos, full/half-width, spacing); run-together numbers are split only when
the table's own sums make the split unique."""

import random

from gongkai.importer.labels import edit_distance, label_index, match_key
from gongkai.importer.split import split_row, t3_row_check
from gongkai.importer.text import read_text
from gongkai.reports.definition import get_format
from gongkai.reports.rules import validate

from .corpus.build import random_report, word_text
from .helpers import differences


def index():
    return label_index(get_format("2021"))


def test_labels_match_across_full_and_half_width_and_spacing():
    assert index().match("(一) 予以公开") == ("row", "t3", "grant")
    assert index().match("1、属于国家秘密") == ("row", "t3", "deny.state_secret")
    assert index().match("３．危及\"三安全一稳定\"") == ("row", "t3", "deny.three_safety")
    assert index().match("　行政　规范性文件 ") == ("row", "t2", "normative")


def test_long_labels_tolerate_two_typos_and_short_ones_none():
    assert index().match("4.保护第三方合法权利") == ("row", "t3", "deny.third_party")
    assert index().match("一、本年新收政府信息公开申请数") == ("row", "t3", "new")
    assert index().match("规则") is None  # 规章 with a typo is too short to guess
    assert index().match("完全不同的一句话而已") is None


def test_edit_distance_gives_up_beyond_the_limit():
    assert edit_distance("abc", "abd", 2) == 1
    assert edit_distance("abcdef", "uvwxyz", 2) == 3


def test_match_key_unifies_numbering():
    assert match_key("2、重复申请") == match_key("2.重复申请") == match_key("２．重复申请")


def test_a_run_of_digits_is_split_when_the_row_total_makes_it_unique():
    readings, complete = split_row(["640020470"], 7, t3_row_check)
    assert complete and readings == [["64", "0", "0", "2", "0", "4", "70"]]


def test_a_run_with_several_readings_is_left_ambiguous():
    readings, complete = split_row(["110000011"], 7, t3_row_check)
    assert complete and readings == [["1", "10", "0", "0", "0", "0", "11"], ["11", "0", "0", "0", "0", "0", "11"]]


def test_a_run_no_reading_satisfies_gives_nothing():
    assert split_row(["1010000011"], 7, t3_row_check) == ([], True)


def _text_with_run(data, row_label, run):
    text = word_text(data)[0].decode("utf-8").split("\n")
    i = next(i for i, ln in enumerate(text) if ln.strip() == row_label)
    text[i + 1:i + 8] = ["\t" + run]
    return "\n".join(text)


def _bump(data, row, col, delta):
    """Add cases to a consistent report without breaking it: the row, 新收 and 总计, in the column and total."""
    for r in (row, "new", "total"):
        for c in (col, "total"):
            data.set("t3", r, c, data.value("t3", r, c) + delta)


def test_the_reader_splits_a_run_together_row_and_says_so():
    data = random_report(random.Random(5), "2021")
    cols = [c.key for c in get_format("2021").tables["t3"].columns]
    run = "".join(data.cell("t3", "grant", c).text for c in cols)
    result = read_text(_text_with_run(data, "（一）予以公开", run))
    assert differences(data, result.data) == []
    assert any("连在一起" in p for p in result.problems)


def test_an_ambiguous_run_is_reported_and_its_cells_left_unread_not_guessed():
    data = random_report(random.Random(5), "2021")
    for col in ("natural", "org.business", "org.research", "org.ngo", "org.legal", "org.other", "total"):
        data.set("t3", "new", col, "")  # the column sums cannot settle it either
    result = read_text(_text_with_run(data, "2.重复申请", "110000011"))
    assert any("无法唯一拆分" in p for p in result.problems)
    for c in ("natural", "total"):
        assert ("t3", "noproc.repeat", c) in result.unread
        assert result.data.cell("t3", "noproc.repeat", c).value is None


def test_column_identities_settle_a_run_the_row_total_leaves_open():
    data = random_report(random.Random(6), "2021")
    for col in ("natural", "org.business", "org.research", "org.ngo", "org.legal", "org.other", "total"):
        data.set("t3", "noproc.repeat", col, 0)
    # rebuild the affected totals from the outcome rows so the report stays consistent
    _recount(data)
    _bump(data, "noproc.repeat", "natural", 1)
    _bump(data, "noproc.repeat", "org.business", 10)
    assert [f.rule for f in validate(data) if f.is_error] == []
    result = read_text(_text_with_run(data, "2.重复申请", "110000011"))
    assert differences(data, result.data) == []
    assert any("各列勾稽关系唯一确定" in p for p in result.problems)


def _recount(data):
    fmt = get_format("2021")
    t3 = fmt.tables["t3"]
    for col in t3.columns:
        outcome = sum(data.value("t3", r.key, col.key) for r in t3.rows if r.outcome)
        data.set("t3", "total", col.key, outcome)
        data.set("t3", "new", col.key, outcome + data.value("t3", "carried_over", col.key)
                 - data.value("t3", "carried_in", col.key))
