"""Report engine figures: validating one report, and 1,000 reports in one batch.

Prints milliseconds and reports per second, and each figure as a ratio against a baseline measured in the same
run (reading the same report from its JSON, which any consumer must do anyway). Not a test: run it by hand.

    .venv/bin/python benchmarks/report_bench.py
"""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

import django  # noqa: E402

django.setup()

from gongkai.reports.definition import get_format  # noqa: E402
from gongkai.reports.model import ReportData  # noqa: E402
from gongkai.reports.render.opendata import from_json, to_json  # noqa: E402
from gongkai.reports.rules import validate  # noqa: E402


def random_report(rng: random.Random, key: str) -> ReportData:
    data = ReportData(key, 2021 if key == "2021" else 2020, "基准测试局", "bench")
    for address in get_format(key).addresses():
        data.set(*address, rng.randint(0, 40))
    data.narrative = {"s1": ["本年共新收政府信息公开申请12件，办结10件，结转下年度继续办理2件。"]}
    return data


def timed(func, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        func()
    return (time.perf_counter() - start) / repeat


def main():
    rng = random.Random(7)
    print("Gongkai report engine benchmark")
    for key in ("2019", "2021"):
        data = random_report(rng, key)
        text = to_json(data)
        findings = validate(data)
        base = timed(lambda text=text: from_json(text), 200)
        one = timed(lambda data=data: validate(data), 200)
        print(f"  format {key}: validate one report {one * 1000:.2f} ms (goal < 50 ms); "
              f"{len(findings)} findings; baseline read-from-JSON {base * 1000:.2f} ms; ratio {one / base:.2f}x")
    batch = [random_report(rng, rng.choice(["2019", "2021"])) for _ in range(1000)]
    texts = [to_json(d) for d in batch]
    start = time.perf_counter()
    for t in texts:
        from_json(t)
    base = time.perf_counter() - start
    start = time.perf_counter()
    for d in batch:
        validate(d)
    elapsed = time.perf_counter() - start
    print(f"  batch of 1,000 reports: {1000 / elapsed:.0f} reports/s validated ({elapsed:.2f} s); "
          f"baseline read-from-JSON {1000 / base:.0f} reports/s; ratio {elapsed / base:.2f}x")


if __name__ == "__main__":
    main()
