"""Importer figures: cell accuracy per input shape on a generated corpus, reading speed, peak memory.

The corpus is built in this run (tests/importer/corpus/build.py): random but consistent reports of both formats,
rendered through issue 1's renderers (HTML, DOCX, PDF) and through emulations of the messy shapes published
reports come in (Word text export, run-together numbers, text without cell structure, Word HTML, Markdown cut
into pieces, the PDF's bare text layer). Accuracy = cells read correctly (same kind, same written value) ÷ all
cells. Speed is reported per shape and as a ratio against a baseline measured in the same run: parsing the same
report's open-data JSON (what any consumer of the report must do anyway). Not a test: run it by hand.

    .venv/bin/python benchmarks/importer_bench.py [--reports N] [--pdf-reports M]
"""

import argparse
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

import django  # noqa: E402

django.setup()

from gongkai.importer.detect import read_bytes, read_pdf_tables  # noqa: E402
from gongkai.reports.render.opendata import from_json, to_json  # noqa: E402
from tests.importer.corpus.build import SHAPES, cell_accuracy, random_report  # noqa: E402

# shapes whose text cannot hold a blank cell (a lost cell is a lost cell): built without blank/slash gaps
NO_GAPS = {"text-messy", "text-runtogether", "pdf-text"}
PDF_SHAPES = {"pdf", "pdf-text"}


def build(n: int, n_pdf: int):
    corpus = {}
    for shape, make in SHAPES.items():
        count = n_pdf if shape in PDF_SHAPES else n
        items = []
        for i in range(count):
            rng = random.Random(1000 + i)
            data = random_report(rng, "2021" if i % 2 else "2019", gaps=(i % 3 == 0 and shape not in NO_GAPS))
            raw, name = make(data, rng)
            items.append((data, raw, name))
        corpus[shape] = items
    return corpus


def timed(func, items, repeat=1):
    start = time.perf_counter()
    for _ in range(repeat):
        for item in items:
            func(item)
    return (time.perf_counter() - start) / (repeat * len(items))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=40, help="reports per text/HTML/DOCX/Markdown shape")
    parser.add_argument("--pdf-reports", type=int, default=10, help="reports per PDF shape (rendering is slow)")
    args = parser.parse_args()
    t0 = time.perf_counter()
    corpus = build(args.reports, args.pdf_reports)
    print(f"corpus: {sum(len(v) for v in corpus.values())} files in {len(corpus)} shapes, "
          f"built in {time.perf_counter() - t0:.1f} s")

    jsons = [to_json(d) for d, _, _ in corpus["html"]]
    baseline = timed(from_json, jsons, repeat=3)
    print(f"baseline (parse the open-data JSON): {baseline * 1000:.2f} ms/report\n")

    print(f"{'shape':<18}{'files':>6}{'cells ok':>10}{'cells':>8}{'accuracy':>10}{'ms/report':>11}{'reports/s':>11}"
          f"{'× baseline':>12}")
    total_ok = total = 0
    speeds = {}
    for shape, items in corpus.items():
        ok = cells = 0
        for data, raw, name in items:
            a, t = cell_accuracy(data, read_bytes(raw, name).data)
            ok, cells = ok + a, cells + t
        per = timed(lambda item: read_bytes(item[1], item[2]), items, repeat=1 if shape in PDF_SHAPES else 2)
        speeds[shape] = per
        total_ok, total = total_ok + ok, total + cells
        print(f"{shape:<18}{len(items):>6}{ok:>10}{cells:>8}{ok / cells:>10.2%}{per * 1000:>11.2f}{1 / per:>11.1f}"
              f"{per / baseline:>12.1f}")
    print(f"{'all':<18}{'':>6}{total_ok:>10}{total:>8}{total_ok / total:>10.2%}")
    # the pdfplumber table path alone (taken when the text layer leaves any doubt: blank cells, problems)
    items = corpus["pdf"]
    ok = sum(cell_accuracy(d, read_pdf_tables(raw).data)[0] for d, raw, _ in items)
    per = timed(lambda item: read_pdf_tables(item[1]), items)
    cells = sum(cell_accuracy(d, d)[1] for d, _, _ in items)
    print(f"{'pdf (tables only)':<18}{len(items):>6}{ok:>10}{cells:>8}{ok / cells:>10.2%}{per * 1000:>11.2f}"
          f"{1 / per:>11.1f}{per / baseline:>12.1f}")

    # peak memory while reading one of each shape (tracemalloc: Python allocations), and the process max RSS
    tracemalloc.start()
    for items in corpus.values():
        read_bytes(items[0][1], items[0][2])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak Python memory reading one report of each shape: {peak / 1024 / 1024:.1f} MB; "
          f"process max RSS (incl. rendering the corpus): {rss:.0f} MB")
    text_speed = 1 / max(speeds["text"], speeds["html"])
    pdf_speed = 1 / speeds["pdf"]
    print(f"goals: text/HTML ≥ 50 reports/s → {text_speed:.0f}/s {'OK' if text_speed >= 50 else 'MISSED'}; "
          f"PDF ≥ 5 reports/s → {pdf_speed:.1f}/s {'OK' if pdf_speed >= 5 else 'MISSED'}")


if __name__ == "__main__":
    main()
