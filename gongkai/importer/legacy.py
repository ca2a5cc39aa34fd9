"""Legacy Word files (.doc, and .wps as WPS Office writes it — the same Word 97 binary format) through
LibreOffice headless (Debian package libreoffice-writer-nogui), converted to DOCX and read like any DOCX (tables
with their merged cells). antiword was the other candidate: it reads .doc only, loses table structure and
cannot open WPS files, so LibreOffice it is. The conversion runs in a throw-away profile, offline, with a time
limit; encrypted or broken files become one Chinese line."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT = 120
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def kind_of_ole(raw: bytes) -> str:
    """"word" (a .doc or .wps), "encrypted" (a password-protected Office file) or "other" (Excel, PowerPoint…)."""
    head = raw[:1 << 20]
    if _ENCRYPTED in head:
        return "encrypted"
    if _WORD_STREAM in head or _WORD_STREAM in raw:
        return "word"
    return "other"


def to_docx(raw: bytes, suffix: str = ".doc") -> bytes:
    from .detect import Unreadable

    binary = soffice()
    if binary is None:
        raise Unreadable("读取旧版 Word（.doc/.wps）需要 LibreOffice：请安装 Debian 软件包 libreoffice-writer-nogui，"
                         "或把文件另存为 DOCX、PDF 后再读取。")
    with tempfile.TemporaryDirectory(prefix="gongkai-doc-") as tmp:
        source = Path(tmp) / f"report{suffix if suffix in ('.doc', '.wps') else '.doc'}"
        source.write_bytes(raw)
        cmd = [binary, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore", "--nologo",
               "--nodefault", "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, str(source)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL,
                           env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired:
            raise Unreadable("旧版 Word 文件转换超时（文件可能已损坏），无法读取。") from None
        target = source.with_suffix(".docx")
        if not target.is_file() or target.stat().st_size == 0:
            raise Unreadable("旧版 Word 文件已损坏或加密，LibreOffice 无法打开。") from None
        return target.read_bytes()
