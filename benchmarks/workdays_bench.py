"""How fast is add_workdays(d, 20)? Figures are relative to a naive baseline measured in the same run.

    .venv/bin/python benchmarks/workdays_bench.py [--calls 200000]

Baseline: the day-by-day loop a first implementation would write, calling chinese_calendar.is_workday per day.
The measured paths: the engine on a snapshot, the service with an explicit snapshot, and the service through the
cached calendar() accessor backed by a throw-away SQLite database (migrated with the seed migration).
Never run by the test suite; no figure here is a pass/fail threshold.
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def best_rate(fn, starts, repeat: int = 3) -> float:
    """Calls per second (best of `repeat` runs over the same start dates)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(starts)
        best = min(best, time.perf_counter() - t0)
    return len(starts) / best


def naive_package(starts, n=20):
    import chinese_calendar

    for start in starts:
        day, count = start, 0
        while count < n:
            day += timedelta(days=1)
            if chinese_calendar.is_workday(day):
                count += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200_000)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="gongkai-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["GONGKAI_DATA_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from gongkai.workdays import services
    from gongkai.workdays.engine import Calendar
    from gongkai.workdays.seed import official_days

    call_command("migrate", "workdays", verbosity=0)  # only this app and its seed: works while others are mid-edit
    rng = random.Random(20)
    span = (date(2026, 11, 1) - date(2004, 1, 1)).days
    starts = [date(2004, 1, 1) + timedelta(days=rng.randrange(span)) for _ in range(args.calls)]
    few = starts[: max(1000, args.calls // 100)]

    snapshot = Calendar([row for y in range(2004, 2027) for row in official_days(y)], range(2004, 2027))
    db_cal = services.calendar()
    assert all(snapshot.add(s, 20).date == db_cal.add(s, 20).date for s in few[:2000]), "snapshots disagree"

    def naive_snapshot(ss, n=20):
        is_wd = snapshot.is_workday
        for start in ss:
            day, count = start, 0
            while count < n:
                day += timedelta(days=1)
                if is_wd(day):
                    count += 1

    def engine(ss):
        add = snapshot.add
        for s in ss:
            add(s, 20)

    def service_explicit(ss):
        add = services.add_workdays
        for s in ss:
            add(s, 20, cal=snapshot)

    def service_cached(ss):
        add = services.add_workdays
        for s in ss:
            add(s, 20)

    def between(ss):
        fn = services.workdays_between
        for s in ss:
            fn(s, s + timedelta(days=40), snapshot)

    t0 = time.perf_counter()
    services.invalidate()
    services.calendar()
    load_ms = (time.perf_counter() - t0) * 1000

    baseline = best_rate(naive_package, few)
    rows = [
        ("naive: day-by-day, chinese_calendar.is_workday (baseline)", baseline),
        ("naive: day-by-day over the in-memory snapshot", best_rate(naive_snapshot, few)),
        ("engine: Calendar.add (bisect)", best_rate(engine, starts)),
        ("service: add_workdays(d, 20, cal=snapshot)", best_rate(service_explicit, starts)),
        ("service: add_workdays(d, 20) via cached calendar()", best_rate(service_cached, starts)),
        ("service: workdays_between(d, d+40)", best_rate(between, starts)),
    ]
    print(f"add_workdays(d, 20) over {args.calls:,} random start dates 2004–2026 (baseline on {len(few):,});"
          f" Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s)")
    width = max(len(name) for name, _ in rows)
    for name, rate in rows:
        print(f"  {name:<{width}}  {rate:>12,.0f} calls/s  {rate / baseline:>8.1f}× baseline")
    print(f"  loading the calendar from the tables (23 years): {load_ms:.1f} ms")


if __name__ == "__main__":
    try:
        main()
    finally:
        for path in Path(tempfile.gettempdir()).glob("gongkai-bench-*"):
            shutil.rmtree(path, ignore_errors=True)
