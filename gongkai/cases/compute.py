"""Table 3 from the case ledger (statutory-spec §3.1b), so that 一 + 二 = （七） + 四 holds by construction.

Y = the report year; received_date = the legal receipt day; closed_on = the day of the decision that closed it.
  new           received_date in Y
  carried_in    received_date < Y-01-01 and (closed_on empty or closed_on >= Y-01-01)
  <outcome>     closed_on in Y and outcome = the row's code(s)
  total         closed_on in Y
  carried_over  received_date <= Y-12-31 and (closed_on empty or closed_on > Y-12-31)
One aggregate query (GROUP BY outcome, applicant_type, a filtered COUNT per row family) — never one per cell.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse

from gongkai.reports.compute import Computed

from .models import OFFICIAL_COLUMN_LABELS, ApplicantType, Application, CaseEvent, EventKind

TABLE = "t3"
COLUMNS = list(ApplicantType.values)
FAMILY_NOTES = {
    "new": "{y}年内收到（法定收到日）的申请",
    "carried_in": "{y}年以前收到、{y}年1月1日尚未办结的申请",
    "total": "{y}年内办结（作出决定）的申请",
    "carried_over": "{y}年底前收到、{y}年12月31日尚未办结的申请",
}


def family_filter(row: str, year: int, codes: tuple[str, ...] = ()) -> Q:
    first, last = date(year, 1, 1), date(year, 12, 31)
    open_at_start = Q(closed_on__isnull=True) | Q(closed_on__gte=first)
    open_at_end = Q(closed_on__isnull=True) | Q(closed_on__gt=last)
    if row == "new":
        return Q(received_date__gte=first, received_date__lte=last)
    if row == "carried_in":
        return Q(received_date__lt=first) & open_at_start
    if row == "carried_over":
        return Q(received_date__lte=last) & open_at_end
    closed = Q(closed_on__gte=first, closed_on__lte=last, received_date__isnull=False)
    if row == "total":
        return closed
    return closed & Q(outcome__in=codes or (row,))


def cell_queryset(agency, year: int, row: str, col: str, codes: tuple[str, ...] = ()):
    """Exactly the cases one cell counts (the drill-down behind a report cell)."""
    qs = Application.objects.of(agency).filter(family_filter(row, year, codes))
    if col != "total":
        qs = qs.filter(applicant_type=col)
    return qs


def _row_codes(fmt) -> dict[str, tuple[str, ...]]:
    return {r.key: (r.codes or (r.key,)) for r in fmt.tables[TABLE].rows if r.outcome}


def codes_for(row: str, year: int) -> tuple[str, ...]:
    from gongkai.reports.definition import format_for_year

    fmt = format_for_year(year)
    return _row_codes(fmt).get(row, (row,)) if TABLE in fmt.tables else (row,)


def counts(agency, year: int, fmt) -> dict[tuple[str, str], int]:
    """{(row, col): n} for every row and column of the format's Table 3.

    One aggregate query: GROUP BY outcome, applicant_type over the cases that can count in Y at all (received by
    the end of Y and not closed before Y), with one filtered COUNT per row family (new, carried_in, carried_over,
    closed in Y); the outcome rows and the totals are sums of those groups.
    """
    first, last = date(year, 1, 1), date(year, 12, 31)
    families = ("new", "carried_in", "carried_over", "total")
    rows = (Application.objects.of(agency)
            .filter(Q(received_date__lte=last) & (Q(closed_on__isnull=True) | Q(closed_on__gte=first)))
            .values("outcome", "applicant_type")
            .annotate(**{f: Count("id", filter=family_filter(f, year)) for f in families})
            .order_by())
    out: dict[tuple[str, str], int] = {}
    by_code: dict[tuple[str, str], int] = {}
    for rec in rows:
        col = rec["applicant_type"]
        for f in ("new", "carried_in", "carried_over"):
            out[(f, col)] = out.get((f, col), 0) + rec[f]
        if rec["total"]:
            by_code[(rec["outcome"], col)] = by_code.get((rec["outcome"], col), 0) + rec["total"]
    for row, codes in _row_codes(fmt).items():
        for col in COLUMNS:
            out[(row, col)] = sum(by_code.get((c, col), 0) for c in codes)
    for col in COLUMNS:
        out[("total", col)] = sum(n for (_code, c), n in by_code.items() if c == col)
    for r in fmt.tables[TABLE].rows:
        for col in COLUMNS:
            out.setdefault((r.key, col), 0)
        out[(r.key, "total")] = sum(out[(r.key, col)] for col in COLUMNS)
    return out


def counts_per_cell(agency, year: int, fmt) -> dict[tuple[str, str], int]:
    """The naive baseline: one COUNT query per cell (only for the benchmark and a consistency test)."""
    row_codes = _row_codes(fmt)
    return {(r.key, c): cell_queryset(agency, year, r.key, c, row_codes.get(r.key, ())).count()
            for r in fmt.tables[TABLE].rows for c in [*COLUMNS, "total"]}


def cell_link(agency, row: str, col: str, year: int) -> str:
    """The drill-down behind a Table-3 cell. It always names the agency: the 政务公开办 opening a department's cell
    would otherwise get its own government's list."""
    return reverse("cases:dashboard") + "?" + urlencode({"agency": agency.code, "cell": f"{TABLE}/{row}/{col}",
                                                         "year": year})


def _note(row: str, col: str, year: int, label: str) -> str:
    family = FAMILY_NOTES.get(row, "{y}年内办结且办理结果为“" + label + "”的申请")
    who = "全部申请人" if col == "total" else OFFICIAL_COLUMN_LABELS[col]
    return "依申请公开台账：" + family.format(y=year) + f"（{who}）"


class CasesProvider:
    name = "cases"

    def cells(self, agency, year: int, fmt) -> dict:
        if TABLE not in fmt.tables:
            return {}
        table = fmt.tables[TABLE]
        values = counts(agency, year, fmt)
        out = {}
        for r in table.rows:
            for c in table.columns_for(r.key):
                if (r.key, c.key) in values:
                    out[(TABLE, r.key, c.key)] = Computed(values[(r.key, c.key)], _note(r.key, c.key, year, r.label),
                                                          cell_link(agency, r.key, c.key, year))
        return out

    def section_six(self, agency, year: int) -> dict:
        """Section 六 fee figures (国办函〔2020〕109号): notices issued in Y (number, total) and fees paid in Y."""
        events = CaseEvent.objects.filter(agency=agency, date__year=year)
        notices = events.filter(kind=EventKind.FEE_NOTICE).aggregate(n=Count("id"), total=Sum("amount"))
        paid = events.filter(kind=EventKind.FEE_PAID).aggregate(total=Sum("amount"))
        return {"fee_notices": notices["n"], "fee_notice_amount": notices["total"] or 0,
                "fees_collected": paid["total"] or 0,
                "note": f"依申请公开台账：{year}年内发出的收费通知和收到的缴费"}


provider = CasesProvider()
