"""The official formats as data: loaded, validated, and chosen by year."""

import textwrap

import pytest
from django.core.management import call_command

from gongkai.reports import definition
from gongkai.reports.definition import DefinitionError, all_formats, format_for_year, get_format, parse
from gongkai.reports.layout import grid_width, table_layout


def test_both_official_formats_load():
    assert set(all_formats()) == {"2019", "2021"}
    assert get_format("2019").document == "国办公开办函〔2019〕60号"
    assert get_format("2021").document == "国办公开办函〔2021〕30号"


@pytest.mark.parametrize("key", ["2019", "2021"])
def test_six_sections_with_official_titles(key):
    headings = [s.heading for s in get_format(key).sections]
    assert headings == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def test_table_three_2021_has_25_rows_and_seven_columns():
    t3 = get_format("2021").tables["t3"]
    assert len(t3.rows) == 25
    assert [c.label for c in t3.columns] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert len(t3.outcome_rows()) == 21
    assert [r.label for r in t3.rows if r.key.startswith("other.")] == [
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"]


def test_table_three_2019_has_one_other_row_summing_the_three_2021_codes():
    t3 = get_format("2019").tables["t3"]
    assert len(t3.rows) == 23
    other = t3.row("other")
    assert other.label == "（六）其他处理"
    assert other.codes == ("other.no_correction", "other.unpaid_fee", "other.other")


def test_table_two_differs_between_formats():
    t2_2019, t2_2021 = get_format("2019").tables["t2"], get_format("2021").tables["t2"]
    assert [b.label for b in t2_2019.blocks][-1] == "第二十条第（九）项"
    assert t2_2019.row("normative").label == "规范性文件"
    assert t2_2021.row("normative").label == "行政规范性文件"
    assert not t2_2021.has_row("procurement")
    assert t2_2021.column("fees", "amount").unit == "万元"
    assert grid_width(t2_2019) == 5 and grid_width(t2_2021) == 4


def test_table_three_header_merges_exactly_as_the_official_format():
    rows = table_layout(get_format("2021").tables["t3"])
    corner, applicant = rows[0]
    assert corner.text.startswith("（本列数据的勾稽关系为") and (corner.colspan, corner.rowspan) == (3, 3)
    assert (applicant.text, applicant.colspan) == ("申请人情况", 7)
    assert [(c.text, c.colspan, c.rowspan) for c in rows[1]] == [("自然人", 1, 2), ("法人或其他组织", 5, 1), ("总计", 1, 2)]
    outcomes = rows[5][0]
    assert (outcomes.text, outcomes.rowspan) == ("三、本年度办理结果", 22)


def test_table_four_has_fifteen_columns_in_three_groups():
    rows = table_layout(get_format("2019").tables["t4"])
    assert [(c.text, c.colspan) for c in rows[0]] == [("行政复议", 5), ("行政诉讼", 10)]
    assert len(rows[-1]) == 15


@pytest.mark.parametrize(("year", "key"), [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2025, "2021")])
def test_format_is_chosen_by_year(year, key):
    assert format_for_year(year).key == key


def test_format_can_be_overridden():
    assert format_for_year(2020, "2021").key == "2021"


def _minimal(extra_table_key=""):
    return textwrap.dedent(f"""
        key = "x"
        name = "测试格式"
        document = "无"
        first_year = 2030
        rules = []
        sections = [{{ key = "s3", number = "三", title = "表", content = "table", table = "t3" }}]
        [tables.t3]
        layout = "grid"
        {extra_table_key}
        columns = [{{ key = "a", label = "甲" }}, {{ key = "total", label = "总计" }}]
        rows = [{{ key = "r1", label = "一" }}, {{ key = "r2", label = "二" }}]
    """)


def _parse(text):
    import tomllib

    return parse(tomllib.loads(text), "test.toml")


def test_loader_accepts_a_minimal_definition():
    assert _parse(_minimal()).tables["t3"].has_row("r2")


def test_loader_rejects_unknown_keys():
    with pytest.raises(DefinitionError) as exc:
        _parse(_minimal(extra_table_key='colour = "red"'))
    assert "未知的键“colour”" in str(exc.value)


def test_loader_rejects_duplicate_row_keys():
    text = _minimal().replace('{ key = "r2", label = "二" }', '{ key = "r1", label = "二" }')
    with pytest.raises(DefinitionError, match="行键“r1”重复"):
        _parse(text)


def test_loader_rejects_a_rule_naming_a_missing_row():
    text = _minimal().replace("rules = []\n", "") + textwrap.dedent("""
        [[rules]]
        id = "R"
        kind = "sum_equal"
        axis = "column"
        table = "t3"
        left = ["r1"]
        right = ["r9"]
        severity = "error"
        title = "测试"
    """)
    with pytest.raises(DefinitionError, match="引用的行“r9”不存在"):
        _parse(text)


def test_loader_rejects_an_unknown_rule_kind():
    text = _minimal().replace("rules = []\n", "") + textwrap.dedent("""
        [[rules]]
        id = "R"
        kind = "magic"
        severity = "error"
        title = "测试"
    """)
    with pytest.raises(DefinitionError, match="未知的规则类型“magic”"):
        _parse(text)


def test_a_bad_definition_fails_gongkai_check(tmp_path, monkeypatch):
    (tmp_path / "bad.toml").write_text(_minimal(extra_table_key='colour = "red"'), encoding="utf-8")
    monkeypatch.setattr(definition, "FORMATS_DIR", tmp_path)
    from django.core.management.base import SystemCheckError

    with pytest.raises(SystemCheckError, match="colour"):
        call_command("check")
    monkeypatch.undo()
    all_formats.cache_clear()
    call_command("check")
