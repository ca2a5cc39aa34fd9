"""Narrative sections 一, 五, 六 (draft from figures, X-1/Y-6 beside it, section 六 figures) and year over year."""

from decimal import Decimal

import pytest

from gongkai.core.errors import GongkaiError, Refused
from gongkai.reports import compute, history, lifecycle, narrative, services
from gongkai.reports.models import ReportStatus

from .factories import consistent_report, fill_report


def filled(clerk, agency, today, year=2025, data=None):
    report = services.create_report(clerk, agency, year, today=today)
    data = data or consistent_report("2021", year)
    fill_report(clerk, report, data, today)
    report.refresh_from_db()
    return report


@pytest.fixture
def report(clerk, agency, today):
    return filled(clerk, agency, today)


def test_the_draft_writes_the_table_figures_into_the_sentences(report):
    draft = narrative.propose(report)
    s1 = "".join(draft["s1"])
    assert "本年共新收政府信息公开申请10件，上年结转0件；办结9件" in s1
    assert "被申请行政复议2件、被提起行政诉讼0件" in s1
    assert narrative.draft_warnings(report, draft) == []


def test_a_sentence_contradicting_the_tables_is_flagged_under_its_section(report, clerk, today):
    report = services.update_narrative(clerk, report, sections={"s1": "本年共新收政府信息公开申请12件。"}, today=today)
    warnings = narrative.section_warnings(report)
    assert [f.rule for f in warnings["s1"]] == ["X-1"] and "12" in warnings["s1"][0].message
    assert warnings["s5"] == []


def test_a_section_copied_from_last_year_is_flagged_y_6(clerk, head, agency, today):
    last = filled(clerk, agency, today, 2024)
    services.update_narrative(clerk, last, sections={"s5": "问题：解读不够。"}, today=today)
    this = filled(clerk, agency, today, 2025)
    this = services.update_narrative(clerk, this, sections={"s5": "问题：解读不够。"}, today=today)
    sections = {s["section"].key: s for s in narrative.editor_sections(this)}
    assert sections["s5"]["last"] == "问题：解读不够。" and sections["s5"]["last_year"] == 2024
    assert [f.rule for f in sections["s5"]["warnings"]] == ["Y-6"]


@pytest.fixture
def no_fee_provider(monkeypatch):
    """An agency without the cases app's fee figures (e.g. one that keeps its ledger elsewhere)."""
    from gongkai.reports import compute

    monkeypatch.setattr(compute, "_PROVIDERS", {k: v for k, v in compute._PROVIDERS.items() if k != "cases"})


def test_section_six_asks_for_figures_nobody_computes(report, no_fee_provider):
    s6 = "".join(narrative.propose(report)["s6"])
    assert "请在下方填写发出收费通知的件数" in s6 and "请在下方填写件数" in s6


def test_entered_section_six_figures_go_into_the_draft(report, clerk, today, no_fee_provider):
    narrative.update_extras(clerk, report, {"npc": "3", "cppcc": "2", "fee_notices": "0", "fee_notice_amount": "0",
                                            "fees_collected": "0", "other": "无。"}, today=today)
    report.refresh_from_db()
    s6 = "".join(narrative.propose(report)["s6"])
    assert "办理人大代表建议3件、政协提案2件" in s6 and "本年未发出收费通知，未收取信息处理费" in s6
    assert "（三）其他事项。无。" in s6


@pytest.mark.parametrize("field, raw, message", [("npc", "三件", "应填数字"), ("cppcc", "-1", "不能为负数"),
                                                 ("npc", "1.5", "应为整数"), ("fees_collected", "1.234", "两位小数")])
def test_bad_section_six_input_is_refused_and_nothing_saved(report, clerk, today, field, raw, message,
                                                           no_fee_provider):
    with pytest.raises(GongkaiError, match=message):
        narrative.update_extras(clerk, report, {"npc": "4", field: raw}, today=today)
    report.refresh_from_db()
    assert report.extras == {}


def test_section_six_fee_figures_come_from_a_provider_when_one_supplies_them(report, clerk, today, monkeypatch):
    class Fees:
        name = "fees-test"

        def cells(self, agency, year, fmt):
            return {}

        def section_six(self, agency, year):
            return {"fee_notices": 2, "fee_notice_amount": Decimal("150"), "fees_collected": Decimal("100")}

    monkeypatch.setitem(compute._PROVIDERS, "fees-test", Fees())
    figs = narrative.six_figures(report)
    assert figs["fee_notices"].source == "computed" and figs["fees_collected"].value == 100
    narrative.update_extras(clerk, report, {"fee_notices": "9"}, today=today)   # a computed figure is not overwritten
    assert "本年共发出收费通知2件，收费通知总金额150元，实际收取信息处理费100元" in "".join(
        narrative.propose(report)["s6"])


def test_section_six_cannot_be_edited_on_a_published_report(report, clerk, head, today):
    lifecycle.mark_validated(clerk, report, today=today)
    lifecycle.submit(clerk, report, today=today)
    lifecycle.approve(head, report, today=today)
    lifecycle.publish(head, report, today=today)
    with pytest.raises(Refused, match="已发布"):
        narrative.update_extras(clerk, report, {"npc": "1"}, today=today)


# year over year ----------------------------------------------------------------------------------------

def test_rates_publication_rate_and_correction_rate():
    data = consistent_report("2021", 2025)          # grant 4 of 9 closed; review: 1 upheld, 1 pending
    data.set("t4", "count", "suit_direct.corrected", 1)
    data.set("t4", "count", "suit_direct.total", 1)
    rates = list(history.rates(data).values())
    assert rates[0] == Decimal("44.4")               # 予以公开率 = (一) 4 / (七) 9
    assert rates[1] == Decimal("50.0")               # 纠错率 = 1 corrected / (3 total − 1 pending)
    assert rates[2] == Decimal("0.0")


def test_rates_with_a_zero_denominator_are_not_a_silent_zero():
    data = consistent_report("2021", 2025)
    for col in ("review.upheld", "review.pending", "review.total"):
        data.set("t4", "count", col, 0)
    assert list(history.rates(data).values())[1] is None


def test_tables_beside_last_year_with_deltas_and_y_1_against_the_published_report(clerk, head, agency, today):
    last = filled(clerk, agency, today, 2024)                       # carries 1 over
    this = filled(clerk, agency, today, 2025, consistent_report("2021", 2025, carried_in=0))
    result = history.compare(this)
    assert result["y1_against"] is None                             # last year is only a draft
    lifecycle.mark_validated(clerk, last, today=today)
    lifecycle.submit(clerk, last, today=today)
    lifecycle.approve(head, last, today=today)
    lifecycle.publish(head, last, today=today)
    services.update_cells(clerk, this, {("t3", "new", "natural"): "8", ("t3", "new", "total"): "11"}, today=today)
    result = history.compare(this)
    assert result["y1_against"].status == ReportStatus.PUBLISHED and result["y1_findings"]
    t3 = next(t for t in result["tables"] if t["key"] == "t3")
    new = next(line for line in t3["lines"] if line.label.startswith("一、本年新收"))
    assert (new.this, new.last, new.delta_text) == (11, 10, "+1")


def test_the_chart_is_inline_svg_without_scripts(clerk, agency, today):
    filled(clerk, agency, today, 2024)
    filled(clerk, agency, today, 2025)
    years, values = history.series(agency)
    svg = str(history.svg_chart(years, values))
    assert years == [2024, 2025] and svg.startswith("<svg") and "<polyline" in svg
    assert "<script" not in svg and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "2024年新收申请：10" in svg


def test_a_year_without_a_report_is_a_gap_in_the_chart(clerk, agency, today):
    filled(clerk, agency, today, 2022)
    filled(clerk, agency, today, 2024)
    years, values = history.series(agency)
    assert years == [2022, 2023, 2024] and values["新收申请"] == [10, None, 10]
    svg = str(history.svg_chart(years, values))
    assert "<polyline" not in svg and svg.count("<circle") == 8     # no line drawn across the missing year


def test_an_agency_without_reports_gets_an_empty_chart_not_an_error(agency):
    years, values = history.series(agency)
    assert years == [] and str(history.svg_chart(years, values)).startswith("<svg")


def test_section_six_fee_figures_are_computed_from_the_case_ledger(report):
    s6 = "".join(narrative.propose(report)["s6"])
    assert "请在下方填写发出收费通知的件数" not in s6 and "请在下方填写件数" in s6
