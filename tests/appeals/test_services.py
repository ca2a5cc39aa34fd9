"""The 行政复议／行政诉讼 register: bad input refused with nothing saved; the Table-4 counting rule; documents."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.appeals import services
from gongkai.appeals.models import Appeal, AppealDocument, AppealKind, AppealResult, AppealStage
from gongkai.appeals.services import AppealInput
from gongkai.appeals.table4 import table4_counts
from gongkai.audit.models import AuditEntry
from gongkai.core.errors import GongkaiError
from gongkai.reports import services as reports
from gongkai.reports.rules import validate

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def matter(kind=AppealKind.REVIEW, filed=date(2025, 3, 1), accepted=date(2025, 3, 5), result_on=None,
           result=AppealResult.PENDING, stage=AppealStage.ACCEPTED, **kw):
    return AppealInput(kind, "测试县人民政府", "对某申请作出的不予公开告知", filed, accepted, result_on, stage, result,
                       **kw)


def test_a_matter_is_registered_and_audited(clerk, agency, today):
    appeal = services.register(clerk, agency, matter(result=AppealResult.UPHELD, result_on=date(2025, 5, 1)),
                               today=today)
    assert appeal.stage == AppealStage.CONCLUDED and appeal.agency == agency
    assert AuditEntry.objects.filter(action="appeal.create", object_id=str(appeal.pk)).exists()


@pytest.mark.parametrize("bad, message", [
    (dict(accepted=date(2025, 2, 1)), "受理日期（2025-02-01）早于申请／起诉日期（2025-03-01），日期先后不对"),
    (dict(result=AppealResult.CORRECTED, result_on=date(2025, 3, 2)), "结果日期（2025-03-02）早于受理日期"),
    (dict(result=AppealResult.CORRECTED), "请同时填写结果日期"),
    (dict(result_on=date(2025, 6, 1)), "尚未审结的案件不应填写结果日期"),
    (dict(filed=date(2026, 12, 1), accepted=None, stage=AppealStage.FILED), "晚于今天"),
    (dict(accepted=None), "请填写受理日期"),
    (dict(stage=AppealStage.CONCLUDED), "请选择结果并填写结果日期"),
    (dict(filed=date(1, 1, 1), accepted=None, stage=AppealStage.FILED), "不能早于2000年01月01日"),
])
def test_bad_input_is_refused_with_a_chinese_message_and_nothing_saved(clerk, agency, today, bad, message):
    with pytest.raises(GongkaiError, match=message):
        services.register(clerk, agency, matter(**bad), today=today)
    assert not Appeal.objects.exists() and not AuditEntry.objects.filter(action="appeal.create").exists()


def test_an_update_with_dates_out_of_order_changes_nothing(clerk, agency, today):
    appeal = services.register(clerk, agency, matter(), today=today)
    with pytest.raises(GongkaiError, match="日期先后不对"):
        services.update(clerk, appeal, matter(accepted=date(2025, 1, 1)), today=today)
    appeal.refresh_from_db()
    assert appeal.accepted_on == date(2025, 3, 5)


def test_the_body_is_required(clerk, agency, today):
    data = matter()
    data.body = " "
    with pytest.raises(GongkaiError, match="请填写复议机关"):
        services.register(clerk, agency, data, today=today)


def test_a_reviewer_or_an_outsider_cannot_register(reviewer, outsider_from_other_agency, agency, today):
    for user in (reviewer, outsider_from_other_agency):
        with pytest.raises(PermissionDenied):
            services.register(user, agency, matter(), today=today)


def test_an_unknown_case_code_is_refused(clerk, agency, today):
    with pytest.raises(GongkaiError, match="没有查询码为“NOPE”"):
        services.register(clerk, agency, matter(case_code="NOPE"), today=today)


# the counting rule -------------------------------------------------------------------------------------

def test_a_matter_counts_in_the_year_of_its_result_and_as_pending_while_open_at_year_end(clerk, agency, today):
    services.register(clerk, agency, matter(kind=AppealKind.SUIT_DIRECT, filed=date(2024, 12, 8),
                                            accepted=date(2024, 12, 15), result=AppealResult.OTHER,
                                            result_on=date(2025, 4, 3)), today=today)
    services.register(clerk, agency, matter(result=AppealResult.CORRECTED, result_on=date(2025, 8, 1)), today=today)
    services.register(clerk, agency, matter(filed=date(2025, 12, 20), accepted=None, stage=AppealStage.FILED),
                      today=today)
    y2024, y2025 = table4_counts(agency, 2024), table4_counts(agency, 2025)
    assert y2024[("suit_direct", "pending")] == 1 and y2024[("suit_direct", "other")] == 0
    assert y2025[("suit_direct", "other")] == 1 and y2025[("suit_direct", "pending")] == 0
    assert (y2025[("review", "corrected")], y2025[("review", "pending")], y2025[("review", "total")]) == (1, 1, 2)
    assert y2024[("review", "total")] == 0                    # filed in 2025: not in 2024 at all


def test_table_4_is_computed_into_the_draft_with_a_link_per_cell(clerk, agency, today):
    services.register(clerk, agency, matter(result=AppealResult.UPHELD, result_on=date(2025, 5, 1)), today=today)
    services.register(clerk, agency, matter(kind=AppealKind.SUIT_AFTER), today=today)
    report = reports.create_report(clerk, agency, 2025, today=today)
    reports.refresh_computed(clerk, report, today=today)
    data = reports.to_data(report)
    assert data.value("t4", "count", "review.upheld") == 1 and data.value("t4", "count", "suit_after.pending") == 1
    cell = data.cell("t4", "count", "review.upheld")
    assert cell.source == "computed" and "按结果日期计入年度" in cell.note
    assert cell.link.startswith("/office/appeals/?") and "kind=review" in cell.link and "result=upheld" in cell.link
    assert not [f for f in validate(data) if f.rule.startswith("T4")]


# documents ---------------------------------------------------------------------------------------------

def test_a_pdf_is_stored_under_the_data_dir(clerk, agency, today, data_dir):
    appeal = services.register(clerk, agency, matter(), today=today)
    doc = services.add_document(clerk, appeal, SimpleUploadedFile("决定书.pdf", PDF), kind="decision", today=today)
    assert doc.content_type == "application/pdf" and doc.size == len(PDF) and len(doc.sha256) == 64
    assert doc.file.path.startswith(str(data_dir / "appeals"))
    assert doc.file.read() == PDF


@pytest.mark.parametrize("name, content, message", [
    ("病毒.exe", b"MZ....", "不支持“.exe”文件"),
    ("假的.pdf", b"<html>not a pdf</html>", "文件内容与扩展名“.pdf”不符"),
    ("空.pdf", b"", "文件是空的"),
])
def test_a_wrong_file_type_is_refused_and_nothing_stored(clerk, agency, today, data_dir, name, content, message):
    appeal = services.register(clerk, agency, matter(), today=today)
    with pytest.raises(GongkaiError, match=message):
        services.add_document(clerk, appeal, SimpleUploadedFile(name, content), kind="other", today=today)
    assert not AppealDocument.objects.exists() and not (data_dir / "appeals").exists()


def test_the_demo_has_each_kind_in_the_last_full_year_and_is_idempotent(agency, clerk, today):
    from gongkai.appeals import demo

    assert demo.load(today=today, agency=agency, users={"jingban": clerk}) == {"appeals": 7}
    assert demo.load(today=today, agency=agency, users={"jingban": clerk}) == {"appeals": 0}
    counts = table4_counts(agency, today.year - 1)
    assert all(counts[(k, "total")] >= 2 for k in AppealKind.values)


def _case(clerk, agency, today, outcome):
    from gongkai.cases.models import Application
    from tests.cases.conftest import register

    app = register(clerk, agency, "2025-02-03", today)
    Application.objects.filter(pk=app.pk).update(outcome=outcome)
    return Application.objects.get(pk=app.pk)


def test_a_direct_suit_against_a_refusal_since_2024_is_flagged_for_review_first(clerk, agency, today):
    """《行政复议法》（2023年修订）第二十三条第一款第（四）项: 不予公开 → 复议前置."""
    case = _case(clerk, agency, today, "deny.process")
    suit = services.register(clerk, agency, matter(kind=AppealKind.SUIT_DIRECT, case_code=case.tracking_code),
                             today=today)
    [note] = services.advisories(suit)
    assert "复议前置" in note and "第二十三条" in note
    granted = _case(clerk, agency, today, "grant")
    other = services.register(clerk, agency, matter(kind=AppealKind.SUIT_DIRECT, case_code=granted.tracking_code),
                              today=today)
    assert services.advisories(other) == []


def test_a_suit_after_review_without_the_review_registered_is_flagged(clerk, agency, today):
    case = _case(clerk, agency, today, "deny.process")
    suit = services.register(clerk, agency, matter(kind=AppealKind.SUIT_AFTER, case_code=case.tracking_code),
                             today=today)
    assert "复议后起诉" in services.advisories(suit)[0]
    services.register(clerk, agency, matter(kind=AppealKind.REVIEW, case_code=case.tracking_code), today=today)
    assert services.advisories(suit) == []
