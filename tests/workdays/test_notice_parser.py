"""Reading the State Council's holiday notices as published (tests/workdays/notices/, see its README): for every
year 2019–2026 the parsed days agree with the chinese_calendar data on every day of the year."""

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from gongkai.workdays.notice import NoticeError, parse, read_notices
from gongkai.workdays.seed import chinese_name

NOTICES = Path(__file__).parent / "notices"
# a year's notice, then the amendments published after it
FILES = {2019: ["2019.txt", "2019-labour-day.txt"], 2020: ["2020.txt", "2020-extension.txt"],
         **{y: [f"{y}.txt"] for y in range(2021, 2027)}}


def text(name: str) -> str:
    return (NOTICES / name).read_text(encoding="utf-8")


def official(d: date) -> tuple[bool, str]:
    """(is a working day, the holiday's name) according to chinese_calendar."""
    is_holiday, english = chinese_calendar.get_holiday_detail(d)
    return (not is_holiday), chinese_name(english)


@pytest.mark.parametrize("year", sorted(FILES))
def test_the_notices_of_a_year_give_exactly_the_official_calendar(year):
    schedule = read_notices([text(f) for f in FILES[year]])
    off = {d: b.name for b in schedule.blocks for d in b.days()}
    makeup = dict(schedule.makeup)
    d = date(year, 1, 1)
    while d.year == year:
        works = d in makeup or (d.weekday() < 5 and d not in off)
        expected_works, expected_name = official(d)
        assert works == expected_works, f"{d}: parsed {'上班' if works else '放假'}"
        name = off.get(d) or makeup.get(d)
        if expected_name and (d.weekday() < 5 or d in makeup):
            assert name and expected_name in name.split("、"), (d, name, expected_name)
        d += timedelta(days=1)
    # and the days before 1 January that belong to the year's 元旦 block (e.g. 2018-12-30, 2023-12-30)
    for day in off:
        if day.year < year:
            assert not official(day)[0], day


def test_the_command_output_of_2025_lists_every_day_of_each_block_in_date_order():
    lines = read_notices([text("2025.txt")]).lines()
    assert lines[:4] == ["2025-01-01 放假 元旦", "2025-01-26 上班 春节", "2025-01-28 放假 春节", "2025-01-29 放假 春节"]
    assert "2025-04-05 放假 清明节" in lines  # a Saturday inside the block
    assert lines[-1] == "2025-10-11 上班 国庆节、中秋节"
    assert lines == sorted(lines)


def test_the_2024_notice_continues_new_year_over_the_weekend_before_it():
    lines = read_notices([text("2024.txt")]).lines()
    assert lines[:3] == ["2023-12-30 放假 元旦", "2023-12-31 放假 元旦", "2024-01-01 放假 元旦"]


def test_advice_to_rest_on_new_years_eve_is_not_a_holiday():
    schedule = read_notices([text("2024.txt")])
    assert "2024-02-09 放假 春节" not in schedule.lines()
    assert any("除夕" in note for note in schedule.notes)


def test_the_2020_extension_lengthens_spring_festival_and_drops_the_saturday_workday():
    before, after = read_notices([text("2020.txt")]), read_notices([text("2020.txt"), text("2020-extension.txt")])
    assert "2020-02-01 上班 春节" in before.lines() and "2020-02-01 放假 春节" in after.lines()
    assert after.block_named("春节").end == date(2020, 2, 2)
    assert after.reference == "国办发明电〔2019〕16号；国办发明电〔2020〕1号"


def test_an_amendment_alone_changes_the_schedule_loaded_now():
    base = read_notices([text("2019.txt")])
    amended = read_notices([text("2019-labour-day.txt")], base=base)
    assert amended.block_named("劳动节").days()[-1] == date(2019, 5, 4)
    assert (date(2019, 4, 28), "劳动节") in amended.makeup and (date(2019, 5, 5), "劳动节") in amended.makeup


def test_the_notice_is_read_from_a_web_page_copied_on_one_line_with_plain_punctuation():
    raw = text("2025.txt")
    one_line = raw.replace("\n", " ").replace("：", ":").replace("，", ",").replace("（", "(").replace("）", ")")
    assert read_notices([one_line]).lines() == read_notices([raw]).lines()


def test_the_header_is_read():
    notice = parse(text("2024.txt"))
    assert (notice.kind, notice.year, notice.number, notice.issued_on) == (
        "schedule", 2024, "国办发明电〔2023〕7号", date(2023, 10, 25))
    assert parse(text("2020-extension.txt")).kind == "extension"


MESSED_UP = [
    ("二、春节：1月28日（农历除夕、周二）", "二、春节：1月28日（农历除夕、周三）", "写的是星期三"),
    ("共8天。1月26日", "共9天。1月26日", "共9天"),
    ("五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。", "", "段落编号不连续"),
    ("1月26日（周日）、2月8日（周六）上班", "1月26日（周日）、2月8日（周六）上午上班", "无法读懂"),
    ("4月27日（周日）上班", "4月27日（周日）照常上班", "无法读懂"),
    ("二、春节：", "二、春天：", "不是法定节假日名称"),
    ("2月4日（农历正月初七、周二）", "2月31日（农历正月初七、周二）", "不存在"),
]


@pytest.mark.parametrize(("old", "new", "message"), MESSED_UP)
def test_text_that_cannot_be_read_completely_is_refused_with_a_chinese_sentence(old, new, message):
    raw = text("2025.txt")
    assert old in raw
    with pytest.raises(NoticeError) as refused:
        read_notices([raw.replace(old, new)])
    assert message in refused.value.message and "\n" not in refused.value.message


def test_a_truncated_paste_is_refused():
    raw = text("2025.txt")
    with pytest.raises(NoticeError, match="国庆节"):
        read_notices([raw[:raw.index("六、")]])


def test_an_amendment_without_its_year_is_refused():
    with pytest.raises(NoticeError, match="须先录入2020年全年"):
        read_notices([text("2020-extension.txt")])


@pytest.mark.parametrize("junk", ["", "   ", "随便写点什么", "国务院办公厅关于2027年部分节假日安排的通知"])
def test_empty_or_unrelated_text_is_refused(junk):
    with pytest.raises(NoticeError):
        read_notices([junk])
