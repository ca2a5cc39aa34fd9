"""Chinese full-text search over one index: documents, annual reports, guides and 制度 pages.

jieba tokens in SQLite FTS5 or in a weighted PostgreSQL `simple` tsvector (GIN). Facet filters are tokens in the
same index (one MATCH / @@, no join); facet counts come from the same capped candidate set as the count. Ranking:
title (or 索引号/文号) hits first, then (SQLite) the query as a phrase, then the newest (docs/decisions.md 37, 39).
Odd input never raises.
"""

from __future__ import annotations

import re
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from html import escape
from operator import itemgetter

from django.db import connection, transaction
from django.urls import reverse
from django.utils.safestring import mark_safe

from .models import Document, SearchEntry, SearchKind
from .search_index import (  # noqa: F401
    bump_catalog_version,
    catalog_version,
    document_entry,
    index_document,
    reindex,
    reindex_all,
    unindex_document,
)
from .search_text import (  # noqa: F401
    MAX_QUERY,
    NUMBER_LIKE,
    facet_tokens,
    genre_token,
    index_tokens,
    number_parts,
    query_terms,
    topic_token,
)
from .taxonomy import topic_label

PAGE_SIZE = 10
COUNT_CAP = 2000         # beyond this the page says “超过2000条”; nobody pages further than 200 pages
MAX_PAGES = COUNT_CAP // PAGE_SIZE
INDEX_NO = re.compile(r"^[0-9A-Za-z-]{8,18}/\d{4,6}-\d{3,6}$")
ALNUM = re.compile(r"[^\W_]")
FACET_SIZE = 12
RANK_WINDOW = 500        # ranked: the newest matches of each tier only (deep pages widen the window)
ORDERS = ("relevance", "date")


def normalise_number(q: str) -> str:
    return q.replace("[", "〔").replace("]", "〕").replace("［", "〔").replace("］", "〕").replace(" ", "")


def find_direct(q: str, agency=None) -> Document | None:
    """A whole 索引号 or 文号 typed into the box: that document (published), or None."""
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
class Filters:
    kind: str = ""
    agency_id: int | None = None
    year: int | None = None
    topic: str = ""
    genre: str = ""

    def tokens(self) -> list[str]:
        out = [f"k{self.kind}"] if self.kind else []
        out += [f"a{self.agency_id}"] if self.agency_id else []
        out += [f"y{self.year}"] if self.year else []
        out += [topic_token(self.topic)] if self.topic else []
        out += [genre_token(self.genre)] if self.genre else []
        return out


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    snippet: str
    published_on: object = None
    agency: object = None
    doc: Document | None = None

    @property
    def kind_label(self) -> str:
        return SearchKind(self.kind).label


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class Results:
    query: str
    terms: list[str]
    total: int = 0
    page: int = 1
    hits: list[Hit] = field(default_factory=list)
    message: str = ""
    capped: bool = False
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str = ""

    @property
    def pages(self) -> int:
        return max(1, (self.total + PAGE_SIZE - 1) // PAGE_SIZE)

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


# ---- query text for each database -------------------------------------------------------------------------------

def _fts_phrase(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _fts_queries(terms: list[str], number: list[str], flt: Filters) -> tuple[str, str, str]:
    """(any-column match, title-or-number match, the terms as one phrase) as FTS5 query strings."""
    words = " AND ".join(_fts_phrase(t) for t in terms)
    num = f"(number_tokens : {_fts_phrase(' '.join(number))} *)" if number else ""
    facets = " AND ".join(_fts_phrase(t) for t in flt.tokens())
    tail = f" AND (facets : ({facets}))" if facets else ""
    anywhere = " OR ".join(filter(None, [f"({{title_tokens tokens number_tokens}} : ({words}))" if words else "", num]))
    in_title = " OR ".join(filter(None, [f"(title_tokens : ({words}))" if words else "", num]))
    phrase = " OR ".join(filter(None, [f"({{tokens}} : {_fts_phrase(' '.join(terms))})" if terms else "", num]))
    return f"({anywhere}){tail}", f"({in_title}){tail}", f"({phrase}){tail}"


def _pg_lexeme(token: str, weights: str = "", prefix: bool = False) -> str:
    tail = ("*" if prefix else "") + weights
    return "'" + token.replace("'", "").replace("\\", "") + "'" + (f":{tail}" if tail else "")


def _pg_queries(terms: list[str], number: list[str], flt: Filters) -> tuple[str, str, str]:
    """(query, "", "") as to_tsquery('simple', …) input. Words and facets carry no weight: a weighted query makes
    GIN recheck every candidate, which reads (detoasts) its whole tsvector; only the 索引号/文号 phrase keeps B."""
    words = " & ".join(_pg_lexeme(t) for t in terms)
    num = " <-> ".join(_pg_lexeme(p, "B", prefix=i == len(number) - 1) for i, p in enumerate(number))
    facets = " & ".join(_pg_lexeme(t) for t in flt.tokens())
    tail = f" & ({facets})" if facets else ""
    anywhere = " | ".join(f"({x})" for x in (words, num) if x)
    return f"({anywhere}){tail}", "", ""


def _pg_page(cursor, query: str, terms: list[str], window: int, offset: int) -> list[int]:
    """The newest `window` matches, found in growing id ranges from the top (a bitmap scan of GIN and the
    primary key, so only matching rows are read), ranked in Python: title hits first, then the newest."""
    cursor.execute("SET LOCAL enable_indexscan = on")
    cursor.execute("SELECT MAX(id) FROM catalog_searchentry")
    top = cursor.fetchone()[0] or 0
    cursor.execute("SET LOCAL enable_indexscan = off")
    span = 20_000
    while True:
        cursor.execute("SELECT e.id, e.title, e.published_on FROM catalog_searchentry e "
                       "WHERE e.tsv @@ to_tsquery('simple', %s) AND e.id > %s ORDER BY e.id + 0 DESC LIMIT %s",
                       [query, top - span, window])
        rows = cursor.fetchall()
        if len(rows) >= window or span >= top:
            break
        span *= 8
    lowered = [t.lower() for t in terms]
    rows.sort(key=lambda r: (all(t in r[1].lower() for t in lowered), r[2] or date.min, r[0]), reverse=True)
    return [r[0] for r in rows[offset:offset + PAGE_SIZE]]


def _candidates_sql(order: str, window: int) -> tuple[str, str]:
    """(count-and-facets SQL, page SQL); parameters: [any] and [title, phrase, any] (SQLite relevance order)."""
    # the year as text/number: no date object made per candidate row
    year = "EXTRACT(YEAR FROM e.published_on)::int" if connection.vendor == "postgresql" else "substr(e.published_on, 1, 4)"
    facet_cols = f"e.kind, e.agency_id, {year}, e.topic, e.genre"
    covering = "catalog_searchentry e INDEXED BY catalog_search_facets"
    if connection.vendor == "postgresql":
        tsq = "to_tsquery('simple', %s)"
        count = f"SELECT {facet_cols} FROM catalog_searchentry e WHERE e.tsv @@ {tsq} LIMIT {COUNT_CAP + 1}"
        if order == "date":
            return count, (f"SELECT e.id FROM catalog_searchentry e WHERE e.tsv @@ {tsq} "
                           "ORDER BY e.published_on DESC NULLS LAST, e.id DESC")
        # ts_rank reads the tsvector: rank the newest COUNT_CAP matches and the newest title hits only
        page = (f"WITH c AS ((SELECT e.id, 1 AS th FROM catalog_searchentry e WHERE e.tsv @@ {tsq} "
                f"ORDER BY e.id DESC LIMIT {window}) UNION ALL (SELECT e.id, 0 AS th FROM catalog_searchentry e "
                f"WHERE e.tsv @@ {tsq} ORDER BY e.id DESC LIMIT {window})) "
                "SELECT e.id FROM (SELECT id, MAX(th) AS th FROM c GROUP BY id) c "
                "JOIN catalog_searchentry e ON e.id = c.id "
                f"ORDER BY c.th DESC, ts_rank(e.tsv, {tsq}) DESC, e.published_on DESC NULLS LAST, e.id DESC")
        return count, page
    fts = "catalog_search_fts"
    count = (f"SELECT {facet_cols} FROM {covering} WHERE e.id IN "
             f"(SELECT rowid FROM {fts} WHERE {fts} MATCH %s LIMIT {COUNT_CAP + 1})")
    if order == "date":
        return count, (f"SELECT e.id FROM {fts} CROSS JOIN catalog_searchentry e ON e.id = {fts}.rowid "
                       f"WHERE {fts} MATCH %s ORDER BY e.published_on DESC, e.id DESC")
    # No bm25 here: its IDF counts every row of each term's doclist (70 ms a term at 1,000,000 entries). Tiers
    # instead: 2 title or 索引号/文号 hit, 1 the query as one phrase in the text, 0 the other matches; then the date.
    tiers = " UNION ALL ".join(
        f"SELECT * FROM (SELECT rowid AS id, {tier} AS th FROM {fts} WHERE {fts} MATCH %s "
        f"ORDER BY rowid DESC LIMIT {window})" for tier in (2, 1, 0))
    page = (f"SELECT c.id FROM (SELECT id, MAX(th) AS th FROM ({tiers}) GROUP BY id) c "
            f"CROSS JOIN {covering} ON e.id = c.id ORDER BY c.th DESC, e.published_on DESC, e.id DESC")
    return count, page


def _facets(rows) -> dict[str, list[FacetValue]]:
    """Counts per facet value over the candidate rows (kind, agency id, year, topic, genre)."""
    kinds, agencies, years, full_topics, genres = (Counter(map(itemgetter(i), rows)) for i in range(5))
    years.pop(None, None)
    genres.pop("", None)
    topics = Counter()
    for topic, n in full_topics.items():
        if topic:
            topics[topic.split(".")[0]] += n
    years = Counter({str(y): n for y, n in years.items()})
    from gongkai.agencies.models import Agency

    known = {pk: (code, name) for pk, code, name in
             Agency.objects.filter(pk__in=list(agencies)).values_list("pk", "code", "name")}
    return {
        "kind": [FacetValue(k, SearchKind(k).label, n) for k, n in kinds.most_common()],
        "year": [FacetValue(y, f"{y}年", n) for y, n in sorted(years.items(), reverse=True)[:FACET_SIZE]],
        "topic": [FacetValue(t, topic_label(t) or t, n) for t, n in topics.most_common(FACET_SIZE)],
        "genre": [FacetValue(g, g, n) for g, n in genres.most_common(FACET_SIZE)],
        "agency": [FacetValue(*known[a], n) for a, n in agencies.most_common(FACET_SIZE) if a in known],
    }


def _hits(ids: list[int], marks: list[str]) -> list[Hit]:
    entries = SearchEntry.objects.select_related("agency").only(
        "kind", "document_id", "title", "url", "published_on", "excerpt", "agency__code", "agency__name").in_bulk(ids)
    doc_ids = [e.document_id for e in entries.values() if e.document_id]
    docs = Document.objects.only("id", "agency_id", "index_no", "doc_number", "summary", "body_text",
                                 "published_on").in_bulk(doc_ids)
    hits = []
    for i in ids:
        e = entries.get(i)
        if e is None:
            continue
        doc = docs.get(e.document_id) if e.document_id else None
        if e.document_id and doc is None:
            continue
        url = reverse("portal:document", args=[e.agency.code, doc.pk]) if doc else e.url
        text = (doc.summary + "\n" + doc.body_text) if doc else e.excerpt
        if doc:
            doc.agency = e.agency
        hits.append(Hit(e.kind, mark_safe(highlight(e.title, marks)), url, snippet(text, marks), e.published_on,
                        e.agency, doc))
    return hits


def search(q: str, *, agency=None, topic: str = "", genre: str = "", year: int | None = None, kind: str = "",
           order: str = "relevance", page: int = 1, suggest: bool = True) -> Results:
    q = (q or "").replace("\x00", " ").strip()
    results = Results(query=q[:MAX_QUERY], terms=[])
    if not q:
        results.message = "请输入要检索的关键词、索引号或文号。"
        return results
    if len(q) > MAX_QUERY:
        results.message = f"检索词过长，只按前 {MAX_QUERY} 个字检索。"
        q = q[:MAX_QUERY]
    terms = [t for t in query_terms(q) if ALNUM.search(t)]
    number = number_parts(q) if NUMBER_LIKE.match(q) else []
    results.terms = terms or number
    if not results.terms:
        results.message = "检索词中没有可检索的文字，请换一个关键词。"
        return results
    order = order if order in ORDERS else "relevance"
    page = max(1, min(int(page or 1), MAX_PAGES))
    flt = Filters(kind if kind in SearchKind.values else "", agency.pk if agency else None, year, topic, genre)
    anywhere, in_title, phrase = (_pg_queries if connection.vendor == "postgresql" else _fts_queries)(terms, number,
                                                                                                     flt)
    # deep pages widen the ranked window, so every page up to the count has its results
    count_sql, page_sql = _candidates_sql(order, max(RANK_WINDOW, page * PAGE_SIZE))
    if order == "date":
        page_params = [anywhere]
    else:
        page_params = [in_title, anywhere, anywhere] if connection.vendor == "postgresql" else [in_title, phrase,
                                                                                                  anywhere]
    pg = connection.vendor == "postgresql"
    # PostgreSQL: a transaction scopes SET LOCAL; SQLite: none (BEGIN IMMEDIATE would take the write lock)
    with transaction.atomic() if pg else nullcontext(), connection.cursor() as cursor:
        if pg:  # bitmap scans of the GIN index: a filter scan would detoast the tsvector of every row it passes
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("SET LOCAL work_mem = '32MB'")  # an exact (not lossy) bitmap: no recheck
        cursor.execute(count_sql, [anywhere])
        rows = cursor.fetchall()
        results.capped = len(rows) > COUNT_CAP
        results.total = min(len(rows), COUNT_CAP)
        results.facets = _facets(rows)
        results.page = min(page, results.pages)
        ids = []
        offset = (results.page - 1) * PAGE_SIZE
        if rows and pg and order != "date":
            ids = _pg_page(cursor, anywhere, terms, max(RANK_WINDOW, offset + PAGE_SIZE), offset)
        elif rows:
            cursor.execute(f"{page_sql} LIMIT %s OFFSET %s", page_params + [PAGE_SIZE, offset])
            ids = [row[0] for row in cursor.fetchall()]
        if pg:
            cursor.execute("SET LOCAL enable_seqscan = on")
            cursor.execute("SET LOCAL enable_indexscan = on")
    marks = terms + ([q.lower()] if len(q) <= 20 and q.lower() not in terms else [])
    results.hits = _hits(ids, marks)
    if suggest and not results.total and terms:
        from .suggest import suggestion

        results.suggestion = suggestion(q, lambda text: search(text, suggest=False, agency=agency).total > 0)
    return results


def highlight(text: str, terms: list[str]) -> str:
    """Escape text and wrap every occurrence of a term in <mark>."""
    terms = [t for t in terms if t]
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


def snippet(text: str, terms: list[str], width: int = 90) -> str:
    text = text.replace("\n", " ").strip()
    lower = text.lower()
    positions = [p for p in (lower.find(t) for t in terms if t) if p >= 0]
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
