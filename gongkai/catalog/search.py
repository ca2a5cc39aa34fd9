"""Chinese full-text search: jieba tokens in SQLite FTS5 or in a PostgreSQL `simple` tsvector (GIN).

The index holds published, proactively disclosed documents only; `index_document` / `unindex_document` are called
by the services that publish or change a document. Queries are segmented the same way; odd input never raises.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from html import escape

from django.core.cache import cache
from django.db import connection, transaction
from django.utils.safestring import mark_safe

from .models import Document, SearchEntry

MAX_QUERY = 100          # characters kept from the box
MAX_TERMS = 12
PAGE_SIZE = 10
COUNT_CAP = 2000         # beyond this the page says “超过2000条”; nobody pages further than 200 pages
MAX_PAGES = COUNT_CAP // PAGE_SIZE
WORD = re.compile(r"\w", re.UNICODE)
INDEX_NO = re.compile(r"^[0-9A-Za-z-]{8,18}/\d{4,6}-\d{3,6}$")

_jieba = None
logging.getLogger("jieba").setLevel(logging.WARNING)


def _seg():
    global _jieba
    if _jieba is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _jieba = jieba
    return _jieba


def index_tokens(*texts: str) -> str:
    """Search-mode segmentation (long words and their parts), lower-cased, space-separated."""
    jieba = _seg()
    out = []
    for text in texts:
        if text:
            out.extend(t.lower() for t in jieba.cut_for_search(text) if WORD.search(t))
    return " ".join(out)


def query_terms(q: str) -> list[str]:
    jieba = _seg()
    seen, terms = set(), []
    for t in jieba.cut(q[:MAX_QUERY]):
        t = t.strip().lower()
        if t and WORD.search(t) and t not in seen:
            seen.add(t)
            terms.append(t)
    return terms[:MAX_TERMS]


def document_tokens(doc: Document) -> str:
    return index_tokens(doc.title, doc.title, doc.doc_number, doc.summary, doc.body_text)


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


def index_document(doc: Document) -> None:
    """Keep the index in step with the document: present while public, absent otherwise."""
    bump_catalog_version(doc.agency_id)
    if doc.is_public:
        SearchEntry.objects.update_or_create(document=doc, defaults={"agency_id": doc.agency_id,
                                                                     "tokens": document_tokens(doc)})
    else:
        SearchEntry.objects.filter(document=doc).delete()


def unindex_document(doc: Document) -> None:
    bump_catalog_version(doc.agency_id)
    SearchEntry.objects.filter(document=doc).delete()


def reindex(agency=None, batch_size: int = 1000) -> int:
    """Rebuild the index for published documents in batches (streaming: memory does not grow with the catalog)."""
    docs = Document.objects.published()
    if agency is not None:
        docs = docs.filter(agency=agency)
    ids = list(docs.order_by("id").values_list("id", flat=True))
    done = 0
    for start in range(0, len(ids), batch_size):
        chunk = ids[start:start + batch_size]
        rows = Document.objects.filter(id__in=chunk).only("id", "agency_id", "title", "doc_number", "summary",
                                                            "body_text")
        entries = [SearchEntry(document_id=d.id, agency_id=d.agency_id, tokens=document_tokens(d)) for d in rows]
        with transaction.atomic():
            SearchEntry.objects.filter(document_id__in=chunk).delete()
            SearchEntry.objects.bulk_create(entries, batch_size=500)
        done += len(entries)
    for agency_id in set(docs.values_list("agency_id", flat=True).distinct()):
        bump_catalog_version(agency_id)
    return done


def normalise_number(q: str) -> str:
    return q.replace("[", "〔").replace("]", "〕").replace("［", "〔").replace("］", "〕").replace(" ", "")


def find_direct(q: str, agency=None) -> Document | None:
    """A 索引号 or 文号 typed into the box: that document (published), or None."""
    q = q.strip()
    if not q or len(q) > 80:
        return None
    docs = Document.objects.published()
    if agency is not None:
        docs = docs.filter(agency=agency)
    if INDEX_NO.match(q):
        doc = docs.filter(index_no__iexact=q).first()
        if doc:
            return doc
    if any(c in q for c in "〔[［号"):
        matches = list(docs.filter(doc_number=normalise_number(q))[:2])
        if len(matches) == 1:
            return matches[0]
    return None


@dataclass
class Hit:
    doc: Document
    snippet: str
    title: str = ""


@dataclass
class Results:
    query: str
    terms: list[str]
    total: int = 0
    page: int = 1
    hits: list[Hit] = field(default_factory=list)
    message: str = ""
    capped: bool = False

    @property
    def pages(self) -> int:
        return max(1, (self.total + PAGE_SIZE - 1) // PAGE_SIZE)

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _filters(topic, genre, year) -> tuple[list[str], list]:
    """Conditions on the document row d (the index itself holds published, proactive documents only)."""
    sql, params = [], []
    if topic:
        if "." in topic:
            sql.append("d.topic = %s")
            params.append(topic)
        else:
            sql.append("(d.topic = %s OR d.topic LIKE %s)")
            params += [topic, f"{topic}.%"]
    if genre:
        sql.append("d.genre = %s")
        params.append(genre)
    if year:
        sql.append("d.published_on >= %s AND d.published_on <= %s")
        params += [date(year, 1, 1), date(year, 12, 31)]
    return sql, params


def _queries(terms: list[str], agency_id, where: list[str], params: list, order: str):
    """(count SQL, count params, page SQL, page params without LIMIT/OFFSET) for this database."""
    join = bool(where) or order == "date"
    if connection.vendor == "postgresql":
        text = " ".join(terms)
        if agency_id:  # the index rows carry the agency
            where, params = ["e.agency_id = %s"] + where, [agency_id] + params
        source = "catalog_searchentry e" + (" JOIN catalog_document d ON d.id = e.document_id" if join else "")
        cond = " AND ".join(["e.tsv @@ plainto_tsquery('simple', %s)"] + where)
        count = (f"SELECT 1 FROM {source} WHERE {cond}", [text] + params)
        if order == "date":
            return (*count, f"SELECT e.document_id FROM {source} WHERE {cond} ORDER BY d.published_on DESC, d.id DESC",
                    [text] + params)
        # ts_rank reads every matching tsvector; rank the newest COUNT_CAP matches only (the count is capped alike)
        newest = f"SELECT e.document_id, e.tsv FROM {source} WHERE {cond} ORDER BY e.document_id DESC LIMIT {COUNT_CAP}"
        return (*count, f"SELECT s.document_id FROM ({newest}) s "
                        "ORDER BY ts_rank(s.tsv, plainto_tsquery('simple', %s)) DESC, s.document_id DESC",
                [text] + params + [text])
    fts = " AND ".join('tokens : "' + t.replace('"', '""') + '"' for t in terms)
    if agency_id:  # the FTS table indexes the agency too: one MATCH, no join
        fts = f'agency_id : "{int(agency_id)}" AND {fts}'
    # CROSS JOIN keeps the FTS match as the outer loop (SQLite otherwise may scan documents and probe the index)
    source = "catalog_search_fts" + (" CROSS JOIN catalog_document d ON d.id = catalog_search_fts.rowid" if join
                                     else "")
    cond = " AND ".join(["catalog_search_fts MATCH %s"] + where)
    count = (f"SELECT 1 FROM {source} WHERE {cond}", [fts] + params)
    if order == "date":
        return (*count, f"SELECT catalog_search_fts.rowid FROM {source} WHERE {cond} "
                        "ORDER BY d.published_on DESC, d.id DESC", [fts] + params)
    # as on PostgreSQL: bm25 over the newest COUNT_CAP matches only (the count is capped alike)
    newest = (f"SELECT catalog_search_fts.rowid AS id, catalog_search_fts.rank AS score FROM {source} WHERE {cond} "
              f"ORDER BY catalog_search_fts.rowid DESC LIMIT {COUNT_CAP}")
    return (*count, f"SELECT s.id FROM ({newest}) s ORDER BY s.score, s.id DESC", [fts] + params)


def search(q: str, *, agency=None, topic: str = "", genre: str = "", year: int | None = None,
           order: str = "relevance", page: int = 1) -> Results:
    q = (q or "").strip()
    results = Results(query=q[:MAX_QUERY], terms=[])
    if not q:
        results.message = "请输入要检索的关键词、索引号或文号。"
        return results
    if len(q) > MAX_QUERY:
        results.message = f"检索词过长，只按前 {MAX_QUERY} 个字检索。"
        q = q[:MAX_QUERY]
    results.terms = terms = query_terms(q)
    if not terms:
        results.message = "检索词中没有可检索的文字，请换一个关键词。"
        return results
    order = order if order in ("relevance", "date") else "relevance"
    page = max(1, min(int(page or 1), MAX_PAGES))
    where, params = _filters(topic, genre, year)
    count_sql, count_params, page_sql, page_params = _queries(terms, agency.pk if agency else None, where, params,
                                                              order)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({count_sql} LIMIT %s) AS hits", count_params + [COUNT_CAP + 1])
        results.total = cursor.fetchone()[0]
        results.capped = results.total > COUNT_CAP
        results.total = min(results.total, COUNT_CAP)
        results.page = min(page, results.pages)
        cursor.execute(f"{page_sql} LIMIT %s OFFSET %s", page_params + [PAGE_SIZE, (results.page - 1) * PAGE_SIZE])
        ids = [row[0] for row in cursor.fetchall()]
    docs = Document.objects.select_related("agency").defer("body").in_bulk(ids)
    marks = terms + ([q.lower()] if len(q) <= 20 and q.lower() not in terms else [])
    results.hits = [Hit(docs[i], snippet(docs[i], marks), mark_safe(highlight(docs[i].title, marks)))
                    for i in ids if i in docs]
    return results


def highlight(text: str, terms: list[str]) -> str:
    """Escape text and wrap every occurrence of a term in <mark>."""
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last:m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


def snippet(doc: Document, terms: list[str], width: int = 90) -> str:
    text = (doc.summary + "\n" + doc.body_text).replace("\n", " ").strip()
    lower = text.lower()
    positions = [p for p in (lower.find(t) for t in terms) if p >= 0]
    start = max(0, min(positions) - width // 3) if positions else 0
    piece = text[start:start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + highlight(piece, terms) + suffix)


def like_scan(q: str, agency=None, limit: int = PAGE_SIZE) -> list[int]:
    """The naive baseline (benchmarks only): LIKE '%…%' over title and body."""
    docs = Document.objects.published()
    if agency is not None:
        docs = docs.filter(agency=agency)
    from django.db.models import Q

    return list(docs.filter(Q(title__contains=q) | Q(body_text__contains=q)).order_by("-published_on")
                .values_list("id", flat=True)[:limit])
