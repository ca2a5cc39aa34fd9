from django import forms

from gongkai.core.forms import GongkaiForm, GongkaiModelForm

from .models import Agency, Role
from .services import SETTING_FIELDS


class AgencySettingsForm(GongkaiModelForm):
    class Meta:
        model = Agency
        fields = list(SETTING_FIELDS)


class NewStaffForm(GongkaiForm):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=150)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, min_length=8,
                               help_text="至少 8 位；出错后需重新输入（密码不会回显）。",
                               error_messages={"min_length": "密码至少 8 位。"})
    roles = forms.MultipleChoiceField(label="岗位", choices=Role.choices, widget=forms.CheckboxSelectMultiple,
                                      error_messages={"required": "请至少选择一个岗位。"})
