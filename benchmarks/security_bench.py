"""Issue 14's denial-of-service inputs, measured: time and peak memory of each hostile input against an ordinary
input of the same kind, each read in a fresh process (peak RSS is per process), as ratios against a baseline
measured in the same run.

- the report importer: a 570 KB DOCX whose text unpacks to 150 MB (was 17.5 s and 1.7 GB), and the largest main
  part it still accepts (just under docx_reader.MAX_DOCUMENT_XML), against an ordinary rendered report DOCX;
- the catalog figures import: a 1 MB .xlsx with 1.5 million rows and no <dimension> (ran 120 s holding the write
  lock), against an ordinary 100-row file;
- a published report's PDF: served from storage against rendering it (was rendered on every request).

Not a test: run it by hand.

    .venv/bin/python benchmarks/security_bench.py
"""

import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

CHILD = r"""
import json, resource, sys, time
import django
django.setup()
kind, path = sys.argv[1], sys.argv[2]
raw = open(path, "rb").read() if path != "-" else b""
started = time.perf_counter()
outcome = "read"
try:
    if kind == "docx":
        from gongkai.importer.detect import read_bytes
        read_bytes(raw, "report.docx")
    elif kind == "figures":
        from gongkai.catalog.registry import parse_figures
        parse_figures("figures.xlsx", raw)
except Exception as exc:
    outcome = "refused: " + str(exc)[:60]
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": peak / 1024, "outcome": outcome}))
"""


def measure(kind: str, raw: bytes) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(raw)
        f.flush()
        env = {**os.environ, "GONGKAI_DATA_DIR": tempfile.mkdtemp(prefix="gk-bench-")}
        out = subprocess.run([sys.executable, "-c", CHILD, kind, f.name], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=600)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def _zip(members: dict[str, object]) -> bytes:
    """A ZIP whose members are bytes or callables writing to the member (so 150 MB never sits in memory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, body in members.items():
            with z.open(name, "w", force_zip64=True) as member:
                body(member) if callable(body) else member.write(body)
    return out.getvalue()


def docx_with_document_xml(ordinary: bytes, size: int) -> bytes:
    """The ordinary report DOCX with paragraphs of repeated report text added until word/document.xml holds `size`
    bytes (written in pieces, so 150 MB never sits in memory here)."""
    para = ("<w:p><w:r><w:t>" + "本机关政府信息公开工作年度报告" * 200 + "</w:t></w:r></w:p>").encode()
    source = zipfile.ZipFile(io.BytesIO(ordinary))
    members = {}
    for info in source.infolist():
        data = source.read(info)
        if info.filename == "word/document.xml":
            cut = data.rindex(b"<w:sectPr") if b"<w:sectPr" in data else data.rindex(b"</w:body>")

            def body(member, data=data, cut=cut):
                member.write(data[:cut])
                for _ in range(max(0, size - len(data)) // len(para)):
                    member.write(para)
                member.write(data[cut:])

            members[info.filename] = body
        else:
            members[info.filename] = data
    return _zip(members)


def xlsx_rows(rows: int, strip_dimension: bool) -> bytes:
    """An .xlsx of figure rows; the hostile one has no <dimension> and rows without r= attributes (as in the
    report: 1.5 million rows in about 1 MB)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["年度", "事项", "处理决定数量", "数据来源"])
    for _ in range(rows if not strip_dimension else 1):
        ws.append([2025, "行政许可", 1, "县政务服务平台"])
    buffer = io.BytesIO()
    wb.save(buffer)
    if not strip_dimension:
        return buffer.getvalue()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    members = {}
    for info in source.infolist():
        data = source.read(info)
        if info.filename.startswith("xl/worksheets/"):
            data = re.sub(rb"<dimension[^>]*/>", b"", data)
            start, end = data.index(b"<sheetData>") + len(b"<sheetData>"), data.index(b"</sheetData>")
            first_rows = re.sub(rb' r="[A-Z]*[0-9]+"', b"", data[start:end])
            one = re.findall(rb"<row>.*?</row>", first_rows)[-1]

            def sheet(member, data=data, start=start, end=end, one=one):
                member.write(data[:start])
                block = one * 10_000
                for _ in range(rows // 10_000):
                    member.write(block)
                member.write(data[end:])

            members[info.filename] = sheet
        else:
            members[info.filename] = data
    return _zip(members)


def row(label: str, r: dict, base: dict, size: int) -> str:
    return (f"  {label:<44} {size / 1024:>8.0f} KB  {r['seconds']:>7.2f} s ({r['seconds'] / base['seconds']:>6.1f}×)"
            f"  peak {r['peak_mb']:>6.0f} MB ({r['peak_mb'] / base['peak_mb']:>4.1f}×)  {r['outcome']}")


def importer():
    import django

    django.setup()
    from gongkai.importer.docx_reader import MAX_DOCUMENT_XML
    from tests.importer.corpus.build import as_docx, random_report

    ordinary, _ = as_docx(random_report(random.Random(7), "2021"))
    bomb = docx_with_document_xml(ordinary, 150 * 1024 * 1024)
    largest = docx_with_document_xml(ordinary, MAX_DOCUMENT_XML - 512 * 1024)
    base = measure("docx", ordinary)
    print("Report importer (DOCX), time and memory against an ordinary rendered report:")
    print(row("ordinary report (baseline)", base, base, len(ordinary)))
    print(row("150 MB of text (issue 14: 17.5 s, 1.7 GB)", measure("docx", bomb), base, len(bomb)))
    print(row(f"largest accepted ({(MAX_DOCUMENT_XML >> 20) - 0.5:.1f} MB main part)", measure("docx", largest), base,
              len(largest)))


def figures():
    ordinary = xlsx_rows(100, strip_dimension=False)
    hostile = xlsx_rows(1_500_000, strip_dimension=True)
    base = measure("figures", ordinary)
    print("Catalog figures import (parsing, before any write transaction):")
    print(row("100 rows (baseline)", base, base, len(ordinary)))
    print(row("1.5 million rows, no <dimension> (was 120 s)", measure("figures", hostile), base, len(hostile)))


def published_pdf():
    import django

    django.setup()
    from django.conf import settings

    settings.DATA_DIR = Path(tempfile.mkdtemp(prefix="gk-bench-pub-"))
    from gongkai.reports.render.pdf import render_pdf
    from tests.importer.corpus.build import random_report

    data = random_report(random.Random(3), "2021")
    started = time.perf_counter()
    pdf = render_pdf(data)
    render_s = time.perf_counter() - started
    path = settings.DATA_DIR / "report.pdf"
    path.write_bytes(pdf)
    started = time.perf_counter()
    for _ in range(50):
        with path.open("rb") as f:
            while f.read(1 << 16):
                pass
    served_s = (time.perf_counter() - started) / 50
    print("Published report PDF, per request:")
    print(f"  rendered on each request (before)           {render_s * 1000:>8.1f} ms")
    print(f"  read from storage (now)                     {served_s * 1000:>8.3f} ms  "
          f"({render_s / served_s:,.0f}× less work)")


if __name__ == "__main__":
    importer()
    figures()
    published_pdf()
