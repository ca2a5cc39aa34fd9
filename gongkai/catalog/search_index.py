"""Keeping the search index in step: documents, published annual reports, each agency's guide and 制度 page.

Documents are indexed by the catalog services when published, changed or withdrawn; reports and agency pages by
signals (connected in CatalogConfig.ready), so every path that publishes or supersedes a report is covered.
`reindex_all` rebuilds everything in batches (one transaction per batch, memory flat).
"""

from __future__ import annotations

from collections import Counter

from django.core.cache import cache
from django.db import connection, transaction
from django.urls import reverse

from .models import Document, SearchEntry, SearchKind
from .search_text import facet_tokens, index_tokens, number_tokens, vocabulary_words

POLICY_TOPIC = "1.1"  # 综合政务\政务公开: the agency's own disclosure rules (制度)
BATCH = 1000
# What the generated guide says, for the index (the page itself is rendered from portal/guide.html)
GUIDE_TEXT = ("政府信息公开指南 依申请公开 申请公开政府信息 申请方式 在线申请 信件申请 受理机构 办公地址 办公时间 联系电话 "
              "主动公开 公开范围 分类与编排体系 公开方式与渠道 公开时限 二十个工作日 申请的处理 补正 延期答复 征求第三方意见 "
              "信息处理费 收费标准 监督和救济 行政复议 行政诉讼 投诉举报 政府信息公开条例")
POLICY_TEXT = ("政府信息公开制度 政府信息公开工作制度 保密审查制度 主动公开 依申请公开 "
               "中华人民共和国政府信息公开条例 国务院令第711号 政府信息公开信息处理费管理办法 国办函〔2020〕109号")


def catalog_version(agency_id) -> int:
    """A counter bumped whenever an agency's public catalog changes; page caches key on it."""
    return cache.get(f"catalog:version:{agency_id}") or 0


def bump_catalog_version(agency_id) -> None:
    """Called when a public document appears, changes or goes; "all" is bumped too (whole-page caches)."""
    for key in (f"catalog:version:{agency_id}", "catalog:version:all"):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, None)


def add_words(counts: Counter) -> None:
    """Grow the suggestion vocabulary by these document frequencies (one statement per batch)."""
    if not counts:
        return
    rows = sorted(counts.items())
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 400):
            chunk = rows[start:start + 400]
            cursor.execute("INSERT INTO catalog_searchword (word, df) VALUES " + ", ".join(["(%s, %s)"] * len(chunk))
                           + " ON CONFLICT (word) DO UPDATE SET df = catalog_searchword.df + excluded.df",
                           [v for row in chunk for v in row])


def document_entry(doc: Document) -> SearchEntry:
    year = doc.published_on.year if doc.published_on else None
    return SearchEntry(kind=SearchKind.DOCUMENT, document_id=doc.pk, agency_id=doc.agency_id, title=doc.title,
                       published_on=doc.published_on, topic=doc.topic, genre=doc.genre,
                       title_tokens=index_tokens(doc.title),
                       tokens=index_tokens(doc.doc_number, doc.summary, doc.body_text),
                       number_tokens=number_tokens(doc.index_no or "", doc.doc_number),
                       facets=facet_tokens(SearchKind.DOCUMENT, doc.agency_id, year, doc.topic, doc.genre))


def page_entry(kind: str, key: str, agency, title: str, url: str, text: str, published_on=None) -> SearchEntry:
    year = published_on.year if published_on else None
    return SearchEntry(kind=kind, page_key=key, agency_id=agency.pk, title=title[:300], url=url,
                       published_on=published_on, excerpt=text[:2000], title_tokens=index_tokens(title),
                       tokens=index_tokens(text), facets=facet_tokens(kind, agency.pk, year, "", ""))


def _words(entries) -> Counter:
    counts = Counter()
    for e in entries:
        counts.update(vocabulary_words(e.title_tokens, e.tokens))
    return counts


def _put_page(key: str, entry: SearchEntry | None) -> None:
    with transaction.atomic():
        SearchEntry.objects.for_page(key).delete()
        if entry is not None:
            entry.save()
            add_words(_words([entry]))


def index_document(doc: Document) -> None:
    """Keep the index in step with the document: present while public, absent otherwise."""
    bump_catalog_version(doc.agency_id)
    with transaction.atomic():
        SearchEntry.objects.filter(document=doc).delete()
        if doc.is_public:
            entry = document_entry(doc)
            entry.save()
            add_words(_words([entry]))
    if doc.topic == POLICY_TOPIC:
        index_agency_pages(doc.agency)


def unindex_document(doc: Document) -> None:
    bump_catalog_version(doc.agency_id)
    SearchEntry.objects.filter(document=doc).delete()
    if doc.topic == POLICY_TOPIC:
        index_agency_pages(doc.agency)


def reindex(agency=None, batch_size: int = BATCH, progress=None, until_id: int | None = None) -> int:
    """Rebuild the document entries in batches: ids walked by keyset (memory does not grow with the catalog).

    Entries are written in ascending id order (their own ids, the FTS rowids): FTS5 flushes its pending terms to
    a new segment whenever a rowid is lower than the previous one, and one segment per row made each insert
    merge ever larger doclists (docs/decisions.md 37). `progress(done)` is called after each batch."""
    docs = Document.objects.published()
    if agency is not None:
        docs = docs.filter(agency=agency)
    if until_id is not None:
        docs = docs.filter(id__lte=until_id)
    fields = ("id", "agency_id", "title", "index_no", "doc_number", "summary", "body_text", "published_on", "topic",
              "genre", "status", "disclosure")
    done, last = 0, 0
    while True:
        rows = list(docs.filter(id__gt=last).order_by("id").only(*fields)[:batch_size])
        if not rows:
            break
        last = rows[-1].pk
        entries = [document_entry(d) for d in rows]
        with transaction.atomic():
            SearchEntry.objects.filter(document_id__gte=rows[0].pk, document_id__lte=last).delete()
            SearchEntry.objects.bulk_create(entries, batch_size=250)
            add_words(_words(entries))
        done += len(entries)
        if progress is not None:
            progress(done)
    for agency_id in set(docs.values_list("agency_id", flat=True).distinct()):
        bump_catalog_version(agency_id)
    return done


def index_report(agency, year: int) -> None:
    """The report shown at /<agency>/reports/<year>/ (the published version), or none."""
    from gongkai.reports.models import Report

    report = Report.objects.published().filter(agency=agency, year=year).order_by("-version").first()
    key = f"report:{agency.pk}:{year}"
    entry = None
    if report is not None:
        title = report.title or f"{agency.name}{year}年政府信息公开工作年度报告"
        paragraphs = list(report.preamble or []) + [p for ps in (report.narrative or {}).values() for p in ps]
        text = "\n".join(str(p) for p in paragraphs)
        entry = page_entry(SearchKind.REPORT, key, agency, title,
                           reverse("portal:report", args=[agency.code, year]),
                           f"{year}年度 政府信息公开工作年度报告 {text}", report.published_on)
    _put_page(key, entry)
    bump_catalog_version(agency.pk)


def index_agency_pages(agency) -> None:
    """The agency's 政府信息公开指南 and 政府信息公开制度 pages (not for internal sections)."""
    if agency.level == "section":
        for prefix in ("guide", "policy"):
            _put_page(f"{prefix}:{agency.pk}", None)
        return
    office = " ".join(filter(None, [agency.office_name, agency.office_address, agency.office_hours,
                                    agency.office_phone]))
    _put_page(f"guide:{agency.pk}", page_entry(
        SearchKind.GUIDE, f"guide:{agency.pk}", agency, f"{agency.name}政府信息公开指南",
        reverse("portal:guide", args=[agency.code]), f"{GUIDE_TEXT} {office}"))
    rules = Document.objects.of(agency).published().filter(topic=POLICY_TOPIC).order_by("-published_on")
    titles = "；".join(rules.values_list("title", flat=True)[:100])
    _put_page(f"policy:{agency.pk}", page_entry(
        SearchKind.POLICY, f"policy:{agency.pk}", agency, f"{agency.name}政府信息公开制度",
        reverse("portal:policies", args=[agency.code]), f"{POLICY_TEXT} {titles}"))


def reindex_pages() -> int:
    from gongkai.agencies.models import Agency
    from gongkai.reports.models import Report

    n = 0
    for agency in Agency.objects.all():
        index_agency_pages(agency)
        n += 2
    for agency_id, year in Report.objects.published().values_list("agency_id", "year").distinct():
        index_report(Agency.objects.get(pk=agency_id), year)
        n += 1
    return n


def reindex_all() -> int:
    return reindex() + reindex_pages()


# signal receivers (CatalogConfig.ready)
def report_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_report(instance.agency, instance.year)


def agency_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_agency_pages(instance)
