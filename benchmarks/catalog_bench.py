"""Catalog and portal performance. Figures are ratios against baselines measured in the same run.

    .venv/bin/python benchmarks/catalog_bench.py [--docs 100000] [--agencies 10] [--queries 300]
                                                 [--requests 3000] [--seconds 60] [--no-http] [--reuse]

1. Builds `--docs` published documents (realistic county-commerce titles and bodies) over `--agencies` agencies in
   a fresh database (SQLite under /tmp/gongkai-catalog-bench, or the PostgreSQL of DATABASE_URL), then builds the
   jieba search index with the streaming indexer: documents/second over the 10,000 documents before 100,000,
   500,000 and 1,000,000 (and overall), which shows whether indexing stays linear, and the indexer's peak memory
   (tracemalloc peak of Python allocations while re-indexing one agency, and the process's peak RSS).
   `--jieba-docs N` segments only the first N documents with jieba (the indexer's full path) and fills the index
   for the rest with copies of their token columns (each document keeps its own facets, 索引号 and 文号), written
   through the same insert path (FTS5 trigger / generated tsvector): entries/s at 500k and 1M then show whether
   the database side stays linear, and the query benchmark runs on a full-size index within the time a shared
   2-core machine allows.
2. Search latency (count + first page + highlighted snippets) through `search.search`, p50/p95 over `--queries`
   queries, against a LIKE '%…%' scan doing the same work (count + first page) in the same run.
3. Catalog pages per second with gunicorn (2 sync workers) on 127.0.0.1, driven by a bounded thread-pool load
   driver (`--requests` requests at most, `--seconds` at most, loopback only); baseline: a static file served by
   the same workers. Goal: ≥ 300 pages/s. Run twice: with the portal's page cache off (every page rendered, the
   sidebar and result counts still cached for 60 s) and on (GONGKAI_PORTAL_CACHE_SECONDS=60, the default).
Never run by the test suite; no figure here is a pass/fail threshold.
"""

import argparse
import http.client
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import threading
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = Path(os.environ.get("GONGKAI_BENCH_DIR", "/tmp/gongkai-catalog-bench"))

SUBJECTS = ["成品油", "电子商务", "外贸进出口", "招商引资", "商贸流通", "消费促进", "家政服务", "再生资源回收", "单用途预付卡",
            "县域商业体系", "农产品流通", "直播电商", "汽车以旧换新", "市场运行监测", "生活必需品供应", "安全生产",
            "对外投资合作", "跨境电商", "老字号", "夜间经济", "步行街改造", "冷链物流", "供应链创新", "服务贸易"]
TITLES = ["关于做好{y}年{s}工作的通知", "关于开展{s}专项行动的通知", "{y}年{m}月全县{s}情况", "关于印发《{s}管理办法》的通知",
          "《关于促进{s}高质量发展的若干措施》政策解读", "嘉祥县商务局关于{s}有关事项的公告", "{y}年第{q}季度{s}分析报告",
          "关于{y}年度{s}项目拟支持名单的公示", "嘉祥县商务局行政许可决定书（{s}）", "关于征求《{s}实施方案》意见的通知"]
SENTENCES = ["为深入贯彻落实上级关于{s}的决策部署，进一步推动全县商务工作高质量发展，现就有关事项通知如下。",
             "各乡镇（街道）要高度重视{s}工作，明确责任分工，加强协调配合，确保各项任务落到实处。",
             "{y}年，全县{s}工作稳步推进，重点企业运行平稳，市场供应充足，价格基本稳定。",
             "申报单位应于{m}月底前将申报材料报送县商务局{o}，逾期不予受理。",
             "对检查中发现的问题，要建立台账，限期整改，整改情况及时报县商务局。",
             "鼓励企业利用{s}拓展销售渠道，对符合条件的项目给予资金支持。",
             "本办法自发布之日起施行，有效期五年，由县商务局负责解释。",
             "联系人：{o}，联系电话：0537-0000000（演示）。"]
OFFICES = ["办公室", "市场运行科", "外经贸科", "商贸流通科", "电子商务科"]
QUERIES = ["成品油", "电子商务", "直播电商", "外贸", "招商引资", "家政服务", "安全生产", "冷链物流", "汽车以旧换新",
           "老字号", "跨境电商", "预付卡", "市场运行监测", "供应链", "夜间经济", "申报材料", "政策解读", "行政许可",
           "生活必需品 供应", "服务贸易 发展"]


def setup_django(reuse: bool):
    if not os.environ.get("DATABASE_URL"):
        if BENCH_DIR.exists() and not reuse:
            shutil.rmtree(BENCH_DIR)
        os.environ["GONGKAI_DATA_DIR"] = str(BENCH_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(n_docs: int, n_agencies: int):
    from gongkai.agencies.models import Agency, AgencyLevel
    from gongkai.catalog.models import DocStatus, Document, DocumentChannel, SearchEntry

    if Document.objects.count() >= n_docs:
        print(f"reusing {Document.objects.count()} documents")
        return list(Agency.objects.filter(code__startswith="bench-"))
    Document.objects.all().delete()
    rng = random.Random(7)
    agencies = []
    for i in range(n_agencies):
        a, _ = Agency.objects.get_or_create(code=f"bench-{i}", defaults=dict(
            name=f"测试{i}县商务局", level=AgencyLevel.DEPARTMENT, org_code=f"1137082900418{i:04d}X"[:18]))
        agencies.append(a)
    t0, batch, serial = time.perf_counter(), [], 0
    start = date(2019, 1, 1)
    for k in range(n_docs):
        agency = agencies[k % n_agencies]
        day = start + timedelta(days=rng.randint(0, 2850))
        s, y = rng.choice(SUBJECTS), day.year
        fill = dict(s=s, y=y, m=day.month, q=(day.month - 1) // 3 + 1, o=rng.choice(OFFICES))
        body = "\n".join(rng.choice(SENTENCES).format(**{**fill, "s": rng.choice(SUBJECTS)}) for _ in range(5))
        serial += 1
        batch.append(Document(
            agency=agency, title=rng.choice(TITLES).format(**fill), index_no=f"{agency.org_code}/{y}-{serial:06d}",
            doc_number=f"嘉商发〔{y}〕{serial}号" if k % 3 == 0 else "", publisher=agency.name, written_on=day,
            formed_on=day, published_on=day, topic=rng.choice(["7.1", "7.2", "2.3", "3.1", "8.5", "4.6", "1.1"]),
            genre=rng.choice(["通知", "公告", "政策解读", "统计数据", "意见"]), summary=body[:60],
            body="".join(f"<p>{p}</p>" for p in body.split("\n")), body_text=body, status=DocStatus.PUBLISHED,
            is_secret=False))
        if len(batch) == 5000:
            Document.objects.bulk_create(batch, batch_size=1000)
            batch = []
    Document.objects.bulk_create(batch, batch_size=1000)
    ids = list(Document.objects.values_list("id", "agency_id"))
    DocumentChannel.objects.bulk_create([DocumentChannel(document_id=i, agency_id=a, channel="website")
                                         for i, a in ids], batch_size=5000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics after the bulk load, as autovacuum would give
    print(f"inserted {n_docs} documents in {time.perf_counter() - t0:.1f} s", flush=True)
    SearchEntry.objects.all().delete()
    return agencies


def progress_printer(t0, what, marks=(100_000, 500_000, 1_000_000), window=10_000):
    stamps = {}

    def progress(done):
        now = time.perf_counter()
        stamps[done] = now
        for mark in marks:
            if done == mark:
                start = stamps.get(done - window)
                rate = window / (now - start) if start else done / (now - t0)
                print(f"  {what} at {done:,} documents: {rate:.0f} docs/s (last {window:,}); "
                      f"{done / (now - t0):.0f} docs/s since the start", flush=True)
        for old in [k for k in stamps if k < done - 2 * window]:
            stamps.pop(old)
    return progress


def clone_index(after_id: int, batch: int = 1000):
    """Entries for the documents after `after_id` with token columns copied from the jieba-indexed ones."""
    from django.db import transaction

    from gongkai.catalog.models import Document, SearchEntry, SearchKind
    from gongkai.catalog.search_text import facet_tokens, number_tokens

    pool = list(SearchEntry.objects.documents().order_by("id").values_list("title_tokens", "tokens")[:20_000])
    done = SearchEntry.objects.documents().count()
    t0 = time.perf_counter()
    progress = progress_printer(t0, "index fill (copied tokens)")
    last, k = after_id, 0
    while True:
        rows = list(Document.objects.filter(id__gt=last).order_by("id").values_list(
            "id", "agency_id", "title", "published_on", "topic", "genre", "index_no", "doc_number")[:batch])
        if not rows:
            break
        last = rows[-1][0]
        entries = []
        for i, agency_id, title, published_on, topic, genre, index_no, doc_number in rows:
            title_tokens, tokens = pool[k % len(pool)]
            k += 1
            entries.append(SearchEntry(
                kind=SearchKind.DOCUMENT, document_id=i, agency_id=agency_id, title=title, published_on=published_on,
                topic=topic, genre=genre, title_tokens=title_tokens, tokens=tokens,
                number_tokens=number_tokens(index_no or "", doc_number),
                facets=facet_tokens(SearchKind.DOCUMENT, agency_id, published_on.year, topic, genre)))
        with transaction.atomic():
            SearchEntry.objects.bulk_create(entries, batch_size=250)
        done += len(entries)
        progress(done)
    elapsed = time.perf_counter() - t0
    print(f"index fill: {k} entries in {elapsed:.1f} s = {k / max(elapsed, 1e-9):.0f} entries/s", flush=True)


def index_all(jieba_docs: int | None = None):
    from gongkai.catalog import search

    search.index_tokens("预热")  # load jieba's dictionary outside the measurement
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    from gongkai.catalog.models import Document

    until = None
    if jieba_docs:
        until = Document.objects.order_by("id").values_list("id", flat=True)[jieba_docs - 1:jieba_docs].first()
    t0 = time.perf_counter()
    n = search.reindex(progress=progress_printer(t0, "indexer (jieba)"), until_id=until)
    elapsed = time.perf_counter() - t0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if until is not None:
        print(f"indexer (jieba): {n} documents in {elapsed:.1f} s = {n / elapsed:.0f} docs/s", flush=True)
        clone_index(until)
        return
    if n > 200_000:  # re-indexing a whole agency under tracemalloc would take as long again
        print(f"indexer: {n} documents in {elapsed:.1f} s = {n / elapsed:.0f} docs/s; "
              f"process peak RSS {rss1 / 1024:.0f} MiB (grew {max(0, rss1 - rss0) / 1024:.0f} MiB while indexing)")
        return
    agency_id = Document.objects.values_list("agency_id", flat=True).first()
    from gongkai.agencies.models import Agency

    tracemalloc.start()
    m = search.reindex(agency=Agency.objects.get(pk=agency_id))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"indexer: {n} documents in {elapsed:.1f} s = {n / elapsed:.0f} docs/s; "
          f"peak Python allocations while re-indexing {m} documents: {peak / 1048576:.1f} MiB; "
          f"process peak RSS {rss1 / 1024:.0f} MiB (grew {max(0, rss1 - rss0) / 1024:.0f} MiB while indexing)")


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def search_latency(n_queries: int, agencies):
    from django.db import connection
    from django.db.models import Q

    from gongkai.catalog import search
    from gongkai.catalog.models import Document

    rng = random.Random(3)
    plan = [(rng.choice(QUERIES), rng.choice([None, rng.choice(agencies)])) for _ in range(n_queries)]
    fts, like, found = [], [], 0
    for q, agency in plan:
        t0 = time.perf_counter()
        r = search.search(q, agency=agency)
        fts.append(time.perf_counter() - t0)
        found += r.total
        t0 = time.perf_counter()
        docs = Document.objects.published()
        if agency:
            docs = docs.filter(agency=agency)
        for word in q.split():
            docs = docs.filter(Q(title__contains=word) | Q(body_text__contains=word))
        docs.count()
        list(docs.order_by("-published_on")[:10])
        like.append(time.perf_counter() - t0)
    ms = 1000
    print(f"search on {connection.vendor} ({Document.objects.count()} documents, {n_queries} queries, "
          f"{found / n_queries:.0f} hits per query on average):")
    print(f"  jieba + {'FTS5' if connection.vendor == 'sqlite' else 'tsvector/GIN'}: p50 {pct(fts, 50) * ms:.1f} ms, "
          f"p95 {pct(fts, 95) * ms:.1f} ms")
    print(f"  LIKE '%…%' scan (baseline): p50 {pct(like, 50) * ms:.1f} ms, p95 {pct(like, 95) * ms:.1f} ms")
    print(f"  ratio (LIKE p95 / search p95): {pct(like, 95) / pct(fts, 95):.1f}×")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def drive(port, paths, max_requests, max_seconds, threads=8):
    """Bounded load: at most max_requests requests, stops after max_seconds; loopback only."""
    lock, counter, latencies, errors = threading.Lock(), [0], [], [0]
    deadline = time.perf_counter() + max_seconds

    def worker(seed):
        rng = random.Random(seed)
        while time.perf_counter() < deadline:
            with lock:
                if counter[0] >= max_requests:
                    return
                counter[0] += 1
            path = rng.choice(paths)
            t0 = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                conn.close()
            except OSError:
                ok = False
            with lock:
                latencies.append(time.perf_counter() - t0)
                errors[0] += not ok

    t0 = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, range(threads)))
    elapsed = time.perf_counter() - t0
    return len(latencies) / elapsed, pct(latencies, 95) * 1000, errors[0], len(latencies)


def http_bench(agencies, max_requests, max_seconds, cache_seconds: int):
    from gongkai.catalog.models import Document

    port = free_port()
    env = dict(os.environ, GONGKAI_ALLOWED_HOSTS="127.0.0.1,localhost", GONGKAI_LOG_LEVEL="ERROR",
               GONGKAI_PORTAL_CACHE_SECONDS=str(cache_seconds))
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "gongkai.wsgi:application", "-w", "2", "-b",
                               f"127.0.0.1:{port}", "--log-level", "warning"], env=env, cwd=str(ROOT))
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        codes = [a.code for a in agencies[:3]]
        ids = list(Document.objects.filter(agency__code__in=codes).values_list("agency__code", "id")[:2000])
        rng = random.Random(5)
        pages = [f"/{c}/catalog/" for c in codes] + [f"/{c}/catalog/?page={p}" for c in codes for p in range(2, 6)]
        pages += [f"/{c}/catalog/?topic={t}" for c in codes for t in ("7", "7.2", "2.3")]
        pages += [f"/{c}/catalog/?year={y}" for c in codes for y in (2020, 2023, 2025)]
        pages += [f"/{c}/catalog/{i}/" for c, i in rng.sample(ids, min(60, len(ids)))]
        drive(port, pages, 200, 20)  # warm-up: worker start, template and count caches
        static_rate, static_p95, static_err, static_n = drive(port, ["/static/gongkai/site.css"], max_requests // 2,
                                                              max_seconds)
        rate, p95, errors, n = drive(port, pages, max_requests, max_seconds)
        mode = f"page cache {cache_seconds} s" if cache_seconds else "page cache off"
        print(f"catalog pages with gunicorn (2 workers, {mode}), {n} requests over {len(pages)} URLs: {rate:.0f} pages/s, "
              f"p95 {p95:.1f} ms, {errors} errors")
        print(f"  static file baseline ({static_n} requests): {static_rate:.0f} req/s, p95 {static_p95:.1f} ms, "
              f"{static_err} errors")
        print(f"  ratio to the static baseline: {rate / static_rate:.2f}; to the 300 pages/s goal: {rate / 300:.2f}")
    finally:
        server.terminate()
        server.wait(10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=10)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="keep an existing benchmark database")
    parser.add_argument("--jieba-docs", type=int, default=0,
                        help="segment only this many documents, copy their tokens for the rest")
    args = parser.parse_args()
    setup_django(args.reuse)
    agencies = build(args.docs, args.agencies)
    from gongkai.catalog.models import SearchEntry

    if SearchEntry.objects.documents().count() < args.docs:
        SearchEntry.objects.documents().delete()
        index_all(args.jieba_docs or None)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics for the new index, as autovacuum would give
    search_latency(args.queries, agencies)
    if not args.no_http:
        http_bench(agencies, args.requests, args.seconds, cache_seconds=0)
        http_bench(agencies, args.requests, args.seconds, cache_seconds=60)


if __name__ == "__main__":
    main()
