"""Issue 14 §1 and §6: CSP, Permissions-Policy, no-store on office pages and personal-data downloads, HSTS and
`check --deploy`, request body limits, SQLite WAL and busy timeout."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse

from gongkai.accounts.middleware import BodyLimitMiddleware
from gongkai.cases.models import Letter
from gongkai.reports import services as reports
from tests.conftest import logged_in

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "gongkai").rglob("templates/**/*.html"))


def test_every_page_carries_a_strict_script_policy_and_a_permissions_policy(client, clerk, agency):
    for response in (client.get("/"), logged_in(client, clerk).get(reverse("office:home"))):
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp and "base-uri 'none'" in csp
        assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_or_event_handlers(template):
    html = template.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert "javascript:" not in html


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_office_pages_and_downloads_are_never_stored(client, clerk, agency, make_case, today):
    app = make_case("2026-11-20")
    report = reports.create_report(clerk, agency, 2025, today=today)
    c = logged_in(client, clerk)
    letter = Letter.objects.filter(application=app).first()
    for url in (reverse("office:home"), reverse("cases:detail", args=[app.pk]), reverse("cases:ledger_export"),
                reverse("cases:letter_docx", args=[letter.pk]), reverse("cases:letter", args=[letter.pk]),
                reverse("office:report_download", args=[report.pk, "csv"])):
        response = c.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url
    client.logout()
    assert _no_store(client.get(reverse("office:login")))


@pytest.mark.urls("tests.cases.urls")
def test_the_applicants_tracking_page_is_never_stored_but_public_pages_may_be(client, agency):
    assert _no_store(client.get(reverse("apply:track")))
    assert _no_store(client.get(reverse("apply:form", args=[agency.code])))
    assert not _no_store(client.get("/"))


def _deploy_check(env_extra: dict) -> subprocess.CompletedProcess:
    env = {**os.environ, "GONGKAI_DEBUG": "0", "GONGKAI_SECRET_KEY": secrets.token_urlsafe(50)[:50],
           "GONGKAI_ALLOWED_HOSTS": "example.gov.cn", "GONGKAI_HTTPS": "1", **env_extra}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "gongkai.cli", "check", "--deploy", "--fail-level", "WARNING"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_check_deploy_with_production_settings_is_clean(tmp_path):
    result = _deploy_check({"GONGKAI_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_hsts_covers_sub_domains_and_preload_over_https(settings):
    from importlib import reload

    import gongkai.settings as production

    os.environ.update(GONGKAI_HTTPS="1")
    try:
        reload(production)
        assert production.SECURE_HSTS_SECONDS >= 31536000 and production.SECURE_HSTS_INCLUDE_SUBDOMAINS
        assert production.SECURE_HSTS_PRELOAD and production.SESSION_COOKIE_SECURE
    finally:
        del os.environ["GONGKAI_HTTPS"]
        reload(production)


# --- request bodies ----------------------------------------------------------------------------------------------
def _limited(path, length):
    request = RequestFactory().post(path, data=b"x", content_type="application/octet-stream")
    request.META["CONTENT_LENGTH"] = str(length)
    return BodyLimitMiddleware(lambda r: "passed")(request)


def test_a_60_mb_body_to_the_public_form_is_refused_before_it_is_read(settings):
    response = _limited("/test-shangwu/apply/", 60 * 1024 * 1024)
    assert response.status_code == 413 and "过大" in response.content.decode()
    assert _limited("/test-shangwu/apply/", 20_000) == "passed"
    assert _limited("/office/catalog/1/attach/", 21 * 1024 * 1024) == "passed"
    assert _limited("/office/catalog/1/attach/", settings.MAX_OFFICE_BODY_BYTES + 1).status_code == 413


@pytest.mark.urls("tests.cases.urls")
def test_an_oversized_application_through_the_client_is_413(client, agency):
    from gongkai.cases.models import Application

    response = client.post(reverse("apply:form", args=[agency.code]), {"content": "申" * 200_000})
    assert response.status_code == 413 and not Application.objects.exists()


# --- SQLite -----------------------------------------------------------------------------------------------------
@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite settings")
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    code = ("import django; django.setup(); from django.db import connection; c = connection.cursor(); "
            "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]); c.execute('PRAGMA busy_timeout'); "
            "print(c.fetchone()[0]); c.execute('PRAGMA secure_delete'); print(c.fetchone()[0])")
    env = {**os.environ, "GONGKAI_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "gongkai.settings"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.split() == ["wal", "20000", "1"], result.stderr
