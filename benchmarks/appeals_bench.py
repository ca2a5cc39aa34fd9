"""How fast is Table 4 computed from the appeals register? Figures are relative to a baseline in the same run.

    .venv/bin/python benchmarks/appeals_bench.py [--matters 2000] [--runs 20]

A throw-away SQLite database (in a temporary GONGKAI_DATA_DIR) gets `--matters` appeals of one agency spread over
five years, every kind and result. Measured: `table4_counts(agency, year)` (15 cells, 12 COUNT queries) and the
whole provider (`AppealsProvider.cells`, with links). Baseline: reading every matter's primary key once
(`list(values_list("pk"))`). Goal: table4 < 50 ms for 2,000 matters. Never run by the test suite.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(fn, runs):
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--matters", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    os.environ["GONGKAI_DATA_DIR"] = tempfile.mkdtemp(prefix="appeals-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)
    from gongkai.agencies.models import Agency, AgencyLevel
    from gongkai.appeals.models import Appeal, AppealKind, AppealResult
    from gongkai.appeals.table4 import AppealsProvider, table4_counts
    from gongkai.reports.definition import get_format

    agency = Agency.objects.create(code="bench", name="测试局", level=AgencyLevel.DEPARTMENT)
    kinds, results = AppealKind.values, AppealResult.values
    rows = []
    for i in range(args.matters):
        filed = date(2021, 1, 1) + timedelta(days=(i * 7) % 1800)
        result = results[i % 4]
        rows.append(Appeal(agency=agency, kind=kinds[i % 3], body="法院", decision="答复", filed_on=filed,
                           result=result, result_on=None if result == "pending" else filed + timedelta(days=90)))
    Appeal.objects.bulk_create(rows)
    fmt = get_format("2021")
    base = timed(lambda: list(Appeal.objects.filter(agency=agency).values_list("pk", flat=True)), args.runs)
    counts = timed(lambda: table4_counts(agency, 2023), args.runs)
    provider = timed(lambda: AppealsProvider().cells(agency, 2023, fmt), args.runs)
    print(f"matters: {args.matters}, runs: {args.runs} (median)")
    print(f"baseline (read every pk once): {base:.2f} ms = 1.00")
    print(f"table4_counts:                 {counts:.2f} ms = {counts / base:.2f} × baseline (goal < 50 ms)")
    print(f"provider.cells (with links):   {provider:.2f} ms = {provider / base:.2f} × baseline")


if __name__ == "__main__":
    main()
