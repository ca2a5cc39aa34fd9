"""gongkai read / lint / compare: outputs and exit statuses (0 no errors, 1 consistency errors, 2 unreadable)."""

import csv
import json
import random

import pytest

from gongkai.demo.load import seed_text
from gongkai.reports.render.opendata import from_csv, from_json
from tests.cli import run_command as run

from .corpus.build import as_docx, as_html, markdown_fragments, random_report, word_text
from .helpers import differences


@pytest.fixture
def files(tmp_path):
    rng = random.Random(41)
    good = random_report(rng, "2021", year=2022, agency="测试县商务局")
    bad = random_report(rng, "2021", year=2022)
    bad.set("t3", "grant", "natural", bad.value("t3", "grant", "natural") + 2)
    paths = {}
    for name, (raw, _) in {"good.docx": as_docx(good), "bad.html": as_html(bad),
                           "seed.txt": (seed_text().encode("utf-8"), ""),
                           "broken.pdf": (b"%PDF-1.4 nonsense", "")}.items():
        (tmp_path / name).write_bytes(raw)
        paths[name] = tmp_path / name
    return tmp_path, paths, good, bad


def test_read_writes_the_cell_csv_and_the_narrative(files, tmp_path):
    _, paths, good, _ = files
    out = tmp_path / "out.csv"
    code, _, err = run("read", str(paths["good.docx"]), "--format", "csv", "-o", str(out))
    assert code == 0 and "读到 200 个单元格" in err
    assert differences(good, from_csv(out.read_text(encoding="utf-8"))) == []
    assert good.narrative["s5"][1] in (tmp_path / "out.narrative.txt").read_text(encoding="utf-8")


def test_read_writes_json_with_the_narrative_sections(files):
    _, paths, good, _ = files
    code, out, _ = run("read", str(paths["good.docx"]), "--format", "json")
    data = from_json(out)
    assert code == 0 and differences(good, data) == [] and data.narrative["s6"] == good.narrative["s6"]


def test_read_refuses_an_unreadable_file_in_one_line(files):
    _, paths, _, _ = files
    code, _, err = run("read", str(paths["broken.pdf"]))
    assert code == 2 and err.strip().startswith("错误：") and len(err.strip().splitlines()) == 1


def test_lint_exit_status_is_0_without_errors(files):
    _, paths, _, _ = files
    code, out, _ = run("lint", str(paths["seed.txt"]))
    assert code == 0 and "嘉祥县商务局 2020 年，格式 2019" in out


def test_lint_names_the_broken_cells_and_exits_1(files):
    _, paths, _, _ = files
    code, out, _ = run("lint", str(paths["bad.html"]))
    assert code == 1 and "[错误] T3-" in out and "（一）予以公开" in out


def test_lint_json_output(files):
    _, paths, _, _ = files
    code, out, _ = run("lint", str(paths["bad.html"]), "--json")
    payload = json.loads(out)
    assert code == 1 and payload["errors"] >= 1 and any(f["rule"].startswith("T3") for f in payload["findings"])
    assert "t3/grant/natural" in {c for f in payload["findings"] for c in f["cells"]}


def test_lint_unreadable_exits_2(files):
    _, paths, _, _ = files
    code, _, err = run("lint", str(paths["broken.pdf"]))
    assert code == 2 and "PDF" in err


def test_lint_a_folder_prints_one_line_per_report_and_writes_a_summary_csv(files, tmp_path):
    folder, _, _, _ = files
    summary = tmp_path / "summary.csv"
    code, out, _ = run("lint", str(folder), "--csv", str(summary))
    assert code == 2  # the broken PDF
    lines = [ln for ln in out.splitlines() if "：" in ln]
    assert len(lines) == 5 and "共 4 份报告" in out
    rows = list(csv.DictReader(summary.open(encoding="utf-8")))
    assert [r["status"] for r in rows] == ["errors", "unreadable", "ok", "ok"]
    assert rows[2]["agency"] == "测试县商务局" and rows[2]["year"] == "2022" and rows[2]["format"] == "2021"


def test_compare_checks_the_carry_over_and_lists_the_changes(tmp_path):
    rng = random.Random(42)
    last = random_report(rng, "2021", year=2022, agency="测试县商务局")
    carried = {c: int(last.value("t3", "carried_over", c)) for c in
               ("natural", "org.business", "org.research", "org.ngo", "org.legal", "org.other")}
    this = random_report(rng, "2021", year=2023, agency="测试县商务局", carried_in=carried)
    (tmp_path / "a.md").write_bytes(markdown_fragments(last, rng)[0])
    (tmp_path / "b.txt").write_bytes(word_text(this, rng)[0])
    code, out, _ = run("compare", str(tmp_path / "b.txt"), str(tmp_path / "a.md"))
    assert code == 0 and "跨年度校验通过" in out and "2022 年" in out.splitlines()[0]
    assert "[错误] Y-1" not in out and "跨年度校验通过" in out and "\t" in out
    this.set("t3", "carried_in", "natural", carried["natural"] + 1)
    this.set("t3", "new", "natural", this.value("t3", "new", "natural") - 1)
    (tmp_path / "b.txt").write_bytes(word_text(this, rng)[0])
    code, out, _ = run("compare", str(tmp_path / "a.md"), str(tmp_path / "b.txt"), "--json")
    payload = json.loads(out)
    assert code == 1 and [f["rule"] for f in payload["findings"] if f["severity"] == "error"] == ["Y-1"]
    changes = {c["cell"]: c for c in payload["changes"]}
    delta = carried["natural"] + 1 - int(last.value("t3", "carried_in", "natural"))
    if delta:
        assert changes["t3/carried_in/natural"]["delta"] == (f"+{delta}" if delta > 0 else str(delta))
    else:
        assert "t3/carried_in/natural" not in changes
    assert payload["compared"] == 200 and payload["changes"]


def _console(*args, cwd=None):
    """The console script as a user runs it, in a fresh process (no Django set up beforehand)."""
    import subprocess
    import sys

    code = ("import sys; from gongkai.cli import main; c = main(['gongkai', *sys.argv[1:]]); "
            "print('DJANGO-MODELS' if 'django.db.models' in sys.modules else 'NO-DJANGO', file=sys.stderr); "
            "sys.exit(c)")
    env = {k: v for k, v in __import__("os").environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=120)


def test_lint_and_read_run_from_the_console_without_setting_django_up(files, tmp_path):
    folder, paths, _, _ = files
    p = _console("lint", str(folder))
    assert p.returncode == 2 and "NO-DJANGO" in p.stderr
    assert "共 4 份报告" in p.stdout and "broken.pdf：无法读取" in p.stdout and "good.docx：测试县商务局" in p.stdout
    out = tmp_path / "cells.json"
    p = _console("read", str(paths["good.docx"]), "-o", str(out))
    assert p.returncode == 0 and "NO-DJANGO" in p.stderr
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["sources"]["t3/grant/natural"]["confidence"] == 1.0 and payload["unread"] == {}


def test_console_and_management_command_print_the_same(files):
    folder, _, _, _ = files
    p = _console("lint", str(folder))
    code, out, _ = run("lint", str(folder))
    assert (code, out) == (p.returncode, p.stdout)
