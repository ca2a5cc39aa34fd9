"""Issue 14 §3: applicants' personal data encrypted at rest, found by keyed hash, masked, full views audited,
retention, key rotation, private data directory and database file."""

import os
import stat
import subprocess
import sys
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import FieldError
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.audit.models import AuditEntry
from gongkai.cases import decisions, letters
from gongkai.cases.models import Application, CaseEvent, CaseSettings, EventKind, Letter, LetterKind, Status
from gongkai.privacy import keys, services
from tests.cli import run_command
from tests.conftest import logged_in

ID, PHONE, EMAIL, ADDRESS = "370101199001011235", "13812345678", "zhangsan@example.com", "山东省济宁市嘉祥县"


def raw_row(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, email, address, id_number_hash, phone_hash "
                       "FROM cases_application WHERE id = %s", [pk])
        return cursor.fetchone()


def test_id_number_phone_email_and_address_are_stored_encrypted(make_case):
    app = make_case("2026-11-20")
    stored = raw_row(app.pk)
    for value in (ID, PHONE, EMAIL, ADDRESS):
        assert not any(value in (cell or "") for cell in stored)
    assert all(keys.is_token(cell) for cell in stored[:4])
    fresh = Application.objects.get(pk=app.pk)
    assert (fresh.id_number, fresh.phone, fresh.email, fresh.address) == (ID, PHONE, EMAIL, ADDRESS)


def test_exact_search_by_id_number_and_phone_goes_through_the_keyed_hash(make_case):
    app = make_case("2026-11-20")
    make_case("2026-11-20", id_number="370101199001011243", phone="13900001111")
    assert list(Application.objects.with_id_number(ID.lower())) == [app]
    assert list(Application.objects.with_phone("138-1234-5678")) == [app]
    assert not Application.objects.with_phone("1381234567").exists()
    assert not Application.objects.with_id_number("").exists()
    assert ID not in raw_row(app.pk)[4] and len(raw_row(app.pk)[4]) == 40


def test_an_encrypted_column_cannot_be_compared_by_mistake(make_case):
    make_case("2026-11-20")
    with pytest.raises(FieldError):
        list(Application.objects.filter(id_number=ID))


def test_repeat_and_month_counts_still_find_the_same_applicant(make_case):
    make_case("2026-11-02", content="2025年度商务局招商引资项目清单")
    second = make_case("2026-11-20", content="2025年度商务局招商引资项目清单")
    assert second.repeat_of_id is not None and second.month_count == 2


def test_plain_rows_from_before_are_encrypted_by_the_migration(make_case):
    import importlib

    from django.apps import apps

    app = make_case("2026-11-20")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_application SET id_number = %s, phone = %s, id_number_hash = '' WHERE id = %s",
                       [ID, PHONE, app.pk])
    migration = importlib.import_module("gongkai.cases.migrations.0005_encrypt_applicant_data")
    migration.encrypt_existing(apps, SimpleNamespace(connection=connection))
    stored = raw_row(app.pk)
    assert keys.is_token(stored[0]) and keys.is_token(stored[1]) and stored[4]
    assert Application.objects.with_id_number(ID).get().pk == app.pk


# --- masked unless needed; full views audited -----------------------------------------------------------------
def test_the_case_page_masks_until_a_handler_asks_and_audits_the_full_view(client, clerk, make_case):
    app = make_case("2026-11-20")
    page = logged_in(client, clerk).get(reverse("cases:detail", args=[app.pk])).content.decode()
    assert ID not in page and PHONE not in page and EMAIL not in page and "3701**********1235" in page
    assert not AuditEntry.objects.filter(action="case.pii.view").exists()
    full = client.get(reverse("cases:detail", args=[app.pk]), {"full": "1"}).content.decode()
    assert ID in full and PHONE in full and EMAIL in full
    entry = AuditEntry.objects.get(action="case.pii.view")
    assert entry.actor == clerk and entry.object_id == str(app.pk) and entry.at is not None


def test_a_reviewer_asking_for_the_full_view_still_sees_masks(client, reviewer, make_case):
    app = make_case("2026-11-20")
    page = logged_in(client, reviewer).get(reverse("cases:detail", args=[app.pk]), {"full": "1"}).content.decode()
    assert ID not in page and not AuditEntry.objects.filter(action="case.pii.view").exists()


def _ledger_cells(response):
    ws = load_workbook(BytesIO(response.content)).active
    return [str(c.value) for row in ws.iter_rows(min_row=2) for c in row if c.value is not None]


def test_ledger_export_is_masked_by_default_and_full_numbers_are_audited(client, clerk, oversight, make_case):
    make_case("2026-11-20")
    masked = logged_in(client, clerk).get(reverse("cases:ledger_export"))
    assert ID not in _ledger_cells(masked) and "3701**********1235" in _ledger_cells(masked)
    full = client.get(reverse("cases:ledger_export"), {"full": "1"})
    assert ID in _ledger_cells(full) and PHONE in _ledger_cells(full)
    entries = list(AuditEntry.objects.filter(action="case.ledger.export").order_by("id"))
    assert [e.data["full_numbers"] for e in entries] == [False, True] and entries[1].actor == clerk
    over = logged_in(client, oversight).get(reverse("cases:ledger_export"), {"full": "1", "agency": "test-shangwu"})
    assert ID not in _ledger_cells(over)


def test_letter_view_and_download_are_audited(client, clerk, make_case):
    app = make_case("2026-11-20")
    letter = Letter.objects.get(application=app, kind=LetterKind.RECEIPT)
    logged_in(client, clerk).get(reverse("cases:letter", args=[letter.pk]))
    client.get(reverse("cases:letter_docx", args=[letter.pk]))
    forms = [e.data["form"] for e in AuditEntry.objects.filter(action="case.letter.download").order_by("id")]
    assert forms == ["html", "docx"]


# --- retention ---------------------------------------------------------------------------------------------------
def _archived(make_case, clerk, head, agency, received, archived_on):
    from gongkai.cases import base

    app = make_case(received)
    app = decisions.decide(clerk, app, outcome="grant", decision_date=app.received_date, revision=app.revision,
                           today=app.received_date)
    app = decisions.approve(head, app, revision=app.revision, today=app.received_date)
    answer = app.letters.filter(kind=LetterKind.ANSWER).last()
    letters.deliver(clerk, answer, method="in_person", on=app.received_date, proof="签收", revision=app.revision,
                    today=app.received_date)
    app = Application.objects.get(pk=app.pk)
    app = decisions.archive(clerk, app, revision=app.revision, today=app.received_date)
    CaseEvent.objects.filter(application=app, kind=EventKind.ARCHIVE).update(date=archived_on)
    return base.lock(app, app.revision)


def test_retention_anonymises_cases_archived_longer_ago_dry_run_first(clerk, head, agency, make_case, today):
    from datetime import date

    old = _archived(make_case, clerk, head, agency, "2026-09-18", date(2015, 3, 1))
    recent = _archived(make_case, clerk, head, agency, "2026-10-09", date(2025, 3, 1))
    CaseSettings.objects.filter(agency=agency).update(retention_years=10)
    plans = services.retention_plans(today)
    assert [p.case_ids for p in plans] == [[old.pk]]
    code, out, _ = run_command("retention")
    assert code == 0 and "将匿名化 1 件" in out and Application.objects.get(pk=old.pk).applicant_name == "张三"
    code, out, _ = run_command("retention", "--apply")
    assert code == 0 and "已匿名化 1 件" in out
    gone = Application.objects.get(pk=old.pk)
    assert gone.applicant_name == services.ANONYMOUS and gone.id_number == "" and gone.phone == ""
    assert gone.anonymised_on and gone.outcome == "grant" and gone.status == Status.ARCHIVED
    assert not any("张三" in " ".join(map(str, lt.paragraphs)) + lt.addressee for lt in gone.letters.all())
    assert Application.objects.get(pk=recent.pk).applicant_name == "张三"
    assert AuditEntry.objects.get(action="case.anonymise").data["cases"] == 1
    assert run_command("retention", "--apply")[1].count("已匿名化 0 件") == 1


# --- key rotation ------------------------------------------------------------------------------------------------
def test_key_rotation_re_encrypts_everything_and_drops_the_old_key(make_case):
    app = make_case("2026-11-20")
    before, old_key = raw_row(app.pk), keys.keys()[0]
    code, out, _ = run_command("rotate-field-key")
    assert code == 0 and "重新加密 1 条记录" in out
    assert keys.keys()[0] != old_key and len(keys.keys()) == 1
    after = raw_row(app.pk)
    assert after[0] != before[0] and after[4] != before[4]
    assert Application.objects.get(pk=app.pk).id_number == ID
    assert Application.objects.with_id_number(ID).exists()
    assert stat.S_IMODE(os.stat(keys.key_path()).st_mode) == 0o600


def test_a_search_during_an_environment_key_rotation_finds_old_rows(make_case, monkeypatch):
    from cryptography.fernet import Fernet

    app = make_case("2026-11-20")
    old = keys.keys()[0].decode()
    monkeypatch.setenv(keys.ENV, f"{Fernet.generate_key().decode()},{old}")
    keys.reset()
    assert Application.objects.with_id_number(ID).get().pk == app.pk
    assert run_command("rotate-field-key")[0] == 0
    monkeypatch.setenv(keys.ENV, keys.keys()[0].decode())  # the old key dropped
    keys.reset()
    assert Application.objects.get(pk=app.pk).phone == PHONE and Application.objects.with_phone(PHONE).exists()


# --- the data directory, the database file and the demo ------------------------------------------------------------
ROOT = Path(__file__).resolve().parents[2]


def _python(code: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "GONGKAI_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "gongkai.settings"}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=900)


def test_a_new_data_directory_is_0700_and_its_database_0600(tmp_path):
    target = tmp_path / "fresh"
    result = _python("import django; django.setup(); from django.core.management import call_command; "
                     "call_command('migrate', verbosity=0)", target)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(target / "gongkai.sqlite3").st_mode) == 0o600
    for extra in ("gongkai.sqlite3-wal", "field_key", "secret_key"):
        if (target / extra).exists():
            assert stat.S_IMODE(os.stat(target / extra).st_mode) == 0o600, extra


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="greps the SQLite file")
def test_no_demo_id_number_or_phone_can_be_found_in_the_database_file(tmp_path):
    code = """
import django; django.setup()
from datetime import date
from django.core.management import call_command
from django.db import connection
call_command('migrate', verbosity=0)
from gongkai.demo.load import load_demo
load_demo(date(2026, 11, 25))
from gongkai.cases.models import Application
print(Application.objects.count())
connection.close()
"""
    result = _python(code, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.split()[-1]) > 20
    from gongkai.cases.demo import PEOPLE

    blobs = b"".join(p.read_bytes() for p in tmp_path.glob("gongkai.sqlite3*"))
    for _, _, _, number, phone in PEOPLE:
        for value in (number, phone):
            assert value.encode() not in blobs, value
            assert value.encode("utf-16-le") not in blobs, value
