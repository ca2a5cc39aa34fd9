"""The shared form behaviour: plain-Chinese messages, ISO date inputs, a form's own messages kept."""

from datetime import date

from django import forms

from gongkai.core.forms import GongkaiForm


class Sample(GongkaiForm):
    name = forms.CharField(label="姓名", max_length=4)
    email = forms.EmailField(label="电子邮箱", required=False)
    on = forms.DateField(label="送达日期")
    kind = forms.ChoiceField(label="送达方式", choices=[("ems", "EMS")])
    count = forms.IntegerField(label="件数", min_value=1)
    code = forms.CharField(label="查询码", error_messages={"required": "请输入查询码（12位）"})


def test_every_message_is_plain_chinese_and_names_the_field():
    form = Sample({"name": "张三丰李四", "email": "not-an-email", "on": "2026-13-01", "kind": "x", "count": "0"})
    assert not form.is_valid()
    assert form.errors["name"] == ["姓名最多4个字（现在5个字）"]
    assert form.errors["email"] == ["电子邮箱格式不正确，应如 zhangsan@example.com"]
    assert form.errors["on"] == ["送达日期不是有效日期，格式如 2026-03-02"]
    assert form.errors["kind"] == ["送达方式的选项无效，请从列表中选择"]
    assert form.errors["count"] == ["件数不能小于1"]
    assert form.errors["code"] == ["请输入查询码（12位）"]  # the form's own message is kept


def test_a_date_input_shows_a_saved_date_as_an_iso_value():
    html = str(Sample(initial={"on": date(2025, 3, 2)})["on"])
    assert 'type="date"' in html and 'value="2025-03-02"' in html


def test_a_bound_form_renders_what_was_typed_and_the_error_beside_the_field():
    form = Sample({"name": "王五", "email": "x", "on": "2026-03-02", "kind": "ems", "count": "3", "code": "ABC"})
    html = form.render()
    assert 'value="王五"' in html and 'value="2026-03-02"' in html and 'value="3"' in html
    assert html.index("电子邮箱格式不正确") < html.index('name="email"')
