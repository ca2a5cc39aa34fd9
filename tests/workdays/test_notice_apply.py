"""Entering next year's calendar from the State Council notice: the command, the office pages, and the open cases
whose provisional deadline moves (listed for their handler, audited)."""

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from gongkai.agencies.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.cases import steps
from gongkai.cases.models import Application, DeadlineChange
from gongkai.workdays import services
from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.notice import read_notices
from tests.cases.conftest import register
from tests.cli import run_command
from tests.conftest import logged_in, make_user

NOTICES = Path(__file__).parent / "notices"

# An invented notice for 2027, in the official wording, for these tests only (the real one is not known here).
INVENTED_2027 = """国务院办公厅关于2027年部分节假日安排的通知
国办发明电〔2026〕99号（测试用，虚构）
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2027年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天。1月31日（周日）、2月20日（周六）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）、5月8日（周六）上班。
五、端午节：6月9日（周三）放假1天，不调休。
六、中秋节：9月15日（周三）放假1天，不调休。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。
国务院办公厅
2026年11月20日
"""


@pytest.fixture
def year_2027_provisional(db):
    CalendarDay.objects.filter(date__year=2027).delete()
    CalendarYear.objects.filter(year=2027).delete()
    services.invalidate()


@pytest.fixture
def gov_admin(government):
    return make_user("gov-admin", government, Role.ADMIN, name="县政府管理员")


@pytest.fixture
def cases_across_spring_festival(clerk, head, agency, year_2027_provisional):
    """Two open cases with provisional deadlines: one runs over the 2027 Spring Festival, one ends before it."""
    moving = register(clerk, agency, "2026-12-21", today=date(2026, 12, 21))
    moving = steps.extend(head, moving, days=20, reason="涉及多个科室", revision=moving.revision, today=date(2027, 1, 4))
    staying = register(clerk, agency, "2026-12-22", today=date(2026, 12, 22))
    return Application.objects.get(pk=moving.pk), Application.objects.get(pk=staying.pk)


def test_the_command_lists_every_day_and_applies_nothing_without_apply(tmp_path, db):
    code, out, err = run_command("workdays", "notice", str(NOTICES / "2025.txt"))
    assert code == 0 and err == ""
    assert out.splitlines()[:2] == ["2025-01-01 放假 元旦", "2025-01-26 上班 春节"]
    assert CalendarYear.objects.get(year=2025).source == "chinese_calendar"


def test_an_amendment_alone_is_read_against_the_year_loaded_now(db):
    # 2020 as first announced (the package data already holds the later extension)
    services.apply_schedule(None, read_notices([(NOTICES / "2020.txt").read_text(encoding="utf-8")]),
                            today=date(2020, 1, 20))
    assert services.is_workday(date(2020, 2, 1))
    code, out, _ = run_command("workdays", "notice", str(NOTICES / "2020-extension.txt"), "--apply")
    assert code == 0 and "2020-02-01 放假 春节" in out.splitlines() and "2020-02-02 放假 春节" in out.splitlines()
    assert not services.is_workday(date(2020, 2, 1)) and services.is_workday(date(2020, 2, 3))
    assert CalendarYear.objects.get(year=2020).notice == "国办发明电〔2019〕16号；国办发明电〔2020〕1号"


def test_an_extension_already_in_the_calendar_is_refused(db):
    code, _, err = run_command("workdays", "notice", str(NOTICES / "2020-extension.txt"))
    assert code == 2 and "不晚于原安排" in err


@pytest.mark.parametrize("content, message", [
    ("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周四）放假。", "写的是星期四"),
    ("一段无关的文字", "没有找到通知标题"),
])
def test_a_notice_it_cannot_read_is_one_chinese_line_with_exit_2_and_nothing_applied(tmp_path, db, content, message):
    path = tmp_path / "notice.txt"
    path.write_text(content, encoding="utf-8")
    code, out, err = run_command("workdays", "notice", str(path), "--apply")
    assert code == 2 and out == "" and message in err and len(err.strip().splitlines()) == 1
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_missing_file_is_one_chinese_line(db):
    code, _, err = run_command("workdays", "notice", "/nonexistent/notice.txt")
    assert code == 2 and "找不到文件" in err


def test_a_gb18030_file_is_read(tmp_path, db):
    path = tmp_path / "2026.txt"
    path.write_bytes((NOTICES / "2026.txt").read_text(encoding="utf-8").encode("gb18030"))
    code, out, _ = run_command("workdays", "notice", str(path))
    assert code == 0 and "2026-02-14 上班 春节" in out


def test_applying_2027_recomputes_provisional_deadlines_and_lists_the_moved_ones(tmp_path, clerk,
                                                                                  cases_across_spring_festival):
    moving, staying = cases_across_spring_festival
    assert (moving.due_date, moving.due_provisional) == (date(2027, 2, 16), True)
    assert (staying.due_date, staying.due_provisional) == (date(2027, 1, 20), True)
    path = tmp_path / "2027.txt"
    path.write_text(INVENTED_2027, encoding="utf-8")

    code, out, err = run_command("workdays", "notice", str(path), "--apply")

    assert code == 0, err
    assert "已录入2027年节假日安排（国办发明电〔2026〕99号）" in out
    assert f"{moving.tracking_code} 2027-02-16 → 2027-02-22" in out
    moving, staying = (Application.objects.get(pk=a.pk) for a in (moving, staying))
    # the Sunday 31 January and Saturday 20 February are working days; 5–12 February are not
    assert (moving.due_date, moving.due_provisional) == (date(2027, 2, 22), False)
    assert (staying.due_date, staying.due_provisional) == (date(2027, 1, 20), False)
    change = DeadlineChange.objects.get()
    assert (change.application, change.old_due, change.new_due) == (moving, date(2027, 2, 16), date(2027, 2, 22))
    assert list(DeadlineChange.objects.for_handler(clerk).unacknowledged()) == [change]
    entry = AuditEntry.objects.get(action="case.deadline.recompute")
    assert entry.data["old_due"] == "2027-02-16" and entry.data["new_due"] == "2027-02-22"
    year = CalendarYear.objects.get(year=2027)
    assert (year.loaded, year.source) == (True, "notice")
    assert AuditEntry.objects.filter(action="calendar.year.enter", data__year=2027).exists()


def test_the_preview_shows_each_difference_and_nothing_is_entered_until_confirmed(client, gov_admin,
                                                                                   year_2027_provisional):
    c = logged_in(client, gov_admin)
    page = c.post(reverse("workdays:notice_preview"), {"text": INVENTED_2027})
    html = page.content.decode()
    assert page.status_code == 200 and "国办发明电〔2026〕99号" in html
    assert "2027-01-31（星期日）" in html and "调休上班（春节）" in html  # a difference: a Sunday becomes a workday
    assert 'class="day makeup changed"' in html
    assert not CalendarYear.objects.filter(year=2027).exists()

    done = c.post(reverse("workdays:notice_apply"), {"text": INVENTED_2027})
    assert done.status_code == 302 and CalendarYear.objects.get(year=2027).loaded


def test_a_notice_that_cannot_be_read_keeps_the_pasted_text_and_says_why(client, gov_admin, year_2027_provisional):
    broken = INVENTED_2027.replace("2月5日（农历除夕、周五）", "2月5日（农历除夕、周六）")
    page = logged_in(client, gov_admin).post(reverse("workdays:notice_preview"), {"text": broken})
    html = page.content.decode()
    assert page.status_code == 200 and "写的是星期六" in html and "农历除夕、周六" in html
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_only_a_government_administrator_may_read_a_notice_into_the_calendar(client, clerk, admin_user):
    for user in (clerk, admin_user):  # a department's administrator neither
        c = logged_in(client, user)
        assert c.post(reverse("workdays:notice_preview"), {"text": INVENTED_2027}).status_code == 403
        assert c.post(reverse("workdays:notice_apply"), {"text": INVENTED_2027}).status_code == 403


def test_the_notice_pages_accept_only_post(client, gov_admin):
    c = logged_in(client, gov_admin)
    assert c.get(reverse("workdays:notice_preview")).status_code == 405
    assert c.get(reverse("workdays:notice_apply")).status_code == 405


def test_the_calendar_page_shows_the_year_as_a_grid(client, clerk):
    html = logged_in(client, clerk).get(reverse("workdays:calendar"), {"year": 2026}).content.decode()
    assert 'title="2026-02-14 调休上班（春节）"' in html and 'title="2026-02-16 春节放假"' in html
    assert "chinese_calendar" not in html


def test_every_official_notice_applies_through_the_service_like_the_package(db):
    """Entering 2024 from its notice leaves the same working days as the seeded package data."""
    before = services.year_workdays(2024)
    schedule = read_notices([(NOTICES / "2024.txt").read_text(encoding="utf-8")])
    services.apply_schedule(None, schedule, today=date(2026, 12, 1))
    assert services.year_workdays(2024) == before == 251


def test_the_handler_sees_the_moved_deadline_on_the_office_home_and_acknowledges_it(client, clerk, head,
                                                                                     cases_across_spring_festival):
    moving, _ = cases_across_spring_festival
    services.apply_schedule(None, read_notices([INVENTED_2027]), today=date(2027, 1, 4))
    c = logged_in(client, clerk)
    html = c.get(reverse("office:home")).content.decode()
    assert "答复期限变动" in html and moving.tracking_code in html and "2027-02-22" in html
    change = DeadlineChange.objects.get()
    assert c.post(reverse("cases:deadline_change_ack", args=[change.pk])).status_code == 302
    assert "答复期限变动" not in c.get(reverse("office:home")).content.decode()
    assert AuditEntry.objects.filter(action="case.deadline.acknowledge", actor=clerk).exists()


def test_acknowledging_is_refused_to_other_agencies_and_to_get(client, outsider_from_other_agency, clerk,
                                                             cases_across_spring_festival):
    services.apply_schedule(None, read_notices([INVENTED_2027]), today=date(2027, 1, 4))
    change = DeadlineChange.objects.get()
    url = reverse("cases:deadline_change_ack", args=[change.pk])
    assert logged_in(client, clerk).get(url).status_code == 405
    assert logged_in(client, outsider_from_other_agency).post(url).status_code in (403, 404)
    assert DeadlineChange.objects.get().acknowledged_at is None
