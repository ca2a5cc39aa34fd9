"""The search page on a 390 px phone: no sideways scrolling, facets folded away, the suggestion a link."""

import os
from datetime import date

import pytest

from tests.conftest import CHROMIUM

from .test_browser import site  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's Chromium is not installed")]


def test_search_page_fits_a_phone_and_folds_the_facets(live_server, site, browser):  # noqa: F811
    agency, doc = site
    assert doc.published_on <= date.today()
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(live_server.url + "/search/?q=电子商务&year=99999")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    facet = page.locator("details.facet").first
    assert facet.get_attribute("open") is None
    facet.locator("summary").click()
    assert facet.get_attribute("open") is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(live_server.url + "/search/?q=电子商物")
    page.get_by_role("link", name="电子商务").first.click()
    page.wait_for_load_state()
    assert page.locator("mark").first.inner_text() == "电子商务"
