"""Reading and checking published reports, file by file — no database and no Django needed (the command line
runs this without setting Django up, to start fast)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gongkai.reports.model import ReportData
from gongkai.reports.rules import Finding

from .checks import check
from .detect import SHAPE_NAMES, Unreadable, read_bytes, read_path
from .mapper import ReadResult

READABLE_SUFFIXES = {".txt", ".text", ".htm", ".html", ".md", ".markdown", ".docx", ".doc", ".wps", ".pdf",
                     ".json", ".csv"}


@dataclass
class Lint:
    """One file read and checked: its findings, or why it could not be read."""

    name: str
    result: ReadResult | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str = ""

    @property
    def data(self) -> ReportData | None:
        return self.result.data if self.result else None

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    @property
    def exit_code(self) -> int:
        return 2 if self.error else 1 if self.errors else 0

    @property
    def shape_label(self) -> str:
        return SHAPE_NAMES.get(self.result.shape, self.result.shape) if self.result else ""

    def summary(self) -> dict:
        d = self.data
        return {"file": self.name, "agency": d.agency_name if d else "", "year": d.year if d else "",
                "format": d.format_key if d else "", "shape": self.result.shape if self.result else "",
                "errors": self.errors if not self.error else "", "warnings": self.warnings if not self.error else "",
                "status": "unreadable" if self.error else "errors" if self.errors else "ok", "message": self.error}

    def as_dict(self) -> dict:
        out = {**self.summary(), "findings": [f.as_dict() for f in self.findings]}
        if self.result:
            out["unread"] = ["/".join(a) for a in self.result.unread]
        return out


def _internal(exc: Exception) -> str:
    return f"读取时出现内部错误（{type(exc).__name__}），已跳过这份文件；请把文件提交给维护者。"


def lint_bytes(raw: bytes, name: str = "") -> Lint:
    try:
        result = read_bytes(raw, name)
        return Lint(name, result, check(result))
    except Unreadable as exc:
        return Lint(name, error=exc.message)
    except Exception as exc:  # never let one file stop a folder: report it as unreadable
        return Lint(name, error=_internal(exc))


def lint_path(path: str | Path) -> Lint:
    try:
        result = read_path(path)
        return Lint(str(path), result, check(result))
    except Unreadable as exc:
        return Lint(str(path), error=exc.message)
    except Exception as exc:  # never let one file stop a folder: report it as unreadable
        return Lint(str(path), error=_internal(exc))


def expand_paths(paths: list[str]) -> list[Path]:
    """Files as given, folders as the readable files inside them (sorted, not recursive into hidden ones)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in READABLE_SUFFIXES
                              and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        else:
            out.append(p)
    return out
