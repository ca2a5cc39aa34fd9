"""The demo catalog: hundreds of documents over every topic and year, idempotent, and Table 2 computes."""

from gongkai.catalog.models import Document, RegistryEntry, SearchEntry
from gongkai.catalog.search import search
from gongkai.catalog.taxonomy import taxonomy
from gongkai.demo.load import load_demo
from gongkai.reports.models import Report


def test_demo_catalog_is_rich_idempotent_and_feeds_table_2(db, today):
    load_demo(today)
    docs = Document.objects.published()
    count = docs.count()
    assert count >= 300 and SearchEntry.objects.documents().count() == count
    heads = {t.split(".")[0] for t in docs.values_list("topic", flat=True)}
    assert heads == {head.code for head, _kids in taxonomy().tree}
    assert set(docs.dates("published_on", "year").values_list("published_on__year", flat=True)) >= set(range(2019, 2027))
    assert RegistryEntry.objects.filter(repealed_on__isnull=False).exists()
    assert search("成品油").total > 0
    load_demo(today)
    assert Document.objects.published().count() == count
    report = Report.objects.get(agency__code="jiaxiang-shangwu", year=today.year - 1)
    computed = {(c.row_key, c.col_key) for c in report.cells.filter(table="t2", source="computed")}
    assert {("normative", "in_force"), ("licensing", "decisions"), ("fees", "amount")} <= computed
    assert report.proactive["total"] > 0 and report.proactive["channels"][0]["count"] > 0
