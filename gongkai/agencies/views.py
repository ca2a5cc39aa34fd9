"""Agency settings and staff pages (管理员 of the agency)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from gongkai.core.forms import attempt
from gongkai.office.views import refusals_as_messages

from . import services
from .access import require_role
from .forms import AgencySettingsForm, NewStaffForm
from .models import Agency, Membership, Role


def _agency(request, code) -> Agency:
    agency = get_object_or_404(Agency, code=code)
    require_role(request.user, agency, Role.ADMIN)
    return agency


def _page(request, agency, *, form=None, staff_form=None):
    members = Membership.objects.filter(agency=agency).select_related("user").order_by("user__username", "role")
    return render(request, "agencies/settings.html", {
        "agency": agency, "form": form or AgencySettingsForm(instance=agency), "staff_form": staff_form or NewStaffForm(
            auto_id="id_staff_%s"), "members": members})


@login_required
@require_GET
def settings_page(request, code):
    return _page(request, _agency(request, code))


@login_required
@require_POST
def settings_save(request, code):
    agency = _agency(request, code)
    form = AgencySettingsForm(request.POST, instance=Agency.objects.get(pk=agency.pk))
    if attempt(request, form, lambda d: services.update_settings(
            request.user, agency, {f: d[f] for f in services.SETTING_FIELDS}, today=timezone.localdate())):
        messages.success(request, "机关设置已保存。")
        return redirect("agencies:settings", code=code)
    return _page(request, agency, form=form)


@login_required
@require_POST
def staff_create(request, code):
    agency = _agency(request, code)
    form = NewStaffForm(request.POST, auto_id="id_staff_%s")
    done = {}

    def create(d):
        done["user"] = services.create_staff(request.user, agency, today=timezone.localdate(), **d)

    if attempt(request, form, create):
        user = done["user"]
        messages.success(request, f"已为{user.first_name or user.username}开通账号。")
        return redirect("agencies:settings", code=code)
    return _page(request, agency, staff_form=form)


@login_required
@require_POST
@refusals_as_messages
def staff_revoke(request, code, pk):
    agency = _agency(request, code)
    membership = get_object_or_404(Membership, pk=pk, agency=agency)
    services.revoke_role(request.user, membership, today=timezone.localdate())
    messages.success(request, f"已撤销{membership.user.username}的{membership.get_role_display()}岗位。")
    return redirect("agencies:settings", code=code)
