"""Public portal pages for 政府信息公开: agency home, guide, 制度, 法定主动公开内容, catalog, document, search."""

from __future__ import annotations

import hashlib
import os
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongkai.agencies.models import Agency
from gongkai.cases.fees import PAGE_BANDS, item_bands
from gongkai.catalog import attachments as files
from gongkai.catalog import search as engine
from gongkai.catalog.models import Attachment, Document, SearchKind
from gongkai.catalog.provider import channel_name
from gongkai.catalog.search_index import POLICY_TOPIC  # the agency's own disclosure rules (制度)
from gongkai.catalog.taxonomy import art20_label, taxonomy, topic_label
from gongkai.reports.models import Report

PER_PAGE = 20
# Public catalog pages are the same for everyone: cache the HTML (per process cache by default) until the catalog
# changes (version bumped by the publishing services) or this many seconds pass; 0 turns it off.
PAGE_TTL = int(os.environ.get("GONGKAI_PORTAL_CACHE_SECONDS", "60") or 0)


def public_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if PAGE_TTL <= 0 or request.COOKIES.get(settings.SESSION_COOKIE_NAME) or request.COOKIES.get("messages"):
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"portal:page:{engine.catalog_version('all')}:{path}"
        content = cache.get(key)
        if content is not None:
            return HttpResponse(content, content_type="text/html; charset=utf-8")
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and response["Content-Type"].startswith("text/html"):
            cache.set(key, response.content, PAGE_TTL)
        return response

    return wrapper
COUNTS_TTL = 60  # seconds: sidebar and result counts may lag a publication by up to a minute


def _cached(key: str, compute):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, COUNTS_TTL)
    return value


class CountedPaginator(Paginator):
    """A paginator whose total comes from the cache instead of a COUNT(*) per request."""

    def __init__(self, object_list, per_page, total: int):
        super().__init__(object_list, per_page)
        self._total = total

    @property
    def count(self):
        return self._total


def _agency(code) -> Agency:
    agency = Agency.objects.filter(code=code).exclude(level="section").first()
    if agency is None:
        raise Http404("没有这个机关。")
    return agency


def _int(value, low, high):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


@require_GET
@public_page
def agency_home(request, code):
    agency = _agency(code)
    docs = Document.objects.of(agency).published()
    return render(request, "portal/agency_home.html", {
        "agency": agency, "latest": docs.order_by("-published_on", "-id")[:10],
        "reports": Report.objects.published().filter(agency=agency).order_by("-year")[:3]})


@require_GET
@public_page
def guide(request, code):
    agency = _agency(code)
    used = (Document.objects.of(agency).published().values_list("channels__channel", flat=True).distinct())
    channels = [channel_name(agency, key) for key in taxonomy().channels if key in set(used)] or [
        channel_name(agency, "website")]
    page_bands = [(first, last, price) for first, last, price, _clause in PAGE_BANDS]
    return render(request, "portal/guide.html", {"agency": agency, "channels": channels, "page_bands": page_bands,
                                                 "item_bands": item_bands(),
                                                 "topics": [head for head, _kids in taxonomy().tree]})


@require_GET
@public_page
def policies(request, code):
    agency = _agency(code)
    docs = Document.objects.of(agency).published().filter(topic=POLICY_TOPIC).order_by("-published_on")[:100]
    return render(request, "portal/policies.html", {"agency": agency, "docs": docs})


@require_GET
@public_page
def statutory(request, code):
    agency = _agency(code)
    counts = dict(Document.objects.of(agency).published().exclude(art20_item=None).values_list("art20_item")
                  .annotate(n=Count("id")).values_list("art20_item", "n"))
    items = [(i, art20_label(i), counts.get(i, 0)) for i in range(1, len(taxonomy().art20) + 1)]
    return render(request, "portal/statutory.html", {"agency": agency, "items": items})


def _filters(request):
    tax = taxonomy()
    topic = request.GET.get("topic", "")
    topic = topic if topic in tax.topics else ""
    genre = request.GET.get("genre", "")
    genre = genre if genre in tax.genres else ""
    year = _int(request.GET.get("year"), 1990, 2100)
    art20 = _int(request.GET.get("art20"), 1, len(tax.art20))
    return topic, genre, year, art20


@require_GET
@public_page
def catalog(request, code):
    agency = _agency(code)
    topic, genre, year, art20 = _filters(request)
    base = Document.objects.of(agency).published()
    docs = base
    if topic:
        docs = docs.filter(topic=topic) if "." in topic else docs.filter(topic__startswith=f"{topic}.")
    if genre:
        docs = docs.filter(genre=genre)
    if year:
        docs = docs.filter(published_on__year=year)
    if art20:
        docs = docs.filter(art20_item=art20)
    key = f"portal:catalog:{agency.pk}:{engine.catalog_version(agency.pk)}"
    total = _cached(f"{key}:n:{topic}:{genre}:{year}:{art20}", docs.count)
    listed = docs.order_by("-published_on", "-id").only(
        "id", "title", "index_no", "doc_number", "published_on", "topic", "genre", "validity", "agency_id")
    page = CountedPaginator(listed, PER_PAGE, total).get_page(request.GET.get("page"))
    base_url = reverse("portal:catalog", args=[agency.code])
    for d in page.object_list:
        d.agency, d.url = agency, f"{base_url}{d.pk}/"
    by_topic = _cached(f"{key}:topics", lambda: dict(
        base.values_list("topic").annotate(n=Count("id")).values_list("topic", "n")))
    heads = []
    for head, kids in taxonomy().tree:
        total_head = sum(n for t, n in by_topic.items() if t == head.code or t.startswith(f"{head.code}."))
        if total_head:
            open_kids = [(k, by_topic.get(k.code, 0)) for k in kids if by_topic.get(k.code)] \
                if topic.split(".")[0] == head.code else []
            heads.append((head, total_head, open_kids))
    years = _cached(f"{key}:years", lambda: sorted({d.year for d in base.dates("published_on", "year")},
                                                    reverse=True))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "portal/catalog.html", {
        "agency": agency, "page": page, "heads": heads, "years": years, "genres": taxonomy().genres,
        "topic": topic, "topic_label": topic_label(topic), "genre": genre, "year": year, "art20": art20,
        "art20_label": art20_label(art20) if art20 else "", "query": query.urlencode()})


def _public_document(code, pk) -> Document:
    agency = _agency(code)
    doc = Document.objects.of(agency).published().filter(pk=pk).first()
    if doc is None:
        raise Http404("该政府信息不存在或未公开。")
    return doc


@require_GET
@public_page
def document(request, code, pk):
    doc = _public_document(code, pk)
    return render(request, "portal/document.html", {
        "agency": doc.agency, "doc": doc, "attachments": doc.attachments.all(),
        "channels": [channel_name(doc.agency, c.channel) for c in doc.channels.all()]})


@require_GET
def attachment(request, code, pk, att):
    doc = _public_document(code, pk)
    found = get_object_or_404(Attachment, pk=att, document=doc)
    return files.file_response(found)


def _search_params(request):
    """The search page's parameters, checked: (values, Chinese notes about the ones that were ignored)."""
    tax, notes = taxonomy(), []
    get = request.GET

    def bad(label, value):
        notes.append(f"{label}“{str(value)[:20]}”无效，已忽略。")

    code = get.get("agency", "")
    agency = Agency.objects.reporting().filter(code=code).first() if code and len(code) <= 64 else None
    if code and agency is None:
        bad("机关", code)
    topic = get.get("topic", "")
    if topic and topic not in tax.topics:
        bad("主题", topic)
        topic = ""
    genre = get.get("genre", "")
    if genre and genre not in tax.genres:
        bad("体裁", genre)
        genre = ""
    kind = get.get("kind", "")
    if kind and kind not in SearchKind.values:
        bad("类别", kind)
        kind = ""
    year = _int(get.get("year"), 1990, 2100)
    if get.get("year") and year is None:
        bad("年份", get.get("year"))
    order = get.get("order") or "relevance"
    if order not in engine.ORDERS:
        bad("排序", order)
        order = "relevance"
    page = _int(get.get("page"), 1, 100000)
    if get.get("page") and page is None:
        bad("页码", get.get("page"))
    if page and page > engine.MAX_PAGES:
        notes.append(f"最多显示前 {engine.MAX_PAGES} 页。")
    page = min(page or 1, engine.MAX_PAGES)
    return dict(agency=agency, topic=topic, genre=genre, kind=kind, year=year, order=order, page=page), notes


FACETS = (("kind", "类别"), ("year", "发布年份"), ("topic", "主题"), ("genre", "体裁"), ("agency", "机关"))


def _facet_links(request, results, params):
    """Each facet value as a link that adds (or, when chosen, removes) it; the page number is dropped."""
    chosen = {"kind": params["kind"], "year": str(params["year"] or ""), "genre": params["genre"],
              "topic": params["topic"], "agency": params["agency"].code if params["agency"] else ""}
    groups = []
    for key, label in FACETS:
        values = results.facets.get(key, []) if results else []
        if not values and not chosen[key]:
            continue
        links = []
        for v in values:
            query = request.GET.copy()
            query.pop("page", None)
            selected = chosen[key] == v.value or (key == "topic" and chosen[key].split(".")[0] == v.value)
            if selected:
                query.pop(key, None)
            else:
                query[key] = v.value
            links.append({"label": v.label, "count": v.count, "selected": selected, "query": query.urlencode()})
        clear = request.GET.copy()
        clear.pop("page", None)
        clear.pop(key, None)
        groups.append({"key": key, "label": label, "links": links, "chosen": bool(chosen[key]),
                       "clear": clear.urlencode()})
    return groups


@require_GET
def search(request):
    q = request.GET.get("q", "")
    params, notes = _search_params(request)
    direct = engine.find_direct(q, params["agency"]) if q else None
    if direct is not None:
        return redirect("portal:document", code=direct.agency.code, pk=direct.pk)
    results = engine.search(q, **params) if q.strip() else None
    query = request.GET.copy()
    query.pop("page", None)
    suggestion_query = ""
    if results and results.suggestion:
        again = request.GET.copy()
        again.pop("page", None)
        again["q"] = results.suggestion
        suggestion_query = again.urlencode()
    return render(request, "portal/search.html", {
        "q": q[:engine.MAX_QUERY], "results": results, "notes": notes, "query": query.urlencode(),
        "facet_groups": _facet_links(request, results, params), "suggestion_query": suggestion_query,
        "agency": params["agency"], "kind": params["kind"], "topic": params["topic"],
        "genre": params["genre"], "year": params["year"], "order": params["order"], "genres": taxonomy().genres,
        "kinds": SearchKind.choices, "heads": [head for head, _kids in taxonomy().tree],
        "agencies": Agency.objects.reporting().order_by("level", "code"),
        "years": list(range(timezone.localdate().year, 2007, -1))})
