"""How fast are the report renderers? Figures are relative to a baseline measured in the same run.

    .venv/bin/python benchmarks/render_bench.py [--runs 20] [--pdf-runs 5]

One 2021-format report with every cell filled and a few paragraphs per section is rendered `--runs` times as
HTML and DOCX and `--pdf-runs` times as PDF, after one warm-up call each (the first PDF loads and parses the
CJK fonts; its time is shown on its own). Baseline: `to_json` of the same report (opendata.py), which walks
every cell once. Goals: HTML < 100 ms, DOCX < 300 ms, PDF < 1.5 s. Never run by the test suite; no figure
here is a pass/fail threshold.
"""

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GOALS_MS = {"html": 100, "docx": 300, "pdf": 1500}


def sample_report():
    from gongkai.reports.definition import get_format
    from gongkai.reports.model import Cell, ReportData

    fmt = get_format("2021")
    data = ReportData("2021", 2021, "嘉祥县商务局", "jiaxiang-shangwu")
    for i, (table, row, col) in enumerate(fmt.addresses()):
        value = Decimal(f"{i % 17}.35") if fmt.column(table, row, col).value == "amount" else (i * 7) % 23
        data.set(table, row, col, Cell.number(value, source="computed", note="由案件台账计算" if i % 5 == 0 else ""))
    sentence = "2021年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。"
    data.preamble = [sentence * 3]
    data.narrative = {key: [sentence * 2] * 3 for key in ("s1", "s5", "s6")}
    data.narrative["s2"] = ["2021年，全局全年共主动公开政府信息35条，其中政府网站公开32条。"]
    return data


def timings(fn, data, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn(data)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="renders per format for baseline, HTML and DOCX")
    parser.add_argument("--pdf-runs", type=int, default=5, help="renders for PDF")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from gongkai.reports.render.docx import render_docx
    from gongkai.reports.render.html import render_html
    from gongkai.reports.render.opendata import to_json
    from gongkai.reports.render.pdf import render_pdf

    data = sample_report()
    renderers = [("baseline to_json", to_json, args.runs, None), ("html", render_html, args.runs, "html"),
                 ("docx", render_docx, args.runs, "docx"), ("pdf", render_pdf, args.pdf_runs, "pdf")]
    results = {}
    for name, fn, runs, _ in renderers:
        t0 = time.perf_counter()
        fn(data)  # warm-up: template loading, font discovery
        first = (time.perf_counter() - t0) * 1000
        ms = timings(fn, data, runs)
        results[name] = (first, statistics.median(ms), min(ms), runs)
    baseline = results["baseline to_json"][1]

    print(f"one 2021 report, {len(list(data.cells))} cells; times in ms (median of the runs after one warm-up)")
    print(f"{'renderer':<18}{'runs':>6}{'first':>10}{'median':>10}{'best':>10}{'× baseline':>12}{'goal':>8}")
    for name, _, _, goal_key in renderers:
        first, median, best, runs = results[name]
        goal = GOALS_MS.get(goal_key or "")
        verdict = "" if goal is None else f"{'ok' if median < goal else 'SLOW'} <{goal}"
        print(f"{name:<18}{runs:>6}{first:>10.1f}{median:>10.1f}{best:>10.1f}{median / baseline:>12.0f}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
