"""Request-level protections: body size limits, no-store on pages with personal data, the idle timeout, and the
steps a signed-in user must take first (change a temporary password, set up a compulsory second factor)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control

# Pages that show personal data outside /office/: the applicant's tracking page and the form's receipt.
PRIVATE_PUBLIC_PREFIXES = ("/apply/", "/track/")
EXEMPT = ("/office/login/", "/office/logout/", "/office/account/", "/static/")


class BodyLimitMiddleware:
    """413 before reading a body larger than the page can need (public forms are small; office uploads ≤ 25 MB)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAX_OFFICE_BODY_BYTES if request.path.startswith("/office/") \
            else settings.MAX_PUBLIC_BODY_BYTES
        if length > limit:
            return HttpResponse(f"提交的内容过大（上限 {limit // 1024} KB）。".encode(), status=413,
                                content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class NoStoreMiddleware:
    """Cache-Control: no-store on every office page and download, and on the applicant's own pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path
        if path.startswith(("/office/", *PRIVATE_PUBLIC_PREFIXES)) or path.endswith("/apply/"):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


def start_idle_clock(sender, request, user, **kwargs):
    """A sign-in starts the idle clock afresh: Django keeps the session's data across a login, and a last-seen time
    from before it would sign the user straight out again."""
    if request is not None and hasattr(request, "session"):
        request.session["gk_seen"] = time.time()


class AccountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self._check(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request, user):
        from gongkai.audit.services import record

        from . import services

        now = time.time()
        seen = request.session.get("gk_seen")
        if seen and now - seen > settings.IDLE_TIMEOUT_SECONDS:
            record("auth.idle_logout", actor=user, data={"idle_seconds": int(now - seen)})
            logout(request)
            messages.info(request, f"超过 {settings.IDLE_TIMEOUT_SECONDS // 60} 分钟未操作，已自动退出，请重新登录。")
            return redirect(f"{reverse('office:login')}?next={request.path}") if request.method == "GET" \
                else redirect("office:login")
        if not seen or now - seen > 30:  # one session write a half-minute at most
            request.session["gk_seen"] = now
        if not request.path.startswith("/office/") or request.path.startswith(EXEMPT):
            return None
        if services.has_second_factor(user) and not user.is_verified():
            logout(request)  # signed in without the second factor (not through the login page)
            return redirect("office:login")
        if services.must_change_password(user):
            messages.warning(request, "您的密码由管理员设置，请先修改密码。")
            return redirect("accounts:password")
        if services.totp_required(user) and not services.has_totp(user):
            messages.warning(request, "本机关要求使用动态口令（双因素认证），请先完成设置。")
            return redirect("accounts:totp")
        return None
