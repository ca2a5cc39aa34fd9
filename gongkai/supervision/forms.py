from django import forms

from gongkai.core.forms import GongkaiForm

from .models import Subject
from .services import MAX_DUE_DAYS, MAX_TEXT


class SendForm(GongkaiForm):
    agency = forms.ChoiceField(label="被督办机关")
    subject = forms.ChoiceField(label="督办事项", choices=Subject.choices)
    link = forms.CharField(label="关联事项", required=False, max_length=60,
                           help_text="逾期申请填查询码或受理号；未按时公开填索引号；年度报告填年度（如 2025）")
    text = forms.CharField(label="督办内容", widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_TEXT)
    due_days = forms.IntegerField(label="答复期限（工作日）", min_value=1, max_value=MAX_DUE_DAYS, initial=5)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "——请选择——"), *((a.code, a.name) for a in agencies)]


class AnswerForm(GongkaiForm):
    text = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_TEXT)
    revision = forms.IntegerField(widget=forms.HiddenInput)


class CloseForm(GongkaiForm):
    text = forms.CharField(label="办结意见", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=MAX_TEXT)
    revision = forms.IntegerField(widget=forms.HiddenInput)


class ReissueForm(GongkaiForm):
    text = forms.CharField(label="再次督办的内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_TEXT)
    due_days = forms.IntegerField(label="新的答复期限（工作日）", min_value=1, max_value=MAX_DUE_DAYS, initial=5)
    revision = forms.IntegerField(widget=forms.HiddenInput)
