"""The public online application form and the tracking page (no login).

Tracking shows only status, deadline and the letters addressed to the applicant, for the tracking code plus the
last four digits of the phone; a wrong code and wrong digits get the same "未找到" (no enumeration). Failed
look-ups and submissions are rate-limited per client address with Django's cache.
"""

from __future__ import annotations

from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.agencies.models import Agency, AgencyLevel
from gongkai.core import netaddr
from gongkai.core.errors import GongkaiError

from . import intake
from .clock import deadline
from .forms import PublicApplicationForm, TrackForm
from .models import Application

TRACK_FAILURES = 10       # per address per window
SUBMISSIONS = 5           # per address per window
WINDOW = 15 * 60          # seconds
NOT_FOUND = "未找到与该查询码和电话号码相符的申请，请核对后重试。"


CODE_FAILURES = 20        # per tracking code per day, from any address (no brute force of one code)
CODE_WINDOW = 24 * 60 * 60


def client_ip(request) -> str:
    """The visitor's address, honouring X-Forwarded-For only from GONGKAI_TRUSTED_PROXIES."""
    return netaddr.client_ip(request) or "unknown"


def _count(key: str) -> int:
    return cache.get(key, 0)


def _bump(key: str, window: int = WINDOW) -> None:
    if cache.add(key, 1, window):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)


@require_http_methods(["GET", "POST"])
def form(request, code):
    agency = get_object_or_404(Agency.objects.exclude(level=AgencyLevel.SECTION), code=code)
    key = f"apply:submit:{client_ip(request)}"
    form = PublicApplicationForm(request.POST or None)
    limited = _count(key) >= SUBMISSIONS
    if request.method == "POST" and limited:
        form.is_valid()
        form.add_error(None, "提交过于频繁，请稍后再试。")
    elif request.method == "POST" and form.is_valid() and not form.cleaned_data.get("website"):
        try:
            app = intake.submit_online(agency, form.cleaned_data, now=timezone.now())
        except GongkaiError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            _bump(key)
            request.session["apply_done"] = app.tracking_code
            return redirect("apply:done")
    return render(request, "cases/public_form.html", {"agency": agency, "form": form}, status=429 if (
        request.method == "POST" and limited) else 200)


@require_GET
def done(request):
    code = request.session.get("apply_done")
    app = Application.objects.filter(tracking_code=code).select_related("agency").first() if code else None
    return render(request, "cases/public_done.html", {"app": app})


@require_http_methods(["GET", "POST"])
def track(request):
    key = f"apply:track:{client_ip(request)}"
    form = TrackForm(request.POST or None)
    app = result = None
    error = ""
    status = 200
    if request.method == "POST":
        if _count(key) >= TRACK_FAILURES:
            error, status = "查询失败次数过多，请15分钟后再试。", 429
        elif form.is_valid():
            code = form.cleaned_data["code"].strip().upper()
            last4 = form.cleaned_data["phone_last4"].strip()
            code_key = f"apply:track:code:{code}"
            app = Application.objects.filter(tracking_code=code).select_related("agency").first()
            if _count(code_key) >= CODE_FAILURES:
                app, error, status = None, "该查询码今日查询失败次数过多，请明天再试。", 429
            elif app is None or not app.phone.endswith(last4):
                app = None
                _bump(key)
                _bump(code_key, CODE_WINDOW)
                error = NOT_FOUND
            else:
                result = deadline(app, today=timezone.localdate(), explain=False)
        else:
            _bump(key)
            error = NOT_FOUND
    letters = app.letters.filter(to_applicant=True) if app else []
    return render(request, "cases/public_track.html", {"form": form, "app": app, "deadline": result,
                                                        "letters": letters, "error": error}, status=status)
