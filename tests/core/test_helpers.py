"""The small shared helpers: form errors as one message; dates from spreadsheet cells and notices."""

from datetime import date, datetime

import pytest
from django import forms

from gongkai.core.forms import form_errors
from gongkai.core.params import as_date


class _Form(forms.Form):
    name = forms.CharField(error_messages={"required": "请填写名称"})
    count = forms.IntegerField(error_messages={"required": "请填写数量"})


def test_form_errors_joins_every_message_in_field_order():
    form = _Form(data={})
    assert not form.is_valid()
    assert form_errors(form) == "请填写名称；请填写数量"


def test_as_date_accepts_a_date_a_datetime_and_an_iso_string():
    assert as_date(date(2025, 1, 28)) == date(2025, 1, 28)
    assert as_date(datetime(2025, 1, 28, 9, 30)) == date(2025, 1, 28)
    assert as_date(" 2025-01-28 ") == date(2025, 1, 28)


@pytest.mark.parametrize("value", ["2025-02-30", "明天", ""])
def test_as_date_refuses_anything_else_with_value_error(value):
    with pytest.raises(ValueError):
        as_date(value)
