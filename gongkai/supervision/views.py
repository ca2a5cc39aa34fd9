"""督办 pages: the 政务公开办's list and send form, the agency's list, one notice with its steps and actions.
Thin: read a form, call one service, redirect; a refusal renders the page again with the bound form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.agencies.access import require_role, roles_in, visible_agency
from gongkai.agencies.models import Agency, AgencyLevel, Role
from gongkai.core.forms import attempt

from . import services
from .forms import AnswerForm, CloseForm, ReissueForm, SendForm
from .models import Notice, StepKind, Subject


def _today():
    return timezone.localdate()


def _government(request, code) -> Agency:
    government = visible_agency(request.user, code)
    if government.level != AgencyLevel.GOVERNMENT:
        raise PermissionDenied("督办由本级人民政府的政务公开办发出。")
    require_role(request.user, government, *services.OVERSIGHT)
    return government


def _notice(request, pk) -> tuple[Notice, set[str]]:
    notice = get_object_or_404(Notice.objects.select_related("agency", "government"), pk=pk)
    sides = set()
    if roles_in(request.user, notice.agency) & set(services.ANSWERERS):
        sides.add("agency")
    if Role.OVERSIGHT in roles_in(request.user, notice.government):
        sides.add("oversight")
    if not sides:
        raise PermissionDenied("无权查看这件督办。")
    return notice, sides


@login_required
@require_http_methods(["GET", "POST"])
def sent(request, code):
    government = _government(request, code)
    agencies = services.supervised_agencies(government)
    form = SendForm(request.POST or None, agencies=agencies, initial=_prefill(request.GET, agencies))
    if request.method == "POST":
        by_code = {a.code: a for a in agencies}

        def act(d):
            agency = by_code[d["agency"]]
            links = services.resolve_link(agency, d["subject"], d["link"])
            return services.send(request.user, government, agency, subject=d["subject"], text=d["text"],
                                 due_days=d["due_days"], today=_today(), **links)

        if attempt(request, form, act):
            messages.success(request, "督办已发出。")
            return redirect("supervision:sent", code=government.code)
    notices = Notice.objects.sent_by(government).select_related("agency")
    return render(request, "supervision/sent.html", {"government": government, "form": form, "notices": notices,
                                                     "today": _today()})


def _prefill(query, agencies) -> dict:
    """A notice started from the oversight dashboard: agency, subject and link as the dashboard row gave them
    (anything unknown is dropped, never trusted)."""
    initial = {}
    if query.get("agency") in {a.code for a in agencies}:
        initial["agency"] = query["agency"]
    if query.get("subject") in Subject.values:
        initial["subject"] = query["subject"]
    link = (query.get("link") or "")[:60]
    if link:
        initial["link"] = link
    return initial


@login_required
@require_GET
def received(request, code):
    agency = visible_agency(request.user, code)
    if not roles_in(request.user, agency) & set(services.ANSWERERS):
        raise PermissionDenied("只有本机关的经办人、负责人、管理员可以查看收到的督办。")
    notices = Notice.objects.to_agency(agency).select_related("government")
    return render(request, "supervision/received.html", {"agency": agency, "notices": notices, "today": _today()})


def detail_page(request, notice, sides, **forms):
    allowed = notice.steps_allowed()
    rev = {"revision": notice.revision}
    context = {"notice": notice, "steps": notice.steps.select_related("actor"), "sides": sides}
    if "agency" in sides and StepKind.ANSWER in allowed:
        context["answer_form"] = forms.get("answer_form") or AnswerForm(initial=rev)
    if "oversight" in sides and StepKind.CLOSE in allowed:
        context["close_form"] = forms.get("close_form") or CloseForm(initial=rev)
    if "oversight" in sides and StepKind.REISSUE in allowed:
        context["reissue_form"] = forms.get("reissue_form") or ReissueForm(initial=rev)
    return render(request, "supervision/detail.html", context)


@login_required
@require_GET
def detail(request, pk):
    notice, sides = _notice(request, pk)
    return detail_page(request, notice, sides)


def _step(form_class, service, done: str, key: str):
    @login_required
    @require_POST
    def view(request, pk):
        notice, sides = _notice(request, pk)
        form = form_class(request.POST)
        if attempt(request, form, lambda d: service(request.user, notice, today=_today(),
                                                    **{k: v for k, v in d.items()})):
            messages.success(request, done)
            return redirect("supervision:detail", pk=pk)
        notice.refresh_from_db()
        return detail_page(request, notice, sides, **{key: form})

    view.__name__ = service.__name__
    return view


answer = _step(AnswerForm, services.answer, "已答复，等待政务公开办办结。", "answer_form")
close = _step(CloseForm, services.close, "督办已办结。", "close_form")
reissue = _step(ReissueForm, services.reissue, "已再次督办。", "reissue_form")
