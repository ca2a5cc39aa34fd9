"""What every office and public form shares: plain-Chinese error messages beside each field, date inputs that show
the saved value (ISO dates, not the zh-hans display format 2025/03/02 that a date input rejects), and one template
that renders a field with its label, help and error (templates/forms/field.html).

    class DeliveryForm(GongkaiForm):
        proof = forms.CharField(label="送达凭证", max_length=100)

A failing form is rendered again bound to what was typed: every field keeps its value and shows its own error.
"""

from __future__ import annotations

from django import forms

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """<input type="date"> with the value as YYYY-MM-DD, the only format browsers accept there."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format or ISO_DATE)


def _messages(field: forms.Field, label: str) -> dict[str, str]:
    choose = isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.BooleanField)
    out = {
        "required": f"请选择要上传的{label}" if isinstance(field, forms.FileField)
        else f"请{'选择' if choose else '填写'}{label}",
        "invalid_choice": f"{label}的选项无效，请从列表中选择",
        "max_length": f"{label}最多%(limit_value)d个字（现在%(show_value)d个字）",
        "min_length": f"{label}至少%(limit_value)d个字（现在%(show_value)d个字）",
        "max_value": f"{label}不能大于%(limit_value)s",
        "min_value": f"{label}不能小于%(limit_value)s",
        "max_digits": f"{label}的数字位数过多",
        "max_decimal_places": f"{label}最多%(max)s位小数",
        "missing": f"请选择要上传的{label}",
        "empty": f"上传的{label}是空文件",
        "max_length_file": f"{label}的文件名过长",
    }
    if isinstance(field, forms.EmailField):
        out["invalid"] = f"{label}格式不正确，应如 zhangsan@example.com"
    elif isinstance(field, forms.DateField):
        out["invalid"] = f"{label}不是有效日期，格式如 2026-03-02"
    elif isinstance(field, forms.IntegerField):
        out["invalid"] = f"{label}应为整数"
    elif isinstance(field, forms.DecimalField | forms.FloatField):
        out["invalid"] = f"{label}应为数字"
    elif isinstance(field, forms.FileField):
        out["invalid"] = f"{label}不是有效的文件"
    else:
        out["invalid"] = f"{label}格式不正确"
    return out


def _custom_messages(field: forms.Field) -> dict[str, str]:
    """The messages a form gave its field itself (error_messages=…), which win over the defaults here."""
    stock: dict = {}
    for cls in reversed(type(field).__mro__):
        stock.update(getattr(cls, "default_error_messages", {}))
    return {k: v for k, v in field.error_messages.items() if str(stock.get(k, "")) != str(v)}


class ChineseFormMixin:
    """Plain-Chinese messages for every field (overriding Django's stock translations unless a field sets its own)
    and ISO date inputs for every DateField."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # the labels are full Chinese phrases; no "：" appended
        super().__init__(*args, **kwargs)
        self._chinese_messages()

    def _chinese_messages(self) -> None:
        """Apply to every field; call again after adding fields in a subclass's __init__."""
        for name, field in self.fields.items():
            if getattr(field, "_gongkai_messages", False):
                continue
            field._gongkai_messages = True
            label = str(field.label or name)
            custom = _custom_messages(field)
            field.error_messages = {**field.error_messages, **_messages(field, label), **custom}
            if isinstance(field, forms.DateField) and not isinstance(field.widget, forms.HiddenInput):
                attrs = dict(field.widget.attrs)
                attrs.pop("type", None)
                field.widget = DateInput(attrs=attrs)
            if isinstance(field, forms.DateField):
                field.input_formats = [ISO_DATE, "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]

    def add_error(self, field, error):
        """As Django's, and the input of every field with an error names its message (aria-describedby), so a
        screen reader reads the error with the field; Django adds aria-invalid itself."""
        super().add_error(field, error)
        for name in self._errors or ():
            if name in self.fields:
                widget, auto_id = self.fields[name].widget, self[name].auto_id
                if auto_id:
                    ids = [f"{auto_id}_error"] + ([f"{auto_id}_helptext"] if self.fields[name].help_text else [])
                    widget.attrs["aria-describedby"] = " ".join(ids)

    def error_for(self, exc) -> None:
        """Attach a service's refusal (GongkaiError) to its field when the form has it, else to the form."""
        field = exc.field if getattr(exc, "field", None) in self.fields else None
        self.add_error(field, exc.message)


class GongkaiForm(ChineseFormMixin, forms.Form):
    template_name = template_name_div = "forms/div.html"  # {{ form }} as well as {{ form.as_div }}


class GongkaiModelForm(ChineseFormMixin, forms.ModelForm):
    template_name = template_name_div = "forms/div.html"


def form_errors(form) -> str:
    """Every error of a bound form as one Chinese message (joined with "；")."""
    return "；".join(e for errs in form.errors.values() for e in errs)


def attempt(request, form, action) -> bool:
    """Validate a bound form and run `action(form.cleaned_data)`; False when the page must be shown again with the
    form. A service's refusal (GongkaiError) naming one of the form's fields goes beside that field; any other refusal
    becomes a message at the top of the page (the form may be one the page no longer shows)."""
    from django.contrib import messages

    from .errors import GongkaiError

    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except GongkaiError as exc:
        if getattr(exc, "field", None) in form.fields:
            form.error_for(exc)
        else:
            messages.error(request, exc.message)
        return False
    return True
