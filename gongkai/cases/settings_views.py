"""The agency's 依申请公开 settings (负责人 or 管理员): approval, clock conventions, letter numbering."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.agencies.access import require_role
from gongkai.agencies.models import Agency, Role
from gongkai.audit.services import record
from gongkai.core.forms import GongkaiForm, GongkaiModelForm, attempt
from gongkai.office.views import refusals_as_messages

from . import letters
from .base import case_settings
from .models import CaseSettings

MANAGERS = (Role.HEAD, Role.ADMIN)
FIELDS = ["decision_needs_approval", "start_day_counted", "consult_span", "fee_pauses_clock", "letter_number_pattern",
          "acceptance_prefix", "acceptance_number_pattern", "fee_needs_approval", "answer_needs_review",
          "review_body", "four_eyes", "retention_years", "dossier_retention"]


class CaseSettingsForm(GongkaiModelForm):
    class Meta:
        model = CaseSettings
        fields = FIELDS
        help_texts = {"letter_number_pattern": "可用 {prefix}（文书字号前缀）、{year}（年份）、{n}（序号），如 {prefix}〔{year}〕第{n}号。",
                      "acceptance_number_pattern": "内部受理号，可用 {prefix}（受理号前缀）、{year}、{n}，"
                                                   "如 {prefix}依申〔{year}〕{n}号。",
                      "start_day_counted": "默认不计入（起算日当天不算，从次日起数第 N 个工作日）。"}

    def clean_letter_number_pattern(self):
        return _number_pattern(self.cleaned_data["letter_number_pattern"], "文书编号格式")

    def clean_acceptance_number_pattern(self):
        return _number_pattern(self.cleaned_data["acceptance_number_pattern"], "受理号格式")


def _number_pattern(pattern: str, what: str) -> str:
    if "{n}" not in pattern:
        raise forms.ValidationError(f"{what}必须包含序号 {{n}}。")
    if not letters.valid_number_pattern(pattern):
        raise forms.ValidationError(f"{what}只能使用 {{prefix}}、{{year}}、{{n}} 和普通文字（最长60字），"
                                    "不能使用其他花括号写法。")
    return pattern


@transaction.atomic
def update_case_settings(actor, agency, values: dict, *, today) -> CaseSettings:
    require_role(actor, agency, *MANAGERS)
    obj = CaseSettings.objects.select_for_update().get(pk=case_settings(agency).pk)
    before = {f: getattr(obj, f) for f in FIELDS}
    for field in FIELDS:
        setattr(obj, field, values[field])
    obj.save()
    after = {f: getattr(obj, f) for f in FIELDS}
    if before != after:
        record("case.settings.edit", actor=actor, agency=agency, obj=obj,
               data={"before": before, "after": after, "today": today.isoformat()})
    return obj


@login_required
@require_http_methods(["GET", "POST"])
@refusals_as_messages
def settings_page(request, code):
    agency = get_object_or_404(Agency, code=code)
    require_role(request.user, agency, *MANAGERS)
    instance = case_settings(agency)
    if request.method == "POST":
        form = CaseSettingsForm(request.POST, instance=CaseSettings.objects.get(pk=instance.pk))
        if attempt(request, form, lambda d: update_case_settings(request.user, agency, d, today=timezone.localdate())):
            messages.success(request, "依申请公开设置已保存。")
            return redirect("cases:settings", code=code)
    else:
        form = CaseSettingsForm(instance=instance)
    return render(request, "cases/settings.html", {"agency": agency, "form": form})


class LetterTemplateForm(GongkaiForm):
    """A letter template's title and body (the editor of cases.views.template_edit)."""

    title = forms.CharField(label="标题", max_length=100)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 14}),
                           help_text="每行一段。可用的变量见上方说明。")
