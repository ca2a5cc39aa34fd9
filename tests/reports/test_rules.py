"""Every consistency rule (statutory-spec §3) with a report that passes it and one that breaks it."""

import pytest

from gongkai.reports.model import Kind, parse_cell
from gongkai.reports.rules import has_errors, validate

from .factories import consistent_report, zero_report


def rules_broken(data, previous=None):
    return {f.rule for f in validate(data, previous)}


def findings(data, rule, previous=None):
    return [f for f in validate(data, previous) if f.rule == rule]


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_a_consistent_report_has_no_findings(fmt):
    assert validate(consistent_report(fmt)) == []


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_all_zero_report_passes(fmt):
    assert validate(zero_report(fmt)) == []


# T3-1 -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_t3_1_new_plus_carried_in_must_equal_total_plus_carried_over(fmt):
    data = consistent_report(fmt)
    data.set("t3", "new", "natural", 8)
    data.set("t3", "new", "total", 11)  # keeps T3-3 intact, so the 总计 column breaks T3-1 too
    natural, total = findings(data, "T3-1")
    assert ("t3", "new", "total") in total.cells
    f = natural
    assert f.severity == "error"
    assert "“自然人”列" in f.message and "为 8" in f.message and "为 7" in f.message
    assert ("t3", "new", "natural") in f.cells
    assert (f.expected, f.actual) == ("7", "8")


# T3-2 -----------------------------------------------------------------------------------------------

def test_t3_2_total_must_equal_the_sum_of_the_21_outcome_rows_2021():
    data = consistent_report("2021")
    data.set("t3", "other.unpaid_fee", "natural", 1)
    data.set("t3", "other.unpaid_fee", "total", 1)
    broken = findings(data, "T3-2")
    assert len(broken) == 2  # the 自然人 and 总计 columns
    assert "（七）总计" in broken[0].message


def test_t3_2_in_2019_counts_the_single_other_row():
    data = consistent_report("2019")
    assert findings(data, "T3-2") == []
    data.set("t3", "other", "natural", 2)
    assert findings(data, "T3-2")


# T3-3 -----------------------------------------------------------------------------------------------

def test_t3_3_total_column_must_equal_natural_plus_five_organisation_columns():
    data = consistent_report("2021")
    data.set("t3", "grant", "total", 5)
    [f] = findings(data, "T3-3")
    assert "“（一）予以公开”行" in f.message and f.expected == "4" and f.actual == "5"


# T3-4 -----------------------------------------------------------------------------------------------

def test_t3_4_text_in_a_count_cell_is_a_finding_not_a_crash():
    data = consistent_report("2021")
    data.set("t3", "grant", "org.ngo", "若干")
    [f] = findings(data, "T3-4")
    assert f.severity == "error" and "文字“若干”" in f.message and "社会公益组织" in f.message


@pytest.mark.parametrize(("raw", "why"), [("-1", "负数"), ("1.5", "整数")])
def test_t3_4_counts_are_non_negative_integers(raw, why):
    data = zero_report("2021")
    data.set("t3", "partial", "natural", raw)
    assert any(why in f.message for f in findings(data, "T3-4"))


# T4-1 / T4-2 -------------------------------------------------------------------------------------------

def test_t4_1_each_group_total_is_the_sum_of_its_four_results():
    data = consistent_report("2021")
    assert findings(data, "T4-1") == []
    data.set("t4", "count", "suit_after.corrected", 2)
    [f] = findings(data, "T4-1")
    assert "复议后起诉" in f.message or "总计" in f.message
    assert ("t4", "count", "suit_after.total") in f.cells


def test_t4_2_negative_count_in_table_four_is_an_error():
    data = zero_report("2019")
    data.set("t4", "count", "review.other", -2)
    assert findings(data, "T4-2")


# T2 ---------------------------------------------------------------------------------------------------

def test_t2_1_table_two_counts_are_integers():
    data = zero_report("2021")
    data.set("t2", "licensing", "decisions", "2.5")
    assert findings(data, "T2-1")


def test_t2_2_fee_amount_is_a_non_negative_number_in_wan_yuan():
    data = zero_report("2021")
    data.set("t2", "fees", "amount", "0.35")
    assert findings(data, "T2-2") == []
    data.set("t2", "fees", "amount", "-0.35")
    [f] = findings(data, "T2-2")
    assert "不能为负数" in f.message


def test_signed_change_column_of_2019_accepts_negative_numbers():
    data = zero_report("2019")
    data.set("t2", "licensing", "change", "-2")
    data.set("t2", "penalty", "change", "+3")
    assert validate(data) == []


# W-1 --------------------------------------------------------------------------------------------------

def test_w_1_blank_and_slash_are_warnings_never_zeros():
    data = zero_report("2021")
    data.set("t3", "grant", "natural", "")
    data.set("t3", "grant", "org.legal", "/")
    data.set("t4", "count", "review.other", "-")
    found = findings(data, "W-1")
    assert {f.severity for f in found} == {"warning"}
    assert len(found) == 2
    assert data.cell("t3", "grant", "natural").kind is Kind.BLANK
    assert not has_errors(validate(data))


def test_sums_are_not_checked_over_cells_that_hold_no_number():
    data = consistent_report("2021")
    data.set("t3", "grant", "natural", "/")
    assert "T3-1" not in rules_broken(data) and "T3-2" not in rules_broken(data)


# Y-1 ... Y-4 ---------------------------------------------------------------------------------------------

def test_y_1_carried_in_must_equal_last_years_carried_over():
    last = consistent_report("2021", year=2021)
    this = consistent_report("2021", year=2022, carried_in=1)
    assert findings(this, "Y-1", last) == []
    last.set("t3", "carried_over", "natural", 2)
    [f] = findings(this, "Y-1", last)
    assert f.severity == "error" and "2021 年报告" in f.message and "“自然人”列" in f.message


def test_y_1_holds_across_the_2020_to_2021_format_change():
    last = consistent_report("2019", year=2020)   # carries 1 自然人 case over
    this = consistent_report("2021", year=2021, carried_in=1)
    assert findings(this, "Y-1", last) == []
    this_wrong = consistent_report("2021", year=2021, carried_in=0)
    assert findings(this_wrong, "Y-1", last)


def test_y_1_is_skipped_without_last_years_report():
    assert findings(consistent_report("2021", carried_in=3), "Y-1") == []


def test_y_2_in_force_documents_follow_issued_and_repealed():
    last, this = zero_report("2021", 2021), zero_report("2021", 2022)
    last.set("t2", "normative", "in_force", 6)
    this.set("t2", "normative", "issued", 2)
    this.set("t2", "normative", "repealed", 1)
    this.set("t2", "normative", "in_force", 7)
    assert findings(this, "Y-2", last) == []
    this.set("t2", "normative", "in_force", 9)
    [f] = findings(this, "Y-2", last)
    assert f.severity == "warning" and f.expected == "7"


def test_y_3_item_counts_chain_from_last_year_2019_format():
    last, this = zero_report("2019", 2019), zero_report("2019", 2020)
    last.set("t2", "licensing", "prev_items", 40)
    last.set("t2", "licensing", "change", -2)
    this.set("t2", "licensing", "prev_items", 38)
    assert findings(this, "Y-3", last) == []
    this.set("t2", "licensing", "prev_items", 40)
    assert findings(this, "Y-3", last)[0].expected == "38"


def test_y_4_published_total_does_not_shrink_2019_format():
    last, this = zero_report("2019", 2019), zero_report("2019", 2020)
    last.set("t2", "normative", "total", 12)
    this.set("t2", "normative", "total", 12)
    assert findings(this, "Y-4", last) == []
    this.set("t2", "normative", "total", 10)
    assert findings(this, "Y-4", last)


# S-1 / X-1 --------------------------------------------------------------------------------------------------

def test_s_1_section_headings_must_match_the_format():
    data = zero_report("2021")
    data.found_headings = {s: h for s, h in zip(["s1", "s2", "s3", "s4", "s5", "s6"], [
        "一、总体情况", "三、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "七、其他需要报告的事项"], strict=True)}
    found = findings(data, "S-1")
    assert len(found) == 2 and all(f.severity == "warning" for f in found)
    assert "“三、主动公开政府信息情况”" in found[0].message


def test_s_1_is_silent_for_reports_made_in_gongkai():
    assert findings(zero_report("2021"), "S-1") == []


def test_x_1_numbers_in_the_narrative_must_match_table_three():
    data = consistent_report("2021")  # 10 new, 10 decided... see factory: new total 10
    data.narrative["s1"] = ["本年共新收政府信息公开申请10件，办结9件，结转下年度继续办理1件。"]
    assert findings(data, "X-1") == []
    data.narrative["s1"] = ["本年共收到政府信息公开申请12件，上年结转0件。"]
    [f] = findings(data, "X-1")
    assert f.severity == "warning" and "12" in f.message and "10 件" in f.message


def test_x_1_appeals_in_the_narrative_must_match_table_four():
    data = consistent_report("2021")
    data.narrative["s6"] = ["本年度发生行政复议3件。"]
    assert findings(data, "X-1")[0].expected == "2"


def test_parse_cell_keeps_what_was_written():
    assert parse_cell("　0 ").kind is Kind.ZERO
    assert parse_cell("").kind is Kind.BLANK
    assert parse_cell("／").kind is Kind.SLASH
    assert parse_cell("１２").value == 12
    assert parse_cell("251000元").kind is Kind.NUMBER
    assert parse_cell("约10").kind is Kind.TEXT


# Y-6 ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_y_6_warns_when_a_section_repeats_last_years_text_unchanged(fmt):
    last, this = consistent_report(fmt), consistent_report(fmt)
    last.year, this.year = 2024, 2025
    last.narrative = {"s5": ["存在的主要问题：公开内容不够及时。"], "s1": ["去年的总体情况。"]}
    this.narrative = {"s5": ["存在的主要问题： 公开内容不够及时。"], "s1": ["今年的总体情况。"]}   # a space differs only
    found = findings(this, "Y-6", last)
    assert len(found) == 1 and found[0].severity == "warning"
    assert "第五部分“存在的主要问题及改进情况”" in found[0].message and "2024" in found[0].message
    assert not has_errors(found)


def test_y_6_is_silent_for_new_text_empty_sections_or_without_last_year():
    last, this = consistent_report(), consistent_report()
    last.narrative = {"s1": ["旧文字。"], "s6": []}
    this.narrative = {"s1": ["新文字。"], "s6": []}
    assert findings(this, "Y-6", last) == [] and findings(this, "Y-6") == []


# X-1 patterns on sentences real reports use (statutory-spec §3.2) ------------------------------------------

@pytest.mark.parametrize(("sentence", "label"), [
    ("本年度共收到政府信息公开申请12件。", "新收申请"),
    ("2021年，我局收到政府信息公开申请12件。", "新收申请"),
    ("全年受理依申请公开12件。", "新收申请"),
    ("上年度结转3件。", "上年结转"),
    ("全年办结政府信息公开申请11件。", "办结"),
    ("结转至下一年度继续办理5件。", "结转下年度"),
])
def test_x_1_reads_the_common_sentences(sentence, label):
    data = consistent_report("2021")
    data.narrative["s1"] = [sentence]
    found = findings(data, "X-1")
    assert len(found) == 1 and label in found[0].message


@pytest.mark.parametrize("sentence", [
    "全年共受理行政复议申请2件。",
    "年内受理政务服务事项申请1200件。",
    "全年共收到人大代表建议和政协提案申请3件。",
    "全年办结人大代表建议3件。",
    "共答复人大代表建议5件。",
    "答复网民留言20件。",
    "共收到网上申请5件。",
])
def test_x_1_leaves_other_matters_alone(sentence):
    data = consistent_report("2021")
    data.narrative["s1"] = [sentence]
    assert findings(data, "X-1") == []


# X-2 / X-3 / X-4 ------------------------------------------------------------------------------------------

def test_x_2_unpaid_fee_outcomes_need_as_many_fee_notices_in_section_six():
    data = consistent_report("2021")
    data.set("t3", "other.other", "natural", 0)
    data.set("t3", "other.unpaid_fee", "natural", 1)
    data.set("t3", "other.unpaid_fee", "total", 1)
    data.set("t3", "other.other", "total", 0)
    data.section_six = {"fee_notices": 1}
    assert findings(data, "X-2") == []
    data.section_six = {"fee_notices": 0}
    [f] = findings(data, "X-2")
    assert f.severity == "warning" and "逾期未缴费" in f.message


def test_x_2_is_silent_when_section_six_figures_are_unknown():
    data = consistent_report("2021")
    data.set("t3", "other.unpaid_fee", "natural", 1)
    assert findings(data, "X-2") == []


def test_x_3_fees_collected_need_a_fee_notice():
    data = consistent_report("2021")
    data.section_six = {"fees_collected": 300, "fee_notices": 2}
    assert findings(data, "X-3") == []
    data.section_six = {"fees_collected": 300, "fee_notices": 0}
    assert findings(data, "X-3")[0].severity == "warning"


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_x_4_appeals_in_table_four_must_be_described(fmt):
    data = consistent_report(fmt)  # 2 行政复议 in 表四
    data.narrative["s1"] = ["全年共收到政府信息公开申请10件。"]
    [f] = findings(data, "X-4")
    assert "正文没有说明" in f.message
    data.narrative["s6"] = ["本年度被申请行政复议2件，1件维持，1件尚未审结。"]
    assert findings(data, "X-4") == []


def test_x_4_a_narrative_describing_appeals_when_table_four_is_zero_is_flagged():
    data = zero_report("2021")
    data.narrative["s1"] = ["本年度因政府信息公开被申请行政复议，复议机关维持原答复。"]
    [f] = findings(data, "X-4")
    assert "均为 0" in f.message
    data.narrative["s1"] = ["本年度未发生政府信息公开行政复议、行政诉讼案件。"]
    assert findings(data, "X-4") == []


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_s_2_sections_one_five_and_six_need_text_before_submission(fmt):
    data = consistent_report(fmt)
    assert "S-2" not in {f.rule for f in validate(data)}
    data.narrative.pop("s5")
    data.narrative["s6"] = ["   "]
    found = [f for f in validate(data) if f.rule == "S-2"]
    assert [f.is_error for f in found] == [True, True]
    assert "第五部分" in found[0].message and "第六部分" in found[1].message


def test_s_2_a_drafting_hint_left_in_the_text_is_an_error():
    data = consistent_report("2021")
    data.narrative["s1"].append("（三）政府信息管理。（请写明政府信息公开审查、政策解读等情况。）")
    found = [f for f in validate(data) if f.rule == "S-2"]
    assert len(found) == 1 and "（请写明政府信息公开审查、政策解读等情况。）" in found[0].message


def test_s_2_does_not_judge_the_narrative_of_an_imported_report():
    data = consistent_report("2021")
    data.narrative = {}
    data.found_headings = {"s1": "一、总体情况"}
    assert "S-2" not in {f.rule for f in validate(data)}
