"""Office pages of the appeals register: list (filterable by a Table-4 cell), register, edit, documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.agencies.access import acting_agency, require_role, require_visible, roles_in
from gongkai.core import params
from gongkai.core.forms import attempt

from . import services
from .forms import AppealForm, DocumentForm
from .models import Appeal, AppealDocument, AppealKind, AppealResult
from .table4 import COUNTING_RULE, RESULT_COLUMNS, cell_link, table4_counts


def _today():
    return timezone.localdate()


_agency = acting_agency


def _appeal(request, pk) -> Appeal:
    appeal = get_object_or_404(Appeal.objects.select_related("agency", "case"), pk=pk)
    require_visible(request.user, appeal.agency)
    return appeal


def _can_edit(user, agency) -> bool:
    return bool(roles_in(user, agency) & set(services.EDITORS))


@login_required
@require_GET
def appeal_list(request):
    agency = _agency(request)
    year = params.year(request.GET.get("year"))
    kind, result = request.GET.get("kind", ""), request.GET.get("result", "")
    qs = Appeal.objects.for_agency(agency).select_related("case")
    title = "全部复议诉讼案件"
    if year and kind in AppealKind.values and result in [*AppealResult.values, "total"]:
        qs = qs.in_cell(year, kind, result)
        what = "总计" if result == "total" else AppealResult(result).label
        title = f"{year}年表四“{AppealKind(kind).label}·{what}”所计的案件"
    elif year:
        qs = qs.counted_in(year)
        title = f"{year}年表四计入的案件"
    table_year = year or _today().year - 1
    counts = table4_counts(agency, table_year)
    groups = [{"kind": k, "cells": [{"label": "总计" if r == "total" else AppealResult(r).label,
                                     "count": counts[(k.value, r)], "link": cell_link(agency, table_year, k, r)}
                                    for r in [*[c.value for c in RESULT_COLUMNS], "total"]]}
              for k in AppealKind]
    return render(request, "appeals/list.html", {
        "agency": agency, "appeals": qs.order_by("-filed_on", "-pk"), "title": title, "rule": COUNTING_RULE,
        "groups": groups, "table_year": table_year, "can_edit": _can_edit(request.user, agency),
        "filtered": bool(year)})


@login_required
@require_http_methods(["GET", "POST"])
def appeal_new(request):
    agency = _agency(request)
    require_role(request.user, agency, *services.EDITORS)
    form = AppealForm(request.POST or None)
    done = {}

    def register(_data):
        done["appeal"] = services.register(request.user, agency, form.to_input(), today=_today())

    if request.method == "POST" and attempt(request, form, register):
        messages.success(request, f"已登记{done['appeal']}。")
        return redirect("appeals:detail", pk=done["appeal"].pk)
    return render(request, "appeals/form.html", {"agency": agency, "form": form, "appeal": None, "can_edit": True})


def _detail_page(request, appeal, *, form=None, document_form=None):
    can_edit = _can_edit(request.user, appeal.agency)
    form = form or AppealForm.for_appeal(appeal)
    if not can_edit:
        for field in form.fields.values():  # readers see the labels, not the stored codes
            field.disabled = True
    return render(request, "appeals/form.html", {
        "agency": appeal.agency, "appeal": appeal, "form": form, "documents": appeal.documents.all(),
        "document_form": document_form or DocumentForm(auto_id=DocumentForm.AUTO_ID), "can_edit": can_edit,
        "advisories": services.advisories(appeal)})


@login_required
@require_GET
def appeal_detail(request, pk):
    return _detail_page(request, _appeal(request, pk))


@login_required
@require_POST
def appeal_update(request, pk):
    appeal = _appeal(request, pk)
    require_role(request.user, appeal.agency, *services.EDITORS)
    form = AppealForm(request.POST)
    if attempt(request, form, lambda _d: services.update(request.user, appeal, form.to_input(), today=_today())):
        messages.success(request, "已保存。")
        return redirect("appeals:detail", pk=appeal.pk)
    return _detail_page(request, appeal, form=form)


@login_required
@require_POST
def document_upload(request, pk):
    appeal = _appeal(request, pk)
    require_role(request.user, appeal.agency, *services.EDITORS)
    form = DocumentForm(request.POST, request.FILES, auto_id=DocumentForm.AUTO_ID)
    done = {}

    def upload(d):
        done["doc"] = services.add_document(request.user, appeal, d["file"], kind=d["kind"], today=_today())

    if attempt(request, form, upload):
        messages.success(request, f"已上传“{done['doc'].original_name}”。")
        return redirect("appeals:detail", pk=appeal.pk)
    return _detail_page(request, appeal, document_form=form)


@login_required
@require_GET
def document_download(request, pk):
    doc = get_object_or_404(AppealDocument.objects.select_related("agency"), pk=pk)
    require_visible(request.user, doc.agency)
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.original_name,
                        content_type=doc.content_type)
