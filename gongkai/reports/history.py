"""Year over year: an agency's tables beside last year's (deltas and rates), the Y-1 carry-over check against
last year's *published* report, and a chart of the main figures across all years (inline SVG, no JavaScript).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .definition import get_format
from .model import ReportData, format_decimal
from .models import Report, ReportStatus
from .rules import TABLE_NAMES, Finding, _carry_over, column_name
from .services import to_data

T4_GROUPS = ("review", "suit_direct", "suit_after")
# chart series: label → cells summed
MAIN_FIGURES = {
    "新收申请": [("t3", "new", "total")],
    "办结申请": [("t3", "total", "total")],
    "予以公开": [("t3", "grant", "total")],
    "复议诉讼": [("t4", "count", f"{g}.total") for g in T4_GROUPS],
}
COLOURS = ("#b3261e", "#1f5fa8", "#2e7d32", "#8a5a00", "#6a1b9a")


def report_of(agency, year: int) -> Report | None:
    """The published version of a year, else the newest unpublished one."""
    qs = Report.objects.filter(agency=agency, year=year).select_related("agency")
    return qs.filter(status=ReportStatus.PUBLISHED).first() or qs.exclude(
        status=ReportStatus.SUPERSEDED).order_by("-version").first()


@dataclass(frozen=True)
class Line:
    label: str
    this: Decimal | None
    last: Decimal | None

    @property
    def delta(self) -> Decimal | None:
        return None if self.this is None or self.last is None else self.this - self.last

    @property
    def delta_text(self) -> str:
        d = self.delta
        if d is None:
            return "—"
        return f"+{format_decimal(d)}" if d > 0 else format_decimal(d)


def _sum(data: ReportData | None, cells) -> Decimal | None:
    if data is None:
        return None
    values = [data.value(*a) for a in cells]
    return None if any(v is None for v in values) else sum(values, Decimal(0))


def table_lines(data: ReportData, last: ReportData | None) -> list[dict]:
    """Each table of this year's format, cell by cell beside last year's (表三: the 总计 column)."""
    fmt = get_format(data.format_key)
    out = []
    for key, table in fmt.tables.items():
        lines = []
        for row, col in table.addresses():
            if key == "t3" and col != "total":
                continue
            r = table.row(row)
            c = table.column(row, col)
            if key == "t2":
                label = f"{r.label}·{c.label}"
            elif key == "t3":
                label = r.label.split("（区分处理")[0]
            else:
                label = column_name(table, c)
            prev = last.value(key, row, col) if last and get_format(last.format_key).has_cell(key, row, col) else None
            lines.append(Line(label, data.value(key, row, col), prev))
        out.append({"key": key, "name": TABLE_NAMES.get(key, key), "lines": lines})
    return out


def _ratio(num: Decimal | None, den: Decimal | None) -> Decimal | None:
    if num is None or den is None or den == 0:
        return None
    return (num / den * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def rates(data: ReportData | None) -> dict[str, Decimal | None]:
    """予以公开率 = 表三（一）予以公开 ÷（七）总计; 纠错率 = 表四 结果纠正 ÷（总计 − 尚未审结）, in %."""
    corrected = _sum(data, [("t4", "count", f"{g}.corrected") for g in T4_GROUPS])
    total = _sum(data, [("t4", "count", f"{g}.total") for g in T4_GROUPS])
    pending = _sum(data, [("t4", "count", f"{g}.pending") for g in T4_GROUPS])
    review_done = None
    if data is not None:
        rt, rp = data.value("t4", "count", "review.total"), data.value("t4", "count", "review.pending")
        review_done = None if rt is None or rp is None else rt - rp
    return {
        "予以公开率（表三（一）÷（七））": _ratio(_sum(data, [("t3", "grant", "total")]),
                                         _sum(data, [("t3", "total", "total")])),
        "纠错率（表四 结果纠正 ÷（总计 − 尚未审结））": _ratio(
            corrected, None if total is None or pending is None else total - pending),
        "行政复议纠错率": _ratio(data.value("t4", "count", "review.corrected") if data else None, review_done),
    }


def carry_over_check(report: Report, data: ReportData) -> tuple[Report | None, list[Finding]]:
    """Y-1 against last year's published report only (a draft of last year proves nothing)."""
    last = Report.objects.filter(agency=report.agency, year=report.year - 1, status=ReportStatus.PUBLISHED).first()
    if last is None:
        return None, []
    fmt = get_format(data.format_key)
    rule = next((r for r in fmt.rules if r.kind == "carry_over"), None)
    if rule is None:
        return last, []
    return last, list(_carry_over(rule, fmt, data, to_data(last)))


def compare(report: Report) -> dict:
    data = to_data(report)
    last_report = report_of(report.agency, report.year - 1)
    last = to_data(last_report) if last_report else None
    this_rates, last_rates = rates(data), rates(last)
    published, findings = carry_over_check(report, data)
    return {
        "last_report": last_report, "tables": table_lines(data, last),
        "rates": [{"label": k, "this": this_rates[k], "last": last_rates[k]} for k in this_rates],
        "y1_against": published, "y1_findings": findings,
    }


def series(agency) -> tuple[list[int], dict[str, list[Decimal | None]]]:
    """The main figures of every year from the agency's first report to its last (a year without one is a gap)."""
    have = set(Report.objects.filter(agency=agency).values_list("year", flat=True))
    years = list(range(min(have), max(have) + 1)) if have else []
    values: dict[str, list[Decimal | None]] = {label: [] for label in MAIN_FIGURES}
    values["主动公开信息"] = []
    for year in years:
        report = report_of(agency, year) if year in have else None
        data = to_data(report) if report else None
        for label, cells in MAIN_FIGURES.items():
            values[label].append(_sum(data, cells))
        total = (data.proactive or {}).get("total") if data else None
        values["主动公开信息"].append(Decimal(str(total)) if total is not None else None)
    return years, values


def svg_chart(years: list[int], values: dict[str, list[Decimal | None]], *, width: int = 720,
              height: int = 280) -> SafeString:
    """A line chart as inline SVG: one polyline per series, missing values break the line."""
    left, right, top, bottom = 48, 150, 16, 32
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([v for vs in values.values() for v in vs if v is not None] or [Decimal(1)])
    peak = max(peak, Decimal(1))
    def x(i):
        return left + (plot_w * i / max(len(years) - 1, 1) if len(years) > 1 else plot_w / 2)
    def y(v):
        return top + plot_h - float(v) / float(peak) * plot_h
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
             f'role="img" aria-label="历年主要数据">',
             f'<title>历年主要数据（{escape(years[0]) if years else ""}—{escape(years[-1]) if years else ""}）</title>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#888"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#888"/>',
             f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" font-size="11">{escape(format_decimal(peak))}</text>',
             f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" font-size="11">0</text>']
    for i, year in enumerate(years):
        parts.append(f'<text x="{x(i):.1f}" y="{height - 10}" text-anchor="middle" font-size="11">{year}</text>')
    for n, (label, vs) in enumerate(values.items()):
        colour = COLOURS[n % len(COLOURS)]
        run: list[str] = []
        runs = [run]
        for i, v in enumerate(vs):
            if v is None:
                run = []
                runs.append(run)
                continue
            run.append(f"{x(i):.1f},{y(v):.1f}")
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                         f'<title>{years[i]}年{escape(label)}：{escape(format_decimal(v))}</title></circle>')
        for r in runs:
            if len(r) > 1:
                parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(r)}"/>')
        ly = top + 14 + n * 18
        parts.append(f'<rect x="{left + plot_w + 12}" y="{ly - 9}" width="12" height="4" fill="{colour}"/>'
                     f'<text x="{left + plot_w + 30}" y="{ly - 4}" font-size="12">{escape(label)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above
