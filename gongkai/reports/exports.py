"""One place that turns a ReportData into a downloadable file of a given type."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.errors import GongkaiError

from .model import ReportData


@dataclass(frozen=True)
class Export:
    extension: str
    content_type: str
    label: str


EXPORTS = {
    "html": Export("html", "text/html; charset=utf-8", "网页（HTML）"),
    "docx": Export("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word（DOCX）"),
    "pdf": Export("pdf", "application/pdf", "PDF"),
    "json": Export("json", "application/json; charset=utf-8", "开放数据（JSON）"),
    "csv": Export("csv", "text/csv; charset=utf-8", "单元格表（CSV）"),
}


def render(data: ReportData, kind: str) -> bytes:
    if kind == "html":
        from .render.html import render_html

        return render_html(data).encode("utf-8")
    if kind == "docx":
        from .render.docx import render_docx

        return render_docx(data)
    if kind == "pdf":
        from .render.pdf import render_pdf

        return render_pdf(data)
    if kind == "json":
        from .render.opendata import to_json

        return to_json(data).encode("utf-8")
    if kind == "csv":
        from .render.opendata import to_csv

        return ("\ufeff" + to_csv(data)).encode("utf-8")
    raise GongkaiError(f"不支持的导出格式“{kind}”（可选：{'、'.join(EXPORTS)}）。")


def filename(data: ReportData, kind: str) -> str:
    return f"{data.agency_code or 'report'}-{data.year}.{EXPORTS[kind].extension}"
