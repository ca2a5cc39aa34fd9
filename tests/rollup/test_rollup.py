import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.agencies.models import Role
from gongkai.reports import rollup
from tests.cli import run_command
from tests.conftest import logged_in, make_user

from .factory import county

YEAR = 2025
TODAY = date(2026, 11, 25)


@pytest.fixture
def world(db):
    return county(YEAR, TODAY)


@pytest.fixture
def gongkaiban(world):
    return make_user("gkb", world["gov"], Role.OVERSIGHT, name="刘公开")


def _csv(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_rollup_csv_is_the_cell_by_cell_sum_of_the_departments_own_csvs(world, tmp_path):
    out = tmp_path / "rollup.csv"
    code, _, err = run_command("report", "--agency", "rollgov", "--year", str(YEAR), "--scope", "departments",
                               "--format", "csv", "-o", str(out))
    assert code == 0, err
    rows = _csv(out)
    assert rows[0] == ["agency_code", "table", "row_key", "row_label", "col_key", "col_label", "kind", "value"]
    by_agency: dict[str, list[list[str]]] = {}
    for r in rows[1:]:
        by_agency.setdefault(r[0], []).append(r[1:])
    counted = ["rollgov-a", "rollgov-b", "rollgov-c", "rollgov-town"]
    assert sorted(by_agency) == sorted([*counted, rollup.LABEL])
    expected: dict[tuple, Decimal] = {}
    for code_ in counted:
        single = tmp_path / f"{code_}.csv"
        assert run_command("report", "--agency", code_, "--year", str(YEAR), "--format", "csv", "-o",
                           str(single))[0] == 0
        own = _csv(single)
        assert own[1:] == by_agency[code_]          # the same columns and rows as the department's own CSV
        for t, row, _, col, _, kind, value in own[1:]:
            if kind in ("number", "zero"):
                expected[(t, row, col)] = expected.get((t, row, col), Decimal(0)) + Decimal(value)
    sums = {(t, row, col): Decimal(value) for t, row, _, col, _, kind, value in by_agency[rollup.LABEL]
            if kind in ("number", "zero")}
    assert sums == expected
    assert any(v > 0 for (t, _, _), v in sums.items() if t == "t3")
    # the government's own records and the section's are not in it: the new applications are the departments'
    assert sums[("t3", "new", "total")] == 12 + 19 + 26 + 33
    side = _csv(tmp_path / "rollup.agencies.csv")
    status = {r[0]: r[3] for r in side[1:] if r[0]}
    assert status["rollgov-draft"] == "no" and status["rollgov-none"] == "no"
    assert "rollgov-ks" not in status
    assert "草稿不计入" in err and "rollgov-none" in err


def test_missing_reports_are_listed_and_sections_excluded(world, gongkaiban):
    result = rollup.rollup(gongkaiban, world["gov"], YEAR, TODAY)
    missing = {m.agency.code: m for m in result.missing}
    assert set(missing) == {"rollgov-draft", "rollgov-none"}
    assert missing["rollgov-draft"].status == "草稿未提交"
    assert "已逾期" in missing["rollgov-none"].note
    assert "rollgov-ks" not in {m.agency.code for m in result.members}
    data = json.loads(rollup.render(result, "json"))
    assert data["label"] == "部门汇总" and data["basis"] == rollup.BASIS
    assert data["missing"] == ["rollgov-draft", "rollgov-none"]
    assert "不是本级人民政府" in data["title"]


def test_a_submitted_report_counts_and_the_xlsx_has_both_sheets(world, gongkaiban):
    from openpyxl import load_workbook

    from gongkai.reports.models import Report, ReportStatus

    Report.objects.filter(agency=world["draft"]).update(status=ReportStatus.SUBMITTED)
    result = rollup.rollup(gongkaiban, world["gov"], YEAR, TODAY)
    assert [m.agency.code for m in result.missing] == ["rollgov-none"]
    wb = load_workbook(io.BytesIO(rollup.render(result, "xlsx")))
    assert wb.sheetnames == ["部门汇总", "报送情况"]
    assert wb["部门汇总"]["A1"].value.startswith("汇总县人民政府2025年度")


@pytest.mark.parametrize("who", ["clerk_of_department", "clerk_of_government", "nobody"])
def test_wrong_role_is_refused(world, who):
    from django.contrib.auth.models import AnonymousUser

    users = {"clerk_of_department": lambda: make_user("c1", world["a"], Role.CLERK, Role.HEAD),
             "clerk_of_government": lambda: make_user("c2", world["gov"], Role.CLERK),
             "nobody": AnonymousUser}
    with pytest.raises(PermissionDenied):
        rollup.rollup(users[who](), world["gov"], YEAR, TODAY)


def test_office_page_and_downloads(client, world, gongkaiban):
    logged_in(client, gongkaiban)
    page = client.get(reverse("office:rollup", args=["rollgov"]) + f"?year={YEAR}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "部门汇总" in text and "不是汇总县人民政府自身的年度报告" in text and "汇总县水务局" in text
    assert "秘书科" not in text
    for kind in rollup.EXPORTS:
        r = client.get(reverse("office:rollup_download", args=["rollgov", kind]) + f"?year={YEAR}")
        assert r.status_code == 200 and "departments" in r["Content-Disposition"]
    assert client.post(reverse("office:rollup", args=["rollgov"])).status_code == 405


def test_office_page_refuses_a_department_clerk(client, world):
    logged_in(client, make_user("c3", world["a"], Role.CLERK, Role.HEAD, Role.ADMIN))
    assert client.get(reverse("office:rollup", args=["rollgov"])).status_code == 403
    assert client.get(reverse("office:rollup", args=["rollgov-a"])).status_code == 403
