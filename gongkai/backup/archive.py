"""One backup archive: the database (SQLite's online backup API, or pg_dump on PostgreSQL), the stored files
(every folder of the data directory but the cache and static files: attachments, appeal documents,
published report files, case files) with their SHA-256, and — only when asked — the keys,
encrypted with a passphrase (scrypt + AES-256-GCM from `cryptography`).

Layout of the .tar.gz: manifest.json, database/gongkai.sqlite3 or database/gongkai.pgdump, files/<dir>/…,
keys.enc. `restore` refuses a data directory or database that already holds data.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.conf import settings
from django.db import connection

from gongkai.core.errors import GongkaiError
from gongkai.privacy import keys as field_keys

FORMAT = "gongkai.backup/1"
# Every folder of the data directory is stored data (attachments, appeals, published, case files, …) except these,
# which Gongkai rebuilds by itself; so a new kind of stored file is backed up without touching this module.
NOT_BACKED_UP = frozenset({"cache", "static", "tmp"})
KEYS_MAGIC = b"GKKEYS1"


class BackupError(GongkaiError):
    pass


@dataclass
class Summary:
    path: Path
    tables: dict
    files: int
    keys: bool


def _vendor() -> str:
    return connection.vendor  # "sqlite" or "postgresql"


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        out = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            out[name] = cursor.fetchone()[0]
    return out


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _file_dirs(data_dir: Path) -> list[Path]:
    if not data_dir.is_dir():
        return []
    return sorted(p for p in data_dir.iterdir()
                  if p.is_dir() and not p.is_symlink() and p.name not in NOT_BACKED_UP and not p.name.startswith("."))


def stored_files(data_dir: Path | None = None) -> dict[str, str]:
    """relative path → SHA-256 of every stored file."""
    data_dir = Path(data_dir or settings.DATA_DIR)
    out = {}
    for root in _file_dirs(data_dir):
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.name.endswith((".part", ".lock")):
                out[path.relative_to(data_dir).as_posix()] = sha256_file(path)
    return out


# --- database ----------------------------------------------------------------------------------------------------
def _pg_env() -> tuple[dict, list[str], str]:
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return env, args, db["NAME"]


def _run(cmd: list[str], env: dict, what: str) -> None:
    try:
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=6 * 3600)
    except FileNotFoundError:
        raise BackupError(f"找不到 {cmd[0]}：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）。") \
            from None
    if result.returncode != 0:
        raise BackupError(f"{what}失败：{(result.stderr or result.stdout).strip()[:500]}")


def _dump_database(target: Path) -> str:
    connection.ensure_connection()
    if _vendor() == "sqlite":
        out = sqlite3.connect(target)
        try:
            connection.connection.backup(out)  # consistent online copy, even while others write
        finally:
            out.close()
        return "database/gongkai.sqlite3"
    if _vendor() == "postgresql":
        env, args, name = _pg_env()
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args, "-f", str(target), name], env,
             "pg_dump")
        return "database/gongkai.pgdump"
    raise BackupError(f"不支持备份 {_vendor()} 数据库。")


def database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _restore_database(member: str, source: Path) -> None:
    if not database_is_empty():
        raise BackupError("目标数据库中已有数据表：恢复只能在空数据库中进行（请新建一个空数据库，或换一个空的数据目录）。")
    if member.endswith(".sqlite3"):
        if _vendor() != "sqlite":
            raise BackupError("这是 SQLite 数据库的备份，当前配置的是 PostgreSQL（请去掉 DATABASE_URL，或用 SQLite 恢复）。")
        connection.close()
        name = connection.settings_dict["NAME"]
        src = sqlite3.connect(source)
        dst = sqlite3.connect(name)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        return
    if _vendor() != "postgresql":
        raise BackupError("这是 PostgreSQL 数据库的备份，请设置 DATABASE_URL 指向一个空的 PostgreSQL 数据库后再恢复。")
    connection.close()
    env, args, name = _pg_env()
    _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args, "-d", name, str(source)], env,
         "pg_restore")


# --- keys ----------------------------------------------------------------------------------------------------------
def _kdf(salt: bytes) -> Scrypt:
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1)


def seal_keys(passphrase: str) -> bytes:
    if len(passphrase or "") < 12:
        raise BackupError("备份密钥的口令至少12个字符。")
    payload = json.dumps({"secret_key": settings.SECRET_KEY,
                          "field_keys": [k.decode("ascii") for k in field_keys.keys()]}).encode()
    salt, nonce = os.urandom(16), os.urandom(12)
    key = _kdf(salt).derive(passphrase.encode("utf-8"))
    return KEYS_MAGIC + salt + nonce + AESGCM(key).encrypt(nonce, payload, KEYS_MAGIC)


def open_keys(blob: bytes, passphrase: str) -> dict:
    if not blob.startswith(KEYS_MAGIC):
        raise BackupError("备份中的密钥文件已损坏。")
    body = blob[len(KEYS_MAGIC):]
    salt, nonce, sealed = body[:16], body[16:28], body[28:]
    try:
        key = _kdf(salt).derive((passphrase or "").encode("utf-8"))
        return json.loads(AESGCM(key).decrypt(nonce, sealed, KEYS_MAGIC))
    except InvalidTag:
        raise BackupError("口令不正确，无法解开备份中的密钥。") from None


# --- backup / restore ----------------------------------------------------------------------------------------------
def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def backup(target: Path, *, passphrase: str | None = None, now: datetime) -> Summary:
    """Write the archive to `target` (mode 0600, written to a temporary name first)."""
    target = Path(target)
    data_dir = Path(settings.DATA_DIR)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gongkai-backup-") as tmp:
        dump = Path(tmp) / "db"
        member = _dump_database(dump)
        tables = table_counts()
        files = stored_files(data_dir)
        manifest = {"format": FORMAT, "created_at": now.isoformat(), "vendor": _vendor(), "database": member,
                    "tables": tables, "files": files, "keys": passphrase is not None,
                    "field_key_fingerprints": [field_keys.fingerprint(k) for k in field_keys.keys()]}
        partial = target.with_name(target.name + ".part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            _add_bytes(tar, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
            tar.add(dump, arcname=member)
            for relative in files:
                tar.add(data_dir / relative, arcname=f"files/{relative}")
            if passphrase is not None:
                _add_bytes(tar, "keys.enc", seal_keys(passphrase))
        os.replace(partial, target)
    return Summary(target, tables, len(files), passphrase is not None)


def _safe_member(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    except (KeyError, AttributeError, ValueError):
        raise BackupError("这不是 Gongkai 的备份文件（缺少 manifest.json）。") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不支持的备份格式：{manifest.get('format')}。")
    return manifest


def _occupied(data_dir: Path) -> list[str]:
    return [root.name for root in _file_dirs(data_dir) if any(p.is_file() for p in root.rglob("*"))]


def restore(source: Path, *, passphrase: str | None = None) -> Summary:
    """Restore into an empty data directory and empty database; every file's hash is checked."""
    data_dir = Path(settings.DATA_DIR)
    try:
        tar = tarfile.open(source, mode="r:gz")
    except (OSError, tarfile.TarError):
        raise BackupError(f"无法读取备份文件 {source}。") from None
    with tar, tempfile.TemporaryDirectory(prefix="gongkai-restore-") as tmp:
        manifest = read_manifest(tar)
        busy = _occupied(data_dir)
        if busy:
            raise BackupError(f"数据目录 {data_dir} 中已有文件（{'、'.join(busy)}）：恢复只能在空的数据目录中进行。")
        restored_keys = None
        if manifest.get("keys"):
            if passphrase is None:
                raise BackupError("这个备份带有加密的密钥，请提供口令（环境变量 GONGKAI_BACKUP_PASSPHRASE）。")
            restored_keys = open_keys(tar.extractfile("keys.enc").read(), passphrase)
        else:
            current = field_keys.peek()
            wanted = manifest.get("field_key_fingerprints") or []
            if wanted and not (current and field_keys.fingerprint(current[0]) == wanted[0]
                               or current and wanted[0] in {field_keys.fingerprint(k) for k in current}):
                raise BackupError("备份中的个人信息是用另一把密钥加密的：请先把原数据目录中的 field_key 复制到新的数据目录"
                                  "（或设置 GONGKAI_FIELD_KEY），或使用带密钥的备份（gongkai backup --with-keys）。")
        members = {m.name: m for m in tar.getmembers()}
        for name in members:
            if not _safe_member(name):
                raise BackupError(f"备份文件中有不安全的路径：{name}")
        db_member = manifest["database"]
        if db_member not in members:
            raise BackupError("备份文件中缺少数据库。")
        tar.extract(members[db_member], tmp, filter="data")
        staged = Path(tmp) / "files"
        for relative, digest in manifest["files"].items():
            member = members.get(f"files/{relative}")
            if member is None:
                raise BackupError(f"备份文件中缺少 {relative}。")
            tar.extract(member, tmp, filter="data")
            if sha256_file(staged / relative) != digest:
                raise BackupError(f"{relative} 的校验值与备份时不符，备份文件可能已损坏。")
        _restore_database(db_member, Path(tmp) / db_member)
        if staged.is_dir():
            for top in sorted(p for p in staged.iterdir() if p.is_dir()):
                shutil.copytree(top, data_dir / top.name, dirs_exist_ok=True)
        if restored_keys:
            _write_keys(data_dir, restored_keys)
    return Summary(Path(source), manifest["tables"], len(manifest["files"]), bool(restored_keys))


def _write_keys(data_dir: Path, restored: dict) -> None:
    path = data_dir / "secret_key"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(restored["secret_key"])
    if not os.environ.get(field_keys.ENV):
        field_keys.write_key_file([k.encode("ascii") for k in restored["field_keys"]], data_dir / field_keys.KEY_FILE)
        field_keys.reset()
