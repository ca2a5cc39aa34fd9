"""Office downloads of printed documents: a letter as DOCX or PDF, its 送达回证, and the case dossier (案卷).

Readers who may see the case but do not handle it (保密审查员, 政务公开办) get the applicant's personal data masked,
as on the case page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongkai.agencies.access import require_visible, roles_in
from gongkai.agencies.models import Role
from gongkai.audit.services import record
from gongkai.documents.docx import render_docx
from gongkai.documents.gongwen import content_disposition, file_name
from gongkai.documents.pdf import render_pdf
from gongkai.office.views import refusals_as_messages

from . import dossier, letter_output
from .models import Application, Letter

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
HANDLERS = {Role.CLERK, Role.HEAD}


def _masked(request, app: Application) -> bool:
    return not (roles_in(request.user, app.agency) & HANDLERS)


def _letter(request, pk, form: str) -> tuple[Letter, letter_output.Masker]:
    """The letter and how to mask it; every download is audited (who, when, which letter, in which form)."""
    letter = get_object_or_404(Letter.objects.select_related("agency", "application"), pk=pk)
    require_visible(request.user, letter.agency)
    app = letter.application
    masked = _masked(request, app)
    record("case.letter.download", actor=request.user, agency=letter.agency, obj=app,
           data={"letter": letter.pk, "number": letter.number, "form": form, "masked": masked,
                 "today": timezone.localdate().isoformat()})
    return letter, letter_output.Masker(app if masked else None)


def _file(data: bytes, content_type: str, name: str, fallback: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name, fallback=fallback, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
@refusals_as_messages
def letter_docx(request, pk):
    letter, masker = _letter(request, pk, "docx")
    return _file(letter_output.docx_bytes(letter, masker), DOCX, letter_output.file_name(letter, "docx"),
                 f"letter-{letter.pk}.docx")


@login_required
@require_GET
@refusals_as_messages
def letter_pdf(request, pk):
    letter, masker = _letter(request, pk, "pdf")
    return _file(letter_output.pdf_bytes(letter, masker), PDF, letter_output.file_name(letter, "pdf"),
                 f"letter-{letter.pk}.pdf", inline=True)


@login_required
@require_GET
@refusals_as_messages
def delivery_receipt(request, pk):
    """送达回证 of one letter (PDF; ?format=docx for Word), filled in from its delivery in person or by post."""
    letter, masker = _letter(request, pk, "delivery_receipt")
    doc = letter_output.delivery_receipt_document(letter, masker)
    if request.GET.get("format") == "docx":
        return _file(render_docx(doc), DOCX, file_name(letter.number, "送达回证", ext="docx"),
                     f"receipt-{letter.pk}.docx")
    return _file(render_pdf(doc), PDF, file_name(letter.number, "送达回证", ext="pdf"), f"receipt-{letter.pk}.pdf",
                 inline=True)


@login_required
@require_GET
@refusals_as_messages
def case_dossier(request, pk):
    app = get_object_or_404(Application.objects.select_related("agency", "section", "assigned_to"), pk=pk)
    require_visible(request.user, app.agency)
    data = dossier.pdf(app, actor=request.user, today=timezone.localdate(), now=timezone.now(),
                       masked=_masked(request, app))
    code = dossier.acceptance_number(app) or app.tracking_code
    return _file(data, PDF, file_name(code, "政府信息公开申请办理案卷", ext="pdf"), f"dossier-{app.tracking_code}.pdf")
