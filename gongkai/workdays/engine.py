"""Working-day arithmetic over an immutable in-memory calendar snapshot (no database, no chinese_calendar).

Convention (statutory-spec §4.3): "自××之日起N个工作日内" — the start day is not counted by default; the Nth working
day after it is the due date. A working day is Monday–Friday, minus the official holidays, plus the make-up
working days (调休上班) on weekends. For a year whose schedule is not loaded, weekends and the fixed-date statutory
holidays of 《全国年节及纪念日放假办法》 (元旦 01-01, 劳动节 05-01 and — from 2025 — 05-02, 国庆节 10-01..10-03) are
skipped and the result is marked provisional (暂定); nothing here ever raises for an unloaded year.

Speed: every working day of a span of years is precomputed into one sorted list of date ordinals, so adding or
counting working days is a bisect and an index; dates outside the span fall back to a day-by-day walk.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from gongkai.core.errors import GongkaiError

WEEKDAYS = "一二三四五六日"
MAX_WORKDAYS = 10_000  # far beyond any statutory period; keeps dates inside the calendar's range
_MAX_ORDINAL = date.max.toordinal()
DEFAULT_SPAN = (2000, 2040)  # precomputed years of a calendar with no year loaded (outside: day by day)


def weekday_label(d: date) -> str:
    return f"星期{WEEKDAYS[d.weekday()]}"


def day_label(d: date) -> str:
    return f"{d.isoformat()}（{weekday_label(d)}）"


def unloaded_reason(year: int) -> str:
    return f"{year}年节假日安排未录入，按周一至周五计算（暂定）"


# 《全国年节及纪念日放假办法》 (2024年修订, from 2025-01-01): the statutory holidays with a fixed calendar date
# (the lunar ones — 春节、清明、端午、中秋 — and the 调休 are known only from the yearly notice).
# (month, day, name, first year)
FIXED_HOLIDAYS = ((1, 1, "元旦", 0), (5, 1, "劳动节", 0), (5, 2, "劳动节", 2025), (10, 1, "国庆节", 0),
                  (10, 2, "国庆节", 0), (10, 3, "国庆节", 0))


def fixed_holiday(d: date) -> str:
    """The name of the fixed-date statutory holiday on d, or ""."""
    for month, day, name, since in FIXED_HOLIDAYS:
        if d.month == month and d.day == day and d.year >= since:
            return name
    return ""


def fixed_holiday_reason(name: str) -> str:
    return f"{name}（法定节假日；当年放假安排未录入，按《全国年节及纪念日放假办法》暂定）"


def provisional_note(years: Iterable[int]) -> str:
    years = sorted(years)
    return "、".join(f"{y}年" for y in years) + "节假日安排未录入" if years else ""


def check_count(n, what: str = "工作日数") -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise GongkaiError(f"{what}必须是整数", field="n")
    if n < 0:
        raise GongkaiError(f"{what}不能为负数", field="n")
    if n > MAX_WORKDAYS:
        raise GongkaiError(f"{what}超出合理范围（最多{MAX_WORKDAYS}个）", field="n")
    return n


@dataclass(frozen=True, slots=True)
class Step:
    """One day examined while counting."""

    date: date
    counted: bool
    ordinal: int | None  # 1 for the first counted working day, …
    reason: str  # 工作日 / 周六 / 周日 / 春节放假 / 调休上班（春节） / 2027年节假日安排未录入…
    provisional: bool = False


class WorkdayResult:
    """The due date of add_workdays, with what is needed to explain it day by day."""

    __slots__ = ("start", "n", "count_start", "date", "unloaded_years", "_cal")

    def __init__(self, start: date, n: int, count_start: bool, result: date, unloaded_years: set, cal):
        self.start = start
        self.n = n
        self.count_start = count_start
        self.date = result
        self.unloaded_years = unloaded_years
        self._cal = cal

    @property
    def provisional(self) -> bool:
        return bool(self.unloaded_years)

    def __repr__(self):
        flag = " provisional" if self.unloaded_years else ""
        return f"<WorkdayResult {self.start.isoformat()} +{self.n} → {self.date.isoformat()}{flag}>"

    def provisional_note(self) -> str:
        """"（暂定：2027年节假日安排未录入）" or ""."""
        return f"（暂定：{provisional_note(self.unloaded_years)}）" if self.unloaded_years else ""

    def explain(self) -> list[Step]:
        cal, steps = self._cal, []
        o, end = self.start.toordinal(), self.date.toordinal()
        if not self.count_start:
            steps.append(Step(self.start, False, None, "起算日，当日不计入"))
            o += 1
        count = 0
        while o <= end and count < self.n:
            d = date.fromordinal(o)
            counted = cal.is_workday_ordinal(o)
            count += counted
            steps.append(Step(d, counted, count if counted else None, cal.reason(d), d.year not in cal.loaded_years))
            o += 1
        return steps

    def explain_text(self) -> list[str]:
        """Chinese lines for a letter or the screen: start day, each counted day, skipped runs, due date."""
        how = "当日计入" if self.count_start else "当日不计入"
        lines = [f"起算日 {day_label(self.start)}，{how}"]
        steps = self.explain()
        if not self.count_start:
            steps = steps[1:]
        i = 0
        while i < len(steps):
            step = steps[i]
            if step.counted:
                extra = "" if step.reason == "工作日" else f"：{step.reason}"
                lines.append(f"{day_label(step.date)} 第{step.ordinal}个工作日{extra}")
                i += 1
                continue
            j = i
            while j + 1 < len(steps) and not steps[j + 1].counted:
                j += 1
            reasons = list(dict.fromkeys(s.reason for s in steps[i:j + 1]))
            reason = "周末" if set(reasons) == {"周六", "周日"} else "、".join(reasons)
            span = day_label(step.date) if i == j else f"{day_label(step.date)} 至 {day_label(steps[j].date)}"
            lines.append(f"{span} 不计：{reason}")
            i = j + 1
        where = "自起算日起" if self.count_start else "起算日后"
        lines.append(f"届满日 {day_label(self.date)}：{where}第{self.n}个工作日")
        if self.unloaded_years:
            lines.append(f"注意：{provisional_note(self.unloaded_years)}，相关日期按周一至周五（扣除元旦、劳动节、国庆节"
                         "等固定日期的法定节假日）计算，结果为暂定；"
                         "录入国务院办公厅放假安排后请重新核对。")
        return lines


class Calendar:
    """An immutable snapshot of the calendar tables.

    days: (date, kind, name) rows, kind "holiday" or "makeup"; rows of years not in loaded_years are ignored.
    """

    def __init__(self, days: Iterable[tuple], loaded_years: Iterable[int], *, fingerprint=None,
                 span_years: tuple[int, int] | None = None):
        self.loaded_years = frozenset(loaded_years)
        self.fingerprint = fingerprint
        self._rest: dict[int, str] = {}
        self._makeup: dict[int, str] = {}
        for row in days:
            d, kind, name = row[0], row[1], row[2]
            if d.year not in self.loaded_years:
                continue
            (self._makeup if kind == "makeup" else self._rest)[d.toordinal()] = name or ""
        if span_years is None:  # precompute around the loaded years (or a fixed span when none is loaded)
            lo, hi = (min(self.loaded_years), max(self.loaded_years)) if self.loaded_years else DEFAULT_SPAN
            span_years = (lo - 1, hi + 10)
        self._lo = date(span_years[0], 1, 1).toordinal()
        self._hi = date(span_years[1], 12, 31).toordinal()
        # unloaded years inside the span: their fixed-date holidays (outside the span: checked day by day)
        self._fixed: dict[int, str] = {}
        for year in range(span_years[0], span_years[1] + 1):
            if year not in self.loaded_years:
                for month, day, name, since in FIXED_HOLIDAYS:
                    if year >= since:
                        self._fixed[date(year, month, day).toordinal()] = name
        is_wd = self.is_workday_ordinal
        self._wd = [o for o in range(self._lo, self._hi + 1) if is_wd(o)]
        self._count = len(self._wd)

    # --- single days -------------------------------------------------------------------------------------------
    def is_workday_ordinal(self, o: int) -> bool:
        if o in self._makeup:
            return True
        if o in self._rest or o in self._fixed:
            return False
        if (o + 6) % 7 >= 5:  # ordinal 1 (0001-01-01) is a Monday
            return False
        if (o < self._lo or o > self._hi) and 0 < o <= _MAX_ORDINAL:
            d = date.fromordinal(o)
            return d.year in self.loaded_years or not fixed_holiday(d)
        return True

    def is_workday(self, d: date) -> bool:
        return self.is_workday_ordinal(d.toordinal())

    def reason(self, d: date) -> str:
        """Why a day is or is not a working day, in Chinese."""
        o, wk = d.toordinal(), d.weekday()
        if d.year not in self.loaded_years:
            name = fixed_holiday(d)
            if name:
                return fixed_holiday_reason(name)
            return ("周六", "周日")[wk - 5] if wk >= 5 else unloaded_reason(d.year)
        if o in self._makeup:
            name = self._makeup[o]
            return f"调休上班（{name}）" if name else "调休上班"
        if o in self._rest:
            return f"{self._rest[o] or '法定节假日'}放假"
        return ("周六", "周日")[wk - 5] if wk >= 5 else "工作日"

    def name(self, d: date) -> str:
        """The holiday a day belongs to (放假 or 调休上班), "" for an ordinary working day or weekend."""
        o = d.toordinal()
        if d.year not in self.loaded_years:
            return fixed_holiday(d)
        return self._makeup.get(o) or self._rest.get(o) or ""

    def status(self, d: date) -> tuple[bool, str]:
        """What a day is, for comparing two calendars: (working day, holiday name). A provisional ordinary day and
        the same day once its year is loaded compare equal."""
        return self.is_workday(d), self.name(d)

    def label(self, d: date) -> str:
        """A short Chinese label: 工作日 / 周六 / 春节放假 / 调休上班（春节）, with （暂定） for an unloaded year."""
        reason = self.reason(d)
        if d.year in self.loaded_years:
            return reason
        name = fixed_holiday(d)
        return f"{name}（暂定）" if name else ("工作日（暂定）" if d.weekday() < 5 else reason)

    # --- arithmetic --------------------------------------------------------------------------------------------
    def add(self, start: date, n: int, count_start: bool = False) -> WorkdayResult:
        """The nth working day after `start` (counting `start` itself when count_start and it is a working day)."""
        if n.__class__ is not int or n < 0 or n > MAX_WORKDAYS:
            check_count(n)
        o = start.toordinal()
        first = o if count_start else o + 1
        if n == 0:
            return WorkdayResult(start, 0, count_start, start, set(), self)
        i = (bisect_left if count_start else bisect_right)(self._wd, o) + n - 1
        if first >= self._lo and i < self._count:
            r = self._wd[i]
        else:
            r = self._walk(first, n)
        if r > _MAX_ORDINAL:
            raise GongkaiError("计算结果超出可表示的日期范围", field="n")
        result = date.fromordinal(r)
        y1, y2, loaded = start.year, result.year, self.loaded_years
        if first != o and start.month == 12 and start.day == 31:
            y1 += 1
        if y1 == y2:
            unloaded = set() if y1 in loaded else {y1}
        else:
            unloaded = {y for y in range(y1, y2 + 1) if y not in loaded}
        return WorkdayResult(start, n, count_start, result, unloaded, self)

    def _walk(self, o: int, n: int) -> int:
        count, is_wd = 0, self.is_workday_ordinal
        while True:
            if is_wd(o):
                count += 1
                if count == n:
                    return o
            o += 1

    def between(self, a: date, b: date) -> int:
        """Working days in (a, b]: after a, up to and including b. Negative when b is before a."""
        if b < a:
            return -self.between(b, a)
        oa, ob = a.toordinal(), b.toordinal()
        if oa + 1 >= self._lo and ob <= self._hi:
            return bisect_right(self._wd, ob) - bisect_right(self._wd, oa)
        is_wd = self.is_workday_ordinal
        return sum(1 for o in range(oa + 1, ob + 1) if is_wd(o))

    def unloaded_years(self, a: date, b: date) -> set[int]:
        """Years between a and b (inclusive) whose schedule is not loaded."""
        lo, hi = min(a.year, b.year), max(a.year, b.year)
        return {y for y in range(lo, hi + 1) if y not in self.loaded_years}
