"""Table 3 from the ledger (statutory-spec §3.1b): T3-1 by construction, one query per row family."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.cases.compute import counts, counts_per_cell, provider
from gongkai.cases.models import Application, Status
from gongkai.reports.definition import get_format

from .conftest import register

d = date.fromisoformat


def close(app, outcome, on):
    Application.objects.filter(pk=app.pk).update(outcome=outcome, decision_date=d(on), closed_on=d(on),
                                                 status=Status.ANSWERED)


def _ledger(clerk, agency, today):
    old_open = register(clerk, agency, "2024-12-20", today)             # carried into 2025, closed in 2025
    close(old_open, "grant", "2025-01-15")
    old_still = register(clerk, agency, "2024-11-20", today, applicant_type="org.legal", id_type="credit_code",
                         id_number="91370829MA3C12345X")                # carried into 2025 and over to 2026
    closed_before = register(clerk, agency, "2024-05-06", today)         # not counted in 2025 at all
    close(closed_before, "grant", "2024-05-20")
    a = register(clerk, agency, "2025-03-03", today)
    close(a, "partial", "2025-03-20")
    b = register(clerk, agency, "2025-12-22", today, applicant_type="org.business", id_type="credit_code",
                 id_number="91370829MA3C12346X")                        # new in 2025, carried over
    c = register(clerk, agency, "2025-06-02", today)
    close(c, "other.unpaid_fee", "2025-07-20")
    return old_still, b


def test_table_3_counts_follow_3_1b_and_t3_1_holds(clerk, agency, today):
    _ledger(clerk, agency, today)
    fmt = get_format("2021")
    v = counts(agency, 2025, fmt)
    assert v[("new", "natural")] == 2 and v[("new", "org.business")] == 1 and v[("new", "total")] == 3
    assert v[("carried_in", "natural")] == 1 and v[("carried_in", "org.legal")] == 1
    assert v[("grant", "natural")] == 1 and v[("partial", "natural")] == 1
    assert v[("other.unpaid_fee", "natural")] == 1 and v[("total", "total")] == 3
    assert v[("carried_over", "total")] == 2
    cols = ["natural", "org.business", "org.research", "org.ngo", "org.legal", "org.other", "total"]
    for col in cols:  # T3-1
        assert v[("new", col)] + v[("carried_in", col)] == v[("total", col)] + v[("carried_over", col)]


def test_2019_format_counts_the_other_row_from_its_codes(clerk, agency, today):
    _ledger(clerk, agency, today)
    v = counts(agency, 2025, get_format("2019"))
    assert v[("other", "natural")] == 1


def test_aggregate_equals_one_query_per_cell_and_uses_one_query(clerk, agency, today):
    _ledger(clerk, agency, today)
    fmt = get_format("2021")
    with CaptureQueriesContext(connection) as ctx:
        fast = counts(agency, 2025, fmt)
    assert len(ctx.captured_queries) == 1
    assert fast == counts_per_cell(agency, 2025, fmt)


def test_provider_cells_have_notes_and_drill_down_links(clerk, agency, today):
    _ledger(clerk, agency, today)
    cells = provider.cells(agency, 2025, get_format("2021"))
    cell = cells[("t3", "grant", "natural")]
    assert cell.value == 1 and "依申请公开台账" in cell.note
    assert cell.link == "/office/cases/?agency=test-shangwu&cell=t3%2Fgrant%2Fnatural&year=2025"


def test_refresh_computed_fills_a_draft_report(clerk, agency, today):
    from gongkai.reports.services import create_report, refresh_computed, to_data

    _ledger(clerk, agency, today)
    report = create_report(clerk, agency, 2025, today=today)
    refresh_computed(clerk, report, today=today)
    data = to_data(report)
    assert data.value("t3", "new", "total") == 3
