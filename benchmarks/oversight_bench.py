"""The 政务公开办's dashboard at county scale, against computing every agency's report one by one in the same run.

    .venv/bin/python benchmarks/oversight_bench.py [--agencies 60] [--cases 5000] [--years 7] [--docs 150]

Builds a government with N agencies under it, each with `--cases` cases a year over `--years` years (default
60 × 5,000 × 7 = 2.1 million cases; cases inserted with executemany, not through the ORM), `--docs` catalog
documents a year, and a published report for every agency-year but the last one (one agency misses a year).
Then measures, best of 3:
1. `oversight_rows(actor, government, today)` — the dashboard's figures; goal < 300 ms;
2. the dashboard view rendered (RequestFactory);
3. the baseline: for every agency, its last year's report computed from the records (`reports.compute.compute`,
   the providers of Tables 2–4) and its rules run (`services.findings_for`) — what a dashboard that computed the
   reports one by one would do.
Prints the times and the ratio baseline / dashboard.

Runs on a throw-away SQLite database (migrated first); with DATABASE_URL set it runs there instead (PostgreSQL)
under its own agency codes (bench-ov-*), which are deleted afterwards. Never run by the test suite.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PREFIX = "bench-ov"


def timed(fn, repeat=3):
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=60)
    parser.add_argument("--cases", type=int, default=5000, help="cases per agency and year")
    parser.add_argument("--years", type=int, default=7)
    parser.add_argument("--docs", type=int, default=150, help="documents per agency and year")
    args = parser.parse_args()

    temporary = not os.environ.get("DATABASE_URL")
    if temporary:
        tmp = tempfile.mkdtemp(prefix="gongkai-oversight-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ["GONGKAI_DATA_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import RequestFactory

    from gongkai.agencies.models import Agency, AgencyLevel, Membership, Role
    from gongkai.office import oversight_views
    from gongkai.office.oversight import oversight_rows
    from gongkai.reports.compute import compute
    from gongkai.reports.definition import format_for_year

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}; {args.agencies} agencies × {args.cases} cases × {args.years} years "
          f"= {args.agencies * args.cases * args.years:,} cases")
    today = date.today()
    years = list(range(today.year - args.years + 1, today.year + 1))
    rng = random.Random(13)

    _cleanup()
    if connection.vendor == "sqlite":  # a throw-away file: no fsync while loading
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA journal_mode=MEMORY")
    t0 = time.perf_counter()
    with transaction.atomic():
        gov = Agency.objects.create(code=f"{PREFIX}-gov", name="基准县人民政府", level=AgencyLevel.GOVERNMENT)
        agencies = Agency.objects.bulk_create([
            Agency(code=f"{PREFIX}-{i:03d}", name=f"基准县第{i}局", level=AgencyLevel.DEPARTMENT, parent=gov,
                   org_code=f"11370829{i:09d}X") for i in range(args.agencies)])
        agencies = list(Agency.objects.filter(parent=gov).order_by("code"))
        user = get_user_model().objects.create_user(f"{PREFIX}-gkb", password="x" * 20)
        Membership.objects.create(user=user, agency=gov, role=Role.OVERSIGHT)
    for agency in agencies:
        with transaction.atomic():
            _insert_cases(connection, agency, years, args.cases, today, rng)
    print(f"cases inserted in {time.perf_counter() - t0:.1f} s")
    t1 = time.perf_counter()
    with transaction.atomic():
        _documents(agencies, years, args.docs, today, rng)
        _reports(agencies, years, today, rng)
    print(f"documents and reports in {time.perf_counter() - t1:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    dash, rows = timed(lambda: oversight_rows(user, gov, today))
    request = RequestFactory().get(f"/office/agency/{gov.code}/dashboard/", {"sort": "-overdue"})
    request.user = user
    view, response = timed(lambda: oversight_views.dashboard(request, gov.code))
    assert response.status_code == 200
    from gongkai.reports.models import Report
    from gongkai.reports.services import findings_for

    last = today.year - 1

    def one_by_one():
        out = []
        for agency in agencies:
            fmt = format_for_year(last)
            cells = compute(agency, last, fmt)
            report = Report.objects.filter(agency=agency, year=last).first()
            out.append((len(cells), len(findings_for(report)) if report else None))
        return out

    base, _ = timed(one_by_one, repeat=1)
    print(f"dashboard figures (oversight_rows): {dash * 1000:.0f} ms for {len(rows)} agencies "
          f"(goal < 300 ms) {'OK' if dash < 0.3 else 'OVER GOAL'}")
    print(f"dashboard page rendered:            {view * 1000:.0f} ms")
    print(f"baseline, every agency's {last} report computed and checked one by one: {base * 1000:.0f} ms")
    print(f"ratio baseline / dashboard: {base / dash:.1f}×")
    if not temporary:
        _cleanup()
    else:
        import shutil

        connection.close()
        shutil.rmtree(os.environ["GONGKAI_DATA_DIR"], ignore_errors=True)


def _cleanup():
    from django.db import transaction

    from gongkai.agencies.models import Agency, Membership
    from gongkai.cases.models import Application
    from gongkai.catalog.models import CatalogSettings, Document
    from gongkai.reports.models import Report, ReportCell

    with transaction.atomic():
        agencies = Agency.objects.filter(code__startswith=PREFIX)
        ReportCell.objects.filter(report__agency__in=agencies).delete()
        Report.objects.filter(agency__in=agencies).delete()
        Document.objects.filter(agency__in=agencies).delete()
        CatalogSettings.objects.filter(agency__in=agencies).delete()
        Application.objects.filter(agency__in=agencies).delete()
        Membership.objects.filter(agency__in=agencies).delete()
        from django.contrib.auth import get_user_model

        get_user_model().objects.filter(username__startswith=PREFIX).delete()
        agencies.filter(level="department").delete()
        agencies.delete()


def _insert_cases(connection, agency, years, per_year, today, rng):
    """Insert the agency's cases with executemany: every column of the table, personal data as one ciphertext."""
    from gongkai.cases.intake import CODE_ALPHABET
    from gongkai.cases.models import Application
    from gongkai.privacy import keys

    fields = [f for f in Application._meta.concrete_fields if not f.primary_key]
    token = Application._meta.get_field("id_number").get_prep_value("370829199001011234")
    phone = Application._meta.get_field("phone").get_prep_value("13800000000")
    fixed = {}
    now = datetime.now().astimezone()
    for f in fields:
        fixed[f.column] = f.get_default() if f.has_default() else (None if f.null else "")
    fixed.update({"agency_id": agency.pk, "channel": "online", "applicant_name": "基准申请人", "id_type": "resident_id",
                  "id_number": token, "phone": phone, "email": "", "address": "",
                  "id_number_hash": keys.blind_index("370829199001011234"), "phone_hash": keys.blind_index("13800000000"),
                  "content": "基准申请内容", "delivery_form": "email", "due_kind": "answer", "month_count": 1,
                  "revision": 0, "created_at": now, "updated_at": now, "due_provisional": False})
    columns = [f.column for f in fields]
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f'INSERT INTO {Application._meta.db_table} ({", ".join(columns)}) VALUES ({placeholders})'
    outcomes = ["grant", "grant", "grant", "partial", "unable.not_held", "noproc.repeat", "deny.internal"]
    types = ["natural", "natural", "natural", "org.business", "org.legal"]
    batch = []
    with connection.cursor() as cursor:
        for year in years:
            last_day = min(date(year, 12, 31), today - timedelta(days=1))
            span = (last_day - date(year, 1, 1)).days
            n = per_year if year < today.year else max(1, per_year * span // 365)
            for _ in range(n):
                received = date(year, 1, 1) + timedelta(days=rng.randint(0, max(span, 0)))
                due = received + timedelta(days=28)
                closed = received + timedelta(days=rng.randint(3, 34))
                open_now = closed >= today
                row = dict(fixed)
                arrived = datetime.combine(received, dtime(9, 30)).astimezone()
                row.update({
                    "tracking_code": "".join(rng.choice(CODE_ALPHABET) for _ in range(12)),
                    "arrived_at": arrived, "confirmed_at": arrived, "received_date": received,
                    "applicant_type": rng.choice(types), "due_date": due,
                    "status": "processing" if open_now else "archived",
                    "outcome": "" if open_now else rng.choice(outcomes),
                    "decision_date": None if open_now else closed, "closed_on": None if open_now else closed})
                batch.append([_db(row[c], connection) for c in columns])
                if len(batch) >= 5000:
                    cursor.executemany(sql, batch)
                    batch = []
        if batch:
            cursor.executemany(sql, batch)


def _db(value, connection):
    if connection.vendor == "sqlite" and isinstance(value, datetime):
        return value.isoformat(" ")
    return value


def _documents(agencies, years, per_year, today, rng):
    from gongkai.catalog.models import DocStatus, Document

    docs = []
    for agency in agencies:
        for year in years:
            for n in range(per_year):
                formed = date(year, 1, 1) + timedelta(days=rng.randint(0, 330))
                if formed >= today - timedelta(days=40):
                    continue
                published = formed + timedelta(days=rng.choice([3, 7, 12, 20, 40]))
                due = formed + timedelta(days=28)
                docs.append(Document(agency=agency, title=f"{agency.name}{year}年第{n}号信息", publisher=agency.name,
                                     formed_on=formed, published_on=published, publish_due=due,
                                     published_late=published > due, topic="1.1", genre="通知",
                                     status=DocStatus.PUBLISHED))
    Document.objects.bulk_create(docs, batch_size=2000)


def _reports(agencies, years, today, rng):
    from gongkai.reports.definition import format_for_year
    from gongkai.reports.model import Kind
    from gongkai.reports.models import CellSource, Report, ReportCell, ReportStatus

    reports, specs = [], []
    for i, agency in enumerate(agencies):
        for year in years[:-1]:
            if i == 0 and year == years[-2]:
                continue  # one missing report
            fmt = format_for_year(year)
            reports.append(Report(agency=agency, year=year, format_key=fmt.key, status=ReportStatus.PUBLISHED,
                                  published_on=date(year + 1, 1, 1) + timedelta(days=rng.randint(19, 45)), errors_found=0,
                                  errors_revision=0))
            specs.append(fmt)
    Report.objects.bulk_create(reports, batch_size=500)
    cells = []
    for report, fmt in zip(reports, specs, strict=True):
        for t, r, c in fmt.addresses():
            value = str(rng.randint(0, 3)) if t == "t4" and not c.endswith(".total") else "0"
            cells.append(ReportCell(report=report, table=t, row_key=r, col_key=c, kind=Kind.NUMBER.value, value=value,
                                    source=CellSource.DEMO))
    ReportCell.objects.bulk_create(cells, batch_size=5000)


if __name__ == "__main__":
    main()
