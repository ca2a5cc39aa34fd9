"""The report's life cycle (draft → validated → submitted → approved → published) and the 第四十九条 deadlines."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.audit.models import AuditEntry
from gongkai.core.errors import Refused
from gongkai.reports import lifecycle, services
from gongkai.reports.deadlines import WARN_DAYS, deadlines_for, oversight_overview, warnings_for
from gongkai.reports.models import EDITABLE, TRANSITIONS, ReportStatus

from .factories import consistent_report, fill_report


@pytest.fixture
def report(clerk, agency, today):
    report = services.create_report(clerk, agency, 2025, today=today)
    data = consistent_report("2021", 2025)
    fill_report(clerk, report, data, today)
    report.refresh_from_db()
    return report


def to_approved(report, clerk, head, today):
    lifecycle.mark_validated(clerk, report, today=today)
    lifecycle.submit(clerk, report, today=today)
    lifecycle.approve(head, report, today=today)
    report.refresh_from_db()
    return report


def test_the_transition_table_covers_every_state_and_keeps_the_old_values():
    assert set(TRANSITIONS) == set(ReportStatus)
    assert ReportStatus.PUBLISHED.value == "published" and ReportStatus.SUPERSEDED.value == "superseded"
    assert ReportStatus.PUBLISHED not in EDITABLE and ReportStatus.SUPERSEDED not in EDITABLE
    assert TRANSITIONS[ReportStatus.SUPERSEDED] == set()


def test_the_whole_way_to_publication_is_audited_step_by_step(report, clerk, head, today):
    to_approved(report, clerk, head, today)
    lifecycle.publish(head, report, today=today)
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED and len(report.content_hash) == 64
    assert (report.submitted_by, report.submitted_on, report.approved_by) == (clerk, today, head)
    actions = list(AuditEntry.objects.filter(object_id=str(report.pk)).values_list("action", flat=True))
    for code in ("report.validate", "report.submit", "report.approve", "report.publish"):
        assert code in actions


def test_a_report_with_errors_cannot_be_validated_and_stays_a_draft(report, clerk, today):
    services.update_cells(clerk, report, {("t3", "new", "natural"): "99"}, today=today)
    with pytest.raises(Refused, match="处错误，不能标记为已校验"):
        lifecycle.mark_validated(clerk, report, today=today)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_publishing_a_draft_is_refused_with_the_steps_it_misses(report, head, today):
    with pytest.raises(Refused, match="须经校验、经办人提交、负责人批准"):
        lifecycle.publish(head, report, today=today)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.content_hash == ""


def test_submitting_before_validation_is_refused(report, clerk, today):
    with pytest.raises(Refused, match="不能提交"):
        lifecycle.submit(clerk, report, today=today)


@pytest.mark.parametrize("step, who", [("mark_validated", "reviewer"), ("submit", "head"), ("approve", "clerk"),
                                       ("publish", "clerk")])
def test_each_step_checks_the_role(report, clerk, head, reviewer, today, step, who):
    users = {"clerk": clerk, "head": head, "reviewer": reviewer}
    if step in ("submit", "approve", "publish"):
        lifecycle.mark_validated(clerk, report, today=today)
    if step in ("approve", "publish"):
        lifecycle.submit(clerk, report, today=today)
    if step == "publish":
        lifecycle.approve(head, report, today=today)
    with pytest.raises(PermissionDenied):
        getattr(lifecycle, step)(users[who], report, today=today)


def test_section_six_figures_are_frozen_at_publication(report, clerk, head, today, monkeypatch):
    from gongkai.reports import compute

    class Fees:
        name = "fees-test"
        figures = {"fee_notices": 2, "fee_notice_amount": 300, "fees_collected": 100}

        def cells(self, agency, year, fmt):
            return {}

        def section_six(self, agency, year):
            return dict(self.figures)

    monkeypatch.setattr(compute, "_PROVIDERS", {"fees-test": Fees()})
    assert services.to_data(report).section_six["fee_notices"] == 2
    to_approved(report, clerk, head, today)
    lifecycle.publish(head, report, today=today)
    Fees.figures = {"fee_notices": 9, "fee_notice_amount": 900, "fees_collected": 900}
    report.refresh_from_db()
    assert services.to_data(report).section_six == {"fee_notices": 2, "fee_notice_amount": 300, "fees_collected": 100}


def test_the_admin_may_publish(report, clerk, head, admin_user, today):
    to_approved(report, clerk, head, today)
    assert lifecycle.publish(admin_user, report, today=today).status == ReportStatus.PUBLISHED


def test_staff_of_another_agency_cannot_move_the_report(report, outsider_from_other_agency, today):
    with pytest.raises(PermissionDenied):
        lifecycle.mark_validated(outsider_from_other_agency, report, today=today)


@pytest.mark.parametrize("stop", ["validated", "submitted", "approved"])
def test_editing_a_validated_submitted_or_approved_report_returns_it_to_draft(report, clerk, head, today, stop):
    lifecycle.mark_validated(clerk, report, today=today)
    if stop in ("submitted", "approved"):
        lifecycle.submit(clerk, report, today=today)
    if stop == "approved":
        lifecycle.approve(head, report, today=today)
    services.update_narrative(clerk, report, sections={"s1": "改写。"}, today=today)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.approved_by is None and report.submitted_on is None
    assert AuditEntry.objects.filter(action="report.return_to_draft").exists()


def test_saving_unchanged_cells_keeps_a_validated_report_validated(report, clerk, today):
    lifecycle.mark_validated(clerk, report, today=today)
    services.update_cells(clerk, report, {("t3", "new", "natural"): "7"}, today=today)
    report.refresh_from_db()
    assert report.status == ReportStatus.VALIDATED


def test_editing_a_published_report_is_refused_and_nothing_is_saved(report, clerk, head, today):
    to_approved(report, clerk, head, today)
    lifecycle.publish(head, report, today=today)
    with pytest.raises(Refused, match="已发布，不能修改"):
        services.update_cells(clerk, report, {("t3", "new", "natural"): "8"}, today=today)
    assert services.to_data(report).value("t3", "new", "natural") == 7


def test_the_head_can_send_a_submitted_report_back(report, clerk, head, today):
    lifecycle.mark_validated(clerk, report, today=today)
    lifecycle.submit(clerk, report, today=today)
    lifecycle.send_back(head, report, reason="第五部分请重写", today=today)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_an_amendment_goes_through_the_cycle_and_supersedes_the_old_version(report, clerk, head, today):
    to_approved(report, clerk, head, today)
    lifecycle.publish(head, report, today=today)
    new = services.amend(clerk, report, reason="更正笔误", today=today)
    services.update_cells(clerk, new, {("t2", "rules", "issued"): "1"}, today=today)
    to_approved(new, clerk, head, today)
    lifecycle.publish(head, new, today=today)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUPERSEDED and new.amend_reason == "更正笔误"


# 条例第四十九条 ---------------------------------------------------------------------------------------

def test_article_49_a_department_submits_and_publishes_by_31_january(agency):
    submit, publish = deadlines_for(agency, 2025, date(2026, 1, 5))
    assert submit.due == publish.due == date(2026, 1, 31)
    assert "第四十九条" in submit.basis and "政务公开办" in submit.label
    assert submit.state == "soon" and submit.days_left == 26 and submit.warns
    assert "还有 26 天" in submit.message


def test_article_49_the_government_report_is_published_by_31_march(government):
    (publish,) = deadlines_for(government, 2025, date(2026, 3, 10))
    assert publish.due == date(2026, 3, 31) and "第四十九条第二款" in publish.basis and publish.warns


def test_article_49_warns_only_within_30_days(agency):
    early = deadlines_for(agency, 2025, date(2026, 1, 31) - (date(2026, 1, 2) - date(2026, 1, 1)) * (WARN_DAYS + 1))
    assert [d.state for d in early] == ["upcoming", "upcoming"]
    assert not any(d.warns for d in early)


def test_article_49_overdue_then_done_and_late(report, agency, clerk, head):
    overdue = deadlines_for(agency, 2025, date(2026, 2, 3))
    assert overdue[0].state == "overdue" and "已逾期 3 天" in overdue[0].message
    lifecycle.mark_validated(clerk, report, today=date(2026, 1, 20))
    lifecycle.submit(clerk, report, today=date(2026, 1, 20))
    submit, publish = deadlines_for(agency, 2025, date(2026, 2, 3))
    assert submit.state == "done" and publish.state == "overdue"
    lifecycle.approve(head, report, today=date(2026, 2, 5))
    lifecycle.publish(head, report, today=date(2026, 2, 5))
    assert deadlines_for(agency, 2025, date(2026, 2, 6))[1].state == "late"


def test_office_home_warnings_cover_last_years_report_and_every_missing_year_since_2019(agency):
    years = [d.year for d in warnings_for(agency, date(2026, 1, 10))]
    assert years[:2] == [2025, 2025]  # the one due soon comes first
    assert set(years) == set(range(2019, 2026))  # 2019–2024 never started: overdue, flagged without asking


def test_an_internal_section_owes_no_report(agency):
    from gongkai.agencies.models import Agency, AgencyLevel

    section = Agency.objects.create(code="test-bgs", name="测试县商务局办公室", level=AgencyLevel.SECTION, parent=agency)
    assert warnings_for(section, date(2026, 11, 25)) == []
    assert deadlines_for(section, 2025, date(2026, 11, 25)) == []


def test_a_town_owes_its_report_by_31_january(government):
    from gongkai.agencies.models import Agency, AgencyLevel

    town = Agency.objects.create(code="test-town", name="测试镇人民政府", level=AgencyLevel.TOWN, parent=government)
    submit, publish = deadlines_for(town, 2025, date(2026, 2, 3))
    assert submit.due == publish.due == date(2026, 1, 31) and submit.state == "overdue"


def test_the_oversight_office_sees_which_departments_submitted(report, government, agency, other_agency, clerk):
    lifecycle.mark_validated(clerk, report, today=date(2026, 1, 20))
    lifecycle.submit(clerk, report, today=date(2026, 1, 20))
    rows = {r.agency.code: r for r in oversight_overview(government, 2025, date(2026, 2, 1))}
    assert rows["test-shangwu"].submit.done_on == date(2026, 1, 20)
    assert rows["test-fagai"].report is None and rows["test-fagai"].submit.state == "overdue"
    assert rows["test-fagai"].status_label == "尚未编制"
