"""Keys for personal data at rest (个人信息保护法第五十一条: encryption).

The keys are Fernet keys (AES-128-CBC with HMAC-SHA256, from the `cryptography` package), newest first:
`GONGKAI_FIELD_KEY` (comma-separated), else the file `field_key` in the data directory (mode 0600, one key a line),
made on first use. Values are encrypted with the newest key and decrypted with any of them, so a rotation can add a
key first and re-encrypt afterwards (`gongkai rotate-field-key`).

Exact-match search uses a keyed hash (HMAC-SHA256 with a key derived from each Fernet key by HKDF): the database
holds no value that can be looked up without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_FILE = "field_key"
ENV = "GONGKAI_FIELD_KEY"
TOKEN_PREFIX = "gAAAAA"  # every Fernet token starts with version byte 0x80 and a 64-bit timestamp
_state: dict = {}


class FieldKeyError(ImproperlyConfigured):
    pass


def key_path() -> Path:
    return Path(settings.DATA_DIR) / KEY_FILE


def _parse(raw: str, where: str) -> list[bytes]:
    keys = [k.strip().encode("ascii") for k in re.split(r"[,\s]+", raw or "") if k.strip()]
    if not keys:
        raise FieldKeyError(f"{where}中没有个人信息加密密钥。")
    for key in keys:
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise FieldKeyError(f"{where}中的个人信息加密密钥格式不正确（应为 Fernet 密钥：32字节的 URL 安全 Base64）。") from None
    return keys


def write_key_file(keys: list[bytes], path: Path | None = None) -> None:
    """Write the key file atomically with mode 0600."""
    path = path or key_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write("\n".join(k.decode("ascii") for k in keys) + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _load() -> list[bytes]:
    if os.environ.get(ENV):
        return _parse(os.environ[ENV], f"环境变量 {ENV} ")
    path = key_path()
    try:
        return _parse(path.read_text(encoding="ascii"), f"密钥文件 {path} ")
    except FileNotFoundError:
        key = Fernet.generate_key()
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return _parse(path.read_text(encoding="ascii"), f"密钥文件 {path} ")
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(key.decode("ascii") + "\n")
        return [key]


def keys() -> list[bytes]:
    """The field keys, newest first (cached per process; `reset()` after a change)."""
    source = (os.environ.get(ENV, ""), str(key_path()))
    if _state.get("source") != source:
        loaded = _load()
        _state.clear()
        _state.update(source=source, keys=loaded, fernet=MultiFernet([Fernet(k) for k in loaded]),
                      index_keys=[_index_key(k) for k in loaded])
    return _state["keys"]


def reset() -> None:
    _state.clear()


def _fernet() -> MultiFernet:
    keys()
    return _state["fernet"]


def _index_key(key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"gongkai blind index v1").derive(key)


def fingerprint(key: bytes | None = None) -> str:
    """A short public fingerprint of a key (to tell whether a backup and a data directory use the same key)."""
    key = key or keys()[0]
    return hashlib.sha256(b"gongkai key fingerprint" + key).hexdigest()[:16]


def encrypt(value: str) -> str:
    if value is None or value == "":
        return value
    return _fernet().encrypt(str(value).encode("utf-8")).decode("ascii")


def is_token(value) -> bool:
    return isinstance(value, str) and value.startswith(TOKEN_PREFIX)


def decrypt(value: str) -> str:
    if value is None or value == "" or not is_token(value):
        return value  # empty, or a value written before encryption (the migration encrypts those)
    try:
        return _fernet().decrypt(value.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise FieldKeyError("个人信息无法解密：加密密钥不正确。请检查环境变量 GONGKAI_FIELD_KEY 或数据目录中的 field_key "
                        "是否与数据库一致（恢复备份时须同时恢复密钥）。") from None


def rotate_token(value: str) -> str:
    """Re-encrypt one stored value with the newest key."""
    if not is_token(value):
        return encrypt(value) if value else value
    return _fernet().rotate(value.encode("ascii")).decode("ascii")


def normalise(value: str) -> str:
    """The form in which numbers are compared: no spaces or hyphens, upper case (a final x of an ID is X)."""
    return re.sub(r"[\s\-]", "", str(value or "")).upper()


def blind_index(value: str, key_index: int = 0) -> str:
    """HMAC-SHA256 of the normalised value under the (newest) key; "" for an empty value."""
    value = normalise(value)
    if not value:
        return ""
    keys()
    digest = hmac.new(_state["index_keys"][key_index], value.encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:40]


def blind_indexes(value: str) -> list[str]:
    """The keyed hash of a value under every key (a search during a key rotation still finds old rows)."""
    return [blind_index(value, i) for i in range(len(keys()))] if normalise(value) else []


def peek() -> list[bytes] | None:
    """The keys when there are any (the environment or the key file), without making a new one."""
    if os.environ.get(ENV):
        return _parse(os.environ[ENV], f"环境变量 {ENV} ")
    try:
        return _parse(key_path().read_text(encoding="ascii"), f"密钥文件 {key_path()} ")
    except FileNotFoundError:
        return None
