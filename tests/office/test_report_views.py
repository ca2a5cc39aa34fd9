"""Office report views: the happy path, the wrong role, the wrong method, the other agency."""

import pytest
from django.urls import reverse

from gongkai.reports import services
from gongkai.reports.models import ReportStatus
from tests.conftest import PASSWORD, logged_in
from tests.reports.factories import consistent_report, fill_report


@pytest.fixture
def report(clerk, agency, today):
    return services.create_report(clerk, agency, 2025, today=today)


def cells_post(report, data):
    post = {f"cell:{'/'.join(a)}": c.display for a, c in data.cells.items()}
    post["revision"] = str(report.revision)
    return post


def test_login_page_is_chinese_and_login_works(client, clerk):
    page = client.get(reverse("office:login"))
    assert "工作人员登录" in page.content.decode()
    response = client.post(reverse("office:login"), {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("office:home")


def test_wrong_password_gives_a_chinese_message(client, clerk):
    response = client.post(reverse("office:login"), {"username": "clerk", "password": "nope"})
    assert "用户名或密码不正确" in response.content.decode()


def test_office_requires_login(client):
    response = client.get(reverse("office:home"))
    assert response.status_code == 302 and reverse("office:login") in response.url


def test_home_lists_own_agency_only(client, clerk, agency, other_agency):
    html = logged_in(client, clerk).get(reverse("office:home")).content.decode()
    assert agency.name in html and other_agency.name not in html


def test_oversight_sees_the_departments_under_its_government(client, oversight, agency, other_agency):
    html = logged_in(client, oversight).get(reverse("office:home")).content.decode()
    assert agency.name in html and other_agency.name in html


def test_create_report_happy_path(client, clerk, agency):
    response = logged_in(client, clerk).post(reverse("office:report_create", args=[agency.code]), {"year": "2025"})
    assert response.status_code == 302
    page = client.get(response.url)
    html = page.content.decode()
    assert "2025" in html and "（本列数据的勾稽关系为" in html and 'name="cell:t3/new/natural"' in html


def test_create_report_with_a_bad_year_shows_a_message(client, clerk, agency):
    response = logged_in(client, clerk).post(reverse("office:report_create", args=[agency.code]), {"year": "abc"},
                                             follow=True)
    assert "年度应为四位数字" in response.content.decode()


def test_create_report_by_get_is_not_allowed(client, clerk, agency):
    assert logged_in(client, clerk).get(reverse("office:report_create", args=[agency.code])).status_code == 405


def test_reviewer_cannot_create_a_report(client, reviewer, agency):
    response = logged_in(client, reviewer).post(reverse("office:report_create", args=[agency.code]),
                                                {"year": "2025"})
    assert response.status_code == 403


def test_outsider_cannot_see_another_agencys_report(client, report, outsider_from_other_agency):
    response = logged_in(client, outsider_from_other_agency).get(reverse("office:report_edit", args=[report.pk]))
    assert response.status_code == 403 and "无权查看其他机关" in response.content.decode()


def test_saving_cells_then_publishing(client, report, clerk, head, today):
    data = consistent_report("2021", 2025)
    response = logged_in(client, clerk).post(reverse("office:report_save_cells", args=[report.pk]),
                                             cells_post(report, data), follow=True)
    assert "已保存 200 个单元格" in response.content.decode()
    services.update_narrative(clerk, report, sections={k: "\n".join(v) for k, v in data.narrative.items()},
                              today=today)
    client.post(reverse("office:report_validate", args=[report.pk]))
    client.post(reverse("office:report_submit", args=[report.pk]))
    logged_in(client, head)
    client.post(reverse("office:report_approve", args=[report.pk]))
    response = client.post(reverse("office:report_publish", args=[report.pk]), follow=True)
    assert "已发布" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED


def test_a_stale_form_gets_a_conflict_message(client, report, clerk, today):
    post = cells_post(report, consistent_report("2021", 2025))
    services.update_cells(clerk, report, {("t3", "new", "natural"): "1"}, today=today)
    response = logged_in(client, clerk).post(reverse("office:report_save_cells", args=[report.pk]), post, follow=True)
    assert "刚被其他人修改过" in response.content.decode()


def test_clerk_cannot_publish(client, report, clerk):
    response = logged_in(client, clerk).post(reverse("office:report_publish", args=[report.pk]))
    assert response.status_code == 403


def test_publishing_a_report_with_errors_is_refused_with_a_message(client, report, clerk, head, today):
    data = consistent_report("2021", 2025)
    data.set("t3", "new", "natural", 50)
    fill_report(clerk, report, data, today)
    response = logged_in(client, head).post(reverse("office:report_publish", args=[report.pk]), follow=True)
    assert "不能发布" in response.content.decode()


def test_publish_by_get_is_not_allowed(client, report, head):
    assert logged_in(client, head).get(reverse("office:report_publish", args=[report.pk])).status_code == 405


def test_narrative_save(client, report, clerk):
    response = logged_in(client, clerk).post(reverse("office:report_save_narrative", args=[report.pk]), {
        "revision": report.revision, "section:s1": "本年共新收政府信息公开申请3件。", "title": "", "preamble": ""},
        follow=True)
    assert "正文已保存" in response.content.decode()


@pytest.mark.parametrize("kind", ["html", "docx", "pdf", "json", "csv"])
def test_every_download_works(client, report, clerk, kind):
    response = logged_in(client, clerk).get(reverse("office:report_download", args=[report.pk, kind]))
    assert response.status_code == 200 and f"test-shangwu-2025.{kind}" in response["Content-Disposition"]


def test_unknown_download_kind_is_a_message_not_a_500(client, report, clerk):
    response = logged_in(client, clerk).get(reverse("office:report_download", args=[report.pk, "exe"]), follow=True)
    assert response.status_code == 200 and "不支持的导出格式" in response.content.decode()


def test_audit_log_for_the_head_not_for_the_clerk(client, report, clerk, head, agency):
    assert logged_in(client, clerk).get(reverse("office:audit_log", args=[agency.code])).status_code == 403
    html = logged_in(client, head).get(reverse("office:audit_log", args=[agency.code])).content.decode()
    assert "新建年度报告" in html


def test_logout_needs_post(client, clerk):
    logged_in(client, clerk)
    assert client.get(reverse("office:logout")).status_code == 405
    assert client.post(reverse("office:logout")).status_code == 302


def test_home_shows_what_needs_attention_in_the_own_agency(client, clerk, agency):
    html = logged_in(client, clerk).get(reverse("office:home")).content.decode()
    assert "依申请公开：在办 <strong>0</strong> 件" in html


def test_login_is_throttled_after_ten_failures_and_audited(client, clerk):
    from gongkai.audit.models import AuditEntry

    for _ in range(10):
        client.post(reverse("office:login"), {"username": "clerk", "password": "wrong"})
    response = client.post(reverse("office:login"), {"username": "clerk", "password": PASSWORD})
    assert "登录失败次数过多" in response.content.decode()
    assert AuditEntry.objects.filter(action="auth.login_failed").count() == 10


def test_a_refusal_never_redirects_off_site(client, clerk, agency, today):
    report = services.create_report(clerk, agency, 2025, today=today)
    response = logged_in(client, clerk).get(reverse("office:report_download", args=[report.pk, "exe"]),
                                            HTTP_REFERER="https://evil.example/phish")
    assert response.status_code == 302 and response["Location"] == reverse("office:home")
    response = client.get(reverse("office:report_download", args=[report.pk, "exe"]), HTTP_REFERER="javascript:x")
    assert response.status_code == 302


def test_bad_oversight_year_falls_back_to_last_year(client, oversight, government):
    for year in ("-1", "9999", "10000", "9" * 25):
        response = logged_in(client, oversight).get(reverse("office:oversight", args=[government.code]),
                                                    {"year": year})
        assert response.status_code == 200
