"""Each persona sees only the links and buttons it may use (issue 10, item 8): one test per role and office page.

The test opens the page as the persona; a page the role may not see must answer 403. On a page it may see, every
link (GET) and every form button (submitted with the values the page filled in, inside a transaction that is rolled
back) must answer something other than 403 or 405. Links to one view differing only in filters or a download's
format are followed once.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from lxml import html as lxml_html

from gongkai.appeals import services as appeals
from gongkai.appeals.models import AppealKind, AppealResult, AppealStage
from gongkai.appeals.services import AppealInput
from gongkai.audit.services import record
from gongkai.catalog import registry
from gongkai.catalog import services as catalog
from gongkai.reports import lifecycle
from gongkai.reports import services as reports
from gongkai.workdays import services as workdays
from tests.cases.conftest import register
from tests.catalog.conftest import CREDIT_CODE, draft_input, publish
from tests.conftest import logged_in

from .test_every_form_keeps_input import _publish_report

PERSONAS = ["clerk", "reviewer", "head", "admin_user", "oversight", "outsider_from_other_agency"]
STAFF = set(PERSONAS)
OWN = {"clerk", "reviewer", "head", "admin_user"}
SEEN = OWN | {"oversight"}          # the 政务公开办 of the government above sees the department's pages

# page: (url(w), the personas that may open it)
PAGES = {
    "home": (lambda w: w["report"] and reverse("office:home"), STAFF),
    "cases_dashboard": (lambda w: w["case"] and reverse("cases:dashboard") + f"?agency={w['agency'].code}", SEEN),
    "cases_cell": (lambda w: reverse("cases:dashboard") + f"?agency={w['agency'].code}&cell=t3/new/natural"
                   "&year=2026", SEEN),
    "case_templates": (lambda w: reverse("cases:templates") + f"?agency={w['agency'].code}", {"head", "admin_user"}),
    "case_settings": (lambda w: reverse("cases:settings", args=[w["agency"].code]), {"head", "admin_user"}),
    "catalog_dashboard": (lambda w: w["draft"] and reverse("catalog:dashboard", args=[w["agency"].code]), SEEN),
    "doc_draft": (lambda w: reverse("catalog:doc", args=[w["draft"].pk]), SEEN),
    "doc_in_review": (lambda w: reverse("catalog:doc", args=[w["in_review"].pk]), SEEN),
    "doc_awaiting": (lambda w: reverse("catalog:doc", args=[w["awaiting"].pk]), SEEN),
    "doc_published": (lambda w: reverse("catalog:doc", args=[w["published"].pk]), SEEN),
    "registry": (lambda w: w["entry"] and reverse("catalog:registry", args=[w["agency"].code]), SEEN),
    "figures": (lambda w: reverse("catalog:figures", args=[w["agency"].code]), SEEN),
    "appeals": (lambda w: w["appeal"] and reverse("appeals:list") + f"?agency={w['agency'].code}", SEEN),
    "appeal": (lambda w: reverse("appeals:detail", args=[w["appeal"].pk]), SEEN),
    "reports": (lambda w: w["report"] and reverse("office:report_list", args=[w["agency"].code]), SEEN),
    "report_draft": (lambda w: reverse("office:report_edit", args=[w["report"].pk]), SEEN),
    "report_submitted": (lambda w: reverse("office:report_edit", args=[w["submitted"].pk]), SEEN),
    "report_published": (lambda w: reverse("office:report_edit", args=[w["released"].pk]), SEEN),
    "report_narrative": (lambda w: reverse("office:report_narrative", args=[w["report"].pk]), SEEN),
    "audit_log": (lambda w: w["case"] and reverse("office:audit_log", args=[w["agency"].code]), {"head", "admin_user", "oversight"}),
    "calendar": (lambda w: reverse("workdays:calendar"), STAFF),
    "agency_settings": (lambda w: reverse("agencies:settings", args=[w["agency"].code]), {"admin_user"}),
    "oversight": (lambda w: reverse("office:oversight", args=[w["government"].code]), {"oversight"}),
    "importer": (lambda w: reverse("importer:upload"), STAFF),
}

SKIP_ACTIONS = {reverse("office:logout")}


class World(dict):
    """The records of one agency, each made the first time a page asks for it (a page needs only a few)."""

    def __init__(self, makers):
        super().__init__()
        self.makers = makers

    def __missing__(self, key):
        self[key] = self.makers[key](self)
        return self[key]


@pytest.fixture
def world(settings, tmp_path, agency, government, clerk, reviewer, head, admin_user, oversight,
          outsider_from_other_agency, today):
    settings.DATA_DIR = tmp_path
    cache.clear()
    workdays.invalidate()
    agency.org_code = CREDIT_CODE
    agency.save()

    def in_review(w, title="审查中"):
        return catalog.submit_for_review(
            clerk, catalog.create_draft(clerk, agency, draft_input(title=title), today=today), today=today)

    def awaiting(w):
        doc = in_review(w, "待审批")
        return catalog.review(reviewer, doc, is_secret=False, disclosure="proactive", basis="", opinion="同意",
                              today=today)

    def case(w):
        app = register(clerk, agency, "2026-03-02", today)
        record("case.submit_online", agency=agency, obj=app)  # no actor, as an online application writes it
        return app

    def released(w):
        report = _publish_report(clerk, head, agency, 2023, today)
        lifecycle.approve(head, report, today=today)
        return lifecycle.publish(head, report, today=today)

    def registry_entry(w):
        return registry.add_registry_entry(clerk, agency, kind="normative", title="办法", doc_number="",
                                           issued_on=date(2025, 1, 1), published_on=None, repealed_on=None,
                                           today=today)

    w = World({
        "draft": lambda w: catalog.create_draft(clerk, agency, draft_input(title="草稿"), today=today),
        "in_review": in_review, "awaiting": awaiting,
        "published": lambda w: publish(agency, clerk, reviewer, head, today, title="已发布"),
        "entry": registry_entry,
        "appeal": lambda w: appeals.register(clerk, agency, AppealInput(
            AppealKind.REVIEW, "测试县人民政府", "不予公开告知", date(2025, 3, 2), date(2025, 3, 5), date(2025, 6, 1),
            AppealStage.CONCLUDED, AppealResult.CORRECTED, reference="测复〔2025〕1号"), today=today),
        "case": case,
        "report": lambda w: reports.create_report(clerk, agency, 2025, today=today),
        "submitted": lambda w: _publish_report(clerk, head, agency, 2024, today),
        "released": released,
    })
    w.update(agency=agency, government=government)
    return w


def _values(form) -> dict:
    """What a browser would send for this form as the page filled it in."""
    data: dict[str, list[str]] = {}
    for el in form.xpath(".//input[@name] | .//select[@name] | .//textarea[@name]"):
        name, kind = el.get("name"), (el.get("type") or "text").lower()
        if el.get("disabled") is not None or kind in ("file", "submit", "button"):
            continue
        if kind in ("checkbox", "radio"):
            if el.get("checked") is not None:
                data.setdefault(name, []).append(el.get("value") or "on")
        elif el.tag == "select":
            options = el.xpath(".//option")
            chosen = [o for o in options if o.get("selected") is not None] or options[:1]
            data.setdefault(name, []).extend(o.get("value", o.text_content()) for o in chosen)
        elif el.tag == "textarea":
            data.setdefault(name, []).append(el.text_content())
        else:
            data.setdefault(name, []).append(el.get("value") or "")
    return data


def _target(page_url: str, href: str):
    """The site path (with query) a link or form leads to, or None for another site, an anchor or a mail link."""
    url = urljoin(page_url, href)
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver") or href.startswith("#"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _once_per_view(target: str) -> tuple:
    """Who may follow a link depends on the view, its arguments and the agency it acts for, not on filters
    (?show=, ?year=) or a download's format: follow one link of each."""
    parts = urlsplit(target)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return (target,)
    agency = parse_qs(parts.query).get("agency", [""])[0]
    return (match.view_name, tuple(sorted((k, v) for k, v in match.kwargs.items() if k != "kind")), agency)


def _offered(page_url: str, content: str):
    """Every link and form on the page: (method, target, data, what it is called)."""
    page = lxml_html.fromstring(content)
    seen = set()
    for a in page.xpath("//header//a[@href] | //main//a[@href]"):
        target = _target(page_url, a.get("href"))
        if target and _once_per_view(target) not in seen:
            seen.add(_once_per_view(target))
            yield "get", target, None, a.text_content().strip()
    for form in page.xpath("//main//form"):
        method = (form.get("method") or "get").lower()
        target = _target(page_url, form.get("action") or page_url)
        if target is None or urlsplit(target).path in SKIP_ACTIONS:
            continue
        buttons = [b.text_content().strip() for b in form.xpath(".//button")] or ["(表单)"]
        yield method, target, _values(form), "、".join(buttons)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", PAGES)
def test_every_link_and_button_a_role_sees_works_for_it(client, request, world, persona, page):
    url, allowed = PAGES[page]
    user = request.getfixturevalue(persona)
    logged_in(client, user)
    page_url = url(world)
    response = client.get(page_url)
    if persona not in allowed:
        assert response.status_code == 403, f"{persona} should not open {page}"
        return
    assert response.status_code == 200, response.content.decode()[:2000]
    broken = []
    for method, target, data, label in _offered(page_url, response.content.decode()):
        with transaction.atomic():
            answer = client.post(target, data) if method == "post" else client.get(target, data)
            transaction.set_rollback(True)
        if answer.status_code in (403, 405):
            broken.append(f"{label} → {method.upper()} {target}: {answer.status_code}")
    assert not broken, f"{persona} on {page} sees what it may not use:\n" + "\n".join(broken)
