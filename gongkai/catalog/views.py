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
from gongkai.office.views import refusals_as_messages

from . import attachments as files
from . import registry, services
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


def _first_error(form) -> str:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        return f"{label}：{errors[0]}" if label else errors[0]
    return "表单有误。"


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


@login_required
@require_GET
def dashboard(request, code):
    agency = _agency(request, code)
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
        "scheme_form": SchemeForm(initial={"index_scheme": services.settings_for(agency).index_scheme}),
    })


@login_required
@require_http_methods(["GET", "POST"])
def doc_new(request, code):
    agency = _agency(request, code)
    form = DocumentForm(request.POST or None, initial={"publisher": agency.name, "channels": ["website"]})
    if request.method == "POST" and form.is_valid():
        try:
            doc = services.create_draft(request.user, agency, _input(form), today=_today())
        except GongkaiError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
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
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已保存修改。")
            return redirect("catalog:doc", pk=doc.pk)
    return render(request, "catalog/doc_form.html", {"agency": doc.agency, "form": form, "doc": doc})


@login_required
@require_GET
def doc_detail(request, pk):
    doc = _document(request, pk)
    roles = roles_in(request.user, doc.agency)
    due = services.publish_due(doc.formed_on)
    return render(request, "catalog/doc_detail.html", {
        "doc": doc, "agency": doc.agency, "roles": roles, "due": due, "today": _today(),
        "review_form": ReviewForm(), "reject_form": RejectForm(), "approve_form": ApproveForm(),
        "validity_form": ValidityForm(initial={"validity": doc.validity}), "attach_form": AttachmentForm(),
        "can_draft": bool(roles & {Role.CLERK, Role.ADMIN}), "is_reviewer": Role.REVIEWER in roles,
        "is_head": Role.HEAD in roles})


def _post_form(request, form_class, doc_or_none=None):
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        raise GongkaiError(_first_error(form))
    return form.cleaned_data


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
@refusals_as_messages
def doc_review(request, pk):
    doc = _document(request, pk)
    d = _post_form(request, ReviewForm)
    services.review(request.user, doc, is_secret=d["is_secret"], disclosure=d["disclosure"], basis=d["basis"],
                    opinion=d["opinion"], today=_today(), now=timezone.now())
    messages.success(request, "保密审查意见已记录，已报负责人审批。")
    return _back(doc)


@login_required
@require_POST
@refusals_as_messages
def doc_reject(request, pk):
    doc = _document(request, pk)
    d = _post_form(request, RejectForm)
    services.reject(request.user, doc, reason=d["reason"], today=_today())
    messages.success(request, "已退回经办人修改。")
    return _back(doc)


@login_required
@require_POST
@refusals_as_messages
def doc_approve(request, pk):
    doc = _document(request, pk)
    d = _post_form(request, ApproveForm)
    doc = services.approve(request.user, doc, today=_today(), published_on=d["published_on"], now=timezone.now())
    messages.success(request, f"已批准，索引号 {doc.index_no}。" + ("已在门户发布。" if doc.is_public else ""))
    return _back(doc)


@login_required
@require_POST
@refusals_as_messages
def doc_validity(request, pk):
    doc = _document(request, pk)
    d = _post_form(request, ValidityForm)
    services.change_validity(request.user, doc, validity=d["validity"], on=d["on"], today=_today())
    messages.success(request, "有效性已更新。")
    return _back(doc)


@login_required
@require_POST
@refusals_as_messages
def doc_attach(request, pk):
    doc = _document(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        raise GongkaiError("请选择要上传的附件。")
    attachment = services.add_attachment(request.user, doc, upload, filename=upload.name, today=_today())
    messages.success(request, f"已上传附件“{attachment.filename}”。")
    return _back(doc)


@login_required
@require_GET
def doc_file(request, pk, att):
    doc = _document(request, pk)
    attachment = get_object_or_404(Attachment, pk=att, document=doc)
    return files.file_response(attachment)


@login_required
@require_POST
@refusals_as_messages
def index_scheme(request, code):
    agency = _agency(request, code)
    d = _post_form(request, SchemeForm)
    services.set_index_scheme(request.user, agency, d["index_scheme"], today=_today())
    messages.success(request, "索引号模式已保存（只影响今后生成的索引号）。")
    return redirect("catalog:dashboard", code=agency.code)


@login_required
@require_GET
def registry_list(request, code):
    agency = _agency(request, code)
    entries = RegistryEntry.objects.filter(agency=agency)
    kind = request.GET.get("kind", "")
    if kind:
        entries = entries.filter(kind=kind)
    year = params.year(request.GET.get("year"))
    if year:
        entries = entries.filter(issued_on__year__lte=year)
    return render(request, "catalog/registry.html", {"agency": agency, "entries": entries[:500],
                                                     "form": RegistryForm(), "repeal_form": RepealForm()})


@login_required
@require_POST
@refusals_as_messages
def registry_add(request, code):
    agency = _agency(request, code)
    d = _post_form(request, RegistryForm)
    registry.add_registry_entry(request.user, agency, today=_today(), **d)
    messages.success(request, "已登记。")
    return redirect("catalog:registry", code=agency.code)


@login_required
@require_POST
@refusals_as_messages
def registry_repeal(request, pk):
    entry = get_object_or_404(RegistryEntry.objects.select_related("agency"), pk=pk)
    require_visible(request.user, entry.agency)
    d = _post_form(request, RepealForm)
    registry.repeal_registry_entry(request.user, entry, on=d["on"], today=_today())
    messages.success(request, "已登记废止。")
    return redirect("catalog:registry", code=entry.agency.code)


@login_required
@require_GET
def figures(request, code):
    agency = _agency(request, code)
    return render(request, "catalog/figures.html", {
        "agency": agency, "figures": YearFigure.objects.filter(agency=agency)[:300], "items": FigureItem.choices,
        "form": FigureForm(initial={"year": _today().year - 1, "unit": "万元"}), "import_form": ImportForm()})


@login_required
@require_POST
@refusals_as_messages
def figures_save(request, code):
    agency = _agency(request, code)
    d = _post_form(request, FigureForm)
    d["unit"] = d["unit"] or "万元"
    registry.save_figure(request.user, agency, registry.FigureRow(**d), today=_today())
    messages.success(request, "已保存。")
    return redirect("catalog:figures", code=agency.code)


@login_required
@require_POST
@refusals_as_messages
def figures_import(request, code):
    agency = _agency(request, code)
    upload = request.FILES.get("file")
    if upload is None:
        raise GongkaiError("请选择要导入的 CSV 或 Excel 文件。")
    if upload.size > registry.MAX_IMPORT_BYTES:
        raise GongkaiError("导入文件过大（不超过 2 MB）。")
    count = registry.import_figures(request.user, agency, filename=upload.name, content=upload.read(),
                                    source_note=request.POST.get("source_note", ""), today=_today())
    messages.success(request, f"已导入 {count} 行。")
    return redirect("catalog:figures", code=agency.code)
