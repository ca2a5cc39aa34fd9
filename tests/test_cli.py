"""The `gongkai` command: exit codes, one-line Chinese errors, never a traceback."""

import json
import os
import subprocess
import sys

import pytest

from gongkai.reports.render.opendata import to_csv, to_json
from tests.cli import run_command as run
from tests.reports.factories import consistent_report


def test_validate_exits_0_for_a_consistent_report(tmp_path):
    path = tmp_path / "ok.json"
    path.write_text(to_json(consistent_report("2021")), encoding="utf-8")
    code, out, _ = run("validate", str(path))
    assert code == 0 and "错误 0 处" in out


def test_validate_exits_1_and_names_the_cells_on_errors(tmp_path):
    data = consistent_report("2019")
    data.set("t3", "grant", "natural", 9)
    path = tmp_path / "bad.csv"
    path.write_text(to_csv(data), encoding="utf-8")
    code, out, _ = run("validate", str(path))
    assert code == 1 and "[错误] T3-" in out


def test_validate_json_output_is_machine_readable(tmp_path):
    data = consistent_report("2021")
    data.set("t3", "grant", "natural", 9)
    path = tmp_path / "bad.json"
    path.write_text(to_json(data), encoding="utf-8")
    code, out, _ = run("validate", str(path), "--json")
    report = json.loads(out)
    assert code == 1 and report["errors"] >= 1 and report["findings"][0]["cells"]


def test_validate_checks_carry_over_against_a_previous_file(tmp_path):
    last, this = tmp_path / "2020.json", tmp_path / "2021.json"
    last.write_text(to_json(consistent_report("2019", 2020)), encoding="utf-8")
    this.write_text(to_json(consistent_report("2021", 2021, carried_in=0)), encoding="utf-8")
    code, out, _ = run("validate", str(this), "--previous", str(last))
    assert code == 1 and "Y-1" in out


@pytest.mark.parametrize(("content", "message"), [
    ("{broken", "JSON 语法错误"),
    ('{"schema": "gongkai.report/1", "format": "2021", "year": 2021, "tables": {"t3": [{"row": "new"}]}}',
     "tables.t3[0]"),
])
def test_validate_bad_input_is_one_chinese_line_with_exit_2(tmp_path, content, message):
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    code, out, err = run("validate", str(path))
    assert code == 2 and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_validate_missing_file_is_exit_2(tmp_path):
    code, _, err = run("validate", str(tmp_path / "none.json"))
    assert code == 2 and "文件不存在" in err


@pytest.mark.django_db
def test_report_for_an_unknown_agency_is_exit_2(tmp_path):
    code, _, err = run("report", "--agency", "nowhere", "--year", "2020", "--format", "json", "-o", str(tmp_path / "x"))
    assert code == 2 and "没有代码为“nowhere”的机关" in err


@pytest.mark.django_db
def test_report_for_a_missing_year_is_exit_2(tmp_path, agency):
    code, _, err = run("report", "--agency", agency.code, "--year", "2019", "--format", "csv", "-o", str(tmp_path / "x"))
    assert code == 2 and "没有2019年度的报告" in err


@pytest.mark.django_db
def test_report_exports_json_of_the_demo_seed(tmp_path):
    run("demo", "--no-serve")
    out = tmp_path / "r.json"
    code, _, _ = run("report", "--agency", "jiaxiang-shangwu", "--year", "2020", "--format", "json", "-o", str(out))
    assert code == 0 and json.loads(out.read_text())["format"] == "2019"


@pytest.mark.django_db
def test_demo_loading_is_idempotent():
    from gongkai.agencies.models import Agency
    from gongkai.reports.models import Report

    run("demo", "--no-serve")
    counts = (Agency.objects.count(), Report.objects.count())
    code, out, _ = run("demo", "--no-serve")
    assert code == 0 and (Agency.objects.count(), Report.objects.count()) == counts
    assert "新建机关 0 个" in out


def test_the_console_command_passes_unknown_sub_commands_to_django():
    result = subprocess.run([sys.executable, "-m", "gongkai.cli", "check"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_a_command_on_an_unmigrated_database_says_to_migrate(tmp_path):
    env = {**os.environ, "GONGKAI_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    result = subprocess.run([sys.executable, "-m", "gongkai.cli", "workdays", "add", "2026-12-20", "20"],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 2
    assert result.stderr.strip() == "错误：数据库尚未初始化，请先运行 gongkai migrate（或 ./run demo）。"
