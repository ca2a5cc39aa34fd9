"""The 政务公开办's dashboard (oversight.py computes it), its Excel export, and the agency switcher's redirect."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from gongkai.audit.services import record
from gongkai.core import params

from .oversight import COLUMNS, SORTS, as_xlsx, oversight_rows
from .views import _today, _visible_agency

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rows(request, code):
    government = _visible_agency(request, code)
    today = _today()
    year = params.year(request.GET.get("year"), today.year)
    sort = request.GET.get("sort", "")
    if sort.lstrip("-") not in SORTS:
        sort = ""
    return government, today, year, sort, oversight_rows(request.user, government, today, year=year, sort=sort)


@login_required
@require_GET
def dashboard(request, code):
    government, today, year, sort, rows = _rows(request, code)
    columns = [{"key": k, "label": label, "active": sort.lstrip("-") == k,
                "next": f"-{k}" if sort == k else k, "descending": sort == f"-{k}"} for k, label in COLUMNS]
    return render(request, "office/dashboard.html", {
        "government": government, "agency": government, "rows": rows, "today": today, "year": year,
        "sort": sort, "columns": columns, "years": [y.year for y in rows[0].years] if rows else [],
        "overdue_rows": [r for r in rows if r.overdue_cases]})


@login_required
@require_GET
def dashboard_xlsx(request, code):
    government, today, year, _sort, rows = _rows(request, code)
    record("oversight.export", actor=request.user, agency=government, data={"year": year, "rows": len(rows)})
    response = HttpResponse(as_xlsx(government, rows, today, year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="oversight-{government.code}-{year}.xlsx"'
    return response


@login_required
@require_GET
def switch(request):
    """The agency switcher without script: go to the chosen page when it is on this site, else the 工作台."""
    target = request.GET.get("go", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("office:home")
