"""One search over documents, annual reports, the guide and the 制度 page: facets, ranking, numbers, suggestions."""

from datetime import date

import pytest

from gongkai.catalog import search, search_index
from gongkai.catalog.models import DocStatus, SearchEntry, SearchKind
from gongkai.reports import lifecycle
from gongkai.reports import services as reports

from ..reports.factories import consistent_report, fill_report


@pytest.fixture
def docs(publish_doc):
    return [
        publish_doc(title="嘉祥县促进电子商务高质量发展若干措施", body="<p>支持农村电商服务站点建设，发展直播电商。</p>",
                    doc_number="测商发〔2026〕1号", published_on=date(2026, 3, 2), formed_on=date(2026, 3, 1)),
        publish_doc(title="关于做好成品油市场安全检查工作的通知", body="<p>加油站要落实安全生产主体责任。</p>",
                    topic="8.5", doc_number="测商发〔2026〕12号", published_on=date(2026, 6, 1),
                    formed_on=date(2026, 5, 28)),
        publish_doc(title="2025年全县外贸进出口情况", body="<p>全县外贸进出口总额同比增长。电子商务出口活跃。</p>",
                    topic="2.3", genre="通告", doc_number="", published_on=date(2025, 12, 1),
                    formed_on=date(2025, 11, 28)),
    ]


@pytest.fixture
def published_report(agency, clerk, head, today):
    report = reports.create_report(clerk, agency, 2025, today=today)
    fill_report(clerk, report, consistent_report("2021", 2025), today)
    report.refresh_from_db()
    lifecycle.mark_validated(clerk, report, today=today)
    lifecycle.submit(clerk, report, today=today)
    lifecycle.approve(head, report, today=today)
    report.refresh_from_db()
    return lifecycle.publish(head, report, today=today)


def facet(results, key):
    return {v.value: v.count for v in results.facets[key]}


def test_facets_count_the_results_and_filter_them(docs, agency):
    results = search.search("电子商务")
    assert results.total == 2
    assert facet(results, "kind") == {"doc": 2}
    assert facet(results, "year") == {"2026": 1, "2025": 1}
    assert facet(results, "topic") == {"7": 1, "2": 1}
    assert facet(results, "genre") == {"通知": 1, "通告": 1}
    assert facet(results, "agency") == {agency.code: 2}
    assert [h.doc for h in search.search("电子商务", year=2025).hits] == [docs[2]]
    assert [h.doc for h in search.search("电子商务", genre="通告").hits] == [docs[2]]
    assert [h.doc for h in search.search("电子商务", topic="2.3").hits] == [docs[2]]
    assert search.search("电子商务", kind="report").total == 0


def test_a_title_hit_comes_before_a_newer_body_hit(publish_doc):
    old = publish_doc(title="关于直播电商培训的通知", body="<p>培训安排。</p>", published_on=date(2025, 1, 6),
                      formed_on=date(2025, 1, 3))
    newer = publish_doc(title="全县商务工作要点", body="<p>发展直播电商，直播电商，直播电商。</p>",
                        published_on=date(2026, 6, 1), formed_on=date(2026, 5, 29))
    assert [h.doc for h in search.search("直播电商").hits] == [old, newer]
    assert [h.doc for h in search.search("直播电商", order="date").hits] == [newer, old]


def test_part_of_an_index_number_or_document_number_finds_the_document(docs):
    serial = docs[1].index_no.split("/")[1]            # e.g. 2026-00002
    assert [h.doc for h in search.search(serial).hits][0] == docs[1]
    assert docs[1] in [h.doc for h in search.search(serial[:-1]).hits]   # a prefix of the serial
    found = [h.doc for h in search.search("测商发〔2026〕1").hits]
    assert set(found[:2]) == {docs[0], docs[1]}          # 1号 and 12号 start with 1
    assert [h.doc for h in search.search("〔2026〕12号").hits][0] == docs[1]


def test_a_misspelt_word_gets_a_suggestion_that_finds_something(docs):
    results = search.search("电子商物")
    assert results.total == 0 and results.suggestion == "电子商务"
    assert search.search("电子商务").suggestion == ""
    assert search.search("量子纠缠态").suggestion == ""  # nothing close enough in the vocabulary


def test_the_annual_report_is_found_by_its_title(published_report, agency):
    results = search.search("政府信息公开工作年度报告")
    hit = results.hits[0]
    assert hit.kind == SearchKind.REPORT and hit.url == f"/{agency.code}/reports/2025/"
    assert "2025年<mark>政府信息公开工作年度报告</mark>" in hit.title
    assert facet(search.search("年度报告", kind="report"), "kind") == {"report": 1}


def test_an_amended_report_replaces_the_old_one_in_the_index(published_report, agency, clerk, head, today):
    assert SearchEntry.objects.filter(kind=SearchKind.REPORT).count() == 1
    published_report.status = "superseded"
    published_report.save(update_fields=["status"])
    assert search.search("年度报告", kind="report").total == 0


def test_the_guide_and_the_rules_page_are_found(agency, publish_doc):
    publish_doc(title="政府信息公开保密审查制度", topic="1.1")
    hits = search.search("政府信息公开指南").hits
    assert hits[0].kind == SearchKind.GUIDE and hits[0].url == f"/{agency.code}/guide/"
    assert any(h.kind == SearchKind.GUIDE for h in search.search("依申请公开").hits)
    policy = [h for h in search.search("保密审查", kind="policy").hits]
    assert policy and policy[0].url == f"/{agency.code}/policies/"


def test_a_withdrawn_document_is_not_found(docs):
    doc = docs[0]
    assert doc in [h.doc for h in search.search("直播电商").hits]
    doc.status = DocStatus.FILED   # no longer proactively public
    doc.save()
    search_index.index_document(doc)
    assert search.search("直播电商").total == 0
    assert search.search("测商发〔2026〕1号").total == 0
    assert [h.doc for h in search.search("测商发〔2026〕1").hits] == [docs[1]]   # 12号 is still there


def test_reindex_rebuilds_the_same_index(docs, agency):
    before = sorted(SearchEntry.objects.values_list("kind", "document_id", "page_key"), key=str)
    search_index.reindex_all()
    assert sorted(SearchEntry.objects.values_list("kind", "document_id", "page_key"), key=str) == before
    assert search.search("电子商务").total == 2


def test_entries_are_inserted_in_rowid_order_whatever_the_document_order(docs):
    """FTS5 flushes its pending terms whenever a rowid goes backwards: entries get ascending ids."""
    search_index.reindex()
    pairs = list(SearchEntry.objects.documents().order_by("id").values_list("id", "document_id"))
    assert [d for _i, d in pairs] == sorted(d for _i, d in pairs)


def test_every_page_up_to_the_count_has_results(publish_doc, monkeypatch):
    monkeypatch.setattr(search, "RANK_WINDOW", 5)
    for i in range(23):
        publish_doc(title=f"第{i}期简报", body="<p>市场运行监测。</p>")
    last = search.search("市场运行", page=3)
    assert last.total == 23 and len(last.hits) == 3
    seen = {h.doc.pk for p in (1, 2, 3) for h in search.search("市场运行", page=p).hits}
    assert len(seen) == 23
