"""Life-cycle buttons, the narrative editor, section 六 figures, year over year and the oversight overview:
each with the happy path, the wrong role, the wrong method and another agency's staff."""

from datetime import date

import pytest
from django.urls import reverse

from gongkai.reports import lifecycle, services
from gongkai.reports.models import ReportStatus
from tests.conftest import logged_in
from tests.reports.factories import consistent_report, fill_report

pytestmark = pytest.mark.usefixtures("office_day")


@pytest.fixture
def report(clerk, agency, today):
    report = services.create_report(clerk, agency, 2025, today=today)
    data = consistent_report("2021", 2025)
    fill_report(clerk, report, data, today)
    report.refresh_from_db()
    return report


def status(report):
    report.refresh_from_db()
    return report.status


STEPS = [  # (url name, who may, who may not, state it needs)
    ("office:report_validate", "clerk", "reviewer", None),
    ("office:report_submit", "clerk", "head", "validated"),
    ("office:report_approve", "head", "clerk", "submitted"),
    ("office:report_publish", "admin_user", "clerk", "approved"),
    ("office:report_send_back", "head", "clerk", "submitted"),
]


def bring_to(report, state, clerk, head, today):
    if state in ("validated", "submitted", "approved"):
        lifecycle.mark_validated(clerk, report, today=today)
    if state in ("submitted", "approved"):
        lifecycle.submit(clerk, report, today=today)
    if state == "approved":
        lifecycle.approve(head, report, today=today)


@pytest.mark.parametrize("name, ok, wrong, state", STEPS)
def test_life_cycle_buttons(client, request, report, clerk, head, today, outsider_from_other_agency,
                            name, ok, wrong, state):
    bring_to(report, state, clerk, head, today)
    url = reverse(name, args=[report.pk])
    before = status(report)
    assert logged_in(client, request.getfixturevalue(ok)).get(url).status_code == 405
    assert logged_in(client, request.getfixturevalue(wrong)).post(url).status_code == 403
    assert logged_in(client, outsider_from_other_agency).post(url).status_code == 403
    assert status(report) == before
    response = logged_in(client, request.getfixturevalue(ok)).post(url, follow=True)
    assert response.status_code == 200 and status(report) != before


def test_the_report_page_shows_the_next_step_and_the_article_49_dates(client, report, clerk):
    html = logged_in(client, clerk).get(reverse("office:report_edit", args=[report.pk])).content.decode()
    assert "校验并标记为已校验" in html and "第四十九条" in html and "2026年1月31日" in html
    assert "在门户发布" not in html


def test_publishing_a_report_with_errors_is_refused_with_a_message(client, report, clerk, head, today):
    bring_to(report, "approved", clerk, head, today)
    report.status = ReportStatus.DRAFT   # simulate a report that slipped through, then broke
    services.update_cells(clerk, report, {("t3", "new", "natural"): "50"}, today=today)
    report.refresh_from_db()
    report.status = ReportStatus.APPROVED
    report.save()
    response = logged_in(client, head).post(reverse("office:report_publish", args=[report.pk]), follow=True)
    assert "处错误，不能发布" in response.content.decode() and status(report) == ReportStatus.APPROVED


def test_editing_a_published_report_is_refused_with_a_message(client, report, clerk, head, today):
    bring_to(report, "approved", clerk, head, today)
    lifecycle.publish(head, report, today=today)
    report.refresh_from_db()
    html = logged_in(client, clerk).get(reverse("office:report_edit", args=[report.pk])).content.decode()
    assert report.content_hash in html
    response = client.post(reverse("office:report_save_narrative", args=[report.pk]),
                           {"section:s1": "改", "revision": report.revision}, follow=True)
    assert "已发布，不能修改" in response.content.decode()


# narrative editor ---------------------------------------------------------------------------------------

def test_the_narrative_editor_shows_draft_last_year_and_warnings(client, report, clerk, agency, today):
    last = services.create_report(clerk, agency, 2024, today=today)
    services.update_narrative(clerk, last, sections={"s5": "去年的问题。"}, today=today)
    services.update_narrative(clerk, report, sections={"s1": "本年共新收政府信息公开申请99件。", "s5": "去年的问题。",
                                                       "s6": ""}, today=today)
    html = logged_in(client, clerk).get(reverse("office:report_narrative", args=[report.pk])).content.decode()
    assert "本年共新收政府信息公开申请10件" in html          # the draft
    assert "2024年同一部分" in html and "去年的问题。" in html
    assert "X-1" in html and "Y-6" in html and "采用草稿" in html
    assert 'name="npc"' in html


def test_the_narrative_editor_is_read_only_for_a_reviewer_and_closed_to_outsiders(
        client, report, reviewer, outsider_from_other_agency):
    url = reverse("office:report_narrative", args=[report.pk])
    html = logged_in(client, reviewer).get(url).content.decode()
    assert "保存本部分" not in html
    assert logged_in(client, outsider_from_other_agency).get(url).status_code == 403
    assert logged_in(client, reviewer).post(url).status_code == 405


def test_section_six_figures_save(client, report, clerk):
    url = reverse("office:report_save_extras", args=[report.pk])
    response = logged_in(client, clerk).post(url, {"npc": "3", "cppcc": "1", "revision": report.revision},
                                             follow=True)
    assert "第六部分填报事项已保存" in response.content.decode()
    report.refresh_from_db()
    assert report.extras["npc"] == 3


def test_section_six_bad_input_is_a_message_and_nothing_saved(client, report, clerk):
    url = reverse("office:report_save_extras", args=[report.pk])
    response = logged_in(client, clerk).post(url, {"npc": "很多"}, follow=True)
    assert "应填数字" in response.content.decode()
    report.refresh_from_db()
    assert report.extras == {}


def test_section_six_wrong_role_method_and_agency(client, report, reviewer, clerk, outsider_from_other_agency):
    url = reverse("office:report_save_extras", args=[report.pk])
    assert logged_in(client, reviewer).post(url, {"npc": "1"}).status_code == 403
    assert logged_in(client, clerk).get(url).status_code == 405
    assert logged_in(client, outsider_from_other_agency).post(url, {"npc": "1"}).status_code == 403


# year over year ---------------------------------------------------------------------------------------------

def test_year_over_year_page(client, report, clerk, agency, today, outsider_from_other_agency):
    services.create_report(clerk, agency, 2024, today=today)
    url = reverse("office:report_history", args=[report.pk])
    html = logged_in(client, clerk).get(url).content.decode()
    assert "<svg" in html and "予以公开率" in html and "纠错率" in html and "2024年度报告尚未发布" in html
    assert "<script" not in html
    assert client.post(url).status_code == 405
    assert logged_in(client, outsider_from_other_agency).get(url).status_code == 403


# oversight ----------------------------------------------------------------------------------------------------

def test_the_oversight_office_sees_each_departments_submission(client, report, clerk, oversight, government,
                                                               other_agency):
    lifecycle.mark_validated(clerk, report, today=date(2026, 1, 10))
    lifecycle.submit(clerk, report, today=date(2026, 1, 10))
    url = reverse("office:oversight", args=[government.code]) + "?year=2025"
    html = logged_in(client, oversight).get(url).content.decode()
    assert "测试县商务局" in html and "2026-01-10" in html and "测试县发展和改革局" in html and "尚未编制" in html
    assert "第四十九条" in html
    home = client.get(reverse("office:home")).content.decode()
    assert reverse("office:oversight", args=[government.code]) in home


def test_oversight_wrong_role_method_and_agency(client, clerk, oversight, government, agency,
                                                outsider_from_other_agency):
    url = reverse("office:oversight", args=[government.code])
    assert logged_in(client, clerk).get(url).status_code == 403              # a department clerk
    assert logged_in(client, oversight).post(url).status_code == 405
    assert logged_in(client, oversight).get(reverse("office:oversight", args=[agency.code])).status_code == 403
    assert logged_in(client, outsider_from_other_agency).get(url).status_code == 403


def test_the_office_home_warns_of_the_article_49_deadline(client, clerk, report):
    html = logged_in(client, clerk).get(reverse("office:home")).content.decode()
    assert "2025年度报告应于2026年1月31日前向本级人民政府政务公开办提交，已逾期" in html
