"""The agency's 依申请公开 settings page (负责人 or 管理员)."""

from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.cases.models import CaseSettings
from tests.conftest import logged_in

POST = {"decision_needs_approval": "", "start_day_counted": "", "consult_span": "exclusive",
        "fee_pauses_clock": "on", "letter_number_pattern": "{prefix}〔{year}〕{n}号", "dossier_retention": "30y",
        "acceptance_number_pattern": "{prefix}依申〔{year}〕{n}号"}


def test_head_turns_off_decision_approval_and_it_is_audited(client, head, agency):
    response = logged_in(client, head).post(reverse("cases:settings", args=[agency.code]), POST, follow=True)
    assert "依申请公开设置已保存" in response.content.decode()
    settings = CaseSettings.objects.get(agency=agency)
    assert settings.decision_needs_approval is False and settings.letter_number_pattern == "{prefix}〔{year}〕{n}号"
    assert AuditEntry.objects.filter(action="case.settings.edit").exists()


def test_a_pattern_without_a_serial_number_is_refused(client, head, agency):
    response = logged_in(client, head).post(reverse("cases:settings", args=[agency.code]),
                                            {**POST, "letter_number_pattern": "{prefix}〔{year}〕"}, follow=True)
    assert "必须包含序号" in response.content.decode()
    assert not CaseSettings.objects.filter(agency=agency, letter_number_pattern="{prefix}〔{year}〕").exists()


def test_a_pattern_with_an_unknown_field_is_refused(client, head, agency):
    response = logged_in(client, head).post(reverse("cases:settings", args=[agency.code]),
                                            {**POST, "letter_number_pattern": "{secret}{n}"}, follow=True)
    assert "只能使用" in response.content.decode()


def test_clerk_cannot_change_case_settings(client, clerk, agency):
    assert logged_in(client, clerk).post(reverse("cases:settings", args=[agency.code]), POST).status_code == 403


def test_other_agency_cannot_see_case_settings(client, outsider_from_other_agency, agency):
    response = logged_in(client, outsider_from_other_agency).get(reverse("cases:settings", args=[agency.code]))
    assert response.status_code == 403


def test_case_settings_page_rejects_put(client, head, agency):
    assert logged_in(client, head).put(reverse("cases:settings", args=[agency.code])).status_code == 405
