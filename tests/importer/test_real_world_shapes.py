"""The kinds of trouble real published reports bring, each made here from a generated report: run-on page
text, label variants as printed, Table 4 cut into sub-tables, rows that lost cells, a folder with a file that
breaks the reader — read without a crash, unread cells said to be unread, never a number in the wrong place."""

import random

from gongkai.importer import lint as lint_module
from gongkai.importer.checks import check
from gongkai.importer.commands import Out, lint_command
from gongkai.importer.detect import read_bytes
from gongkai.importer.labels import label_index
from gongkai.importer.text import read_text
from gongkai.reports.definition import get_format

from .corpus.build import markdown_fragments, random_report, word_text
from .helpers import differences

T3_COLS = ["natural", "org.business", "org.research", "org.ngo", "org.legal", "org.other", "total"]


def _run_on(data) -> str:
    """The report as a crawler saves a web page: metadata lines, then everything on one line, every table
    row's label and numbers glued together."""
    fmt = get_format(data.format_key)
    parts = [f"{data.agency_name}{data.year}年政府信息公开工作年度报告 "] + list(data.preamble)
    for section in fmt.sections:
        parts.append(section.heading)
        parts.extend(data.narrative.get(section.key, []))
        if section.table == "t2":
            for block in fmt.tables["t2"].blocks:
                parts.append(block.label + "信息内容" + "".join(c.label for c in block.columns))
                for r in block.rows:
                    parts.append(r.label + "".join(data.cell("t2", r.key, c.key).text for c in block.columns))
        elif section.table == "t3":
            t3 = fmt.tables["t3"]
            parts.append("申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他")
            for r in t3.rows:
                parts.append(r.label + "".join(data.cell("t3", r.key, c).text for c in T3_COLS))
        elif section.table == "t4":
            parts.append("行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计")
            parts.append(" ".join(data.cell("t4", "count", c.key).text for c in fmt.tables["t4"].columns))
    return f"标题: {data.agency_name}{data.year}年度政府信息公开工作年度报告\n发布机构: \n==== 正文 ====\n" + "".join(parts)


def test_run_on_page_text_is_read_and_every_split_is_unique_or_left_unread():
    data = random_report(random.Random(31), "2021")
    result = read_bytes(_run_on(data).encode("utf-8"), "page.txt")
    assert result.data.agency_name == data.agency_name and result.data.year == data.year
    for address in get_format("2021").addresses():
        want, got = data.cell(*address), result.data.cell(*address)
        if address in result.unread:
            continue  # said so; never guessed
        assert (got.kind, got.value) == (want.kind, want.value), address
    t3 = [a for a in result.unread if a[0] == "t3"]
    assert len(t3) <= 14  # at most a couple of rows the sums cannot settle


def test_run_together_table_2_row_without_sums_is_unread_not_a_crash():
    data = random_report(random.Random(32), "2021")
    data.set("t2", "normative", "issued", 89)
    data.set("t2", "normative", "repealed", 89)
    data.set("t2", "normative", "in_force", 89)
    text = _run_on(data)
    result = read_bytes(text.encode("utf-8"), "page.txt")  # used to crash in resolve_ambiguous (zip strict)
    assert all(("t2", "normative", c) in result.unread for c in ("issued", "repealed", "in_force"))
    assert not any(f.rule == "W-1" and ("t2", "normative", "issued") in f.cells for f in check(result))


def test_a_run_together_row_is_settled_by_what_the_narrative_states():
    data = random_report(random.Random(33), "2021")
    data.set("t2", "normative", "issued", 88)
    data.set("t2", "normative", "repealed", 55)
    data.set("t2", "normative", "in_force", 698)
    data.narrative["s1"] = ["集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。"]
    result = read_bytes(_run_on(data).encode("utf-8"), "page.txt")
    assert [result.data.value("t2", "normative", c) for c in ("issued", "repealed", "in_force")] == [88, 55, 698]
    assert result.origins[("t2", "normative", "issued")].how == "narrative"


def test_label_variants_as_printed_are_recognised():
    index = label_index(get_format("2021"))
    assert index.match("规范性文件") == ("row", "t2", "normative")  # the 2019 label in a 2021 report
    assert index.match("2.其他法律行政止公开") == ("row", "t3", "deny.law_prohibited")  # a typo that drops words
    assert index.match("予以公开") == ("row", "t3", "grant")  # without its （一）
    assert label_index(get_format("2019")).match("行政规范性文件") == ("row", "t2", "normative")


def _markdown_with_table4(data, body: str) -> bytes:
    text = markdown_fragments(data, random.Random(3))[0].decode("utf-8")
    head, _, tail = text.partition("四、政府信息公开行政复议、行政诉讼情况")
    rest = tail[tail.index("五、"):]
    return (head + "四、政府信息公开行政复议、行政诉讼情况\n" + body + "\n## " + rest).encode("utf-8")


def _fives(data, group):
    return " | ".join(data.cell("t4", "count", f"{group}.{c}").text
                      for c in ("upheld", "corrected", "other", "pending", "total"))


def test_table_4_in_three_sub_tables_is_read_in_group_order():
    data = random_report(random.Random(34), "2021")
    body = "\n".join(f"| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n| {_fives(data, g)} |\n"
                     for g in ("review", "suit_direct", "suit_after"))
    result = read_bytes(_markdown_with_table4(data, body), "x.md")
    assert differences(data, result.data) == []


def test_a_lone_sub_table_of_table_4_never_lends_its_figures_to_another_group():
    data = random_report(random.Random(35), "2021")
    body = f"复议后起诉\n\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n| {_fives(data, 'suit_after')} |\n"
    result = read_bytes(_markdown_with_table4(data, body), "x.md")
    assert all(("t4", "count", f"review.{c}") in result.unread for c in ("upheld", "total"))
    assert result.data.value("t4", "count", "suit_after.total") == data.value("t4", "count", "suit_after.total")


def test_cells_lost_from_a_text_row_are_unread_not_blank_and_not_a_w1_warning():
    data = random_report(random.Random(36), "2021")
    lines = word_text(data)[0].decode("utf-8").split("\n")
    # a PDF text layer drops empty cells: the row keeps 6 of its 7 numbers, on one line
    i = next(n for n, line in enumerate(lines) if line.strip() == "（一）予以公开")
    values = [data.cell("t3", "grant", c).text for c in T3_COLS][:6]
    text = "\n".join(lines[:i] + ["（一）予以公开 " + " ".join(values), ""] + lines[i + 9:])
    result = read_text(text)
    assert all(("t3", "grant", c) in result.unread for c in T3_COLS)
    findings = check(result)
    assert not any(f.rule == "W-1" and ("t3", "grant", "natural") in f.cells for f in findings)
    assert any(f.rule == "R-2" and ("t3", "grant", "natural") in f.cells for f in findings)


def test_a_folder_lint_reports_every_file_even_when_one_breaks_the_reader(tmp_path, monkeypatch, capsys):
    import sys

    for n in range(3):
        (tmp_path / f"r{n}.txt").write_bytes(word_text(random_report(random.Random(40 + n), "2021"))[0])
    real = lint_module.read_path

    def flaky(path):
        if str(path).endswith("r1.txt"):
            raise ValueError("zip() argument 2 is longer than argument 1")
        return real(path)

    monkeypatch.setattr(lint_module, "read_path", flaky)
    code = lint_command([str(tmp_path)], False, None, Out(sys.stdout), Out(sys.stderr))
    out = capsys.readouterr().out
    assert code == 2
    assert "r0.txt：" in out and "r2.txt：" in out and "r1.txt：无法读取：读取时出现内部错误（ValueError）" in out
    assert "共 3 份报告" in out


def test_every_read_cell_says_where_it_came_from_and_how_sure_the_reader_is():
    data = random_report(random.Random(37), "2021")
    result = read_bytes(markdown_fragments(data, random.Random(1))[0], "x.md")
    origin = result.origins[("t3", "grant", "natural")]
    assert origin.where.startswith("表格") and "行" in origin.where and 0 < origin.confidence <= 1
    assert set(result.origins) | set(result.unread) >= set(get_format("2021").addresses())
