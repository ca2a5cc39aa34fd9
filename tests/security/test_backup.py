"""Issue 14 §7: `gongkai backup FILE` / `gongkai restore FILE` — every table's rows, the report CSVs and the stored
files' hashes identical after the round trip, on SQLite and on PostgreSQL; keys only when asked, encrypted."""

import json
import os
import stat
import subprocess
import sys
import tarfile
import uuid
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from gongkai.backup import archive
from gongkai.reports.models import Report
from tests.cli import run_command

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "correct horse battery staple"

DUMP = r"""
import json, django
django.setup()
from django.db import connection
from gongkai.backup.archive import stored_files
from gongkai.reports.exports import render
from gongkai.reports.models import Report
from gongkai.reports.services import to_data
from gongkai.cases.models import Application

def rows():
    out = {}
    with connection.cursor() as c:
        for name in sorted(connection.introspection.table_names(c)):
            c.execute(f"SELECT * FROM {connection.ops.quote_name(name)}")
            out[name] = sorted(json.dumps(list(r), default=str, ensure_ascii=False) for r in c.fetchall())
    return out

print(json.dumps({"rows": rows(), "files": stored_files(),
                  "csv": {str(r.pk): render(to_data(r), "csv").decode("utf-8") for r in Report.objects.all()},
                  "phones": sorted(a.phone for a in Application.objects.all())}, ensure_ascii=False))
"""


def dump_here() -> dict:
    code = compile(DUMP.replace("django.setup()", ""), "dump", "exec")
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(code, {})
    return json.loads(buffer.getvalue())


def gongkai(args, data_dir: Path, database_url: str | None, **env_extra) -> subprocess.CompletedProcess:
    env = {**os.environ, "GONGKAI_DATA_DIR": str(data_dir), **env_extra}
    env.pop("DATABASE_URL", None)
    env.pop("GONGKAI_FIELD_KEY", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run([sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=900)


def fill(today):
    """The demo (agencies, staff, 45 cases with letters, catalog, appeals, reports), an attachment, an appeal
    document and the stored files of the published reports."""
    from gongkai.appeals import services as appeals
    from gongkai.appeals.models import Appeal
    from gongkai.catalog import services as catalog
    from gongkai.catalog.models import Document
    from gongkai.demo.load import load_demo
    from gongkai.reports import published

    load_demo(today)
    from django.contrib.auth import get_user_model

    clerk = get_user_model().objects.get(username="jingban")
    draft = Document.objects.filter(status="draft").first() or Document.objects.first()
    Document.objects.filter(pk=draft.pk).update(status="draft")
    catalog.add_attachment(clerk, draft, SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%backup\n%%EOF\n"), filename="a.pdf",
                           today=today)
    appeal = Appeal.objects.first()
    appeals.add_document(clerk, appeal, SimpleUploadedFile("决定书.pdf", b"%PDF-1.4\n%appeal\n%%EOF\n"),
                         kind=appeals.DocumentKind.values[0], today=today)
    for report in Report.objects.public().filter(agency__code="jiaxiang-shangwu"):  # the seed agency's: enough
        published.store_all(report.pk)                                           # files, and fast
    from django.conf import settings

    # a kind of stored file this module does not know by name (case files), and the cache, which is not data
    (Path(settings.DATA_DIR) / "casefiles" / "1").mkdir(parents=True)
    (Path(settings.DATA_DIR) / "casefiles" / "1" / "送达回证.pdf").write_bytes(b"%PDF-1.4\n%proof\n%%EOF\n")
    (Path(settings.DATA_DIR) / "cache").mkdir(exist_ok=True)
    (Path(settings.DATA_DIR) / "cache" / "page.djcache").write_bytes(b"cached page")


def compare(before: dict, after: dict):
    assert before["rows"].keys() == after["rows"].keys()
    for table, rows in before["rows"].items():
        assert after["rows"][table] == rows, table
    assert after["files"] == before["files"] and len(before["files"]) >= 3
    assert after["csv"] == before["csv"] and before["csv"]
    assert after["phones"] == before["phones"]


@pytest.fixture
def filled(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    fill(date(2026, 11, 25))


def _backup(tmp_path, with_keys: bool) -> Path:
    target = tmp_path / "backups" / "gongkai.tar.gz"
    os.environ["GONGKAI_BACKUP_PASSPHRASE"] = PASSPHRASE
    try:
        args = ["backup", str(target)] + (["--with-keys"] if with_keys else [])
        code, out, err = run_command(*args)
    finally:
        del os.environ["GONGKAI_BACKUP_PASSPHRASE"]
    assert code == 0, err
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    return target


def test_round_trip_is_identical(filled, tmp_path):
    target = _backup(tmp_path, with_keys=True)
    before = dump_here()
    with tarfile.open(target) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert "keys.enc" in names and any(n.startswith("files/attachments/") for n in names)
    assert any(n.startswith("files/appeals/") for n in names) and any(n.startswith("files/published/") for n in names)
    assert "files/casefiles/1/送达回证.pdf" in names and not any(n.startswith("files/cache") for n in names)
    assert manifest["tables"]["cases_application"] == len(before["rows"]["cases_application"])
    fresh, url = tmp_path / "restored", None
    if connection.vendor == "postgresql":
        url = _new_pg_database()
    try:
        restored = gongkai(["-m", "gongkai.cli", "restore", str(target)], fresh, url,
                           GONGKAI_BACKUP_PASSPHRASE=PASSPHRASE)
        assert restored.returncode == 0, restored.stderr
        assert "已恢复" in restored.stdout
        after = gongkai(["-c", DUMP], fresh, url)
        assert after.returncode == 0, after.stderr[-3000:]
        compare(before, json.loads(after.stdout))
        again = gongkai(["-m", "gongkai.cli", "restore", str(target)], fresh, url, GONGKAI_BACKUP_PASSPHRASE=PASSPHRASE)
        assert again.returncode != 0 and "恢复只能在空的" in again.stderr
    finally:
        if url:
            _drop_pg_database(url)


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="one backend is enough")
def test_without_keys_the_restore_asks_for_the_field_key_first(filled, tmp_path, settings):
    target = _backup(tmp_path, with_keys=False)
    with tarfile.open(target) as tar:
        assert "keys.enc" not in tar.getnames()
        assert b"secret_key" not in tar.extractfile("manifest.json").read()
    fresh = tmp_path / "restored"
    refused = gongkai(["-m", "gongkai.cli", "restore", str(target)], fresh, None)
    assert refused.returncode != 0 and "field_key" in refused.stderr
    (fresh / "field_key").write_bytes((Path(settings.DATA_DIR) / "field_key").read_bytes())
    done = gongkai(["-m", "gongkai.cli", "restore", str(target)], fresh, None)
    assert done.returncode == 0, done.stderr
    phones = json.loads(gongkai(["-c", DUMP], fresh, None).stdout)["phones"]
    assert phones and "13853712345" in phones


def test_a_wrong_passphrase_restores_nothing(filled, tmp_path):
    target = _backup(tmp_path, with_keys=True)
    fresh = tmp_path / "restored"
    result = gongkai(["-m", "gongkai.cli", "restore", str(target)], fresh, None,
                     GONGKAI_BACKUP_PASSPHRASE="not the passphrase")
    assert result.returncode != 0 and "口令不正确" in result.stderr
    assert not (fresh / "attachments").exists()


def test_a_tampered_file_is_refused(tmp_path, filled, settings):
    target = _backup(tmp_path, with_keys=False)
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(target) as src, tarfile.open(bad, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read() if member.isfile() else None
            if member.name.startswith("files/attachments/"):
                data = data + b"tampered"
                member.size = len(data)
            dst.addfile(member, __import__("io").BytesIO(data) if data is not None else None)
    fresh = tmp_path / "restored"
    (fresh).mkdir()
    (fresh / "field_key").write_bytes((Path(settings.DATA_DIR) / "field_key").read_bytes())
    result = gongkai(["-m", "gongkai.cli", "restore", str(bad)], fresh, None)
    assert result.returncode != 0 and "校验值与备份时不符" in result.stderr
    assert not (fresh / "attachments").exists()


def test_backup_keys_are_sealed_with_the_passphrase(db):
    blob = archive.seal_keys(PASSPHRASE)
    assert archive.open_keys(blob, PASSPHRASE)["field_keys"]
    with pytest.raises(archive.BackupError):
        archive.open_keys(blob, "wrong passphrase!")
    with pytest.raises(archive.BackupError, match="至少12个字符"):
        archive.seal_keys("short")


# --- PostgreSQL helpers --------------------------------------------------------------------------------------------
def _admin_dsn() -> dict:
    s = connection.settings_dict
    return {"host": s.get("HOST") or "127.0.0.1", "port": s.get("PORT") or 5432, "user": s.get("USER") or "postgres",
            "password": s.get("PASSWORD") or None, "dbname": "postgres"}


def _new_pg_database() -> str:
    import psycopg

    name = f"gk_restore_{uuid.uuid4().hex[:10]}"
    dsn = _admin_dsn()
    with psycopg.connect(**dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://{dsn['user']}@{dsn['host']}:{dsn['port']}/{name}"


def _drop_pg_database(url: str) -> None:
    import psycopg

    with psycopg.connect(**_admin_dsn(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
