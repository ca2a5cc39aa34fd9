from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from gongkai.accounts import throttle
from gongkai.audit.services import record
from gongkai.core.forms import ChineseFormMixin, GongkaiForm
from gongkai.core.netaddr import client_ip
from gongkai.reports.definition import all_formats
from gongkai.reports.narrative import SIX_FIELDS


class LoginForm(ChineseFormMixin, AuthenticationForm):
    template_name = "forms/div.html"
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


class NewReportForm(GongkaiForm):
    year = forms.IntegerField(label="年度", min_value=2008, max_value=2100,
                              error_messages={"invalid": "年度应为四位数字。", "required": "请填写年度。",
                                              "min_value": "年度不能早于 2008 年。",
                                              "max_value": "年度不正确。"})
    format_key = forms.ChoiceField(label="报告格式", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format_key"].choices = [("", "按年度自动选择")] + [
            (f.key, f.label) for f in all_formats().values()]


class AmendForm(GongkaiForm):
    reason = forms.CharField(label="更正理由（将随新版本公开）", widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "请说明更正理由（将随新版本公开）。"})


class SendBackForm(GongkaiForm):
    reason = forms.CharField(label="退回理由", required=False, max_length=500)

    AUTO_ID = "id_back_%s"  # the amend form on the same page has its own `reason`


MAX_SECTION_TEXT = 20000


class NarrativeForm(GongkaiForm):
    """The report's title, preamble and narrative texts (one field per section of its format, named section:KEY);
    `sections` limits it to the ones a page shows (the narrative editor saves one section at a time)."""

    title = forms.CharField(label="标题", max_length=200, required=False)
    preamble = forms.CharField(label="引言", required=False, max_length=MAX_SECTION_TEXT,
                               widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, fmt, only=None, **kwargs):
        super().__init__(*args, **kwargs)
        if only is not None:
            del self.fields["title"], self.fields["preamble"]
        for section in fmt.sections:
            if only is None or section.key in only:
                label = section.heading + ("（表格前的文字）" if section.table else "")
                self.fields[f"section:{section.key}"] = forms.CharField(
                    label=label, required=False, max_length=MAX_SECTION_TEXT,
                    widget=forms.Textarea(attrs={"rows": 2 if section.table else 6}))
        self._chinese_messages()


class SectionSixForm(GongkaiForm):
    """The figures of 第六部分 a provider does not compute, and the other matters to report."""

    other = forms.CharField(label="其他需要报告的事项", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, computed=(), **kwargs):
        super().__init__(*args, **kwargs)
        fields = {key: forms.CharField(label=label, required=False, widget=forms.TextInput(
            attrs={"inputmode": "decimal"})) for key, (label, _kind) in SIX_FIELDS.items() if key not in computed}
        self.fields = {**fields, "other": self.fields["other"]}
        self._chinese_messages()
