"""The agency's audit log: readable by the head and the administrator, every entry with a person and a Chinese action
(entries without an actor — online applications, the demo, commands — used to make the page a 500)."""

import pytest
from django.urls import reverse

from gongkai.audit.services import record
from gongkai.reports import services
from tests.conftest import logged_in


@pytest.fixture
def entries(clerk, agency, today):
    report = services.create_report(clerk, agency, 2025, today=today)     # by a person
    record("case.submit_online", agency=agency, obj=report)              # by an applicant online: no actor
    record("report.demo_load", agency=agency, obj=report)                # by the system: no actor
    return report


@pytest.mark.parametrize("persona", ["head", "admin_user"])
def test_the_log_names_who_did_what_in_chinese(client, request, entries, agency, persona):
    response = logged_in(client, request.getfixturevalue(persona)).get(reverse("office:audit_log", args=[agency.code]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "王经办" in body and "申请人（在线提交）" in body and "系统" in body
    assert "新建年度报告" in body and "在线提交政府信息公开申请" in body and "载入演示报告" in body
    assert "report.create" not in body and "case.submit_online" not in body


@pytest.mark.parametrize("persona", ["clerk", "reviewer", "outsider_from_other_agency"])
def test_other_roles_may_not_read_the_log(client, request, entries, agency, persona):
    url = reverse("office:audit_log", args=[agency.code])
    assert logged_in(client, request.getfixturevalue(persona)).get(url).status_code == 403


def test_the_log_is_read_only(client, head, agency):
    assert logged_in(client, head).post(reverse("office:audit_log", args=[agency.code])).status_code == 405
