"""保密审查单 of a catalog document (条例第十七条: 政府信息公开审查机制): what was reviewed, the secrecy finding, the
公开属性 with its basis, the reviewer's opinion and the head's approval, with the rounds that were sent back — a
公文 page printed for signature (`gongkai.documents`), PDF or DOCX."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from gongkai.audit.models import AuditEntry
from gongkai.documents import gongwen, model
from gongkai.documents.docx import render_docx
from gongkai.documents.pdf import render_pdf

from .models import DocStatus, Document

TZ_NAME = "Asia/Shanghai"
BLANK_DATE = "　　　　年　　月　　日"
APPROVALS = {DocStatus.PUBLISHED: "同意发布（主动公开）", DocStatus.FILED: "同意登记（不主动公开）"}


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _day(entry: AuditEntry | None, fallback: datetime | None) -> str:
    """The business date the service recorded (data.today), else the local day of the timestamp."""
    raw = (entry.data or {}).get("today") if entry is not None else None
    if raw:
        try:
            return gongwen.chinese_date(date.fromisoformat(raw))
        except ValueError:
            pass
    if fallback is not None:
        from zoneinfo import ZoneInfo

        return gongwen.chinese_date(fallback.astimezone(ZoneInfo(TZ_NAME)))
    return BLANK_DATE


def review_sheet(doc: Document) -> model.Document:
    trail = list(AuditEntry.objects.for_object(doc).select_related("actor").order_by("at", "id"))
    last = {e.action: e for e in trail}
    secret = {None: "", True: "涉密", False: "不涉密"}[doc.is_secret]
    reviewed = doc.reviewed_by_id is not None
    rows = [
        ("机关", doc.agency.name), ("信息名称", doc.title), ("文号", doc.doc_number or "无"),
        ("索引号", doc.index_no or "（批准时生成）"), ("发布机构", doc.publisher),
        ("成文日期", gongwen.chinese_date(doc.written_on) or "—"),
        ("发布渠道", "、".join(c.label for c in doc.channels.all()) or "—"),
        ("附件", "、".join(a.filename for a in doc.attachments.all()) or "无"),
        ("拟稿人", f"{_person(doc.created_by)}　　提交日期：{_day(last.get('catalog.doc.submit'), None)}"),
        ("是否涉密", secret),
        ("公开属性", doc.get_disclosure_display() if reviewed else ""),
        ("公开属性依据", doc.disclosure_basis if reviewed else ""),
        ("保密审查意见", doc.review_opinion),
        ("审查人签名", f"{_person(doc.reviewed_by)}\n审查日期：{_day(last.get('catalog.doc.review'), doc.reviewed_at)}"
         if reviewed else f"\n审查日期：{BLANK_DATE}"),
        ("负责人审批意见", APPROVALS.get(doc.status, "")),
        ("负责人签名", f"{_person(doc.approved_by)}\n审批日期："
                   f"{_day(last.get('catalog.doc.publish') or last.get('catalog.doc.file'), doc.approved_at)}"
         if doc.approved_by_id else f"\n审批日期：{BLANK_DATE}"),
    ]
    blocks = [model.Title("政府信息公开保密审查单"),
              model.Table((), tuple(rows), widths=(2, 5), size="form", label_column=True)]
    rejections = [e for e in trail if e.action == "catalog.doc.reject"]
    if rejections:
        blocks += [model.Heading("退回记录"), model.Table(
            ("日期", "退回人", "理由"), tuple((_day(e, e.at), _person(e.actor), (e.data or {}).get("reason", ""))
                                        for e in rejections), widths=(3, 2, 7))]
    blocks.append(model.Para("依据：《中华人民共和国政府信息公开条例》第十四条至第十七条。拟公开的政府信息经保密审查后，"
                             "报负责人批准。", "small"))
    return model.Document(title=f"保密审查单（{doc.title[:40]}）", author=doc.agency.name,
                          created=doc.reviewed_at or doc.created_at,
                          blocks=blocks, subject="保密审查单", keywords=doc.index_no or "")


@login_required
@require_GET
def review_sheet_view(request, pk):
    from .views import _document

    doc = _document(request, pk)
    sheet = review_sheet(doc)
    name = gongwen.file_name(doc.index_no or doc.title[:40], "保密审查单", ext="docx" if request.GET.get(
        "format") == "docx" else "pdf")
    if request.GET.get("format") == "docx":
        response = HttpResponse(render_docx(sheet), content_type="application/vnd.openxmlformats-officedocument."
                                                                  "wordprocessingml.document")
        response["Content-Disposition"] = gongwen.content_disposition(name, fallback=f"review-{doc.pk}.docx")
    else:
        response = HttpResponse(render_pdf(sheet), content_type="application/pdf")
        response["Content-Disposition"] = gongwen.content_disposition(name, fallback=f"review-{doc.pk}.pdf",
                                                                      inline=True)
    return response
