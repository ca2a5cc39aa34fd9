"""The 工作台账 Excel: labels instead of codes, the columns a ledger needs, and its import reads what its export
writes."""

from io import BytesIO

from openpyxl import load_workbook

from gongkai.audit.models import AuditEntry
from gongkai.cases import decisions, ledger, letters
from gongkai.cases.models import Application, LetterKind
from tests.conftest import logged_in

from .conftest import APPLICANT, register


def rows(data: bytes) -> list[dict]:
    ws = load_workbook(BytesIO(data)).active
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def answered_case(clerk, head, agency, today):
    from datetime import date

    app = register(clerk, agency, "2026-11-02", today=today)
    app = decisions.decide(clerk, app, outcome="deny.process", decision_date=date(2026, 11, 20),
                           text="属于过程性信息。", revision=app.revision, today=today)
    app = decisions.approve(head, app, revision=app.revision, today=date(2026, 11, 20))
    answer = app.letters.get(kind=LetterKind.ANSWER)
    letters.deliver(clerk, answer, method="ems", on=date(2026, 11, 23), proof="EA123456789CN",
                    revision=Application.objects.get(pk=app.pk).revision, today=today)
    return Application.objects.get(pk=app.pk)


def test_the_ledger_shows_labels_handler_letters_and_delivery(clerk, head, agency, today):
    app = answered_case(clerk, head, agency, today)
    row = rows(ledger.export_xlsx(agency))[0]
    assert row["受理号"] == app.acceptance_no == "测商依申〔2026〕1号"
    assert row["办理结果"] == "（三）不予公开 属于四类过程性信息" and "deny.process" not in str(row.values())
    assert row["经办人"] == "王经办" and row["送达方式"] == "邮寄（EMS/挂号）" and row["送达日期"].date().isoformat() == "2026-11-23"
    assert row["答复书文号"] == app.letters.get(kind=LetterKind.ANSWER).number
    assert row["其他文书文号"] == app.letters.get(kind=LetterKind.RECEIPT).number
    assert row["证件号码"] == app.masked_id and row["联系电话"] == app.masked_phone


def test_the_import_reads_what_the_export_writes(clerk, head, agency, other_agency, today):
    from gongkai.agencies.models import Role
    from tests.conftest import make_user

    answered_case(clerk, head, agency, today)
    register(clerk, agency, "2026-11-24", today=today)
    exported = ledger.export_xlsx(agency, full=True)
    other_clerk = make_user("other-clerk", other_agency, Role.CLERK)
    assert ledger.import_xlsx(other_clerk, other_agency, exported, today=today) == 2
    imported = {a.received_date.isoformat(): a for a in Application.objects.of(other_agency)}
    assert imported["2026-11-02"].outcome == "deny.process" and imported["2026-11-02"].closed_on.day == 20
    assert imported["2026-11-24"].is_open and imported["2026-11-24"].id_number == APPLICANT["id_number"]


def test_a_masked_export_is_refused_on_import_with_a_reason(clerk, head, agency, other_agency, today):
    import pytest

    from gongkai.agencies.models import Role
    from tests.conftest import make_user

    register(clerk, agency, "2026-11-24", today=today)
    with pytest.raises(ledger.ImportProblems) as refused:
        ledger.import_xlsx(make_user("o", other_agency, Role.CLERK), other_agency, ledger.export_xlsx(agency),
                           today=today)
    assert "遮盖后的" in refused.value.problems[0]


def test_the_full_export_is_for_the_handling_staff_and_audited(client, clerk, oversight, agency, today):
    register(clerk, agency, "2026-11-24", today=today)
    url = f"/office/cases/ledger/export/?agency={agency.code}&full=1"
    response = logged_in(client, clerk).get(url)
    assert response.status_code == 200 and APPLICANT["id_number"] in str(rows(response.content)[0].values())
    assert AuditEntry.objects.get(action="case.ledger.export", actor=clerk).data["full_numbers"] is True
    masked = logged_in(client, oversight).get(url)  # the 政务公开办 gets the masked ledger, also audited
    assert APPLICANT["id_number"] not in str(rows(masked.content)[0].values())
    assert AuditEntry.objects.get(action="case.ledger.export", actor=oversight).data["full_numbers"] is False
