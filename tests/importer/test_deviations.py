"""Common deviations from the official format: warned about, mapped sensibly, and still checkable."""

import random

from gongkai.importer.checks import check
from gongkai.importer.detect import read_bytes
from gongkai.importer.html_reader import html_blocks
from gongkai.importer.stream import Grid, Para
from gongkai.reports.render.opendata import to_csv
from gongkai.reports.rules import validate

from .corpus.build import markdown_fragments, random_report
from .helpers import differences

T3_COLS = ["natural", "org.business", "org.research", "org.ngo", "org.legal", "org.other", "total"]


def _merged_other_markdown(data):
    """The 2021 report's three （六） rows printed as one, the 2019 way."""
    text = markdown_fragments(data, random.Random(2))[0].decode("utf-8").split("\n")
    sums = [sum(data.value("t3", r, c) for r in ("other.no_correction", "other.unpaid_fee", "other.other"))
            for c in T3_COLS]
    out, done = [], False
    for line in text:
        if "1.申请人无正当理由" in line or "2.申请人逾期未按" in line or "| 3.其他 |" in line:
            if not done:
                out.append("|  | （六）其他处理 |  | " + " | ".join(str(s) for s in sums) + " |")
                done = True
            continue
        out.append(line)
    return "\n".join(out).encode("utf-8")


def test_a_2021_report_printing_other_processing_as_one_row_keeps_the_row_as_printed_and_is_still_checked():
    data = random_report(random.Random(21), "2021")
    result = read_bytes(_merged_other_markdown(data), "merged.md")
    assert any("印成一行" in p for p in result.problems)
    got = result.data
    for col in T3_COLS:
        expected = sum(data.value("t3", r, col) for r in ("other.no_correction", "other.unpaid_fee", "other.other"))
        assert got.value("t3", "other", col) == expected  # the row as printed
        assert ("t3", "other.other", col) in result.unread  # its parts were not printed: unread, not 0
        assert got.value("t3", "other.no_correction", col) is None
    assert "t3,other,三、本年度办理结果 / （六）其他处理,natural" in to_csv(got)
    assert [f.rule for f in check(result) if f.is_error] == []  # T3-2 holds with the printed row
    assert not any(f.rule == "W-1" for f in check(result))  # parts not printed are not blanks


def test_a_broken_sum_in_a_merged_other_row_is_still_caught():
    data = random_report(random.Random(22), "2021")
    data.set("t3", "other.other", "natural", data.value("t3", "other.other", "natural") + 5)
    result = read_bytes(_merged_other_markdown(data), "merged.md")
    assert {"T3-2", "T3-3"} & {f.rule for f in check(result) if f.is_error}


def test_an_added_subtotal_column_is_dropped_with_a_warning():
    data = random_report(random.Random(23), "2019")
    rows = []
    t3 = [("一、本年新收政府信息公开申请数量", "new"), ("（一）予以公开", "grant")]
    for label, key in t3:
        vals = [data.value("t3", key, c) for c in T3_COLS]
        rows.append(f"<tr><td>{label}</td><td>{vals[0]}</td><td>{sum(vals[1:6])}</td>"
                    + "".join(f"<td>{v}</td>" for v in vals[1:]) + "</tr>")
    html = ("<h1>某局2020年政府信息公开工作年度报告</h1><p>三、收到和处理政府信息公开申请情况</p><table>"
            + "".join(rows) + "</table>")
    result = read_bytes(html.encode("utf-8"), "x.html")
    assert any("小计" in p for p in result.problems)
    assert [result.data.value("t3", "grant", c) for c in T3_COLS] == [data.value("t3", "grant", c) for c in T3_COLS]


def test_word_html_spans_nbsp_and_empty_office_paragraphs_make_a_grid():
    html = ("<table><tr><td rowspan=2 colspan=2>A</td><td>B<o:p></o:p></td></tr>"
            "<tr><td><p class=MsoNormal>&nbsp;<o:p></o:p></p></td></tr>"
            "<tr><td>C</td><td colspan=2>D</td></tr></table><p>after</p>")
    blocks = html_blocks(html)
    assert isinstance(blocks[0], Grid) and isinstance(blocks[1], Para)
    assert blocks[0].rows == [["A", None, "B"], [None, None, ""], ["C", "D", None]]


def test_section_titles_with_wrong_numbers_are_reported_by_s1():
    data = random_report(random.Random(24), "2021")
    text = markdown_fragments(data, random.Random(1))[0].decode("utf-8")
    text = text.replace("## 六、其他需要报告的事项", "## 七、其他需要报告的事项")
    findings = validate(read_bytes(text.encode("utf-8"), "x.md").data)
    assert any(f.rule == "S-1" and "七、其他需要报告的事项" in f.message for f in findings)


def test_narrative_numbers_that_disagree_with_table_three_are_reported_by_x1():
    data = random_report(random.Random(25), "2021")
    data.narrative["s1"][0] = data.narrative["s1"][0].replace(
        f"申请{data.value('t3', 'new', 'total')}件", f"申请{data.value('t3', 'new', 'total') + 1}件")
    got = read_bytes(*markdown_fragments(data, random.Random(1))).data
    assert differences(data, got) == []
    assert any(f.rule == "X-1" for f in validate(got))


def test_inconsistent_cells_are_named_in_the_findings():
    data = random_report(random.Random(26), "2021")
    data.set("t3", "grant", "natural", data.value("t3", "grant", "natural") + 1)
    findings = validate(read_bytes(*markdown_fragments(data, random.Random(1))).data)
    cells = {c for f in findings if f.is_error for c in f.cells}
    assert ("t3", "grant", "natural") in cells


def _split_other_markdown(data):
    """A 2019 report printing （六）其他处理 in the three rows of the 2021 format."""
    text = markdown_fragments(data, random.Random(2))[0].decode("utf-8").split("\n")
    out = []
    for line in text:
        if "| （六）其他处理 |" in line:
            values = [int(data.value("t3", "other", c)) for c in T3_COLS]
            first = [v - v // 2 for v in values]
            second = [v // 2 for v in values]
            out.append("|  | （六）其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | "
                       + " | ".join(map(str, first)) + " |")
            out.append("|  |  | 3.其他 | " + " | ".join(map(str, second)) + " |")
            continue
        out.append(line)
    return "\n".join(out).encode("utf-8")


def test_a_2019_report_printing_other_processing_in_three_rows_is_summed_and_warned():
    data = random_report(random.Random(27), "2019")
    result = read_bytes(_split_other_markdown(data), "split.md")
    assert result.data.format_key == "2019"
    assert differences(data, result.data) == []
    assert any("分成了 2 项" in p for p in result.problems)
    assert [f.rule for f in validate(result.data) if f.is_error] == []


def test_a_subtotal_row_for_other_processing_in_a_2021_report_is_dropped():
    data = random_report(random.Random(28), "2021")
    text = markdown_fragments(data, random.Random(2))[0].decode("utf-8").split("\n")
    at = next(i for i, line in enumerate(text) if "1.申请人无正当理由" in line)
    sums = [sum(data.value("t3", r, c) for r in ("other.no_correction", "other.unpaid_fee", "other.other"))
            for c in T3_COLS]
    text.insert(at, "|  | （六）其他处理 |  | " + " | ".join(str(s) for s in sums) + " |")
    result = read_bytes("\n".join(text).encode("utf-8"), "x.md")
    assert differences(data, result.data) == []
    assert any("小计行" in p for p in result.problems)
