"""How fast is the 部门汇总 (roll-up) of a county's departments? Figures are relative to a baseline in the same run.

    .venv/bin/python benchmarks/rollup_bench.py [--agencies 60] [--cases 5000] [--years 7] [--runs 5]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/rollup_bench .venv/bin/python benchmarks/rollup_bench.py

One government with `--agencies` departments (and one internal section, which the roll-up leaves out), each with
`--cases` applications a year over `--years` years ending last year, inserted in bulk (one encrypted applicant
copied, since encryption is not what is measured). SQLite in a temporary data directory by default; with
DATABASE_URL pointing at PostgreSQL the named database is created and dropped afterwards (`--keep` keeps it).

Baseline: computing every department's report for the last year from the records one by one (every registered
provider, as `refresh_computed` does). Those figures are then stored as submitted reports, and the roll-up
(`reports.rollup.compute_rollup`: the reports, their cells, and one GROUP BY table, row, column for the sums) is
timed against it. Goal: roll-up < 1 s. Never run by the test suite.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(fn, runs):
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def postgres_database(url: str, drop: bool = False):
    """Create (or drop) the database DATABASE_URL names, connecting to the server's `postgres` database."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    name = cfg["NAME"]
    conninfo = dict(host=cfg["HOST"] or "127.0.0.1", port=cfg["PORT"] or 5432, user=cfg["USER"] or "postgres",
                    password=cfg["PASSWORD"] or None, dbname="postgres", autocommit=True)
    with psycopg.connect(**conninfo) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not drop:
            conn.execute(f'CREATE DATABASE "{name}"')


def insert_cases(agencies, years, per_year, batch=20000):
    """Copy one stored application's row with the fields that count changed: agency, dates, outcome, applicant."""
    from django.db import connection

    from gongkai.cases.clock import TZ
    from gongkai.cases.models import ApplicantType, Application
    from gongkai.cases.outcomes import OUTCOME_CODES

    model = Application.objects.create(
        agency=agencies[0], tracking_code="TEMPLATE0000", channel="in_person",
        arrived_at=datetime(2020, 1, 2, 9, tzinfo=TZ), received_date=date(2020, 1, 2), applicant_type="natural",
        applicant_name="申请人", id_number="370101199001011235", phone="13800000000", content="申请公开某文件",
        status="archived")
    table = Application._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"SELECT * FROM {table} WHERE id = %s", [model.pk])
        columns = [c[0] for c in cur.description]
        template = list(cur.fetchone())
    Application.objects.filter(pk=model.pk).delete()
    at = {c: i for i, c in enumerate(columns)}
    columns_no_id = [c for c in columns if c != "id"]
    sql = (f"INSERT INTO {table} ({', '.join(columns_no_id)}) VALUES "
           f"({', '.join(['%s'] * len(columns_no_id))})")
    types, outcomes = list(ApplicantType.values), list(OUTCOME_CODES)

    def write(batch_rows):
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":   # COPY: about ten times faster than INSERT on PostgreSQL
                with cur.cursor.copy(f"COPY {table} ({', '.join(columns_no_id)}) FROM STDIN") as copy:
                    for r in batch_rows:
                        copy.write_row(r)
            else:
                cur.executemany(sql, batch_rows)

    rows, n = [], 0
    started = time.perf_counter()
    for agency in agencies:
        for year in years:
            for i in range(per_year):
                received = date(year, 1, 1) + timedelta(days=(i * 7919) % 365)
                closed = received + timedelta(days=5 + i % 40)
                still_open = i % 50 == 0
                row = list(template)
                row[at["agency_id"]] = agency.pk
                row[at["tracking_code"]] = f"B{n:011d}"
                row[at["arrived_at"]] = datetime(received.year, received.month, received.day, 9, tzinfo=TZ)
                row[at["received_date"]] = received
                row[at["applicant_type"]] = types[i % len(types)]
                row[at["outcome"]] = "" if still_open else outcomes[(i // 3) % len(outcomes)]
                row[at["closed_on"]] = None if still_open else closed
                row[at["decision_date"]] = None if still_open else closed
                row[at["status"]] = "processing" if still_open else "archived"
                rows.append([v for c, v in zip(columns, row, strict=True) if c != "id"])
                n += 1
                if len(rows) >= batch:
                    write(rows)
                    rows = []
    if rows:
        write(rows)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return n, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agencies", type=int, default=60)
    parser.add_argument("--cases", type=int, default=5000, help="cases per agency and year")
    parser.add_argument("--years", type=int, default=7)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = parser.parse_args()
    os.environ["GONGKAI_DATA_DIR"] = tempfile.mkdtemp(prefix="rollup-bench-")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        postgres_database(url)
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from gongkai.agencies.models import Agency, AgencyLevel
    from gongkai.reports.compute import compute
    from gongkai.reports.definition import format_for_year
    from gongkai.reports.model import Cell
    from gongkai.reports.models import CellSource, Report, ReportCell, ReportStatus
    from gongkai.reports.rollup import compute_rollup
    from gongkai.reports.services import _stored

    today = date(2026, 11, 25)
    last = today.year - 1
    years = list(range(last - args.years + 1, last + 1))
    gov = Agency.objects.create(code="bench-gov", name="基准县人民政府", level=AgencyLevel.GOVERNMENT)
    agencies = [Agency.objects.create(code=f"bench-{i:03d}", name=f"基准县第{i}局", level=AgencyLevel.DEPARTMENT,
                                      parent=gov) for i in range(args.agencies)]
    section = Agency.objects.create(code="bench-ks", name="基准县政府办秘书科", level=AgencyLevel.SECTION, parent=gov)
    with transaction.atomic():
        n, seconds = insert_cases([*agencies, section], years, args.cases)
    print(f"database: {connection.vendor}; {args.agencies} agencies (+1 section) × {args.cases:,} cases × "
          f"{args.years} years = {n:,} cases inserted in {seconds:.1f} s")

    fmt = format_for_year(last)

    def one_by_one():
        return {a.pk: compute(a, last, fmt) for a in agencies}

    t_single = timed(one_by_one, max(1, args.runs // 2))
    computed = one_by_one()
    with transaction.atomic():
        for agency in agencies:
            report = Report.objects.create(agency=agency, year=last, format_key=fmt.key,
                                           status=ReportStatus.SUBMITTED, submitted_on=date(last + 1, 1, 20))
            cells = computed[agency.pk]
            rows = []
            for address in fmt.addresses():
                kind, value = _stored(Cell.number(cells[address].value if address in cells else 0))
                rows.append(ReportCell(report=report, table=address[0], row_key=address[1], col_key=address[2],
                                       kind=kind, value=value, source=CellSource.COMPUTED))
            ReportCell.objects.bulk_create(rows)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    result = compute_rollup(gov, last, today)
    assert len(result.counted) == args.agencies and not result.missing
    t_rollup = timed(lambda: compute_rollup(gov, last, today), args.runs)
    total = result.sums.value("t3", "new", "total")
    print(f"{last}: computing {args.agencies} reports one by one from the records: {t_single * 1000:,.0f} ms "
          f"({t_single / args.agencies * 1000:.1f} ms per agency)")
    print(f"roll-up (部门汇总, {len(result.data) * len(list(fmt.addresses())):,} cells + sums; new applications "
          f"summed: {total}): {t_rollup * 1000:,.1f} ms → ratio {t_rollup / t_single:.3f} of one-by-one — goal < 1 s: "
          f"{'OK' if t_rollup < 1 else 'MISSED'}")
    connection.close()
    if url.startswith("postgres") and not args.keep:
        postgres_database(url, drop=True)


if __name__ == "__main__":
    main()
