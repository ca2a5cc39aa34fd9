"""Report life cycle in issue 1: create, hand entry with provenance, validate, publish (frozen), amend."""

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.audit.models import AppendOnlyError, AuditEntry
from gongkai.core.errors import Conflict, GongkaiError, Refused
from gongkai.reports import lifecycle, services
from gongkai.reports.model import Kind
from gongkai.reports.models import Report, ReportStatus

from .factories import consistent_report, fill_report


@pytest.fixture
def report(clerk, agency, today):
    return services.create_report(clerk, agency, 2025, today=today)


def fill(report, user, today, data=None):
    data = data or consistent_report(report.format_key, report.year)
    return fill_report(user, report, data, today)


def publish_through_the_life_cycle(report, clerk, head, today):
    lifecycle.mark_validated(clerk, report, today=today)
    lifecycle.submit(clerk, report, today=today)
    lifecycle.approve(head, report, today=today)
    lifecycle.publish(head, report, today=today)
    report.refresh_from_db()
    return report


def test_a_new_report_starts_blank_never_zero(report):
    data = services.to_data(report)
    assert report.format_key == "2021"
    assert len(data.cells) == 200
    assert {c.kind for c in data.cells.values()} == {Kind.BLANK}


def test_a_2020_report_uses_the_2019_trial_format(clerk, agency, today):
    assert services.create_report(clerk, agency, 2020, today=today).format_key == "2019"


def test_format_override_is_kept(clerk, agency, today):
    assert services.create_report(clerk, agency, 2020, today=today, format_key="2021").format_key == "2021"


def test_a_report_for_a_future_year_is_refused(clerk, agency, today):
    with pytest.raises(GongkaiError, match="年度应在"):
        services.create_report(clerk, agency, 2027, today=today)
    assert not Report.objects.exists()


def test_a_second_report_for_the_same_year_is_refused(report, clerk, agency, today):
    with pytest.raises(Refused, match="已经存在"):
        services.create_report(clerk, agency, 2025, today=today)


def test_reviewer_cannot_create_a_report(reviewer, agency, today):
    with pytest.raises(PermissionDenied):
        services.create_report(reviewer, agency, 2025, today=today)


def test_staff_of_another_agency_cannot_edit(report, outsider_from_other_agency, today):
    with pytest.raises(PermissionDenied):
        services.update_cells(outsider_from_other_agency, report, {("t3", "new", "natural"): "1"}, today=today)


def test_hand_entered_cell_shows_who_entered_it(report, clerk, today):
    services.update_cells(clerk, report, {("t3", "new", "natural"): "3"}, today=today)
    cell = services.to_data(report).cell("t3", "new", "natural")
    assert cell.value == 3 and cell.source == "manual"
    assert cell.note.startswith("由王经办于")


def test_every_change_is_audited_with_before_and_after(report, clerk, today):
    services.update_cells(clerk, report, {("t3", "new", "natural"): "3"}, today=today)
    entry = AuditEntry.objects.filter(action="report.cell.edit").get()
    assert entry.actor == clerk and entry.action_label == "修改报告单元格"
    assert entry.data["changes"] == [{"cell": "t3/new/natural", "before": ["blank", ""], "after": ["number", "3"]}]


def test_the_audit_log_is_append_only(report):
    entry = AuditEntry.objects.first()
    entry.data = {"x": 1}
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(report, clerk, head, today):
    stale = report.revision
    services.update_cells(head, report, {("t3", "new", "natural"): "5"}, today=today, revision=stale)
    with pytest.raises(Conflict, match="刚被其他人修改过"):
        services.update_cells(clerk, report, {("t3", "new", "natural"): "7"}, today=today, revision=stale)
    assert services.to_data(report).cell("t3", "new", "natural").value == 5


def test_a_cell_outside_the_format_is_refused(report, clerk, today):
    with pytest.raises(GongkaiError, match="不属于本报告的格式"):
        services.update_cells(clerk, report, {("t3", "nope", "natural"): "1"}, today=today)


def test_a_report_with_errors_cannot_be_published(report, clerk, head, today):
    data = consistent_report("2021", 2025)
    data.set("t3", "new", "natural", 99)
    fill(report, clerk, today, data)
    with pytest.raises(Refused, match="错误"):
        lifecycle.publish(head, report, today=today)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_only_the_head_or_admin_publishes(report, clerk, head, today):
    fill(report, clerk, today)
    lifecycle.mark_validated(clerk, report, today=today)
    lifecycle.submit(clerk, report, today=today)
    lifecycle.approve(head, report, today=today)
    with pytest.raises(PermissionDenied):
        lifecycle.publish(clerk, report, today=today)


def test_publishing_freezes_the_report_with_a_content_hash(report, clerk, head, today):
    fill(report, clerk, today)
    publish_through_the_life_cycle(report, clerk, head, today)
    assert report.status == ReportStatus.PUBLISHED and len(report.content_hash) == 64
    assert report.published_on == today
    with pytest.raises(Refused, match="已发布"):
        services.update_cells(clerk, report, {("t3", "new", "natural"): "1"}, today=today)
    with pytest.raises(Refused):
        services.update_narrative(clerk, report, sections={"s1": "改"}, today=today)


def test_a_change_after_publication_is_a_new_version_with_a_reason(report, clerk, head, today):
    fill(report, clerk, today)
    publish_through_the_life_cycle(report, clerk, head, today)
    with pytest.raises(GongkaiError, match="更正理由"):
        services.amend(clerk, report, reason="  ", today=today)
    new = services.amend(clerk, report, reason="更正表三自然人列笔误", today=today)
    assert (new.version, new.status, new.amends) == (2, ReportStatus.DRAFT, report)
    assert services.to_data(new).cells == services.to_data(report).cells
    services.update_cells(clerk, new, {("t2", "rules", "issued"): "1"}, today=today)
    publish_through_the_life_cycle(new, clerk, head, today)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUPERSEDED
    assert services.get_report(report.agency, 2025).pk == new.pk


def test_y_1_is_checked_against_last_years_report_when_publishing(clerk, head, agency, today):
    last = services.create_report(clerk, agency, 2024, today=today)
    fill(last, clerk, today, consistent_report("2021", 2024))            # carries 1 over
    publish_through_the_life_cycle(last, clerk, head, today)
    this = services.create_report(clerk, agency, 2025, today=today)
    fill(this, clerk, today, consistent_report("2021", 2025, carried_in=0))
    with pytest.raises(Refused, match="上年结转"):
        lifecycle.mark_validated(clerk, this, today=today)


def test_narrative_is_stored_as_paragraphs(report, clerk, today):
    report = services.update_narrative(clerk, report, sections={"s1": "第一段。\n\n第二段。", "s5": ""},
                                       today=today, preamble="本报告根据……编制。")
    data = services.to_data(report)
    assert data.narrative["s1"] == ["第一段。", "第二段。"] and "s5" not in data.narrative
    assert data.preamble == ["本报告根据……编制。"]
