"""Office pages of the report's life cycle, the narrative editor, year over year and the oversight overview."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from gongkai.agencies.access import require_role
from gongkai.agencies.models import AgencyLevel, Role
from gongkai.core import params
from gongkai.core.forms import attempt
from gongkai.reports import history, lifecycle, narrative
from gongkai.reports.deadlines import ARTICLE, deadlines_for, oversight_overview
from gongkai.reports.definition import get_format
from gongkai.reports.roles import report_roles

from .forms import NarrativeForm, SectionSixForm, SendBackForm
from .views import (
    _required_revision,
    _today,
    _visible_agency,
    _visible_report,
    edit_page,
    refusals_as_messages,
)


def _step(service, done: str, *, stamps: bool = False):
    """A life-cycle button; `stamps`: the service records the moment (validated_at, published_at)."""

    @login_required
    @require_POST
    @refusals_as_messages
    def view(request, pk):
        when = {"now": timezone.now()} if stamps else {}
        report = service(request.user, _visible_report(request, pk), today=_today(), **when)
        messages.success(request, done.format(report=report, hash=report.content_hash[:16]))
        return redirect("office:report_edit", pk=pk)

    view.__name__ = f"report_{service.__name__}"
    return view


report_validate = _step(lifecycle.mark_validated, "校验通过，报告已标记为“已校验”，可由经办人提交。", stamps=True)
report_submit = _step(lifecycle.submit, "已提交，等待负责人批准。")
report_approve = _step(lifecycle.approve, "已批准，可由负责人或管理员发布。")
report_publish = _step(lifecycle.publish, "已发布{report}。内容哈希：{hash}…", stamps=True)


@login_required
@require_POST
def report_send_back(request, pk):
    report = _visible_report(request, pk)
    form = SendBackForm(request.POST, auto_id=SendBackForm.AUTO_ID)
    if not attempt(request, form, lambda d: lifecycle.send_back(request.user, report, reason=d["reason"],
                                                                 today=_today())):
        return edit_page(request, report, send_back_form=form)
    messages.success(request, "已退回草稿。")
    return redirect("office:report_edit", pk=pk)


def narrative_page(request, report, *, section_form=None, six_form=None):
    """The narrative editor; after a refusal the submitted section (or 第六部分) comes back as typed."""
    roles = report_roles(request.user, report.agency)
    can_edit = not report.is_frozen and bool(roles & {Role.CLERK, Role.HEAD})
    fmt = get_format(report.format_key)
    sections = narrative.editor_sections(report)
    for s in sections:
        key = s["section"].key
        bound = section_form if section_form is not None and f"section:{key}" in section_form.fields else None
        s["form"] = bound or NarrativeForm(fmt=fmt, only={key}, initial={f"section:{key}": s["text"]})
        s["field"] = s["form"][f"section:{key}"]
    six = narrative.six_figures(report)
    computed = {k for k, f in six.items() if f.source == "computed"}
    extras = report.extras or {}
    six_form = six_form or SectionSixForm(computed=computed, initial={
        **{k: f.value for k, f in six.items() if f.source != "computed" and f.value is not None},
        "other": extras.get("other", "")})
    for form in (six_form, *(s["form"] for s in sections)):
        if not can_edit:
            for field in form.fields.values():
                field.disabled = True
    return render(request, "office/report_narrative.html", {
        "report": report, "sections": sections, "computed": [f for f in six.values() if f.source == "computed"],
        "six_form": six_form, "can_edit": can_edit})


@login_required
@require_GET
def report_narrative(request, pk):
    return narrative_page(request, _visible_report(request, pk))


@login_required
@require_POST
def report_save_extras(request, pk):
    report = _visible_report(request, pk)
    computed = {k for k, f in narrative.six_figures(report).items() if f.source == "computed"}
    form = SectionSixForm(request.POST, computed=computed)

    def save(d):
        values = {k: d[k] for k in form.fields if k in request.POST}
        narrative.update_extras(request.user, report, values, today=_today(), revision=_required_revision(request, report))

    if not attempt(request, form, save):
        return narrative_page(request, report, six_form=form)
    messages.success(request, "第六部分填报事项已保存。")
    return redirect("office:report_narrative", pk=pk)


@login_required
@require_GET
def report_history(request, pk):
    report = _visible_report(request, pk)
    years, values = history.series(report.agency)
    return render(request, "office/report_history.html", {
        "report": report, **history.compare(report), "chart": history.svg_chart(years, values)})


@login_required
@require_GET
def oversight(request, code):
    government = _visible_agency(request, code)
    if government.level != AgencyLevel.GOVERNMENT:
        raise PermissionDenied("只有本级人民政府的政务公开办可以查看各部门报送情况。")
    require_role(request.user, government, Role.OVERSIGHT)
    today = _today()
    year = params.year(request.GET.get("year"), today.year - 1)
    return render(request, "office/oversight.html", {
        "government": government, "year": year, "rows": oversight_overview(government, year, today),
        "own": deadlines_for(government, year, today), "article": ARTICLE, "today": today})
