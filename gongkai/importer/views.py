"""The office's report checker: upload a published report → findings page → (optionally) store it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.agencies.access import agencies_of
from gongkai.agencies.models import Agency
from gongkai.core.forms import attempt
from gongkai.reports.definition import get_format
from gongkai.reports.render.html import render_html
from gongkai.reports.render.opendata import OpenDataError, from_dict, to_dict

from . import services
from .forms import StoreForm, UploadForm
from .mapper import ReadResult

SALT = "gongkai.importer.upload"
PAYLOAD_MAX_AGE = 3600


def _require_staff(user) -> None:
    if not agencies_of(user).exists():
        raise PermissionDenied("只有机关工作人员可以使用报告校验。")


def _findings_context(lint, user, store_form=None) -> dict:
    data = lint.data
    fmt = get_format(data.format_key)
    agencies = services.storable_agencies(user)
    if agencies and store_form is None:
        result = lint.result
        payload = signing.dumps({"report": to_dict(data), "headings": data.found_headings, "name": lint.name,
                                 "shape": result.shape, "cells_found": result.cells_found,
                                 "problems": result.problems}, salt=SALT, compress=True)
        initial = next((a.code for a in agencies if a.name == data.agency_name), agencies[0].code)
        store_form = StoreForm(agencies=agencies, initial={"agency": initial, "payload": payload,
                                                           "file_name": lint.name})
    return {"lint": lint, "data": data, "format": fmt, "store_form": store_form,
            "report_html": render_html(data, standalone=False, prefix="imp"),
            "errors": [(f, _cells_text(fmt, f.cells)) for f in lint.findings if f.is_error],
            "warnings": [f for f in lint.findings if not f.is_error],
            "sections": [(s, (data.found_headings or {}).get(s.key, "")) for s in fmt.sections]}


def _lint_again(raw: dict, data) -> services.Lint:
    """The findings page of a stored payload again (when saving it was refused), without the file."""
    data.found_headings = raw.get("headings") or data.found_headings
    result = ReadResult(data, list(raw.get("problems") or []), raw.get("shape", ""), raw.get("cells_found", 0))
    return services.Lint(raw.get("name", ""), result, services.check(result))


def _cells_text(fmt, cells, shown=3) -> str:
    labels = [services.cell_label(fmt, c) for c in cells[:shown]]
    more = f"等 {len(cells)} 格" if len(cells) > shown else ""
    return "、".join(labels) + more


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    _require_staff(request.user)
    if request.method == "GET":
        return render(request, "importer/upload.html", {"form": UploadForm()})
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "importer/upload.html", {"form": form}, status=400)
    f = form.cleaned_data["file"]
    lint = services.lint_bytes(f.read(), f.name)
    if lint.error:
        form.add_error("file", f"{f.name}：{lint.error}")
        return render(request, "importer/upload.html", {"form": form}, status=422)
    return render(request, "importer/findings.html", _findings_context(lint, request.user))


@login_required
@require_POST
def store(request):
    _require_staff(request.user)
    agencies = services.storable_agencies(request.user)
    if not agencies:
        raise PermissionDenied("需要本机关或上级人民政府的以下岗位之一：政务公开办、负责人、管理员。")
    form = StoreForm(request.POST, agencies=agencies)
    valid = form.is_valid()
    if "agency" in form.errors and request.POST.get("agency"):
        raise PermissionDenied("不能把报告保存到所选机关。")
    if "payload" in form.errors:
        messages.error(request, form.errors["payload"][0])
        return redirect("importer:upload")
    try:
        raw = signing.loads(request.POST["payload"], salt=SALT, max_age=PAYLOAD_MAX_AGE)
        data = from_dict(raw["report"])
    except signing.SignatureExpired:
        messages.error(request, "页面已过期，请重新上传报告。")
        return redirect("importer:upload")
    except (signing.BadSignature, OpenDataError, KeyError, TypeError):
        messages.error(request, "报告内容无效，请重新上传。")
        return redirect("importer:upload")
    done = {}

    def store_it(d):
        agency = get_object_or_404(Agency, code=d["agency"])
        done["agency"], done["report"] = agency, services.import_report(
            request.user, agency, data, today=timezone.localdate(), file_name=d["file_name"],
            published_on=d["published_on"])

    if not valid or not attempt(request, form, store_it):
        return render(request, "importer/findings.html", _findings_context(_lint_again(raw, data), request.user, form))
    agency, report = done["agency"], done["report"]
    messages.success(request, f"已将{data.year}年度报告保存到{agency.name}（导入的已发布报告，第{report.version}版，只读）。")
    return redirect("office:report_edit", pk=report.pk)
