"""The county's 政务公开办: it writes and publishes the 本级政府's own report, reads the departments' audit logs, and
a department's Table-3 cell opens that department's cases (issue 13, part 5)."""

from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse

from gongkai.agencies.models import Agency, AgencyLevel, Role
from gongkai.cases.compute import cell_link
from gongkai.reports import lifecycle, services
from gongkai.reports.models import Report, ReportStatus
from tests.conftest import logged_in, make_user


@pytest.fixture
def other_county(db):
    gov = Agency.objects.create(code="othergov", name="另一县人民政府", level=AgencyLevel.GOVERNMENT)
    return make_user("other-gkb", gov, Role.OVERSIGHT, name="外县公开办")


def test_the_oversight_office_creates_edits_and_publishes_the_governments_own_report(client, oversight, government):
    logged_in(client, oversight)
    response = client.post(reverse("office:report_create", args=[government.code]), {"year": "2025"})
    report = Report.objects.get(agency=government, year=2025)
    assert response.status_code == 302 and response.url == reverse("office:report_edit", args=[report.pk])
    page = client.get(reverse("office:report_edit", args=[report.pk])).content.decode()
    assert "校验并标记为已校验" in page
    from gongkai.demo.load import demo_narrative
    from gongkai.reports import narrative

    day = date(2026, 3, 2)
    services.refresh_computed(oversight, report, today=day)
    report = narrative.update_extras(oversight, Report.objects.get(pk=report.pk), {"npc": "0", "cppcc": "0"}, today=day)
    services.update_narrative(oversight, report, sections=demo_narrative(narrative.propose(report)), today=day)
    for step in (lifecycle.mark_validated, lifecycle.submit, lifecycle.approve, lifecycle.publish):
        report = step(oversight, Report.objects.get(pk=report.pk), today=day)
    assert report.status == ReportStatus.PUBLISHED


def test_the_oversight_office_may_not_write_a_departments_report(client, oversight, agency):
    response = logged_in(client, oversight).post(reverse("office:report_create", args=[agency.code]), {"year": "2025"})
    assert response.status_code == 403 and not Report.objects.filter(agency=agency).exists()


@override_settings(GONGKAI_GOVERNMENT_REPORT_BY_OVERSIGHT=False)
def test_where_the_government_writes_its_own_report_the_oversight_office_may_not(client, oversight, government):
    response = logged_in(client, oversight).post(reverse("office:report_create", args=[government.code]),
                                                 {"year": "2025"})
    assert response.status_code == 403


def test_an_outsider_from_another_county_may_not_create_the_governments_report(client, other_county, government):
    response = logged_in(client, other_county).post(reverse("office:report_create", args=[government.code]),
                                                    {"year": "2025"})
    assert response.status_code == 403


def test_the_oversight_office_reads_a_departments_audit_log(client, oversight, clerk, agency, today):
    services.create_report(clerk, agency, 2025, today=today)
    response = logged_in(client, oversight).get(reverse("office:audit_log", args=[agency.code]))
    assert response.status_code == 200 and "新建年度报告" in response.content.decode()


def test_another_countys_oversight_office_may_not_read_the_log(client, other_county, agency):
    assert logged_in(client, other_county).get(reverse("office:audit_log", args=[agency.code])).status_code == 403


def test_a_table_3_link_names_the_agency_so_the_oversight_office_gets_its_rows(client, oversight, agency):
    link = cell_link(agency, "new", "total", 2025)
    assert "agency=test-shangwu" in link
    response = logged_in(client, oversight).get(link)
    assert response.status_code == 200 and response.context["agency"] == agency
