"""表二 and the section-二 sentence computed from the catalog and the Article-20 registry."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook

from gongkai.catalog import registry
from gongkai.catalog.models import YearFigure
from gongkai.catalog.provider import CatalogProvider, proactive_sentence
from gongkai.core.errors import GongkaiError
from gongkai.reports.definition import get_format
from gongkai.reports.services import create_report, refresh_computed, to_data


@pytest.fixture
def register(coded_agency, clerk, today):
    def add(kind, issued, published=None, repealed=None, title="办法"):
        return registry.add_registry_entry(clerk, coded_agency, kind=kind, title=title, doc_number="", issued_on=issued,
                                           published_on=published, repealed_on=repealed, today=today)
    add("normative", date(2023, 5, 1), date(2023, 5, 10))
    add("normative", date(2025, 3, 1), date(2025, 3, 5))
    add("normative", date(2025, 8, 1), date(2026, 1, 5))
    add("normative", date(2021, 1, 1), date(2021, 1, 2), repealed=date(2025, 6, 30))
    add("rules", date(2024, 1, 1), date(2024, 1, 2))
    return add


def cells(agency, year, key):
    return {k[1:]: v.value for k, v in CatalogProvider().cells(agency, year, get_format(key)).items()}


def test_article_20_1_counts_for_2021_format(coded_agency, register):
    c = cells(coded_agency, 2025, "2021")
    assert (c[("normative", "issued")], c[("normative", "repealed")], c[("normative", "in_force")]) == (2, 1, 3)
    assert (c[("rules", "issued")], c[("rules", "repealed")], c[("rules", "in_force")]) == (0, 0, 1)


def test_article_20_1_counts_for_2019_format(coded_agency, register):
    c = cells(coded_agency, 2025, "2019")
    assert (c[("normative", "made")], c[("normative", "published")], c[("normative", "total")]) == (2, 1, 2)


def test_figures_fill_licensing_penalty_coercion_and_fees(coded_agency, clerk, today):
    for item, values in (("licensing", dict(decisions=146)), ("penalty", dict(decisions=9)),
                         ("coercion", dict(decisions=0)), ("fees", dict(amount=Decimal("0.35")))):
        registry.save_figure(clerk, coded_agency, registry.FigureRow(year=2025, item=item, source_note="政务服务平台",
                                                                     **values), today=today)
    c = cells(coded_agency, 2025, "2021")
    assert c[("licensing", "decisions")] == 146 and c[("coercion", "decisions")] == 0
    assert c[("fees", "amount")] == Decimal("0.35")


def test_a_figure_needs_its_source(coded_agency, clerk, today):
    with pytest.raises(GongkaiError, match="数据来源"):
        registry.save_figure(clerk, coded_agency, registry.FigureRow(year=2025, item="licensing", decisions=3),
                             today=today)


def test_figures_import_from_csv_with_chinese_headers(coded_agency, clerk, today):
    content = ("年度,事项,处理决定数量,上一年项目数量,本年增/减,金额,采购项目数量,单位,数据来源\n"
               "2020,行政许可,120,12,-1,,,,县政务服务平台\n2020,政府集中采购,,,,56.7,4,万元,\n").encode("gb18030")
    assert registry.import_figures(clerk, coded_agency, filename="a.csv", content=content, source_note="采购系统",
                                   today=today) == 2
    c = cells(coded_agency, 2020, "2019")
    assert c[("licensing", "change")] == -1 and c[("procurement", "projects")] == 4
    assert YearFigure.objects.get(item="procurement").source_note == "采购系统"


def test_figures_import_from_excel(coded_agency, clerk, today):
    wb = Workbook()
    wb.active.append(["year", "item", "decisions", "source_note"])
    wb.active.append([2025, "penalty", 7, "执法系统"])
    buf = BytesIO()
    wb.save(buf)
    assert registry.import_figures(clerk, coded_agency, filename="f.xlsx", content=buf.getvalue(), source_note="",
                                   today=today) == 1


@pytest.mark.parametrize("content, message", [
    (b"year,item,decisions,source_note\n2025,unknown,3,x\n", "第2行：未知的事项"),
    (b"year,item,decisions,source_note\n2025,penalty,-3,x\n", "第2行：处理决定数量不能为负数"),
    (b"year,item,decisions,source_note\n2025,penalty,abc,x\n", "不是整数"),
    (b"year,item,decisions,source_note\n2099,penalty,3,x\n", "年度"),
    (b"foo,bar\n1,2\n", "表头缺少"),
    (b"\xff\xfe\x00garbage", "没有数据行|编码"),
])
def test_bad_figure_files_are_refused_whole_with_the_line(coded_agency, clerk, today, content, message):
    with pytest.raises(GongkaiError, match=message):
        registry.import_figures(clerk, coded_agency, filename="x.csv", content=content, source_note="s", today=today)
    assert not YearFigure.objects.exists()


def test_proactive_counts_by_channel_and_the_sentence(publish_doc, coded_agency):
    publish_doc(published_on=date(2025, 5, 6), formed_on=date(2025, 5, 1))
    publish_doc(published_on=date(2025, 7, 1), formed_on=date(2025, 6, 30), channels=["website"])
    publish_doc()  # 2026: not counted for 2025
    summary = CatalogProvider().proactive(coded_agency, 2025)
    assert summary == {"total": 2, "channels": [{"name": "测试县人民政府网站", "count": 2},
                                                 {"name": "政务新媒体", "count": 1}]}
    assert proactive_sentence(coded_agency, 2025) == (
        "2025年，全年共主动公开政府信息2条，其中通过测试县人民政府网站发布2条，通过政务新媒体发布1条。")


def test_refresh_computed_writes_table_2_into_the_draft_report(coded_agency, register, publish_doc, clerk, today):
    publish_doc(published_on=date(2025, 5, 6), formed_on=date(2025, 5, 1))
    report = create_report(clerk, coded_agency, 2025, today=today)
    refresh_computed(clerk, report, today=today)
    data = to_data(report.__class__.objects.get(pk=report.pk))
    assert data.value("t2", "normative", "in_force") == 3
    assert data.proactive["total"] == 1
