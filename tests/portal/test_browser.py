"""A person's walk through the portal in headless Chromium: home → search → a document → the guide → apply → track.

The last two steps run once the cases app provides `apply:form` / `apply:track`.
"""

import os
import re
from contextlib import nullcontext
from datetime import date

import pytest
from django.urls import NoReverseMatch, reverse

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's Chromium is not installed")]


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@pytest.fixture
def site(transactional_db, settings, tmp_path, today):
    settings.DATA_DIR = tmp_path
    from gongkai.agencies.models import Agency, AgencyLevel, Role
    from gongkai.catalog import services
    from tests.catalog.conftest import CREDIT_CODE, publish

    from ..conftest import make_user

    agency = Agency.objects.create(code="bt-shangwu", name="浏览器县商务局", level=AgencyLevel.DEPARTMENT,
                                   org_code=CREDIT_CODE, office_name="浏览器县商务局办公室", office_phone="0537-1111111")
    clerk, reviewer, head = (make_user(n, agency, r) for n, r in (("bclerk", Role.CLERK), ("brev", Role.REVIEWER),
                                                                  ("bhead", Role.HEAD)))
    doc = publish(agency, clerk, reviewer, head, today, title="关于促进县域电子商务发展的若干措施",
                  body="<p>支持农村电商服务站点建设，发展直播电商。</p>", formed_on=date(2026, 11, 20))
    assert services  # imported for side effects of app loading
    return agency, doc


def test_portal_walk(live_server, site, browser, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    agency, doc = site
    apply_url, track_url = _url("apply:form", agency.code), _url("apply:track")
    with nullcontext(browser):  # the session's Chromium (tests/conftest.py); close() closes this test's pages
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        try:
            page.goto(live_server.url + "/")
            assert "浏览器县商务局" in page.content()
            page.get_by_label("检索政府信息").fill("电子商务")
            page.keyboard.press("Enter")
            page.wait_for_url("**/search/**")
            assert page.locator("mark").first.inner_text() == "电子商务"
            page.get_by_role("link", name="关于促进县域电子商务发展的若干措施").click()
            page.wait_for_url(f"**/catalog/{doc.pk}/")
            assert doc.index_no in page.content()
            page.get_by_role("button", name="大字版").click()
            assert "large-text" in (page.locator("html").get_attribute("class") or "")
            page.get_by_role("link", name="政府信息公开指南").first.click()
            page.wait_for_url("**/guide/")
            assert "第三十三条" in page.content() and "0537-1111111" in page.content()
            if apply_url is None:
                return  # the online application form is not there yet
            page.goto(live_server.url + apply_url)
            page.get_by_label("姓名或名称").fill("张三")
            page.get_by_label("证件号码").fill("11010519491231002X")
            page.get_by_label("联系电话").fill("13800001234")
            page.get_by_label("所需政府信息的名称、文号或其他特征性描述").fill(f"{doc.title}的起草说明（{doc.index_no}）")
            page.get_by_role("button", name="提交申请").click()
            page.wait_for_load_state()
            code = page.locator("strong").filter(has_text=re.compile(r"^[0-9A-Z]{4,12}$")).first.inner_text()
            if track_url is None:
                return
            page.goto(live_server.url + track_url)
            page.get_by_label("查询码").fill(code)
            page.get_by_label("联系电话后四位").fill("1234")
            page.get_by_role("button", name="查询").click()
            page.wait_for_load_state()
            assert code in page.content() and "张三" not in page.title()
        finally:
            browser.close()
