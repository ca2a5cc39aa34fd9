"""GB/T 37668-2019 (信息无障碍) and phones, in headless Chromium (issue 15 items 2 and 3).

* axe-core (from the npm registry, installed into .cache/axe on first use, injected by the test and never served by
  the site) finds no serious or critical violation on any public page type, in normal and 大字版;
* no public page scrolls sideways at 390 px (normal and 大字版), nor with text at 200 % on a 1280 px screen;
* the keyboard alone reaches the skip link and every control, and every focused element shows a visible ring.

One Chromium per test session; the pages are built once per test on pytest-django's session live server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
ROOT = Path(__file__).resolve().parents[2]
AXE_DIR = Path(os.environ.get("GONGKAI_AXE_DIR") or ROOT / ".cache" / "axe")
AXE = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's Chromium is not installed")]


@pytest.fixture(scope="session")
def axe_path():
    """axe-core 4 from the npm registry, installed once into .cache/axe (skipped when npm or the network is not
    there)."""
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed: cannot fetch axe-core from the npm registry")
        try:
            subprocess.run([npm, "install", "--prefix", str(AXE_DIR), "--no-audit", "--no-fund", "--silent",
                            "axe-core@4"], check=True, timeout=180, capture_output=True)
        except (subprocess.SubprocessError, OSError) as exc:
            pytest.skip(f"axe-core could not be installed from the npm registry (offline?): {exc}")
        if not AXE.exists():
            pytest.skip("axe-core was not found after npm install")
    return str(AXE)


@pytest.fixture
def portal(transactional_db, settings, tmp_path, government, agency, clerk, reviewer, head, today,
           monkeypatch):
    """One agency with documents (a notice among them), a published annual report, 制度 and a case under a
    third-party consultation; returns the page paths by name."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.DATA_DIR = tmp_path
    settings.SITE_CODE = "3708290001"
    from gongkai.cases import steps
    from gongkai.reports import lifecycle, services
    from tests.cases.conftest import register
    from tests.catalog.conftest import CREDIT_CODE, publish
    from tests.reports.factories import consistent_report, fill_report

    agency.org_code, agency.office_phone, agency.office_name = CREDIT_CODE, "0537-1111111", "测试县商务局办公室"
    agency.save()
    doc = publish(agency, clerk, reviewer, head, today, title="关于促进县域电子商务发展的若干措施的通知",
                  body="<p>支持农村电商服务站点建设，发展直播电商。</p>", formed_on=date(2026, 11, 20))
    publish(agency, clerk, reviewer, head, today, title="测试县商务局政府信息公开工作制度", topic="1.1", genre="意见",
            doc_number="测商发〔2026〕9号", formed_on=date(2026, 10, 9))
    report = services.create_report(clerk, agency, 2025, today=today)
    report = fill_report(clerk, report, consistent_report("2021", 2025), today)
    lifecycle.mark_validated(clerk, report, today=today)
    lifecycle.submit(clerk, report, today=today)
    lifecycle.approve(head, report, today=today)
    from gongkai.reports import published

    monkeypatch.setattr(published, "store_all", lambda pk: None)  # the stored PDF/DOCX are not looked at here
    lifecycle.publish(head, report, today=today)
    app = register(clerk, agency, "2026-11-20", today)
    steps.start_consultation(clerk, app, third_party=True, party="某商贸公司", on=date(2026, 11, 24),
                             revision=app.revision, today=today)
    code = agency.code
    return {
        "home": "/", "agency": f"/{code}/", "catalog": reverse("portal:catalog", args=[code]),
        "document": reverse("portal:document", args=[code, doc.pk]),
        "reports": reverse("portal:agency_reports", args=[code]), "report": reverse("portal:report", args=[code, 2025]),
        "guide": reverse("portal:guide", args=[code]), "policies": reverse("portal:policies", args=[code]),
        "statutory": reverse("portal:statutory", args=[code]), "apply": reverse("apply:form", args=[code]),
        "track": reverse("apply:track"), "search": reverse("portal:search") + "?q=电子商务",
        "_tracking_code": app.tracking_code,
    }


def _open(page, url, name, portal):
    """Go to a page; "apply_errors" and "track_result" are reached by submitting the form."""
    if name == "apply_errors":
        page.goto(url + portal["apply"])
        page.get_by_label("证件号码").fill("370101199013011235")
        page.get_by_role("button", name="提交申请").click()
    elif name == "track_result":
        page.goto(url + portal["track"])
        page.get_by_label("查询码").fill(portal["_tracking_code"])
        page.get_by_label("联系电话后四位").fill("5678")
        page.get_by_role("button", name="查询").click()
    else:
        response = page.goto(url + portal[name])
        assert response.status == 200, name
    page.wait_for_load_state()


PAGES = ["home", "agency", "catalog", "document", "reports", "report", "guide", "policies", "statutory", "apply",
         "apply_errors", "track", "track_result", "search"]

AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""
WIDTH = "[document.documentElement.scrollWidth, window.innerWidth]"


def _context(browser, viewport, large):
    ctx = browser.new_context(viewport=viewport, bypass_csp=True)  # bypass only so the test may inject axe-core
    if large:
        ctx.add_init_script("try { localStorage.setItem('gongkai-large-text', '1'); } catch (e) {}")
    return ctx


def test_axe_finds_no_serious_or_critical_violation_on_any_public_page(live_server, portal, browser, axe_path):
    found = []
    for large in (False, True):
        ctx = _context(browser, DESKTOP, large)
        page = ctx.new_page()
        for name in PAGES:
            _open(page, live_server.url, name, portal)
            if large:
                assert "large-text" in (page.locator("html").get_attribute("class") or ""), name
            page.add_script_tag(path=axe_path)
            found += [f"{name}{'（大字版）' if large else ''}: {v}" for v in page.evaluate(AXE_RUN)]
        ctx.close()
    assert not found, "\n".join(found)


def test_no_public_page_scrolls_sideways_on_a_phone_or_with_text_at_200_percent(live_server, portal, browser):
    wide = []
    for viewport, large, zoom in ((PHONE, False, False), (PHONE, True, False), (DESKTOP, False, True)):
        ctx = _context(browser, viewport, large)
        page = ctx.new_page()
        for name in PAGES:
            _open(page, live_server.url, name, portal)
            if zoom:  # text only at 200 % (WCAG 1.4.4 / GB/T 37668 文字缩放), the page must reflow
                page.evaluate("document.documentElement.style.fontSize = '200%'")
            scroll, inner = page.evaluate(WIDTH)
            if scroll > inner:
                wide.append(f"{name} {viewport['width']}px{' 大字版' if large else ''}{' 200%' if zoom else ''}: "
                            f"{scroll}px")
        ctx.close()
    assert not wide, wide


def test_the_catalog_lists_documents_before_the_folded_topics_on_a_phone(live_server, portal, browser):
    ctx = _context(browser, PHONE, False)
    page = ctx.new_page()
    _open(page, live_server.url, "catalog", portal)
    first_doc = page.locator(".doc-list a").first.bounding_box()["y"]
    topics = page.locator(".topics details")
    assert topics.get_attribute("open") is None and page.locator(".topics summary").bounding_box()["y"] > first_doc
    page.locator(".topics summary").click()
    assert page.get_by_role("link", name="全部", exact=True).is_visible()
    _open(page, live_server.url, "home", portal)
    assert page.get_by_role("heading", name="最新公开").is_visible() and page.get_by_role("heading", name="通知公告")
    assert "关于促进县域电子商务发展的若干措施的通知" in page.locator("#notices-h + ul").inner_text()
    ctx.close()


FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el), r = el.getBoundingClientRect();
  return {tag: el.tagName, text: (el.innerText || el.value || el.name || '').slice(0, 20),
          ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow && s.boxShadow !== 'none'),
          shown: r.width > 0 && r.height > 0};
}"""
FOCUSABLE = """() => [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')]
  .filter(e => !e.disabled && e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden').length"""


def test_every_page_works_by_keyboard_with_a_visible_focus(live_server, portal, browser):
    problems = []
    ctx = _context(browser, DESKTOP, False)
    page = ctx.new_page()
    for name in ("home", "catalog", "document", "report", "guide", "apply", "track_result"):
        _open(page, live_server.url, name, portal)
        page.evaluate("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()")
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUS)
        if not first or first["text"] != "跳到正文" or not first["ring"] or not first["shown"]:
            problems.append(f"{name}: the first Tab does not show the skip link ({first})")
        page.keyboard.press("Enter")
        if page.evaluate("document.activeElement.id") != "main":
            problems.append(f"{name}: the skip link does not move the focus to the main content")
        stops = min(page.evaluate(FOCUSABLE), 80)
        for _ in range(stops):
            page.keyboard.press("Tab")
            f = page.evaluate(FOCUS)
            if f and not (f["ring"] and f["shown"]):
                problems.append(f"{name}: {f['tag']} “{f['text']}” has no visible focus")
    # a form filled and sent by keyboard alone
    _open(page, live_server.url, "track", portal)
    page.get_by_label("查询码").focus()
    page.keyboard.type(portal["_tracking_code"])
    page.keyboard.press("Tab")
    if page.evaluate("document.activeElement.name") != "phone_last4":
        page.get_by_label("联系电话后四位").focus()
        problems.append("track: Tab from 查询码 does not reach 联系电话后四位")
    page.keyboard.type("5678")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if "办理情况" not in page.content():
        problems.append("track: Enter in the form does not send it")
    ctx.close()
    assert not problems, "\n".join(problems)
