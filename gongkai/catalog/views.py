"""Office views for the catalog: read a form, call one service, show a message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.agencies.access import agencies_of, require_visible, roles_in, visible_agency
from gongkai.agencies.models import Agency, Role
from gongkai.core import params
from gongkai.core.errors import GongkaiError
from gongkai.core.forms import attempt
from gongkai.office.views import refusals_as_messages

from . import attachments as files
from . import pii_scan, registry, services
from .forms import (
    ApproveForm,
    AttachmentForm,
    DocumentForm,
    FigureForm,
    ImportForm,
    RegistryForm,
    RejectForm,
    RepealForm,
    ReviewForm,
    SchemeForm,
    ValidityForm,
)
from .models import Attachment, DocStatus, Document, FigureItem, RegistryEntry, YearFigure
from .provider import proactive_sentence


def _today():
    return timezone.localdate()


def _agency(request, code) -> Agency:
    return visible_agency(request.user, code)


def _document(request, pk) -> Document:
    doc = get_object_or_404(Document.objects.select_related("agency"), pk=pk)
    require_visible(request.user, doc.agency)
    return doc


def _input(form) -> services.DocumentInput:
    d = form.cleaned_data
    return services.DocumentInput(
        title=d["title"], formed_on=d["formed_on"], topic=d["topic"], genre=d["genre"], channels=d["channels"],
        doc_number=d["doc_number"], publisher=d["publisher"], written_on=d["written_on"],
        effective_on=d["effective_on"], art20_item=d["art20_item"], summary=d["summary"], body=d["body"],
        index_no=d["index_no"])


@login_required
@require_GET
def office_list(request):
    mine = list(agencies_of(request.user))
    if len(mine) == 1:
        return redirect("catalog:dashboard", code=mine[0].code)
    return render(request, "catalog/office_agencies.html", {"agencies": mine})


def _dashboard_page(request, agency, *, scheme_form=None):
    today = _today()
    docs = Document.objects.of(agency)
    status = request.GET.get("status", "")
    listed = docs.filter(status=status) if status in DocStatus.values else docs.waiting()
    due_soon = [(d, services.publish_due(d.formed_on)) for d in docs.waiting().order_by("formed_on")[:50]]
    year = today.year - 1
    return render(request, "catalog/dashboard.html", {
        "agency": agency, "roles": roles_in(request.user, agency), "status": status, "statuses": DocStatus.choices,
        "docs": listed.order_by("-updated_at")[:200], "late": docs.late().order_by("-published_on")[:50],
        "late_count": docs.late().count(), "published_count": docs.published().count(), "today": today,
        "overdue": [(d, due) for d, due in due_soon if due < today], "sentence": proactive_sentence(agency, year),
        "scheme_form": scheme_form or SchemeForm(initial={"index_scheme": services.settings_for(agency).index_scheme}),
    })


@login_required
@require_GET
def dashboard(request, code):
    return _dashboard_page(request, _agency(request, code))


@login_required
@require_http_methods(["GET", "POST"])
def doc_new(request, code):
    agency = _agency(request, code)
    form = DocumentForm(request.POST or None, initial={"publisher": agency.name, "channels": ["website"]})
    if request.method == "POST" and form.is_valid():
        try:
            doc = services.create_draft(request.user, agency, _input(form), today=_today())
        except GongkaiError as exc:
            form.error_for(exc)
        else:
            messages.success(request, "已保存为草稿。")
            return redirect("catalog:doc", pk=doc.pk)
    return render(request, "catalog/doc_form.html", {"agency": agency, "form": form, "doc": None})


@login_required
@require_http_methods(["GET", "POST"])
def doc_edit(request, pk):
    doc = _document(request, pk)
    initial = {f: getattr(doc, f) for f in ("title", "doc_number", "publisher", "written_on", "formed_on",
                                            "effective_on", "topic", "genre", "art20_item", "summary", "body")}
    initial["channels"] = list(doc.channels.values_list("channel", flat=True))
    initial["index_no"] = doc.index_no or ""
    form = DocumentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(request.user, doc, _input(form), today=_today())
        except GongkaiError as exc:
            form.error_for(exc)
        else:
            messages.success(request, "已保存修改。")
            return redirect("catalog:doc", pk=doc.pk)
    return render(request, "catalog/doc_form.html", {"agency": doc.agency, "form": form, "doc": doc})


def _detail_page(request, doc, **bound):
    """The document page; `bound` replaces one action form by the one that was just submitted with an error."""
    roles = roles_in(request.user, doc.agency)
    context = {
        "doc": doc, "agency": doc.agency, "roles": roles, "due": services.publish_due(doc.formed_on),
        "today": _today(), "review_form": ReviewForm(), "reject_form": RejectForm(), "approve_form": ApproveForm(),
        "validity_form": ValidityForm(initial={"validity": doc.validity, "on": doc.invalid_on}),
        "attach_form": AttachmentForm(), "can_draft": bool(roles & {Role.CLERK, Role.ADMIN}),
        "is_reviewer": Role.REVIEWER in roles, "is_head": Role.HEAD in roles,
        "can_validity": bool(roles & {Role.CLERK, Role.HEAD, Role.ADMIN}),  # services.change_validity
        "pii": pii_scan.scan(doc) if doc.status not in ("published", "filed") else []}
    context.update(bound)
    return render(request, "catalog/doc_detail.html", context)


@login_required
@require_GET
def doc_detail(request, pk):
    return _detail_page(request, _document(request, pk))


def _submitted(request, form_class, action, **form_kwargs):
    """The bound form and whether `action(cleaned_data)` ran (see core.forms.attempt)."""
    form = form_class(request.POST, request.FILES, **form_kwargs)
    return form, attempt(request, form, action)


def _back(doc):
    return redirect("catalog:doc", pk=doc.pk)


@login_required
@require_POST
@refusals_as_messages
def doc_submit(request, pk):
    doc = _document(request, pk)
    services.submit_for_review(request.user, doc, today=_today())
    messages.success(request, "已提交保密审查。")
    return _back(doc)


@login_required
@require_POST
def doc_review(request, pk):
    doc = _document(request, pk)
    form, ok = _submitted(request, ReviewForm, lambda d: services.review(
        request.user, doc, is_secret=d["is_secret"], disclosure=d["disclosure"], basis=d["basis"],
        opinion=d["opinion"], today=_today(), intended=request.POST.getlist("pii_intended"),
        now=timezone.now()))
    if not ok:
        return _detail_page(request, doc, review_form=form)
    messages.success(request, "保密审查意见已记录，已报负责人审批。")
    return _back(doc)


@login_required
@require_POST
def doc_reject(request, pk):
    doc = _document(request, pk)
    form, ok = _submitted(request, RejectForm, lambda d: services.reject(request.user, doc, reason=d["reason"],
                                                                          today=_today()))
    if not ok:
        return _detail_page(request, doc, reject_form=form)
    messages.success(request, "已退回经办人修改。")
    return _back(doc)


@login_required
@require_POST
def doc_approve(request, pk):
    doc = _document(request, pk)
    done = {}

    def approve(d):
        done["doc"] = services.approve(request.user, doc, today=_today(), published_on=d["published_on"],
                                       now=timezone.now())

    form, ok = _submitted(request, ApproveForm, approve)
    if not ok:
        return _detail_page(request, doc, approve_form=form)
    doc = done["doc"]
    messages.success(request, f"已批准，索引号 {doc.index_no}。" + ("已在门户发布。" if doc.is_public else ""))
    return _back(doc)


@login_required
@require_POST
def doc_validity(request, pk):
    doc = _document(request, pk)
    form, ok = _submitted(request, ValidityForm, lambda d: services.change_validity(
        request.user, doc, validity=d["validity"], on=d["on"], today=_today()))
    if not ok:
        return _detail_page(request, doc, validity_form=form)
    messages.success(request, "有效性已更新。")
    return _back(doc)


@login_required
@require_POST
def doc_attach(request, pk):
    doc = _document(request, pk)
    done = {}

    def attach(d):
        upload = d["file"]
        done["att"] = services.add_attachment(request.user, doc, upload, filename=upload.name, today=_today())

    form, ok = _submitted(request, AttachmentForm, attach)
    if not ok:
        return _detail_page(request, doc, attach_form=form)
    messages.success(request, f"已上传附件“{done['att'].filename}”。")
    return _back(doc)


@login_required
@require_GET
def doc_file(request, pk, att):
    doc = _document(request, pk)
    attachment = get_object_or_404(Attachment, pk=att, document=doc)
    return files.file_response(attachment)


@login_required
@require_POST
def index_scheme(request, code):
    agency = _agency(request, code)
    form, ok = _submitted(request, SchemeForm, lambda d: services.set_index_scheme(
        request.user, agency, d["index_scheme"], today=_today()))
    if not ok:
        return _dashboard_page(request, agency, scheme_form=form)
    messages.success(request, "索引号模式已保存（只影响今后生成的索引号）。")
    return redirect("catalog:dashboard", code=agency.code)


def _registry_page(request, agency, *, form=None, repeal=None):
    """The registry list; `repeal` is (entry pk, bound form) when a 废止 was refused."""
    entries = RegistryEntry.objects.filter(agency=agency)
    kind = request.GET.get("kind", "")
    if kind:
        entries = entries.filter(kind=kind)
    year = params.year(request.GET.get("year"))
    if year:
        entries = entries.filter(issued_on__year__lte=year)
    rows = []
    for e in entries[:500]:
        repeal_form = None
        if not e.repealed_on:
            repeal_form = repeal[1] if repeal and repeal[0] == e.pk else RepealForm(auto_id=f"id_repeal{e.pk}_%s")
        rows.append((e, repeal_form))
    return render(request, "catalog/registry.html", {"agency": agency, "rows": rows, "form": form or RegistryForm()})


@login_required
@require_GET
def registry_list(request, code):
    return _registry_page(request, _agency(request, code))


@login_required
@require_POST
def registry_add(request, code):
    agency = _agency(request, code)
    form, ok = _submitted(request, RegistryForm, lambda d: registry.add_registry_entry(
        request.user, agency, today=_today(), **d))
    if not ok:
        return _registry_page(request, agency, form=form)
    messages.success(request, "已登记。")
    return redirect("catalog:registry", code=agency.code)


@login_required
@require_POST
def registry_repeal(request, pk):
    entry = get_object_or_404(RegistryEntry.objects.select_related("agency"), pk=pk)
    require_visible(request.user, entry.agency)
    form, ok = _submitted(request, RepealForm, lambda d: registry.repeal_registry_entry(
        request.user, entry, on=d["on"], today=_today()), auto_id=f"id_repeal{entry.pk}_%s")
    if not ok:
        return _registry_page(request, entry.agency, repeal=(entry.pk, form))
    messages.success(request, "已登记废止。")
    return redirect("catalog:registry", code=entry.agency.code)


def _figures_page(request, agency, *, form=None, import_form=None):
    return render(request, "catalog/figures.html", {
        "agency": agency, "figures": YearFigure.objects.filter(agency=agency)[:300], "items": FigureItem.choices,
        "form": form or FigureForm(initial={"year": _today().year - 1, "unit": "万元"}),
        "import_form": import_form or ImportForm(auto_id=IMPORT_IDS)})


IMPORT_IDS = "id_import_%s"  # the entry form on the same page has its own source_note


@login_required
@require_GET
def figures(request, code):
    return _figures_page(request, _agency(request, code))


@login_required
@require_POST
def figures_save(request, code):
    agency = _agency(request, code)

    def save(d):
        registry.save_figure(request.user, agency, registry.FigureRow(**{**d, "unit": d["unit"] or "万元"}),
                             today=_today())

    form, ok = _submitted(request, FigureForm, save)
    if not ok:
        return _figures_page(request, agency, form=form)
    messages.success(request, "已保存。")
    return redirect("catalog:figures", code=agency.code)


@login_required
@require_POST
def figures_import(request, code):
    agency = _agency(request, code)
    done = {}

    def load(d):
        upload = d["file"]
        if upload.size > registry.MAX_IMPORT_BYTES:
            raise GongkaiError("导入文件过大（不超过 2 MB）。", field="file")
        try:
            done["count"] = registry.import_figures(request.user, agency, filename=upload.name,
                                                    content=upload.read(), source_note=d["source_note"],
                                                    today=_today())
        except GongkaiError as exc:  # what is wrong is in the file: say so beside it
            raise GongkaiError(exc.message, field=exc.field or "file") from None

    form, ok = _submitted(request, ImportForm, load, auto_id=IMPORT_IDS)
    if not ok:
        return _figures_page(request, agency, import_form=form)
    messages.success(request, f"已导入 {done['count']} 行。")
    return redirect("catalog:figures", code=agency.code)
