"""A clerk's morning in headless Chromium: the 工作台 queue → the case → a decision → the head approves it from
his queue → the clerk records the delivery → archives it; the queues follow at each step."""

import os

import pytest

from tests.conftest import CHROMIUM

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's Chromium is not installed")]


@pytest.fixture
def morning(transactional_db, settings, tmp_path):
    from django.utils import timezone

    from gongkai.agencies.models import Agency, AgencyLevel, Role
    from gongkai.cases import intake
    from gongkai.cases.demo import last_workday, workdays_before
    from tests.cases.conftest import APPLICANT
    from tests.conftest import make_user

    settings.DATA_DIR = tmp_path
    agency = Agency.objects.create(code="mk-shangwu", name="晨县商务局", level=AgencyLevel.DEPARTMENT,
                                   letter_prefix="晨商公开")
    clerk = make_user("mclerk", agency, Role.CLERK, name="王经办")
    make_user("mhead", agency, Role.HEAD, name="张负责")
    today = timezone.localdate()
    received = workdays_before(last_workday(today), 3)
    app = intake.register(clerk, agency, {**APPLICANT, "channel": "in_person", "arrived_at": received}, today=today)
    return agency, app


def login(page, base, username):
    from tests.conftest import PASSWORD

    page.goto(base + "/office/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/office/")


def queue(page, title):
    return page.locator(".queue", has=page.locator("h3", has_text=title))


def test_a_clerks_morning(live_server, morning, browser):
    agency, app = morning
    base = live_server.url
    code = app.acceptance_no
    clerk, head = browser.new_page(), browser.new_page()
    login(clerk, base, "mclerk")
    queue(clerk, "我经办的在办申请").get_by_role("link", name=code, exact=False).click()
    clerk.select_option("#id_decide-outcome", "grant")
    clerk.fill("#id_decide-text", "所申请信息随本答复书以电子邮件提供。")
    clerk.get_by_role("button", name="作出决定").click()
    assert "已作出决定，待负责人审批" in clerk.content()

    login(head, base, "mhead")
    approvals = queue(head, "待我审批的决定")
    assert approvals.locator(".count").inner_text() == "1"
    approvals.get_by_role("link", name=code, exact=False).click()
    head.get_by_role("button", name="审批同意并出具答复书").click()
    assert "答复书已生成" in head.content()
    head.goto(base + "/office/")
    assert queue(head, "待我审批的决定").count() == 0

    clerk.goto(base + "/office/")
    queue(clerk, "已答复、尚未送达").get_by_role("link", name=code, exact=False).click()
    answer_row = clerk.locator("tr", has_text="政府信息公开申请答复书")
    answer_row.locator("summary", has_text="登记送达").click()
    answer_row.locator("select[name$=method]").select_option("ems")
    answer_row.locator("input[name$=proof]").fill("EA123456789CN")
    answer_row.get_by_role("button", name="登记送达").click()
    assert "已登记送达" in clerk.content() and "EA123456789CN" in clerk.content()

    clerk.goto(base + "/office/")
    assert queue(clerk, "已答复、尚未送达").count() == 0
    queue(clerk, "已送达、尚未归档").get_by_role("link", name=code, exact=False).click()
    clerk.locator("summary", has_text="归档（第四十五条）").click()
    clerk.get_by_role("button", name="归档").click()
    assert "已归档" in clerk.content()
    clerk.goto(base + "/office/")
    assert code not in clerk.content()
    clerk.set_viewport_size({"width": 390, "height": 844})
    assert clerk.evaluate("document.documentElement.scrollWidth") <= 390
