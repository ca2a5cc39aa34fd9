"""The public portal: only published material, no login."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from gongkai.agencies.models import Agency
from gongkai.reports import published
from gongkai.reports.exports import EXPORTS, filename
from gongkai.reports.exports import render as render_export
from gongkai.reports.models import Report, ReportStatus
from gongkai.reports.services import to_data


@require_GET
def home(request):
    from gongkai.catalog.models import Document

    agencies = Agency.objects.reporting().order_by("level", "code")
    docs = Document.objects.published().select_related("agency").only(
        "id", "title", "published_on", "genre", "agency__code", "agency__name").order_by("-published_on", "-id")
    return render(request, "portal/home.html", {
        "agencies": agencies, "latest": docs[:8], "notices": docs.filter(genre__in=NOTICE_GENRES)[:5]})


NOTICE_GENRES = ("通知", "公告", "通告")  # 通知公告 on the home page


@require_GET
def agency_reports(request, code):
    agency = get_object_or_404(Agency, code=code)
    reports = Report.objects.published().filter(agency=agency).order_by("-year")
    return render(request, "portal/agency_reports.html", {"agency": agency, "reports": reports,
                                                          "exports": EXPORTS})


def _published(code, year) -> Report:
    agency = get_object_or_404(Agency, code=code)
    report = Report.objects.filter(agency=agency, year=year, status=ReportStatus.PUBLISHED).first()
    if report is None:
        raise Http404("该年度报告尚未发布。")
    return report


@require_GET
def report_view(request, code, year):
    from gongkai.reports.render.html import render_html

    report = _published(code, year)
    data = to_data(report)
    return render(request, "portal/report.html", {"report": report, "body": render_html(data, standalone=False),
                                                  "exports": EXPORTS, "data": data})


@require_GET
def report_download(request, code, year, kind):
    if kind not in EXPORTS:
        raise Http404("不支持的下载格式。")
    report = _published(code, year)
    data = to_data(report)
    if kind in published.STORED_KINDS:  # rendered once at publication, served from storage
        return FileResponse(published.stored_file(report, kind).open("rb"), as_attachment=True,
                            filename=filename(data, kind), content_type=EXPORTS[kind].content_type)
    response = HttpResponse(render_export(data, kind), content_type=EXPORTS[kind].content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(data, kind)}"'
    return response


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def forbidden(request, exception=None):
    message = str(exception) if exception and str(exception) else "您没有权限访问这个页面。"
    return render(request, "403.html", {"message": message}, status=403)
