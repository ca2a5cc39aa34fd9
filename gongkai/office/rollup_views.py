"""部门汇总 in the office: the 政务公开办's page with the departments' Tables 2–4 side by side, and its downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gongkai.core import params
from gongkai.reports import rollup

from .views import _today, _visible_agency


def _result(request, code):
    government = _visible_agency(request, code)
    today = _today()
    year = params.year(request.GET.get("year"), today.year - 1)
    if year > today.year or year < 2008:
        year = today.year - 1
    return rollup.rollup(request.user, government, year, today)


@login_required
@require_GET
def rollup_page(request, code):
    result = _result(request, code)
    return render(request, "office/rollup.html", {
        "result": result, "government": result.government, "year": result.year, "rows": list(rollup.grid(result)),
        "basis": rollup.BASIS, "label": rollup.LABEL, "kinds": list(rollup.EXPORTS)})


@login_required
@require_GET
def rollup_download(request, code, kind):
    if kind not in rollup.EXPORTS:
        raise Http404("不支持的导出格式。")
    result = _result(request, code)
    response = HttpResponse(rollup.render(result, kind), content_type=rollup.EXPORTS[kind][0])
    response["Content-Disposition"] = f'attachment; filename="{rollup.filename(result, kind)}"'
    return response
