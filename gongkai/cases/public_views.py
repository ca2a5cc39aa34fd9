"""The public online application form and the tracking page (no login).

Tracking shows only status, deadline and the letters addressed to the applicant, for the tracking code plus the
last four digits of the phone; a wrong code and wrong digits get the same "未找到" (no enumeration). Failed
look-ups (per code and address, and per address) and submissions (per address) are throttled with growing delays
in the database (accounts.throttle), which no page cache can evict. Failures elsewhere never lock the owner of a
tracking code out: the 10-character code (50 bits) is the secret, the phone digits a second check.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.accounts import throttle
from gongkai.agencies.models import Agency, AgencyLevel
from gongkai.core import netaddr
from gongkai.core.errors import GongkaiError

from . import intake
from .forms import PublicApplicationForm, TrackForm
from .models import Application
from .public_deadline import public_deadline

NOT_FOUND = "未找到与该查询码和电话号码相符的申请，请核对后重试。"
TRACK_FAILURES = throttle.TRACK_ADDRESS.free + 1   # failed look-ups from one address before the first delay


def client_ip(request) -> str:
    """The visitor's address, honouring X-Forwarded-For only from GONGKAI_TRUSTED_PROXIES."""
    return netaddr.client_ip(request) or "unknown"


def submit_rule(address: str) -> throttle.Rule:
    """A configured 政务服务大厅 kiosk gets its own, far wider limit; every other address the ordinary one."""
    return throttle.SUBMIT_KIOSK if netaddr.is_kiosk(address) else throttle.SUBMIT_ADDRESS


@require_http_methods(["GET", "POST"])
def form(request, code):
    agency = get_object_or_404(Agency.objects.exclude(level=AgencyLevel.SECTION), code=code)
    address = client_ip(request)
    rule, key = submit_rule(address), throttle.subject(address)
    now = timezone.now()
    form = PublicApplicationForm(request.POST or None, today=timezone.localdate(now))
    wait = request.method == "POST" and throttle.blocked_for(rule, key, now)
    if wait:  # slowed down, not refused: everything typed stays in the form
        form.is_valid()
        form.add_error(None, f"此地址刚刚提交了较多申请，为防止批量提交，请等待 {throttle.wait_text(wait)}后再次点击"
                             "“提交申请”。您填写的内容已保留。")
    elif request.method == "POST" and form.is_valid() and not form.cleaned_data.get("website"):
        try:
            app = intake.submit_online(agency, form.cleaned_data, now=now)
        except GongkaiError as exc:
            form.error_for(exc)
        else:
            throttle.fail(rule, key, now)
            request.session["apply_done"] = app.tracking_code
            return redirect("apply:done")
    return render(request, "cases/public_form.html", {"agency": agency, "form": form, "wait": wait},
                  status=429 if wait else 200)


@require_GET
def done(request):
    code = request.session.get("apply_done")
    app = Application.objects.filter(tracking_code=code).select_related("agency").first() if code else None
    return render(request, "cases/public_done.html", {"app": app})


@require_http_methods(["GET", "POST"])
def track(request):
    address = client_ip(request)
    key = throttle.subject(address)
    form = TrackForm(request.POST or None)
    app = result = None
    error = ""
    status = 200
    now = timezone.now()
    if request.method == "POST":
        wait = throttle.blocked_for(throttle.TRACK_ADDRESS, key, now)
        code = (request.POST.get("code") or "").strip().upper()[:12]
        pair = throttle.subject(code, address)
        wait = wait or throttle.blocked_for(throttle.TRACK_PAIR, pair, now)
        if wait:  # refused unchecked; still counts against the address that keeps trying
            throttle.fail(throttle.TRACK_ADDRESS, key, now)
            error, status = f"查询失败次数过多，请 {throttle.wait_text(wait)}后再试。", 429
        elif form.is_valid():
            last4 = form.cleaned_data["phone_last4"].strip()
            app = Application.objects.filter(tracking_code=code).select_related("agency").first()
            if app is None or not app.phone or not app.phone.endswith(last4):
                app = None
                throttle.fail(throttle.TRACK_ADDRESS, key, now)
                throttle.fail(throttle.TRACK_PAIR, pair, now)
                error = NOT_FOUND
            else:
                throttle.clear(throttle.TRACK_PAIR, pair)
                result = public_deadline(app, today=timezone.localdate())
        else:
            throttle.fail(throttle.TRACK_ADDRESS, key, now)
            error = NOT_FOUND
    letters = app.letters.filter(to_applicant=True) if app else []
    return render(request, "cases/public_track.html", {"form": form, "app": app, "deadline": result,
                                                        "letters": letters, "error": error}, status=status)
