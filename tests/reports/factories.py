"""Report data for tests: consistent reports in either format, easy to break on purpose."""

from gongkai.reports.definition import get_format
from gongkai.reports.model import ReportData


def zero_report(format_key="2021", year=None, agency="测试县商务局"):
    year = year or (2021 if format_key == "2021" else 2020)
    data = ReportData(format_key, year, agency, "test-shangwu")
    for address in get_format(format_key).addresses():
        data.set(*address, 0)
    return data


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
    return data
