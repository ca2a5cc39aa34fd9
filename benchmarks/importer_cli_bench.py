"""`gongkai lint DIR` speed, from the command line (process start included) and in-process.

Goals (issue 11): 100 text reports ≥ 50 reports/s and 20 text-layer PDFs ≥ 5 reports/s, from the command line.
The corpus is built in this run (random consistent reports through tests/importer/corpus/build.py: Word-style
text, and PDFs from the project's own renderer). Baselines measured in the same run: the same lint through the
Django management-command path (`--traceback` makes the console script set Django up, as every command did
before), and a bare `python -c pass` start. Not a test: run it by hand.

    .venv/bin/python benchmarks/importer_cli_bench.py [--texts 100] [--pdfs 20] [--repeat 3]
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

import django  # noqa: E402

django.setup()

from gongkai.importer.commands import Out, lint_command  # noqa: E402
from tests.importer.corpus.build import as_pdf, random_report, word_text  # noqa: E402

GONGKAI = str(Path(sys.executable).with_name("gongkai"))


class _Null:
    def write(self, text):
        pass


def build(folder: Path, texts: int, pdfs: int) -> tuple[Path, Path]:
    text_dir, pdf_dir = folder / "text", folder / "pdf"
    text_dir.mkdir()
    pdf_dir.mkdir()
    for i in range(texts):
        data = random_report(random.Random(500 + i), "2021" if i % 2 else "2019")
        (text_dir / f"r{i:03}.txt").write_bytes(word_text(data, random.Random(i))[0])
    for i in range(pdfs):
        data = random_report(random.Random(900 + i), "2021" if i % 2 else "2019")
        (pdf_dir / f"r{i:03}.pdf").write_bytes(as_pdf(data)[0])
    return text_dir, pdf_dir


def wall(cmd: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def in_process(folder: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        lint_command([str(folder)], False, None, Out(_Null()), Out(_Null()))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=100)
    parser.add_argument("--pdfs", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        text_dir, pdf_dir = build(Path(tmp), args.texts, args.pdfs)
        print(f"corpus: {args.texts} text reports, {args.pdfs} PDFs, built in {time.perf_counter() - t0:.1f} s\n")
        python = wall([sys.executable, "-c", "pass"], args.repeat)
        start_fast = wall([GONGKAI, "lint", "--help"], args.repeat)
        start_django = wall([GONGKAI, "lint", "--help", "--traceback"], args.repeat)
        print(f"process start: python {python * 1000:.0f} ms; `gongkai lint --help` {start_fast * 1000:.0f} ms "
              f"(Django path {start_django * 1000:.0f} ms, {start_django / start_fast:.1f}× slower)\n")
        print(f"{'corpus':<8}{'files':>6}{'CLI s':>8}{'CLI rep/s':>11}{'goal':>6}{'Django-path rep/s':>19}"
              f"{'in-process rep/s':>18}{'CLI÷in-proc':>12}")
        for name, folder, n, goal in (("text", text_dir, args.texts, 50), ("pdf", pdf_dir, args.pdfs, 5)):
            cli = wall([GONGKAI, "lint", str(folder)], args.repeat)
            old = wall([GONGKAI, "lint", str(folder), "--traceback"], args.repeat)
            inside = in_process(folder, args.repeat)
            print(f"{name:<8}{n:>6}{cli:>8.2f}{n / cli:>11.1f}{goal:>6}{n / old:>19.1f}{n / inside:>18.1f}"
                  f"{cli / inside:>12.2f}")


if __name__ == "__main__":
    main()
