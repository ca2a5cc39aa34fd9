"""Reading the State Council's holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知) into days.

Two kinds of notice are read:
* a year's schedule: numbered paragraphs such as
  "二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。"
* an amendment of one holiday of a year already scheduled: 国务院办公厅关于延长2020年春节假期的通知
  ("延长2020年春节假期至2月2日（农历正月初九，星期日），2月3日（星期一）起正常上班。") and
  关于调整2019年劳动节假期安排的通知 ("2019年5月1日至4日放假调休，共4天。4月28日（星期日）、5月5日（星期日）上班。").

Nothing is guessed. Every sentence of a holiday paragraph that names a date must be read completely; a weekday
written beside a date must be that date's weekday; "共N天" must be the length of the range; a year's schedule must
cover the seven statutory holidays with consecutively numbered paragraphs. Anything else raises NoticeError with
one Chinese sentence naming what could not be read. Sentences without dates (the closing paragraphs, 鼓励… advice
such as "安排职工在除夕（2月9日）休息" — which is not a holiday) carry no schedule and are kept as notes.

The result is a Schedule (holiday blocks and make-up working days) that services.apply_schedule enters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from gongkai.core.errors import GongkaiError

from .engine import WEEKDAYS, day_label

HOLIDAYS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
NUMERALS = "一二三四五六七八九十"
MAX_TEXT = 20_000


class NoticeError(GongkaiError):
    """The notice could not be read completely; nothing is applied."""


@dataclass(frozen=True)
class Block:
    """One holiday block: every day from start to end is a day off (weekend days inside it included)."""

    name: str
    start: date
    end: date

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


@dataclass
class Schedule:
    """A year's holiday blocks and make-up working days (调休上班), as a notice sets them."""

    year: int
    blocks: list[Block] = field(default_factory=list)
    makeup: list[tuple[date, str]] = field(default_factory=list)
    reference: str = ""        # the 文号, else the title and date of the notice(s)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """`YYYY-MM-DD 放假 名称` for every day of each block and `YYYY-MM-DD 上班 名称` for each make-up day."""
        rows = [(d, "放假", b.name) for b in self.blocks for d in b.days()]
        rows += [(d, "上班", name) for d, name in self.makeup]
        return [f"{d.isoformat()} {what} {name}" for d, what, name in sorted(rows)]

    def holiday_ranges(self) -> list[tuple[date, date, str]]:
        return [(b.start, b.end, b.name) for b in sorted(self.blocks, key=lambda b: b.start)]

    def block_named(self, name: str) -> Block | None:
        return next((b for b in self.blocks if name in b.name.split("、")), None)


@dataclass(frozen=True)
class Notice:
    kind: str                  # "schedule" | "extension" | "adjustment"
    year: int
    title: str
    number: str                # 文号, e.g. 国办发明电〔2024〕12号 ("" when the text does not carry it)
    issued_on: date | None     # the date under 国务院办公厅
    blocks: tuple[Block, ...]
    makeup: tuple[tuple[date, str], ...]
    holiday: str = ""          # the holiday an amendment changes
    notes: tuple[str, ...] = ()

    @property
    def reference(self) -> str:
        if self.number:
            return self.number
        when = f"（{self.issued_on.year}年{self.issued_on.month}月{self.issued_on.day}日）" if self.issued_on else ""
        return f"{self.title}{when}"


# --- text -------------------------------------------------------------------------------------------------------
def normalise(text: str) -> str:
    """Full-width letters, digits and punctuation to their plain forms (（）：， → ():,), one space for runs."""
    text = unicodedata.normalize("NFKC", text or "").replace("\u3000", " ")
    return re.sub(r"[ \t\r\f\v]+", " ", text)


DATE = r"(?:(?P<{p}y>\d{{4}})年)?(?:(?P<{p}m>\d{{1,2}})月)?(?P<{p}d>\d{{1,2}})日(?:\((?P<{p}note>[^()]*)\))?"


def _date(p: str) -> str:
    return DATE.format(p=p)


TITLE = re.compile(r"国务院办公厅关于(?:(?P<ext>延长)|(?P<adj>调整))?(?P<year>\d{4})年(?:(?P<name>[\u4e00-\u9fff]{2,4}?)假期(?:安排)?"
                   r"|部分节假日安排)的通知")
NUMBER = re.compile(r"国办发明电\s*[〔\[(【]\s*(\d{4})\s*[〕\])】]\s*(\d{1,3})\s*号")
SIGNED = re.compile(r"国务院办公厅\s*\n?\s*(\d{4})年(\d{1,2})月(\d{1,2})日")
PARAGRAPH = re.compile(rf"(?:^|(?<=[。\n]))[ ]*([{NUMERALS}]{{1,3}})、")
CLOSING = re.compile(r"(节假日期间|劳动节期间|春节期间|国务院办公厅\s*\n|国务院办公厅\s*\d{4}年)")
RANGE = re.compile(rf"^{_date('a')}(?:至{_date('b')})?放假(?P<tiao>调休)?(?P<days>\d+天)?(?P<rest>(?:,[^,]+)*)$")
MAKEUP = re.compile(rf"^(?P<list>{_date('x')}(?:[、,]{_date('z')})*)上班$")
ONE_DATE = re.compile(_date("o"))
EXTEND = re.compile(rf"^延长(?:(?P<year>\d{{4}})年)?(?P<name>[\u4e00-\u9fff]{{2,4}}?)假期至{_date('a')}"
                    rf"(?:,{_date('b')}起正常上班)?$")
HAS_DATE = re.compile(r"\d{1,2}日")


def _numeral(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + NUMERALS.index(text[1]) + 1
    if text.endswith("十"):
        return (NUMERALS.index(text[0]) + 1) * 10
    if "十" in text:
        tens, ones = text.split("十")
        return (NUMERALS.index(tens) + 1) * 10 + NUMERALS.index(ones) + 1
    return NUMERALS.index(text) + 1


def _weekday_of(note: str | None) -> int | None:
    m = re.search(r"(?:星期|周)([一二三四五六日天])", note or "")
    if not m:
        return None
    return 6 if m.group(1) in "日天" else WEEKDAYS.index(m.group(1))


class _Dates:
    """Reads the dates of one sentence: a missing year is the notice's year, a missing month that of the date
    before it in the sentence."""

    def __init__(self, year: int, sentence: str):
        self.year = year
        self.sentence = sentence
        self.last: date | None = None

    def read(self, m: re.Match, p: str) -> date:
        y, mo, d, note = m.group(f"{p}y"), m.group(f"{p}m"), m.group(f"{p}d"), m.group(f"{p}note")
        year = int(y) if y else (self.last.year if self.last and not mo else self.year)
        if mo is None and self.last is None:
            raise NoticeError(f"无法确定“{self.sentence}”中日期的月份")
        month = int(mo) if mo else self.last.month
        try:
            value = date(year, month, int(d))
        except ValueError:
            raise NoticeError(f"“{self.sentence}”中的日期 {year}年{month}月{d}日 不存在") from None
        wd = _weekday_of(note)
        if wd is not None and wd != value.weekday():
            raise NoticeError(f"“{self.sentence}”中 {value.month}月{value.day}日 写的是星期{WEEKDAYS[wd]}，"
                              f"但 {day_label(value)}")
        self.last = value
        return value


# --- sentences --------------------------------------------------------------------------------------------------
def _extend_over_weekend(start: date, end: date) -> tuple[date, date]:
    """与周末连休: the block takes in the weekend days next to it."""
    while (start - timedelta(days=1)).weekday() >= 5:
        start -= timedelta(days=1)
    while (end + timedelta(days=1)).weekday() >= 5:
        end += timedelta(days=1)
    return start, end


def _range(m: re.Match, year: int, sentence: str, name: str) -> Block:
    dates = _Dates(year, sentence)
    start = dates.read(m, "a")
    end = dates.read(m, "b") if m.group("bd") else start
    if end < start:
        raise NoticeError(f"“{sentence}”中的结束日期早于开始日期")
    declared = int(m.group("days")[:-1]) if m.group("days") else None
    weekend = False
    for clause in filter(None, (m.group("rest") or "").split(",")):
        clause = clause.strip()
        if re.fullmatch(r"共\d+天", clause):
            declared = int(clause[1:-1])
        elif clause == "与周末连休":
            weekend = True
        elif clause != "不调休":
            raise NoticeError(f"无法读懂“{sentence}”中的“{clause}”")
    if declared is not None and declared != (end - start).days + 1:
        raise NoticeError(f"“{sentence}”写明共{declared}天，但 {start.month}月{start.day}日至{end.month}月{end.day}日"
                          f"是{(end - start).days + 1}天")
    if weekend:
        start, end = _extend_over_weekend(start, end)
    return Block(name, start, end)


def _makeups(m: re.Match, year: int, sentence: str) -> list[date]:
    dates = _Dates(year, sentence)
    return [dates.read(one, "o") for one in ONE_DATE.finditer(m.group("list"))]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"[。;]", text) if s.strip()]


def _paragraphs(body: str) -> list[tuple[int, str]]:
    """The numbered paragraphs (一、二、…) up to the closing paragraph."""
    marks = list(PARAGRAPH.finditer(body))
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(body)
        text = body[m.end():end]
        closing = CLOSING.search(text)
        if closing:
            text = text[:closing.start()]
        out.append((_numeral(m.group(1)), text.strip()))
    return out


def _header(text: str) -> tuple[str, int, str, str]:
    m = TITLE.search(text)
    if not m:
        year = re.search(r"现将(\d{4})年", text)
        if not year:
            raise NoticeError("没有找到通知标题（国务院办公厅关于××××年部分节假日安排的通知）或通知所安排的年度")
        return "schedule", int(year.group(1)), f"国务院办公厅关于{year.group(1)}年部分节假日安排的通知", ""
    kind = "extension" if m.group("ext") else "adjustment" if m.group("adj") else "schedule"
    name = m.group("name") or ""
    if kind != "schedule" and name not in HOLIDAYS:
        raise NoticeError(f"通知标题中的“{name}”不是法定节假日名称")
    return kind, int(m.group("year")), m.group(0), name


def parse(text: str) -> Notice:
    """Read one notice. Raises NoticeError (one Chinese sentence) when any part of its schedule cannot be read."""
    if not isinstance(text, str) or not text.strip():
        raise NoticeError("通知内容为空，请粘贴国务院办公厅通知的全文")
    if len(text) > MAX_TEXT:
        raise NoticeError(f"通知内容过长（最多 {MAX_TEXT} 字），请只粘贴通知正文")
    text = normalise(text)
    kind, year, title, holiday = _header(text)
    number = NUMBER.search(text)
    signed = SIGNED.search(text)
    issued_on = None
    if signed:
        try:
            issued_on = date(*(int(g) for g in signed.groups()))
        except ValueError:
            issued_on = None
    body = text[text.index(title) + len(title):] if title in text else text
    paragraphs = _paragraphs(body)
    if not paragraphs:
        raise NoticeError("没有找到编号段落（一、二、……），请粘贴通知全文")
    numbers = [n for n, _ in paragraphs]
    if numbers != list(range(1, len(numbers) + 1)):
        raise NoticeError(f"通知的段落编号不连续（{'、'.join(map(str, numbers))}），可能缺少了部分内容")
    blocks: list[Block] = []
    makeup: list[tuple[date, str]] = []
    notes: list[str] = []
    for n, paragraph in paragraphs:
        head = re.match(r"^(?P<name>[\u4e00-\u9fff、]{2,12}):(?P<rest>.*)$", paragraph, re.S)
        if head:
            name, rest = head.group("name"), head.group("rest")
            unknown = [part for part in name.split("、") if part not in HOLIDAYS]
            if unknown:
                raise NoticeError(f"第{NUMERALS[n - 1] if n <= 10 else n}段的“{'、'.join(unknown)}”不是法定节假日名称")
        elif kind != "schedule":
            name, rest = holiday, paragraph
        else:
            raise NoticeError(f"无法读懂第{n}段：“{paragraph[:40]}”（应以节日名称和冒号开头，如“二、春节：”）")
        _read_paragraph(kind, year, name, rest, blocks, makeup, notes)
    if not blocks:
        raise NoticeError("通知中没有找到放假安排")
    if kind == "schedule":
        covered = {part for b in blocks for part in b.name.split("、")}
        missing = [h for h in HOLIDAYS if h not in covered]
        if missing:
            raise NoticeError(f"通知中没有找到{'、'.join(missing)}的放假安排，可能粘贴不完整")
    return Notice(kind, year, title, f"国办发明电〔{number.group(1)}〕{number.group(2)}号" if number else "",
                  issued_on, tuple(blocks), tuple(makeup), holiday, tuple(notes))


def _read_paragraph(kind, year, name, text, blocks, makeup, notes) -> None:
    for sentence in _sentences(text):
        compact = sentence.replace(" ", "")
        if m := RANGE.match(compact):
            blocks.append(_range(m, year, sentence, name))
        elif m := MAKEUP.match(compact):
            makeup.extend((d, name) for d in _makeups(m, year, sentence))
        elif (m := EXTEND.match(compact)) and kind == "extension":
            dates = _Dates(int(m.group("year") or year), sentence)
            end = dates.read(m, "a")
            if m.group("bd") and dates.read(m, "b") != end + timedelta(days=1):
                raise NoticeError(f"“{sentence}”中恢复上班的日期不是假期结束的次日")
            blocks.append(Block(m.group("name"), end, end))  # the new last day; the start comes from the schedule
        elif compact.startswith("鼓励") or not HAS_DATE.search(compact):
            notes.append(sentence)
        else:
            raise NoticeError(f"无法读懂“{sentence}”")


# --- schedules ----------------------------------------------------------------------------------------------------
def schedule_of(notices: list[Notice], base: Schedule | None = None) -> Schedule:
    """The year's schedule from a year's notice and any amendments after it (in the order given). An amendment
    alone changes `base` (the schedule loaded now)."""
    if not notices:
        raise NoticeError("没有可读取的通知")
    years = {n.year for n in notices}
    if len(years) > 1:
        raise NoticeError(f"这些通知安排的不是同一年（{'、'.join(map(str, sorted(years)))}），请分别录入")
    year = years.pop()
    schedule = None
    refs = []
    for notice in notices:
        refs.append(notice.reference)
        if notice.kind == "schedule":
            schedule = Schedule(year, list(notice.blocks), list(notice.makeup), notes=list(notice.notes))
            continue
        if schedule is None and base is not None:
            schedule = Schedule(year, list(base.blocks), list(base.makeup))
            refs.insert(0, base.reference)
        if schedule is None:
            raise NoticeError(f"“{notice.title}”只调整了{notice.holiday}，须先录入{year}年全年的放假安排")
        _amend(schedule, notice)
        schedule.notes.extend(notice.notes)
    schedule.reference = "；".join(dict.fromkeys(r for r in refs if r))
    return schedule


def _amend(schedule: Schedule, notice: Notice) -> None:
    old = schedule.block_named(notice.holiday)
    if old is None:
        raise NoticeError(f"{notice.year}年的放假安排中没有{notice.holiday}，无法按“{notice.title}”调整")
    if notice.kind == "extension":
        new_end = notice.blocks[-1].end
        if new_end <= old.end:
            raise NoticeError(f"“{notice.title}”延长后的最后一天（{day_label(new_end)}）不晚于原安排（{day_label(old.end)}）")
        new = Block(old.name, old.start, new_end)
        kept = list(schedule.makeup)
    else:
        if len(notice.blocks) != 1:
            raise NoticeError(f"“{notice.title}”应只有一个放假区间")
        new = Block(old.name, notice.blocks[0].start, notice.blocks[0].end)
        kept = [(d, n) for d, n in schedule.makeup if notice.holiday not in n.split("、")]  # replaced below
    schedule.blocks[schedule.blocks.index(old)] = new
    # a make-up day that falls inside the new block is a day off now
    kept = [(d, n) for d, n in kept if not new.start <= d <= new.end]
    schedule.makeup = sorted(kept + [(d, new.name) for d, _n in notice.makeup])


def schedule_from_rows(year: int, rows) -> Schedule:
    """The schedule loaded now, from CalendarDay rows (date, kind, name) of the year: consecutive holiday rows
    with the same name make one block."""
    blocks: list[Block] = []
    makeup = []
    for d, kind, name in sorted(rows):
        if kind == "makeup":
            makeup.append((d, name))
        elif blocks and blocks[-1].name == name and blocks[-1].end + timedelta(days=1) == d:
            blocks[-1] = Block(name, blocks[-1].start, d)
        else:
            blocks.append(Block(name, d, d))
    return Schedule(year, blocks, makeup)


def read_notices(texts: list[str], base: Schedule | None = None) -> Schedule:
    return schedule_of([parse(t) for t in texts], base)
