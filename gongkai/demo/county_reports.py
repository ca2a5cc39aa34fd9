"""The generated agencies' annual reports 2019 to last year, written in bulk (see county.py for what is in them).

Table 3 is counted from the generated cases (cases/compute.counts, one aggregate query per agency-year), so every
drill-down link opens as many cases as its cell says. Table 2 and Table 4 are demo figures; the narrative is a short
generic text for every section of the format. Published reports carry their content hash and their section-六
snapshot as a published report does.
"""

from __future__ import annotations

from datetime import date

from gongkai.cases.compute import cell_link, counts
from gongkai.reports.definition import format_for_year
from gongkai.reports.model import Cell, ReportData
from gongkai.reports.models import CellSource, Report, ReportCell, ReportStatus
from gongkai.reports.rules import validate
from gongkai.reports.services import SIX_SNAPSHOT, _stored, content_hash

from .county import FIRST_YEAR, LAST_YEAR_STATE, LATE, MISSING, WITH_ERRORS

NOTE = "演示数据（批量生成）"


def _narrative(fmt, agency, year: int, t3: dict) -> dict[str, list[str]]:
    new = t3.get(("new", "total"), 0)
    done = t3.get(("total", "total"), 0)
    texts = {
        "s1": [f"{year}年，{agency.name}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持“公开为常态、不公开为例外”，"
               f"扎实推进政务公开工作。（演示数据）",
               f"全年共收到政府信息公开申请{new}件，办结{done}件。"],
        "s2": [f"{year}年，{agency.name}通过嘉祥县人民政府网站主动公开政府信息。"],
        "s3": ["收到和处理政府信息公开申请情况见下表。"],
        "s4": ["政府信息公开行政复议、行政诉讼情况见下表。"],
        "s5": ["（一）存在的主要问题：政策解读形式较为单一。", "（二）改进情况：丰富图表、视频等解读形式。"],
        "s6": [f"依据《政府信息公开信息处理费管理办法》，{year}年本机关未收取信息处理费。",
               f"本年度报告中所列数据统计期限为{year}年1月1日至12月31日。"],
    }
    return {s.key: texts.get(s.key, [f"{s.title}（演示数据）"]) for s in fmt.sections}


def _data(agency, year: int, rng) -> tuple[ReportData, dict]:
    fmt = format_for_year(year)
    data = ReportData(fmt.key, year, agency.name, agency.code, f"{agency.name}{year}年政府信息公开工作年度报告")
    for address in fmt.addresses():
        data.set(*address, 0)
    for row in ("licensing", "penalty", "coercion"):
        if fmt.has_cell("t2", row, "decisions"):
            data.set("t2", row, "decisions", rng.randint(0, 120) if row == "licensing" else rng.randint(0, 12))
    t3 = counts(agency, year, fmt)
    links = {}
    for (row, col), n in t3.items():
        if fmt.has_cell("t3", row, col):
            data.set("t3", row, col, n)
            links[("t3", row, col)] = cell_link(agency, row, col, year)
    upheld, corrected = rng.randint(0, 2), rng.randint(0, 1)
    data.set("t4", "count", "review.upheld", upheld)
    data.set("t4", "count", "review.corrected", corrected)
    data.set("t4", "count", "review.total", upheld + corrected)
    if (agency.code, year) in WITH_ERRORS:   # a typo in a total the rules catch
        data.set("t3", "total", "total", t3.get(("total", "total"), 0) + 3)
    data.narrative = _narrative(fmt, agency, year, t3)
    data.proactive = {"total": 0, "channels": []}
    data.section_six = {}
    return data, links


def _state(agency, year: int, today: date) -> tuple[str | None, date | None]:
    """(status, day it was published or submitted) of the agency's report for `year`, None when never made."""
    if (agency.code, year) in MISSING:
        return None, None
    deadline = date(year + 1, 1, 31)
    if year == today.year - 1:
        if today <= deadline:                 # the January rush: drafts, not yet due
            return ("draft", None) if agency.code not in LAST_YEAR_STATE else (None, None)
        state = LAST_YEAR_STATE.get(agency.code, "published")
        if state is None:
            return None, None
        on = date(year + 1, 1, 24)
        return state, on if on < today else None
    if (agency.code, year) in LATE:
        return "published", date(year + 1, 3, 18)
    return "published", date(year + 1, 1, 20 + sum(map(ord, agency.code)) % 8)


def load_reports(agencies, *, today: date, rng, users) -> int:
    head = users.get("fuzeren")
    planned = []
    for agency in agencies:
        for year in range(FIRST_YEAR, today.year):
            state, on = _state(agency, year, today)
            if state is None or (on is not None and on >= today):
                continue
            planned.append((agency, year, state, on, *_data(agency, year, rng)))
    reports = [Report(agency=a, year=y, format_key=d.format_key, title=d.title, narrative=d.narrative,
                      proactive=d.proactive, status=_status(s), submitted_on=on if s != "draft" else None,
                      submitted_by=head if s != "draft" else None,
                      approved_on=on if s == "published" else None, published_on=on if s == "published" else None,
                      extras={SIX_SNAPSHOT: {}} if s == "published" else {})
               for a, y, s, on, d, _links in planned]
    previous: dict[int, ReportData] = {}
    for report, (agency, _y, _s, _on, data, _links) in zip(reports, planned, strict=True):
        # the rules' verdict, as the office would have stored it (services.remember_findings)
        before = previous.get(agency.pk)
        report.errors_found = sum(f.is_error for f in validate(data, before if before and
                                                                before.year == data.year - 1 else None))
        report.errors_revision = report.revision
        previous[agency.pk] = data
    Report.objects.bulk_create(reports, batch_size=200)
    cells = []
    for report, (_a, _y, _s, _on, data, links) in zip(reports, planned, strict=True):
        fmt = format_for_year(data.year, data.format_key)
        for t, r, c in fmt.addresses():
            kind, value = _stored(data.cell(t, r, c) or Cell.number(0))
            link = links.get((t, r, c), "")
            cells.append(ReportCell(report=report, table=t, row_key=r, col_key=c, kind=kind, value=value,
                                    source=CellSource.COMPUTED if link else CellSource.DEMO,
                                    source_note=NOTE, source_link=link))
        if report.status == ReportStatus.PUBLISHED:
            data.meta = {}
            report.content_hash = content_hash(data)
    ReportCell.objects.bulk_create(cells, batch_size=1000)
    Report.objects.bulk_update([r for r in reports if r.content_hash], ["content_hash"], batch_size=200)
    from gongkai.catalog.search_index import index_report

    for report in reports:  # bulk_create sends no post_save: index the published ones as publishing would
        if report.status == ReportStatus.PUBLISHED:
            index_report(report.agency, report.year)
    return len(reports)


def _status(state: str) -> str:
    return {"published": ReportStatus.PUBLISHED, "submitted": ReportStatus.SUBMITTED,
            "draft": ReportStatus.DRAFT}[state]
