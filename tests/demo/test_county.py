"""The demo county (gongkai/demo/county.py): eight departments and three 乡镇/街道 under 嘉祥县人民政府, with cases,
documents and reports whose figures come from the records; some late, some with errors, one missing."""

from datetime import date

import pytest

from gongkai.agencies.models import Agency, AgencyLevel
from gongkai.cases.compute import cell_queryset
from gongkai.cases.models import Application
from gongkai.catalog.models import Document
from gongkai.demo.load import load_demo
from gongkai.reports.deadlines import warnings_for
from gongkai.reports.models import Report, ReportCell
from gongkai.reports.services import findings_for

DAY = date(2026, 12, 1)


@pytest.fixture
def county(db):
    load_demo(DAY)
    return Agency.objects.get(code="jiaxiang")


def test_the_county_has_eight_departments_and_three_towns(county):
    below = Agency.objects.filter(parent=county)
    assert below.filter(level=AgencyLevel.DEPARTMENT).count() == 8
    assert below.filter(level=AgencyLevel.TOWN).count() == 3
    assert Report.objects.get(agency__code="jiaxiang-shangwu", year=2020).origin  # the seed's report stays


def test_every_generated_agency_has_cases_documents_and_reports(county):
    for agency in Agency.objects.filter(parent=county).exclude(code__in=["jiaxiang-shangwu", "jiaxiang-fagai"]):
        assert Application.objects.of(agency).count() > 20
        assert Application.objects.of(agency).overdue(DAY).exists()
        assert Document.objects.of(agency).published().exists()
        assert Report.objects.filter(agency=agency).count() >= 5


def test_table_3_of_a_generated_report_counts_exactly_its_cases(county):
    report = Report.objects.get(agency__code="jiaxiang-jiaoti", year=2024)
    cell = ReportCell.objects.get(report=report, table="t3", row_key="new", col_key="total")
    assert int(cell.value) == cell_queryset(report.agency, 2024, "new", "total").count() > 0
    assert "agency=jiaxiang-jiaoti" in cell.source_link


def test_some_reports_are_late_some_have_errors_and_one_is_missing(county):
    ziran = Report.objects.get(agency__code="jiaxiang-ziran", year=2021)
    assert any(f.is_error for f in findings_for(ziran))
    assert not any(f.is_error for f in findings_for(Report.objects.get(agency__code="jiaxiang-ziran", year=2022)))
    assert Report.objects.get(agency__code="jiaxiang-caizheng", year=2020).published_on > date(2021, 1, 31)
    zhujian = Agency.objects.get(code="jiaxiang-zhujian")
    assert not Report.objects.filter(agency=zhujian, year=2022).exists()
    owed = {(d.year, d.key) for d in warnings_for(zhujian, DAY)}
    assert owed == {(2022, "submit"), (2022, "publish"), (2025, "publish")}  # 2025: submitted, not yet published
    assert Document.objects.filter(agency__parent=county).late().exists()


def test_loading_twice_adds_nothing(county):
    before = (Application.objects.count(), Document.objects.count(), Report.objects.count())
    load_demo(DAY)
    assert (Application.objects.count(), Document.objects.count(), Report.objects.count()) == before


def test_searching_the_report_title_finds_every_published_report_of_the_county(county):
    from gongkai.catalog import search

    published = Report.objects.published().values_list("agency_id", "year").distinct().count()
    found = search.search("政府信息公开工作年度报告", kind="report")
    assert found.total == published > 20, (found.total, published)
