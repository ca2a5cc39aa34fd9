from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from gongkai.accounts import throttle
from gongkai.audit.services import record
from gongkai.core.netaddr import client_ip
from gongkai.reports.definition import all_formats


class LoginForm(AuthenticationForm):
    """Failures are counted per user name *and* address (a stranger elsewhere cannot lock a colleague out) and
    per address alone, with growing delays, in the database (accounts.throttle)."""

    error_messages = {
        "invalid_login": "用户名或密码不正确。",
        "inactive": "该账号已停用。",
        "throttled": "登录失败次数过多，请 %(wait)s后再试。",
    }

    def _keys(self) -> list[tuple]:
        name = (self.data.get("username") or "").strip().lower()[:150]
        address = client_ip(self.request) if self.request else ""
        return [(throttle.LOGIN_PAIR, throttle.subject(name, address)),
                (throttle.LOGIN_ADDRESS, throttle.subject(address))]

    def clean(self):
        now = timezone.now()
        keys = self._keys()
        wait = max(throttle.blocked_for(rule, key, now) for rule, key in keys)
        if wait:
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled",
                                        params={"wait": throttle.wait_text(wait)})
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            for rule, key in keys:
                throttle.fail(rule, key, now)
            record("auth.login_failed", data={"username": (self.data.get("username") or "")[:150]})
            raise
        throttle.clear(*keys[0])
        return cleaned

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
