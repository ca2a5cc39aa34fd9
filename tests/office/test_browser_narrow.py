"""Office lists on a phone (issue 10, item 9): at 390 px no page scrolls sideways; a list's rows stack, each value
under its column's label. Headless Chromium measures document.documentElement.scrollWidth on every list page."""

import os
from contextlib import nullcontext
from datetime import date

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's Chromium is not installed")]


@pytest.fixture
def site(transactional_db, settings, tmp_path, agency, government, clerk, reviewer, head, oversight, today):
    settings.DATA_DIR = tmp_path
    from gongkai.appeals import services as appeals
    from gongkai.appeals.models import AppealKind, AppealResult, AppealStage
    from gongkai.appeals.services import AppealInput
    from gongkai.catalog import services as catalog
    from gongkai.reports import services as reports
    from gongkai.workdays import services as workdays
    from tests.cases.conftest import register
    from tests.catalog.conftest import CREDIT_CODE, draft_input, publish

    workdays.invalidate()
    agency.org_code = CREDIT_CODE
    agency.save()
    long_title = "关于印发《测试县商务领域行政规范性文件管理办法（试行）》及配套实施细则的通知"
    catalog.create_draft(clerk, agency, draft_input(title=long_title, doc_number="测商发〔2026〕12号"), today=today)
    publish(agency, clerk, reviewer, head, today, title=long_title + "（已发布）", formed_on=date(2026, 9, 1))
    for day, kind in (("2026-11-02", "natural"), ("2026-11-03", "org.business"), ("2026-11-04", "org.legal")):
        register(clerk, agency, day, today, applicant_type=kind, applicant_name="山东某某律师事务所有限责任公司",
                 id_type="credit_code" if kind != "natural" else "resident_id",
                 id_number="91370829MA3C12345X" if kind != "natural" else "370101199001011234")
    appeals.register(clerk, agency, AppealInput(
        AppealKind.SUIT_AFTER, "测试县人民法院", "不予公开告知及其复议决定", date(2025, 3, 2), date(2025, 3, 5), None,
        AppealStage.HEARING, AppealResult.PENDING, reference="（2025）鲁0829行初演示3号"), today=today)
    reports.create_report(clerk, agency, 2025, today=today)
    return {"agency": agency, "government": government, "head": head, "oversight": oversight}


def _pages(site):
    code = site["agency"].code
    return {
        "head": [reverse("office:home"), reverse("cases:dashboard") + f"?agency={code}",
                 reverse("cases:dashboard") + f"?agency={code}&cell=t3/new/natural&year=2026",
                 reverse("catalog:dashboard", args=[code]), reverse("catalog:registry", args=[code]),
                 reverse("catalog:figures", args=[code]), reverse("appeals:list") + f"?agency={code}",
                 reverse("office:report_list", args=[code]), reverse("office:audit_log", args=[code]),
                 reverse("workdays:calendar")],
        "oversight": [reverse("office:oversight", args=[site["government"].code])],
    }


def test_no_office_list_scrolls_sideways_on_a_phone(live_server, site, browser, tmp_path, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    wide = []
    with nullcontext(browser):  # the session's Chromium (tests/conftest.py); close() closes this test's pages
        try:
            for persona, paths in _pages(site).items():
                page = browser.new_page(viewport=PHONE)
                page.goto(live_server.url + reverse("office:login"))
                page.get_by_label("用户名").fill(site[persona].username)
                page.get_by_label("密码").fill(PASSWORD)
                page.get_by_role("button", name="登录").click()
                page.wait_for_url("**/office/")
                for n, path in enumerate(paths):
                    response = page.goto(live_server.url + path)
                    assert response.status == 200, path
                    width = page.evaluate("document.documentElement.scrollWidth")
                    page.screenshot(path=str(tmp_path / f"{persona}-{n}.png"), full_page=True)
                    if width > PHONE["width"]:
                        wide.append(f"{path}: {width} px")
                page.close()
        finally:
            browser.close()
    assert not wide, "pages wider than the phone:\n" + "\n".join(wide)


def test_a_list_row_stacks_with_each_value_under_its_label(live_server, site, browser, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with nullcontext(browser):  # the session's Chromium (tests/conftest.py); close() closes this test's pages
        try:
            page = browser.new_page(viewport=PHONE)
            page.goto(live_server.url + reverse("office:login"))
            page.get_by_label("用户名").fill(site["head"].username)
            page.get_by_label("密码").fill(PASSWORD)
            page.get_by_role("button", name="登录").click()
            page.wait_for_url("**/office/")
            page.goto(live_server.url + reverse("cases:dashboard") + f"?agency={site['agency'].code}")
            cell = page.locator("table.list tbody tr").first.locator("td[data-label=申请人]")
            label = cell.evaluate("td => getComputedStyle(td, '::before').content")
            box, row = cell.bounding_box(), page.locator("table.list tbody tr").first.bounding_box()
            assert label == '"申请人"' and box["width"] > row["width"] * 0.9  # a full-width line, not a column
            assert not page.locator("table.list thead").is_visible() or page.locator(
                "table.list thead").bounding_box()["height"] <= 1
        finally:
            browser.close()
