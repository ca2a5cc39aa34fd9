"""Report data for tests: consistent reports in either format, easy to break on purpose."""

from gongkai.reports.definition import get_format
from gongkai.reports.model import ReportData

# Sections 一, 五 and 六 must have text before a report is submitted or published (rule S-2).
NARRATIVE = {
    "s1": ["本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，依法做好政府信息公开工作。（测试）"],
    "s5": ["（一）存在的主要问题：政策解读形式较为单一。", "（二）改进情况：丰富解读形式。"],
    "s6": ["本年度未收取信息处理费。"],
}


def zero_report(format_key="2021", year=None, agency="测试县商务局"):
    year = year or (2021 if format_key == "2021" else 2020)
    data = ReportData(format_key, year, agency, "test-shangwu")
    for address in get_format(format_key).addresses():
        data.set(*address, 0)
    data.narrative = {key: list(paragraphs) for key, paragraphs in NARRATIVE.items()}
    return data


def fill_report(actor, report, data, today):
    """Write a ReportData's cells and narrative into a stored report through the services, as a clerk would."""
    from gongkai.reports import services

    services.update_cells(actor, report, {a: c.display for a, c in data.cells.items()}, today=today)
    report.refresh_from_db()
    services.update_narrative(actor, report, sections={k: "\n".join(v) for k, v in data.narrative.items()},
                              today=today)
    report.refresh_from_db()
    return report


def consistent_report(format_key="2021", year=None, carried_in=0):
    """A report whose tables satisfy every error rule: 自然人 7 new (+carried_in), various outcomes."""
    data = zero_report(format_key, year)
    other_row = "other.other" if format_key == "2021" else "other"
    cases = {"natural": {"new": 7, "carried_in": carried_in, "grant": 3, "partial": 1, "deny.third_party": 1,
                         other_row: 1, "carried_over": 1 + carried_in},
             "org.business": {"new": 2, "grant": 1, "unable.not_held": 1},
             "org.legal": {"new": 1, "noproc.repeat": 1}}
    totals = {}
    for col, rows in cases.items():
        outcome_total = 0
        for row, v in rows.items():
            data.set("t3", row, col, v)
            totals[row] = totals.get(row, 0) + v
            if row not in ("new", "carried_in", "carried_over"):
                outcome_total += v
        data.set("t3", "total", col, outcome_total)
        totals["total"] = totals.get("total", 0) + outcome_total
    for row, v in totals.items():
        data.set("t3", row, "total", v)
    data.set("t4", "count", "review.upheld", 1)
    data.set("t4", "count", "review.pending", 1)
    data.set("t4", "count", "review.total", 2)
    data.narrative["s1"] = [*data.narrative["s1"], "本年度被申请行政复议2件，其中维持1件，尚未审结1件。"]
    return data
