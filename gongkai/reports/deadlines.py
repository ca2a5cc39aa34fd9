"""The statutory dates of the annual report (《中华人民共和国政府信息公开条例》第四十九条).

- 第四十九条第一款: a 县级以上人民政府部门 submits its report for the previous year to the 本级人民政府's
  政府信息公开工作主管部门 (政务公开办) and publishes it by 31 January.
- 第四十九条第二款: the 本级人民政府's report for the previous year is published by 31 March.
- 乡镇人民政府 and 街道办事处 are held to the department's date (31 January, to the county's 政务公开办), as the
  provinces' rules on 乡镇 reports do.
A deadline warns WARN_DAYS days before it falls due, and stays red after it has passed while not done.
Only agencies that publish a report (Agency.publishes_reports: 本级政府, 部门, 乡镇) have these deadlines; a 内设科室
has none. Every year since FIRST_YEAR is owed, whether or not a report for it was ever started.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.agencies.models import AgencyLevel

from .models import SUBMITTED_OR_LATER, Report, ReportStatus

WARN_DAYS = 30
FIRST_YEAR = 2019  # the first report year under the 2019 条例 (in force 15 May 2019)
ARTICLE = "《中华人民共和国政府信息公开条例》第四十九条"


@dataclass(frozen=True)
class Deadline:
    key: str            # "submit" | "publish"
    year: int           # the report year
    label: str
    due: date
    basis: str
    done_on: date | None
    today: date

    @property
    def days_left(self) -> int:
        return (self.due - self.today).days

    @property
    def done(self) -> bool:
        return self.done_on is not None

    @property
    def state(self) -> str:
        if self.done:
            return "late" if self.done_on > self.due else "done"
        if self.days_left < 0:
            return "overdue"
        return "soon" if self.days_left <= WARN_DAYS else "upcoming"

    @property
    def warns(self) -> bool:
        return self.state in ("soon", "overdue")

    @property
    def message(self) -> str:
        when = f"{self.due.year}年{self.due.month}月{self.due.day}日"
        if self.state == "done":
            return f"{self.year}年度报告已于{self.done_on:%Y-%m-%d}{self.label}（期限{when}，{self.basis}）。"
        if self.state == "late":
            return f"{self.year}年度报告于{self.done_on:%Y-%m-%d}{self.label}，晚于{when}的期限（{self.basis}）。"
        if self.state == "overdue":
            return f"{self.year}年度报告应于{when}前{self.label}，已逾期 {-self.days_left} 天（{self.basis}）。"
        return f"{self.year}年度报告应于{when}前{self.label}，还有 {self.days_left} 天（{self.basis}）。"


def _current(agency, year: int) -> Report | None:
    qs = Report.objects.filter(agency=agency, year=year)
    return qs.filter(status=ReportStatus.PUBLISHED).first() or qs.order_by("-version").first()


def _first_published_on(agency, year: int) -> date | None:
    first = (Report.objects.filter(agency=agency, year=year).public().exclude(published_on=None)
             .order_by("published_on").first())
    return first.published_on if first else None


def deadlines_for(agency, year: int, today: date) -> list[Deadline]:
    """The 第四十九条 deadlines of one agency's report for `year` (due in year + 1), with what has been done."""
    if not agency.publishes_reports:
        return []
    report = _current(agency, year)
    published_on = _first_published_on(agency, year)
    if agency.level == AgencyLevel.GOVERNMENT:
        return [Deadline("publish", year, "向社会公布本级人民政府年度报告", date(year + 1, 3, 31),
                         f"{ARTICLE}第二款", published_on, today)]
    submitted_on = None
    if report is not None and report.status in SUBMITTED_OR_LATER:
        submitted_on = report.submitted_on or report.published_on
    if submitted_on is None and published_on:
        submitted_on = published_on
    return [
        Deadline("submit", year, "向本级人民政府政务公开办提交", date(year + 1, 1, 31), f"{ARTICLE}第一款",
                 submitted_on, today),
        Deadline("publish", year, "向社会公布", date(year + 1, 1, 31), f"{ARTICLE}第一款", published_on, today),
    ]


def government_deadline(year: int) -> date:
    return date(year + 1, 3, 31)


def department_deadline(year: int) -> date:
    return date(year + 1, 1, 31)


def owed_years(today: date) -> range:
    """Every report year since FIRST_YEAR whose report can be owed by now (this year's from December on)."""
    return range(FIRST_YEAR, today.year + 1)


def warnings_for(agency, today: date) -> list[Deadline]:
    """What to show on the office home: every owed year's deadline that has passed undone (a report missing since
    2019 is flagged even when nobody ever started it), last year's report due soon and, in December, this year's.
    Nothing for an agency that publishes no report (内设科室)."""
    if not agency.publishes_reports:
        return []
    out = []
    for year in reversed(owed_years(today)):  # the newest first: the one still to be done on time leads
        out.extend(d for d in deadlines_for(agency, year, today) if d.warns)
    return out


@dataclass(frozen=True)
class DepartmentRow:
    agency: object
    report: Report | None
    submit: Deadline
    publish: Deadline

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report else "尚未编制"


def oversight_overview(government, year: int, today: date) -> list[DepartmentRow]:
    """For the 政务公开办 of a government: each department below it, submitted/published or not (第四十九条)."""
    rows = []
    for agency in sorted(government.descendants(), key=lambda a: a.code):
        if agency.level not in (AgencyLevel.DEPARTMENT, AgencyLevel.TOWN):
            continue
        submit, publish = deadlines_for(agency, year, today)
        rows.append(DepartmentRow(agency, _current(agency, year), submit, publish))
    return rows
