"""The calendar page's two editing forms: a year's schedule typed in by hand, and one day's correction."""

from __future__ import annotations

from django import forms

from gongkai.core.forms import GongkaiForm

from .models import DayKind


def _lines(text: str, fields: int, what: str) -> list[list[str]]:
    """Comma-separated lines (ASCII or full-width commas); blank lines are skipped."""
    rows = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.replace("，", ",").split(",")]
        if len(parts) != fields:
            raise forms.ValidationError(f"{what}第{number}行应有{fields}项，用逗号分隔")
        rows.append(parts)
    return rows


class NoticeEntryForm(GongkaiForm):
    year = forms.IntegerField(label="年度")
    notice = forms.CharField(label="通知文号", max_length=100,
                             widget=forms.TextInput(attrs={"size": 30, "placeholder": "国办发明电〔2026〕×号"}))
    holidays = forms.CharField(label="放假区间（每行：开始日期,结束日期,节日）",
                               widget=forms.Textarea(attrs={"rows": 7, "placeholder": "2027-01-01,2027-01-03,元旦"}))
    makeup_days = forms.CharField(label="调休上班日（每行：日期,节日）", required=False,
                                  widget=forms.Textarea(attrs={"rows": 4, "placeholder": "2027-02-06,春节"}))

    def clean_holidays(self):
        return [tuple(p) for p in _lines(self.cleaned_data["holidays"], 3, "放假区间")]

    def clean_makeup_days(self):
        return [tuple(p) for p in _lines(self.cleaned_data["makeup_days"], 2, "调休上班日")]


class DayForm(GongkaiForm):
    date = forms.DateField(label="日期")
    kind = forms.ChoiceField(label="类型", required=False,
                             choices=[("", "恢复为周一至周五规则"), *DayKind.choices])
    name = forms.CharField(label="节日", required=False, max_length=40)
    note = forms.CharField(label="备注", required=False, max_length=200)

    AUTO_ID = "id_day_%s"
