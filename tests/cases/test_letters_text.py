"""Letter texts: no template guidance, no clause twice, no empty placeholder, one date style, exact articles, the
applicant's text exactly as written — for every outcome × delivery form and every letter kind."""

import html
import re

import pytest
from django.urls import reverse

from gongkai.cases import letter_texts, letters, outcomes
from gongkai.cases.letter_texts import leftovers
from gongkai.cases.models import DeliveryForm, Letter, LetterKind
from tests.conftest import logged_in

from .conftest import post_action
from .letter_cases import CLARIFIED, REQUEST, answered, case_with_every_letter

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def text_of(letter: Letter) -> str:
    return "\n".join(letter.paragraphs)


def answer_of(app) -> str:
    return text_of(Letter.objects.get(application=app, kind=LetterKind.ANSWER))


# --- the checker finds what the issue found -----------------------------------------------------------------------
@pytest.mark.parametrize("bad", [
    "现予以公开，随本答复书提供（或告知获取方式、途径和时间）。",
    "因系统升级，无法在法定期限内答复，不能在法定期限内答复。",
    "答复期限延长 个工作日。",
    "您申请获取：。",
    "查询码 {{ tracking_code }}",
    "您申请获取：&quot;R&amp;D补贴&quot;",
    "本机关将最迟于" + letter_texts.EMPTY_MARK + "作出答复。",
])
def test_the_leftover_check_finds_guidance_repeats_empty_placeholders_syntax_and_entities(bad):
    assert leftovers(bad)


def test_the_leftover_check_passes_a_clean_sentence():
    assert leftovers("本机关于2026年11月2日收到您提出的政府信息公开申请（查询码：AB12）。根据条例第三十条，"
                     "现一次性告知您需要补正的事项如下：") == []


# --- every outcome × every delivery form ---------------------------------------------------------------------------
@pytest.mark.parametrize("outcome", outcomes.OUTCOME_CODES)
@pytest.mark.parametrize("form", DeliveryForm.values)
def test_every_answer_is_clean_for_every_delivery_form(no_approval, clerk, agency, today, outcome, form):
    text = answer_of(answered(clerk, agency, today, outcome, form))
    assert leftovers(text) == [], text
    assert not ISO_DATE.search(text) and "2026年11月25日" not in text.split("\n")[0]  # one date style
    assert "2026年10月12日" in text
    if outcome not in ("unable.still_unclear",):
        assert REQUEST in text  # exactly as written: no &quot; / &amp;
    answer = outcomes.answer_for(outcome, "elsewhere" if outcome == "unable.not_held" else "")
    if answer.basis:
        assert f"依据：{answer.basis}。" in text
    else:
        assert "依据：" not in text and "实务口径" not in text


@pytest.mark.parametrize("form", DeliveryForm.values)
def test_the_grant_answer_says_how_and_when_the_information_is_provided_article_36_item_2(no_approval, clerk,
                                                                                            agency, today, form):
    text = answer_of(answered(clerk, agency, today, "grant", form))
    assert "第三十六条第（二）项" in text and "第（一）（二）项" not in text
    assert ("随本答复书一并" in text) or ("自收到本答复书之日起" in text and "领取" in text)
    assert {"email": "电子邮箱", "post": "邮寄", "pickup": "领取", "paper": "纸质件", "disc": "存储介质"}[form] in text
    assert text.count("提供") <= 2 and "或告知" not in text


def test_an_answer_for_information_already_published_cites_item_1_and_tells_the_way(no_approval, clerk, agency,
                                                                                   today):
    text = answer_of(answered(clerk, agency, today, "grant", "email", sub_basis="published"))
    assert "第三十六条第（一）项" in text and "获取方式和途径：请登录" in text and "随本答复书" not in text
    assert leftovers(text) == []


def test_refusals_cite_the_article_and_item_36_3(no_approval, clerk, agency, today):
    text = answer_of(answered(clerk, agency, today, "deny.state_secret"))
    assert "依据：《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项。" in text
    assert "理由：经审查" in text


# --- every letter kind --------------------------------------------------------------------------------------------
def test_every_letter_kind_is_clean_and_in_one_date_style(clerk, head, agency, today):
    for letter in case_with_every_letter(clerk, head, agency, today):
        text = text_of(letter)
        assert leftovers(text) == [], (letter.kind, text)
        assert not ISO_DATE.search(text), (letter.kind, text)
        assert "星期" not in text


def test_letters_name_the_case_by_its_acceptance_number_and_tracking_code(clerk, head, agency, today):
    named = set()
    for letter in case_with_every_letter(clerk, head, agency, today):
        app = letter.application
        assert re.fullmatch(r"测商依申〔2026〕\d+号", app.acceptance_no)
        if f"受理号：{app.acceptance_no}；查询码：{app.tracking_code}" in text_of(letter):
            named.add(letter.kind)
    assert named == set(LetterKind.values), set(LetterKind.values) - named


def test_the_extension_letter_says_the_reason_once_and_the_dates_article_33_2(clerk, head, agency, today):
    found = {x.kind: x for x in case_with_every_letter(clerk, head, agency, today)}
    text = text_of(found[LetterKind.EXTENSION])
    assert "因所需信息涉及多个科室，需要汇总核实，本机关需要延长答复期限" in text
    assert "法定期限内答复" not in text and "第三十三条第二款" in text and "延长15个工作日" in text
    assert "答复期限原为2026年12月9日" in text and "最迟于2026年12月30日（含当日）作出答复" in text


def test_after_a_correction_later_letters_quote_the_clarified_request_article_30(clerk, head, agency, today):
    found = {x.kind: x for x in case_with_every_letter(clerk, head, agency, today)}
    assert REQUEST in text_of(found[LetterKind.RECEIPT]) and REQUEST in text_of(found[LetterKind.CORRECTION])
    for kind in (LetterKind.THIRD_PARTY, LetterKind.CONSULT, LetterKind.FEE, LetterKind.ANSWER, LetterKind.DISCLOSE):
        text = text_of(found[kind])
        assert REQUEST not in text, kind
        if kind in (LetterKind.THIRD_PARTY, LetterKind.CONSULT, LetterKind.ANSWER, LetterKind.DISCLOSE):
            assert CLARIFIED in text, kind
    assert "于2026年11月5日收到您补正后的申请" in text_of(found[LetterKind.ANSWER])


def test_the_clarified_request_is_kept_on_the_case_and_its_event(clerk, head, agency, today):
    letter = case_with_every_letter(clerk, head, agency, today)[0]
    app = letter.application
    assert app.clarified_content == CLARIFIED and app.content == REQUEST
    assert app.events.get(kind="correction_received").note == CLARIFIED


def test_the_correction_form_records_the_clarified_request(client, clerk, agency, today, make_case):
    from gongkai.cases import steps

    from .letter_cases import d, fresh

    app = make_case("2026-11-20")
    steps.request_correction(clerk, app, correction_due=d("2026-12-04"), items="请写明文号", on=today,
                             revision=app.revision, today=today)
    c = logged_in(client, clerk)
    r = post_action(c, fresh(app), "correction_received", on=today.isoformat(), clarified=CLARIFIED)
    assert r.status_code == 302 and fresh(app).clarified_content == CLARIFIED
    assert CLARIFIED in html.unescape(c.get(reverse("cases:detail", args=[app.pk])).content.decode())


# --- the applicant's text: exactly as written, never HTML ---------------------------------------------------------
def test_the_receipt_letter_keeps_quotes_and_ampersands_and_pages_escape_them_once(client, clerk, agency, today):
    from .conftest import register

    app = register(clerk, agency, "2026-11-20", today, content='"R&D补贴"<script>alert(1)</script>')
    receipt = Letter.objects.get(application=app, kind=LetterKind.RECEIPT)
    assert '"R&D补贴"<script>alert(1)</script>' in text_of(receipt)
    page = logged_in(client, clerk).get(reverse("cases:letter", args=[receipt.pk])).content.decode()
    assert "<script>alert(1)" not in page and "&amp;amp;" not in page and "&amp;quot;" not in page
    assert '"R&D补贴"<script>alert(1)</script>' in html.unescape(page)


def test_the_public_tracking_page_shows_the_request_as_written(client, clerk, agency, today):
    from django.core.cache import cache

    from .conftest import register

    cache.clear()
    app = register(clerk, agency, "2026-11-20", today, content='"R&D补贴"的发放')
    r = client.post(reverse("apply:track"), {"code": app.tracking_code, "phone_last4": app.phone[-4:]})
    body = r.content.decode()
    assert "&amp;quot;" not in body and "&amp;amp;" not in body and "&quot;R&amp;D补贴&quot;的发放" in body


def test_default_templates_render_the_worst_case_inside_the_limits():
    ctx = letters.worst_case_context()
    for kind, (_title, body) in letter_texts.DEFAULTS.items():
        text = letters.render_body(body, ctx, seconds=letters.SAVE_SECONDS)
        assert len(text) <= letters.MAX_LETTER_CHARS, kind
        assert "R&D" in text and "&amp;" not in text


# --- dates that may still move ----------------------------------------------------------------------------------
def test_a_due_date_in_an_unpublished_year_is_marked_once_and_explained_in_the_note(clerk, agency):
    from datetime import date

    from gongkai.cases import letter_output

    from .conftest import register

    on = date(2026, 12, 10)  # 20 working days later is in 2027, whose holidays are not published
    app = register(clerk, agency, on, on, content=REQUEST)
    receipt = Letter.objects.get(application=app, kind=LetterKind.RECEIPT)
    text = text_of(receipt)
    assert receipt.provisional and text.count("（暂定）") == 1 and "2027年1月" in text
    blocks = letter_output.letter_document(receipt).text()
    assert blocks.endswith(letter_output.PROVISIONAL_NOTE) and leftovers(text) == []


def test_a_letter_without_a_moving_date_has_no_note_while_a_consultation_runs(clerk, agency, today):
    from gongkai.cases import letter_output, steps

    from .conftest import register

    app = register(clerk, agency, "2026-11-02", today, content=REQUEST)
    steps.start_consultation(clerk, app, third_party=True, party="测试县某公司", on=today,
                             revision=app.revision, today=today)
    letter = Letter.objects.get(application=app, kind=LetterKind.THIRD_PARTY)
    assert not letter.provisional and "暂定" not in letter_output.letter_document(letter).text()
