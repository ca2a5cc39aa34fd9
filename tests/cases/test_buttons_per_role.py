"""A button only for a role that may use it: every form a persona sees on the case pages answers that persona
with something other than 403 or 405 (the action or its Chinese error), and each role sees its own buttons."""

import re

import pytest
from django.urls import reverse

from gongkai.cases import decisions
from tests.conftest import logged_in

from .conftest import register

PERSONAS = ["clerk", "reviewer", "head", "admin_user", "oversight"]


@pytest.fixture
def cases(clerk, agency, today):
    fresh = register(clerk, agency, "2026-11-20", today=today)
    decided = register(clerk, agency, "2026-11-18", today=today)
    decided = decisions.decide(clerk, decided, outcome="grant", decision_date=today, text="随答复书提供。",
                               revision=decided.revision, today=today)
    return fresh, decided


def form_actions(html: str) -> list[str]:
    return [u for u in re.findall(r'<form method="post" action="([^"]+)"', html) if u != reverse("office:logout")]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_button_on_the_case_page_works_for_whoever_sees_it(client, request, persona, cases, office_day):
    user = request.getfixturevalue(persona)
    c = logged_in(client, user)
    for app in cases:
        page = c.get(reverse("cases:detail", args=[app.pk]))
        if page.status_code == 403:
            continue  # a role outside the agency sees no case at all
        for url in form_actions(page.content.decode()):
            assert c.post(url, {}).status_code not in (403, 405), (persona, url)


def test_the_clerk_asks_the_head_sees_decisions_and_the_reviewer_none(client, clerk, head, reviewer, cases,
                                                                      office_day):
    fresh, decided = cases
    page = lambda user, app: logged_in(client, user).get(reverse("cases:detail", args=[app.pk])).content.decode()  # noqa: E731
    clerk_page = page(clerk, fresh)
    assert "报请延长答复期限" in clerk_page and "同意延期" not in clerk_page and "发出收费通知" not in clerk_page
    head_page = page(head, decided)
    assert "审批同意并出具答复书" in head_page and "退回经办人修改" in head_page
    assert "审批同意并出具答复书" not in page(clerk, decided)
    assert form_actions(page(reviewer, fresh)) == []


def test_the_dashboard_shows_register_import_and_export_only_to_who_may_use_them(client, clerk, admin_user, oversight,
                                                                             agency, office_day):
    def buttons(user):
        html = logged_in(client, user).get(reverse("cases:dashboard"), {"agency": agency.code}).content.decode()
        return {label for label in ("登记申请", "导入台账", "导出工作台账") if label in html}

    assert buttons(clerk) == {"登记申请", "导入台账", "导出工作台账"}
    assert buttons(admin_user) == set()
    assert buttons(oversight) == {"导出工作台账"}
