"""Account pages: change my password, set up / stop the second factor, the login's second step, and the
administrator's security page (compulsory second factor, temporary passwords)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from gongkai.agencies.access import require_role, visible_agency
from gongkai.agencies.models import Role
from gongkai.audit.services import record
from gongkai.core import netaddr
from gongkai.core.errors import GongkaiError

from . import qr, services, throttle
from .models import AgencySecurity

PENDING = "gk_pending_user"


@login_required
@require_http_methods(["GET", "POST"])
def password(request):
    error, field = "", ""
    if request.method == "POST":
        try:
            services.change_password(request.user, old=request.POST.get("old_password", ""),
                                     new=request.POST.get("new_password1", ""),
                                     again=request.POST.get("new_password2", ""), now=timezone.now())
        except GongkaiError as exc:
            error, field = exc.message, exc.field
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "密码已修改。")
            return redirect("office:home")
    return render(request, "accounts/password.html", {
        "error": error, "field": field, "forced": services.must_change_password(request.user),
        "help": ["至少10个字符", "不能与用户名、姓名相近，不能包含用户名", "不能是常用密码，不能全是数字"]},
        status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def totp(request):
    user = request.user
    codes, error = None, ""
    if request.method == "POST":
        action = request.POST.get("action", "confirm")
        try:
            if action == "confirm":
                codes = services.confirm_totp(user, request.POST.get("token", ""), now=timezone.now())
                otp_login(request, services.verify_device(user))
                messages.success(request, "已启用动态口令。请把下面的恢复码抄在纸上妥善保管，每个只能用一次。")
            elif action == "codes":
                codes = services.new_recovery_codes(user, now=timezone.now())
                messages.success(request, "已生成新的恢复码，原来的恢复码作废。")
            elif action == "disable":
                services.disable_totp(user, password=request.POST.get("password", ""), now=timezone.now())
                messages.success(request, "已停用动态口令。")
                return redirect("accounts:totp")
        except GongkaiError as exc:
            error = exc.message
    context = {"enabled": services.has_totp(user), "required": services.totp_required(user), "codes": codes,
               "error": error}
    if not context["enabled"]:
        device = services.pending_totp(user)
        uri = services.config_uri(device)
        context.update(secret=services.secret_text(device), qr_svg=qr.svg(uri), uri=uri)
    return render(request, "accounts/totp.html", context, status=400 if error else 200)


def _safe_next(request, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse("office:home")


def start_second_step(request, user, next_url: str):
    """After the password: remember who is half signed in (not signed in yet) and ask for the code."""
    request.session.cycle_key()
    request.session[PENDING] = {"user": user.pk, "backend": getattr(user, "backend", ""), "next": next_url,
                                "at": timezone.now().timestamp()}
    return redirect("accounts:login_otp")


@require_http_methods(["GET", "POST"])
def login_otp(request):
    pending = request.session.get(PENDING)
    if not pending or timezone.now().timestamp() - pending.get("at", 0) > 300:
        request.session.pop(PENDING, None)
        messages.error(request, "请重新输入用户名和密码。")
        return redirect("office:login")
    user = get_object_or_404(get_user_model(), pk=pending["user"], is_active=True)
    error, status = "", 200
    if request.method == "POST":
        key = throttle.subject(user.username, netaddr.client_ip(request))
        now = timezone.now()
        wait = throttle.blocked_for(throttle.LOGIN_PAIR, key, now)
        device = None if wait else services.verify_second_factor(user, request.POST.get("token", ""))
        if device is not None:
            del request.session[PENDING]
            user.backend = pending["backend"] or "django.contrib.auth.backends.ModelBackend"
            auth_login(request, user)
            request.session[BACKEND_SESSION_KEY] = user.backend
            otp_login(request, device)
            throttle.clear(throttle.LOGIN_PAIR, key)
            record("auth.login", actor=user, data={"second_factor": device.name})
            return redirect(_safe_next(request, pending.get("next", "")))
        if wait:
            error = f"尝试次数过多，请 {throttle.wait_text(wait)}后再试。"
        else:
            throttle.fail(throttle.LOGIN_PAIR, key, now)
            record("auth.login_failed", data={"username": user.username[:150], "step": "second_factor"})
            error = "动态口令或恢复码不正确。"
        status = 400
    return render(request, "accounts/login_otp.html", {"error": error}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def agency_security(request, code):
    agency = visible_agency(request.user, code)
    require_role(request.user, agency, Role.ADMIN)
    if request.method == "POST":
        services.set_require_totp(request.user, agency, request.POST.get("require_totp") == "on",
                                  now=timezone.now())
        messages.success(request, "账号安全设置已保存。")
        return redirect("accounts:agency_security", code=code)
    found = AgencySecurity.objects.filter(agency=agency).first()
    staff = [(u, services.has_totp(u), services.must_change_password(u))
             for u in services.staff_of(agency).order_by("username")]
    return render(request, "accounts/agency_security.html", {
        "agency": agency, "require_totp": bool(found and found.require_totp), "staff": staff})


@login_required
@require_POST
def reset_password(request, code, pk):
    agency = visible_agency(request.user, code)
    require_role(request.user, agency, Role.ADMIN)
    user = get_object_or_404(services.staff_of(agency), pk=pk)
    try:
        services.set_temporary_password(request.user, user, request.POST.get("password", ""), now=timezone.now())
    except GongkaiError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已为 {user.username} 设置临时密码，该用户下次登录时须修改密码。")
    return redirect("accounts:agency_security", code=code)
