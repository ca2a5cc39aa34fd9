"""Published reports' files (PDF, DOCX) rendered once and served from storage: rendering a PDF takes about a
second (more with a long narrative), so a request must never do it for every visitor.

The files live under DATA_DIR/published/<agency>/<year>-v<version>-<hash>.<ext>: a published version never
changes (its content hash is in the name). `publish` renders them right after its transaction commits; a
download that finds no file (a report imported as published, a lost file) renders it once under a file lock —
concurrent requests wait for that one rendering instead of each doing their own — and keeps it.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from django.conf import settings

from .exports import render
from .models import Report

STORED_KINDS = ("pdf", "docx")


def root() -> Path:
    return Path(settings.DATA_DIR) / "published"


def path_for(report: Report, kind: str) -> Path:
    tag = (report.content_hash or "nohash")[:16]
    return root() / report.agency.code / f"{report.year}-v{report.version}-{tag}.{kind}"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def stored_file(report: Report, kind: str) -> Path:
    """The stored file of a published report, rendered now if it is missing (once, under a lock)."""
    from .services import to_data

    path = path_for(report, kind)
    if path.is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.is_file():  # another request may have rendered it while this one waited
            _write(path, render(to_data(report), kind))
    return path


def store_all(report_pk: int) -> None:
    """Render and keep every stored kind (called after the publishing transaction has committed)."""
    report = Report.objects.select_related("agency").filter(pk=report_pk).first()
    if report is None or not report.is_public:
        return
    for kind in STORED_KINDS:
        stored_file(report, kind)
