"""The 政务公开办's dashboard on the demo county: every agency's open, due and overdue cases, late answers and
publications, every report year since 2019, the rates; sortable, exportable, on the 工作台; for nobody else."""

from datetime import date
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.agencies.models import Agency, AgencyLevel, Role
from gongkai.cases.models import Application
from gongkai.demo.load import load_demo
from gongkai.office.oversight import oversight_rows
from gongkai.office.worklist import desk
from gongkai.reports.models import Report
from gongkai.reports.services import findings_for
from tests.conftest import logged_in, make_user

DAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def demo_county(django_db_setup, django_db_blocker):
    """The demo loaded once for the module, inside a transaction rolled back at its end; each test runs in a
    savepoint of its own within it (the db fixture), so what a test changes is undone after it."""
    from cryptography.fernet import Fernet
    from django.db import transaction

    from gongkai.privacy import keys

    # the same field key for the module (each test otherwise gets a data directory, and a key, of its own)
    mp = pytest.MonkeyPatch()
    mp.setenv(keys.ENV, Fernet.generate_key().decode("ascii"))
    keys.reset()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_demo(DAY)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            mp.undo()
            keys.reset()


@pytest.fixture
def county(demo_county, db):
    return Agency.objects.get(code="jiaxiang")


@pytest.fixture
def gongkaiban(county):
    return get_user_model().objects.get(username="gongkaiban")


@pytest.fixture
def at_demo_day():
    from datetime import datetime, time

    import time_machine

    from gongkai.core.clock import TZ

    with time_machine.travel(datetime.combine(DAY, time(10), tzinfo=TZ), tick=True):
        yield DAY


def test_every_agency_is_a_row_with_its_overdue_cases_and_every_report_year(county, gongkaiban):
    rows = {r.agency.code: r for r in oversight_rows(gongkaiban, county, DAY)}
    assert set(rows) == {a.code for a in Agency.objects.exclude(level=AgencyLevel.SECTION)}
    for code, row in rows.items():
        agency = Agency.objects.get(code=code)
        assert row.overdue == Application.objects.of(agency).overdue(DAY).count()
        assert [y.year for y in row.years] == list(range(2019, 2027))  # December: this year's is owed too
    assert rows["jiaxiang-zhujian"].years[3].state == "missing" and rows["jiaxiang-zhujian"].missing >= 1
    wrong = Report.objects.get(agency__code="jiaxiang-ziran", year=2021)  # published with a wrong total
    assert rows["jiaxiang-ziran"].years[2].errors == sum(f.is_error for f in findings_for(wrong)) > 0
    assert rows["jiaxiang-caizheng"].years[1].late              # 2020, published in March
    assert rows["jiaxiang"].years[6].overdue                    # the county's own 2025 report
    assert rows["jiaxiang-jiaoti"].on_time_rate is not None and rows["jiaxiang-jiaoti"].due_soon >= 1


def test_the_rows_take_a_fixed_number_of_queries(county, gongkaiban, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        oversight_rows(gongkaiban, county, DAY)


def test_the_page_lists_the_overdue_cases_with_links_and_sorts(client, county, gongkaiban, at_demo_day):
    logged_in(client, gongkaiban)
    response = client.get(reverse("office:dashboard", args=["jiaxiang"]), {"sort": "-overdue"})
    html = response.content.decode()
    assert response.status_code == 200 and "嘉祥县梁宝寺镇人民政府" in html and "已逾期未答复的申请" in html
    overdue = Application.objects.filter(agency__code="jiaxiang-jiaoti").overdue(DAY).first()
    assert reverse("cases:detail", args=[overdue.pk]) in html
    rows = response.context["rows"]
    assert [r.overdue for r in rows] == sorted((r.overdue for r in rows), reverse=True)
    ascending = client.get(reverse("office:dashboard", args=["jiaxiang"]), {"sort": "name"}).context["rows"]
    assert ascending[0].agency.code == "jiaxiang" and ascending[-1].agency.level == "town"


def test_an_unknown_sort_keeps_the_agency_order(client, county, gongkaiban, at_demo_day):
    response = logged_in(client, gongkaiban).get(reverse("office:dashboard", args=["jiaxiang"]), {"sort": "x;drop"})
    assert response.status_code == 200 and response.context["rows"][0].agency.code == "jiaxiang"


def test_the_excel_export_has_every_agency(client, county, gongkaiban, at_demo_day):
    response = logged_in(client, gongkaiban).get(reverse("office:dashboard_xlsx", args=["jiaxiang"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    book = load_workbook(BytesIO(response.content))
    names = [row[0].value for row in book["各机关情况"].iter_rows(min_row=3)]
    assert "嘉祥县商务局" in names and len(names) == Agency.objects.exclude(level=AgencyLevel.SECTION).count()
    assert book["已逾期未答复的申请"].max_row > 1


def test_the_dashboard_is_on_the_oversight_offices_desk(county, gongkaiban):
    shown = {s.queue.key: s for s in desk(gongkaiban, county, DAY).queues}
    assert "oversight.agencies" in shown and shown["oversight.agencies"].count >= 9
    assert shown["oversight.agencies"].more == reverse("office:dashboard", args=["jiaxiang"])
    own = shown["reports.due.government"].items  # the county's own report, which the 政务公开办 writes
    assert any("2025年度报告应于2026年3月31日前向社会公布本级人民政府年度报告，已逾期 245 天" in i.title for i in own), [i.title for i in own]


@pytest.mark.parametrize("username", ["jingban", "fuzeren", "xianguanli"])
def test_staff_without_the_oversight_role_get_403(client, county, username, at_demo_day):
    user = get_user_model().objects.get(username=username)
    assert logged_in(client, user).get(reverse("office:dashboard", args=["jiaxiang"])).status_code == 403
    assert client.get(reverse("office:dashboard_xlsx", args=["jiaxiang"])).status_code == 403


def test_another_countys_oversight_office_gets_403(client, county, at_demo_day):
    other = Agency.objects.create(code="othergov", name="另一县人民政府", level=AgencyLevel.GOVERNMENT)
    user = make_user("other-gkb", other, Role.OVERSIGHT)
    assert logged_in(client, user).get(reverse("office:dashboard", args=["jiaxiang"])).status_code == 403


def test_a_department_has_no_dashboard(client, county, gongkaiban, at_demo_day):
    response = logged_in(client, gongkaiban).get(reverse("office:dashboard", args=["jiaxiang-shangwu"]))
    assert response.status_code == 403


def test_the_dashboard_is_read_only(client, county, gongkaiban):
    response = logged_in(client, gongkaiban).post(reverse("office:dashboard", args=["jiaxiang"]))
    assert response.status_code == 405


def test_overdue_cases_and_missing_reports_link_to_a_filled_in_notice(client, county, gongkaiban, at_demo_day):
    html = logged_in(client, gongkaiban).get(reverse("office:dashboard", args=["jiaxiang"])).content.decode()
    overdue = Application.objects.filter(agency__code="jiaxiang-jiaoti").overdue(DAY).first()
    send = reverse("supervision:sent", args=["jiaxiang"])
    assert f"{send}?agency=jiaxiang-jiaoti&amp;subject=overdue_case&amp;link={overdue.tracking_code}" in html
    assert f"{send}?agency=jiaxiang-zhujian&amp;subject=missing_report&amp;link=2022" in html
    form = client.get(send, {"agency": "jiaxiang-jiaoti", "subject": "overdue_case",
                             "link": overdue.tracking_code}).context["form"]
    assert form["link"].value() == overdue.tracking_code


def test_the_governments_own_row_has_no_notice_to_itself(client, county, gongkaiban, at_demo_day):
    html = logged_in(client, gongkaiban).get(reverse("office:dashboard", args=["jiaxiang"])).content.decode()
    assert "?agency=jiaxiang&amp;subject=" not in html


def test_the_oversight_offices_desk_lists_the_departments_in_one_table(client, county, gongkaiban, at_demo_day):
    response = logged_in(client, gongkaiban).get(reverse("office:home"))
    html = response.content.decode()
    assert [r["agency"].code for r in response.context["rows"]] == ["jiaxiang"]
    assert "所监督的机关" in html and "嘉祥县住房和城乡建设局" in html
    assert reverse("office:rollup", args=["jiaxiang"]) in html and reverse("supervision:sent", args=["jiaxiang"]) in html
