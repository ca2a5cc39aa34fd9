"""Letter templates: saved only when they render the longest inputs within a second; bounded at issue time; plain
text (no escaping); only a few tags and filters."""

import time

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.cases import letter_sandbox, letters
from gongkai.cases.models import Letter, LetterKind, LetterTemplate
from gongkai.core.errors import GongkaiError, Refused
from tests.conftest import logged_in

NESTED = "{% for a in content %}{% for b in content %}{% for c in content %}{{ a }}{% endfor %}{% endfor %}{% endfor %}"
SILENT_NESTED = "{% for a in content %}{% for b in content %}{% if a == b %}{% endif %}{% endfor %}{% endfor %}"


@pytest.mark.parametrize("body", [NESTED, SILENT_NESTED])
def test_a_template_that_is_slow_or_huge_on_the_longest_request_is_refused_at_save(agency, head, body):
    started = time.monotonic()
    with pytest.raises(GongkaiError, match="模板无法保存：按最长的申请内容（5000字）") as err:
        letters.save_template(head, agency, LetterKind.RECEIPT, title="登记回执", body=body)
    assert "秒" in err.value.message or "过长" in err.value.message
    assert time.monotonic() - started < 10  # stopped by the budget, not run to the end (it would take minutes)
    assert not LetterTemplate.objects.filter(agency=agency, kind=LetterKind.RECEIPT).exclude(
        body=letters.DEFAULTS["receipt"][1]).exists()
    assert not AuditEntry.objects.filter(action="case.letter_template.edit").exists()


def test_a_hostile_template_stored_earlier_is_stopped_at_issue_time_and_nothing_is_saved(make_case, agency, clerk,
                                                                                            today):
    tpl = letters.template_for(agency, LetterKind.RECEIPT)
    tpl.body = SILENT_NESTED
    tpl.save()
    with pytest.raises(Refused, match="用时超过3秒"):
        make_case("2026-11-20", content="申" * 5000)
    assert not Letter.objects.exists()


def test_the_time_budget_stops_a_render_early():
    template = letter_sandbox.compile_body(SILENT_NESTED)
    started = time.monotonic()
    with pytest.raises(letter_sandbox.TemplateTooSlow):
        letter_sandbox.render(template, {"content": "申" * 5000}, seconds=0.2, max_chars=20_000)
    assert time.monotonic() - started < 2


def test_the_size_budget_stops_a_render_before_it_builds_the_whole_text():
    template = letter_sandbox.compile_body("{% for a in content %}{{ content }}{% endfor %}")
    with pytest.raises(letter_sandbox.TemplateTooLong):
        letter_sandbox.render(template, {"content": "申" * 5000}, seconds=5, max_chars=20_000)


@pytest.mark.parametrize("body, message", [
    ("{% load static %}x", "{% load %} 标签不能使用"),
    ("{% include 'base.html' %}", "{% include %} 标签不能使用"),
    ("{% now 'Y' %}", "{% now %} 标签不能使用"),
    ("{% autoescape on %}{{ content }}{% endautoescape %}", "{% autoescape %} 标签不能使用"),
    ("{% filter upper %}x{% endfilter %}", "{% filter %} 标签不能使用"),
    ('{{ content|ljust:"100000000" }}', "不能使用过滤器 ljust"),
    ("{{ content|add:content }}", "不能使用过滤器 add"),
    ("{{ content|safe }}", "不能使用过滤器 safe"),
    ("{% for x in fee_lines %}", "没有对应的结束标签"),
])
def test_only_a_few_tags_and_filters_are_allowed_with_chinese_messages(agency, head, body, message):
    with pytest.raises(GongkaiError) as err:
        letters.save_template(head, agency, LetterKind.FEE, title="收费通知书", body=body)
    assert message in err.value.message and "模板格式有误" in err.value.message


def test_join_works_on_lists_but_not_on_a_string():
    ctx = {"fee_lines": ["甲", "乙"], "content": "申请"}
    assert letters.render_body("{{ fee_lines|join:'；' }}", ctx) == "甲；乙"
    with pytest.raises(Refused):
        letters.render_body("{{ content|join:'；' }}", ctx)


def test_a_reasonable_custom_template_is_saved_and_used(make_case, agency, head, today):
    body = "已收到您的申请（查询码：{{ tracking_code }}），内容：{{ content|truncatechars:50 }}{% if provisional_note %}{{ provisional_note }}{% endif %}"
    letters.save_template(head, agency, LetterKind.RECEIPT, title="登记回执", body=body)
    app = make_case("2026-11-20", content='"R&D"补贴')
    receipt = Letter.objects.get(application=app, kind=LetterKind.RECEIPT)
    assert receipt.paragraphs == [f'已收到您的申请（查询码：{app.tracking_code}），内容："R&D"补贴']
    assert receipt.title == "登记回执"


def test_rendering_is_plain_text_and_never_escaped():
    assert letters.render_body("{{ content }}", {"content": '<b>"R&D"</b>'}) == '<b>"R&D"</b>'


def test_the_template_page_refuses_a_hostile_template_with_the_message(client, head, agency):
    r = logged_in(client, head).post(reverse("cases:template_edit", args=["receipt"]) + f"?agency={agency.code}",
                                     {"agency": agency.code, "title": "登记回执", "body": NESTED})
    assert r.status_code == 200 and "模板无法保存" in r.content.decode()
