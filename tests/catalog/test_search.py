"""Chinese full-text search: jieba tokens in FTS5 (SQLite) / tsvector (PostgreSQL); odd input never fails."""

from datetime import date

import pytest

from gongkai.catalog import search, services


@pytest.fixture
def docs(publish_doc):
    return [
        publish_doc(title="嘉祥县促进电子商务高质量发展若干措施", body="<p>支持农村电商服务站点建设，发展直播电商。</p>",
                    doc_number="测商发〔2026〕1号", published_on=date(2026, 3, 2), formed_on=date(2026, 3, 1)),
        publish_doc(title="关于做好成品油市场安全检查工作的通知", body="<p>加油站要落实安全生产主体责任。</p>",
                    topic="8.5", doc_number="测商发〔2026〕2号", published_on=date(2026, 6, 1),
                    formed_on=date(2026, 5, 28)),
        publish_doc(title="2025年全县外贸进出口情况", body="<p>全县外贸进出口总额同比增长。电子商务出口活跃。</p>",
                    topic="2.3", genre="通告", doc_number="", published_on=date(2025, 12, 1),
                    formed_on=date(2025, 11, 28)),
    ]


def test_a_chinese_word_finds_the_documents_that_contain_it(docs):
    results = search.search("电子商务")
    assert {h.doc.pk for h in results.hits} == {docs[0].pk, docs[2].pk} and results.total == 2


def test_relevance_puts_the_title_match_first_and_date_order_the_newest(docs):
    assert search.search("电子商务").hits[0].doc == docs[0]
    assert [h.doc for h in search.search("电子商务", order="date").hits] == [docs[0], docs[2]]


def test_snippets_highlight_the_terms(docs):
    hit = search.search("安全生产").hits[0]
    assert "<mark>安全生产</mark>" in hit.snippet


def test_filters_by_topic_genre_year_and_agency(docs, other_agency):
    assert [h.doc for h in search.search("电子商务", topic="2").hits] == [docs[2]]
    assert [h.doc for h in search.search("电子商务", genre="通告").hits] == [docs[2]]
    assert [h.doc for h in search.search("电子商务", year=2026).hits] == [docs[0]]
    assert search.search("电子商务", agency=other_agency).total == 0


def test_unpublished_documents_are_not_found(coded_agency, clerk, today):
    from .conftest import draft_input

    services.create_draft(clerk, coded_agency, draft_input(title="草稿中的保密事项"), today=today)
    assert search.search("保密", kind="doc").total == 0


def test_pagination(publish_doc):
    for i in range(23):
        publish_doc(title=f"第{i}期市场运行监测简报")
    results = search.search("市场运行", page=3)
    assert results.total == 23 and results.pages == 3 and len(results.hits) == 3 and results.has_previous


def test_index_number_and_document_number_find_the_document_directly(docs):
    assert search.find_direct(docs[1].index_no) == docs[1]
    assert search.find_direct("测商发[2026]2号") == docs[1]
    assert search.find_direct("电子商务") is None


@pytest.mark.parametrize("q", ["", "   ", "电" * 1000, '"', "*", "AND OR NOT", "NEAR(a b)", "'; DROP TABLE x;--",
                               "！！！", "\x00", "a" * 5000, "电子商务 OR \"", "^$", "(((", "-"])
def test_odd_queries_never_fail(docs, q):
    results = search.search(q)
    assert results.total >= 0


def test_an_overlong_query_says_it_was_shortened(docs):
    assert "过长" in search.search("电子商务" * 300).message


def test_the_index_follows_withdrawal(docs):
    from gongkai.catalog.models import SearchEntry

    doc = docs[0]
    SearchEntry.objects.filter(document=doc).delete()
    assert doc.pk not in {h.doc.pk for h in search.search("电子商务").hits}
    search.index_document(doc)
    assert doc.pk in {h.doc.pk for h in search.search("电子商务").hits}
