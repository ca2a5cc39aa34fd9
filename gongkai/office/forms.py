from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache

from gongkai.audit.services import record
from gongkai.core.netaddr import client_ip
from gongkai.reports.definition import all_formats

MAX_FAILURES = 10          # per user name and per address
FAILURE_WINDOW = 15 * 60   # seconds


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。",
        "inactive": "该账号已停用。",
        "throttled": "登录失败次数过多，请 15 分钟后再试。",
    }

    def _keys(self) -> list[str]:
        name = (self.data.get("username") or "").strip().lower()[:150]
        return [f"login-fail:user:{name}", f"login-fail:ip:{client_ip(self.request) if self.request else ''}"]

    def clean(self):
        keys = self._keys()
        if any((cache.get(k) or 0) >= MAX_FAILURES for k in keys):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            for k in keys:
                cache.set(k, (cache.get(k) or 0) + 1, FAILURE_WINDOW)
            record("auth.login_failed", data={"username": (self.data.get("username") or "")[:150]})
            raise

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"


class NewReportForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2008, max_value=2100,
                              error_messages={"invalid": "年度应为四位数字。", "required": "请填写年度。",
                                              "min_value": "年度不能早于 2008 年。",
                                              "max_value": "年度不正确。"})
    format_key = forms.ChoiceField(label="报告格式", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format_key"].choices = [("", "按年度自动选择")] + [
            (f.key, f.label) for f in all_formats().values()]


class AmendForm(forms.Form):
    reason = forms.CharField(label="更正理由（将随新版本公开）", widget=forms.Textarea(attrs={"rows": 2}))
