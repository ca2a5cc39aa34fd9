"""The public search page: facets as links with counts, the suggestion, Chinese notes for bad parameters."""

from datetime import date

import pytest

from ..catalog.conftest import coded_agency, data_dir, draft_input, publish_doc  # noqa: F401 - fixtures


@pytest.fixture
def docs(publish_doc):  # noqa: F811
    return [publish_doc(title="关于促进电子商务发展的若干措施", body="<p>发展直播电商。</p>", published_on=date(2026, 3, 2),
                        formed_on=date(2026, 3, 1)),
            publish_doc(title="2025年外贸进出口情况", body="<p>电子商务出口活跃。</p>", topic="2.3", genre="通告",
                        published_on=date(2025, 12, 1), formed_on=date(2025, 11, 28))]


def test_facets_are_links_with_counts_that_filter(client, docs):
    html = client.get("/search/", {"q": "电子商务"}).content.decode()
    assert "找到 <strong>2</strong>" in html and 'class="facets"' in html
    assert "2025年</a> <span class=\"count\">（1）</span>" in html
    html = client.get("/search/", {"q": "电子商务", "year": "2025"}).content.decode()
    assert "找到 <strong>1</strong>" in html and 'aria-current="true"' in html and "不限发布年份" in html


def test_a_misspelt_word_offers_the_right_one(client, docs):
    html = client.get("/search/", {"q": "电子商物"}).content.decode()
    assert "您是不是要找：<a href=\"?q=%E7%94%B5%E5%AD%90%E5%95%86%E5%8A%A1\">电子商务</a>" in html


def test_the_guide_is_a_result_with_its_link(client, docs, coded_agency):  # noqa: F811
    html = client.get("/search/", {"q": "政府信息公开指南"}).content.decode()
    assert f'href="/{coded_agency.code}/guide/"' in html and "公开指南" in html


@pytest.mark.parametrize("params, note", [
    ({"year": "99999"}, "年份“99999”无效，已忽略。"), ({"page": "x"}, "页码“x”无效，已忽略。"),
    ({"kind": "nope"}, "类别“nope”无效，已忽略。"), ({"topic": "9.9.9"}, "主题“9.9.9”无效，已忽略。"),
    ({"genre": "<b>"}, "体裁“&lt;b&gt;”无效，已忽略。"), ({"agency": "no-such"}, "机关“no-such”无效，已忽略。"),
    ({"order": "zzz"}, "排序“zzz”无效，已忽略。"), ({"page": "100000"}, "最多显示前 200 页。"),
])
def test_bad_parameters_get_a_chinese_note_and_never_a_500(client, docs, params, note):
    response = client.get("/search/", {"q": "电子商务", **params})
    assert response.status_code == 200 and note in response.content.decode()


def test_the_search_page_keeps_facets_collapsible_and_no_inline_script(client, docs):
    html = client.get("/search/", {"q": "电子商务"}).content.decode()
    assert '<details class="facet"' in html and "search.css" in html
    assert "<script>" not in html and "onclick" not in html
