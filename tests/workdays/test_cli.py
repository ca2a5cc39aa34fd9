"""`gongkai workdays …`: the answer first, Chinese one-line errors with exit status 2."""

from datetime import date

import pytest
from django.core.management import call_command

from gongkai.audit.models import AuditEntry
from gongkai.workdays import services
from gongkai.workdays.models import CalendarDay, CalendarYear
from tests.cli import run_command


def run(*args):
    return run_command("workdays", *args)


@pytest.mark.django_db
def test_add_prints_the_due_date_first_then_the_explanation_article_33():
    code, out, err = run("add", "2024-02-01", "20")
    lines = out.splitlines()
    assert code == 0 and err == ""
    assert lines[0] == "2024-03-05"
    assert lines[1] == "起算日 2024-02-01（星期四），当日不计入"
    assert any("调休上班（春节）" in line for line in lines)
    assert any("春节放假" in line for line in lines)


@pytest.mark.django_db
def test_add_with_count_start_counts_the_receipt_day():
    code, out, _ = run("add", "2024-02-01", "20", "--count-start")
    assert code == 0 and out.split()[0] == "2024-03-04"


@pytest.mark.django_db
def test_add_into_unloaded_2027_is_marked_provisional_on_the_first_line():
    code, out, _ = run("add", "2026-12-20", "20")
    first = out.splitlines()[0]
    assert code == 0
    assert first.split()[0] == "2027-01-18"  # 2027-01-01 (元旦) is a fixed-date statutory holiday
    assert first == "2027-01-18 （暂定：2027年节假日安排未录入）"


@pytest.mark.django_db
def test_between_prints_the_count_first():
    code, out, _ = run("between", "2024-02-01", "2024-03-05")
    assert code == 0 and out.split()[0] == "20"


@pytest.mark.django_db
@pytest.mark.parametrize("args, message", [
    (("add", "2024-02-30", "20"), "起算日“2024-02-30”无效"),
    (("add", "2024-02-01", "-5"), "工作日数不能为负数"),
    (("add", "2024-02-01", "1.5"), "工作日数“1.5”无效"),
    (("add", "2024-02-01", "二十"), "无效"),
    (("add", "2024-02-01", "20000"), "超出合理范围"),
    (("between", "2024-02-01", "2024-13-01"), "结束日期“2024-13-01”无效"),
    (("seed", "2027"), "chinese_calendar 数据包没有2027年的节假日数据"),
    (("seed", "27"), "年度“27”无效"),
])
def test_bad_input_is_one_chinese_line_and_exit_status_2(args, message):
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert err.count("\n") <= 1 and err.startswith("错误：")
    assert message in err
    assert "Traceback" not in err


@pytest.mark.django_db
def test_seed_reloads_a_year_from_the_package_and_is_audited():
    CalendarDay.objects.filter(date__year=2025).delete()
    assert services.is_workday(date(2025, 1, 28))
    code, out, _ = run("seed", "2025")
    assert code == 0 and out.startswith("2025 已载入")
    assert not services.is_workday(date(2025, 1, 28))
    assert services.year_workdays(2025) == 248
    assert CalendarYear.objects.get(year=2025).source == "chinese_calendar"
    assert AuditEntry.objects.get(action="calendar.year.enter").data["year"] == 2025


@pytest.mark.django_db
def test_seed_refuses_to_overwrite_a_manually_entered_year_without_force():
    CalendarYear.objects.filter(year=2025).update(source="manual", notice="国办发明电〔2024〕12号")
    code, _, err = run("seed", "2025")
    assert code == 2 and "已人工录入" in err and "--force" in err
    code, _, _ = run("seed", "2025", "--force")
    assert code == 0 and CalendarYear.objects.get(year=2025).source == "chinese_calendar"


@pytest.mark.django_db
def test_years_lists_loaded_years_and_warns_about_missing_ones():
    code, out, _ = run("years")
    assert code == 0 and out.split()[0] == "23"


def test_argument_errors_are_chinese_too():
    from django.core.management.base import CommandError

    from gongkai.workdays.cli import chinese_message

    with pytest.raises(CommandError, match="错误：缺少参数"):
        call_command("workdays", "add")
    with pytest.raises(CommandError, match="错误：子命令 无效：bogus"):
        call_command("workdays", "bogus")
    assert chinese_message("unrecognized arguments: --bad") == "无法识别的参数：--bad"


@pytest.mark.django_db
def test_a_date_beyond_year_9999_is_refused_not_a_traceback():
    code, _, err = run("add", "9999-12-30", "5")
    assert code == 2 and err.startswith("错误：") and "日期范围" in err
