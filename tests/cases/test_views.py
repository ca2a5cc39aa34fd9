"""Office pages: happy path, wrong role, wrong method, other agency's staff (403)."""

from datetime import date

import pytest
from django.urls import reverse

from gongkai.cases.models import Application, CaseEvent, EventKind, Letter, LetterKind, Status
from tests.conftest import logged_in

pytestmark = pytest.mark.usefixtures("office_day")

d = date.fromisoformat


@pytest.fixture
def app_case(make_case):
    return make_case("2026-11-20")


def post_action(client, app, name, **data):
    return client.post(reverse("cases:action", args=[app.pk, name]), {"revision": app.revision, **data})


def test_dashboard_lists_own_cases(client, clerk, app_case):
    r = logged_in(client, clerk).get(reverse("cases:dashboard"))
    assert r.status_code == 200
    assert app_case.tracking_code in r.content.decode()
    assert "138****5678" in r.content.decode() and "13812345678" not in r.content.decode()


def test_dashboard_search_and_overdue_filter(client, clerk, make_case):
    old = make_case("2026-09-18")  # due 2026-10-22 → overdue on 2026-11-25
    new = make_case("2026-11-20", content="县商务局办公楼维修工程")
    c = logged_in(client, clerk)
    body = c.get(reverse("cases:dashboard"), {"q": "维修"}).content.decode()
    assert new.tracking_code in body and old.tracking_code not in body
    body = c.get(reverse("cases:dashboard"), {"q": old.tracking_code}).content.decode()
    assert old.tracking_code in body and new.tracking_code not in body


def test_dashboard_of_another_agency_is_forbidden(client, outsider_from_other_agency, agency, app_case):
    r = logged_in(client, outsider_from_other_agency).get(reverse("cases:dashboard"), {"agency": agency.code})
    assert r.status_code == 403


def test_dashboard_rejects_post(client, clerk):
    assert logged_in(client, clerk).post(reverse("cases:dashboard")).status_code == 405


def test_register_form_creates_a_case(client, clerk, agency):
    r = logged_in(client, clerk).post(reverse("cases:register"), {
        "channel": "in_person", "arrived_at": "2026-11-20", "applicant_type": "org.business",
        "applicant_name": "嘉祥某某商贸有限公司", "id_type": "credit_code", "id_number": "91370829MA3C12345X",
        "phone": "05376812345", "content": "2026年外贸企业扶持资金分配结果", "delivery_form": "email"})
    assert r.status_code == 302
    app = Application.objects.get()
    assert app.received_date == d("2026-11-20") and app.applicant_type == "org.business"


def test_register_form_shows_chinese_error_for_bad_id(client, clerk):
    r = logged_in(client, clerk).post(reverse("cases:register"), {
        "channel": "in_person", "arrived_at": "2026-11-20", "applicant_type": "natural", "applicant_name": "张三",
        "id_type": "resident_id", "id_number": "123", "phone": "13812345678", "content": "x",
        "delivery_form": "email"})
    assert r.status_code == 200 and "居民身份证号码应为18位" in r.content.decode()
    assert not Application.objects.exists()


def test_register_needs_a_clerk_or_head(client, reviewer):
    assert logged_in(client, reviewer).get(reverse("cases:register")).status_code == 403


def test_detail_shows_deadline_explanation(client, clerk, app_case):
    r = logged_in(client, clerk).get(reverse("cases:detail", args=[app_case.pk]))
    body = r.content.decode()
    assert r.status_code == 200 and "第三十三条" in body and "逐日计算" in body


def test_detail_of_another_agency_is_forbidden(client, outsider_from_other_agency, app_case):
    r = logged_in(client, outsider_from_other_agency).get(reverse("cases:detail", args=[app_case.pk]))
    assert r.status_code == 403


ACTION_NAMES = ["confirm", "override", "assign", "correction", "correction_received", "consult", "consult_reply",
                "extend", "delay", "fee", "paid", "decide", "approve", "archive"]


@pytest.mark.parametrize("name", ACTION_NAMES)
def test_actions_reject_get(client, clerk, app_case, name):
    r = logged_in(client, clerk).get(reverse("cases:action", args=[app_case.pk, name]))
    assert r.status_code == 405


@pytest.mark.parametrize("name", ACTION_NAMES)
def test_actions_of_another_agency_are_forbidden(client, outsider_from_other_agency, app_case, name):
    r = post_action(logged_in(client, outsider_from_other_agency), app_case, name)
    assert r.status_code == 403


def test_decide_and_approve_through_the_pages(client, clerk, head, app_case):
    c = logged_in(client, clerk)
    r = post_action(c, app_case, "decide", outcome="deny.internal", decision_date="2026-11-24", text="")
    assert r.status_code == 302 and Application.objects.get().outcome == ""  # 第三十六条（三）: reasons required
    r = post_action(c, app_case, "decide", outcome="deny.internal", decision_date="2026-11-24",
                    text="所申请信息为本局人事管理信息。")
    assert r.status_code == 302
    app = Application.objects.get()
    assert app.outcome == "deny.internal" and app.is_open
    r = post_action(c, app, "approve")  # a clerk may not approve
    assert Application.objects.get().is_open
    c = logged_in(client, head)
    post_action(c, app, "approve")
    app = Application.objects.get()
    assert app.status == Status.ANSWERED
    assert Letter.objects.filter(kind=LetterKind.ANSWER).exists()


def test_extend_needs_the_head(client, clerk, head, app_case):
    r = post_action(logged_in(client, clerk), app_case, "extend", days="10", reason="需要调取档案")
    assert r.status_code == 403
    r = post_action(logged_in(client, head), app_case, "extend", days="10", reason="需要调取档案")
    assert r.status_code == 302 and CaseEvent.objects.filter(kind=EventKind.EXTENSION).exists()


def test_refusal_becomes_a_message(client, clerk, app_case):
    c = logged_in(client, clerk)
    r = post_action(c, app_case, "decide", outcome="grant", decision_date="2026-11-01")
    assert r.status_code == 302
    r = c.get(reverse("cases:detail", args=[app_case.pk]))
    assert "不能早于收到申请之日" in r.content.decode()


def test_stale_form_gets_a_conflict_message(client, clerk, app_case):
    c = logged_in(client, clerk)
    post_action(c, app_case, "consult", who="third", party="某公司", on="2026-11-24")
    post_action(c, app_case, "consult", who="agency", party="县发改局", on="2026-11-24")  # stale revision
    body = c.get(reverse("cases:detail", args=[app_case.pk])).content.decode()
    assert "该申请刚被其他人处理过" in body
    assert CaseEvent.objects.filter(kind=EventKind.AGENCY_SENT).count() == 0


def test_letter_html_and_docx(client, clerk, app_case):
    letter = Letter.objects.get(application=app_case)
    c = logged_in(client, clerk)
    r = c.get(reverse("cases:letter", args=[letter.pk]))
    assert r.status_code == 200 and letter.number in r.content.decode()
    r = c.get(reverse("cases:letter_docx", args=[letter.pk]))
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_letter_of_another_agency_is_forbidden(client, outsider_from_other_agency, app_case):
    letter = Letter.objects.get(application=app_case)
    c = logged_in(client, outsider_from_other_agency)
    assert c.get(reverse("cases:letter", args=[letter.pk])).status_code == 403
    assert c.get(reverse("cases:letter_docx", args=[letter.pk])).status_code == 403
    assert c.post(reverse("cases:letter_deliver", args=[letter.pk])).status_code == 403


def test_deliver_records_proof(client, clerk, app_case):
    letter = Letter.objects.get(application=app_case)
    c = logged_in(client, clerk)
    assert c.get(reverse("cases:letter_deliver", args=[letter.pk])).status_code == 405
    r = c.post(reverse("cases:letter_deliver", args=[letter.pk]),
               {"revision": app_case.revision, "method": "ems", "on": "2026-11-25", "proof": "EA1CN"})
    assert r.status_code == 302 and letter.deliveries.get().proof == "EA1CN"


def test_template_editing_is_for_head_and_admin(client, clerk, head, agency):
    assert logged_in(client, clerk).get(reverse("cases:templates")).status_code == 403
    c = logged_in(client, head)
    assert c.get(reverse("cases:templates")).status_code == 200
    url = reverse("cases:template_edit", args=["receipt"])
    assert c.get(url).status_code == 200
    r = c.post(url, {"title": "登记回执", "body": "已收到 {{ tracking_code }}"})
    assert r.status_code == 302
    r = c.post(url, {"title": "登记回执", "body": "{% if %}"})
    assert "模板格式有误" in r.content.decode()
    assert c.delete(url).status_code == 405


def test_template_editing_of_another_agency_is_forbidden(client, outsider_from_other_agency, agency):
    r = logged_in(client, outsider_from_other_agency).get(reverse("cases:templates"), {"agency": agency.code})
    assert r.status_code == 403


def test_cell_drill_down_lists_exactly_the_counted_cases(client, clerk, make_case, head, today):
    from gongkai.cases import decisions

    a = make_case("2026-03-02")
    b = make_case("2026-03-03", applicant_type="org.business", id_type="credit_code", id_number="91370829MA3C12345X")
    a = decisions.decide(clerk, a, outcome="grant", decision_date=d("2026-03-20"), revision=a.revision, today=today)
    decisions.approve(head, a, revision=a.revision, today=today)
    c = logged_in(client, clerk)
    body = c.get(reverse("cases:dashboard"), {"cell": "t3/grant/natural", "year": "2026"}).content.decode()
    assert a.tracking_code in body and b.tracking_code not in body
    body = c.get(reverse("cases:dashboard"), {"cell": "t3/carried_over/total", "year": "2026"}).content.decode()
    assert b.tracking_code in body and a.tracking_code not in body


def test_ledger_export_and_import_round_trip(client, clerk, app_case, outsider_from_other_agency, agency):
    from io import BytesIO

    from openpyxl import Workbook

    c = logged_in(client, clerk)
    r = c.get(reverse("cases:ledger_export"))
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert logged_in(client, outsider_from_other_agency).get(
        reverse("cases:ledger_export"), {"agency": agency.code}).status_code == 403
    wb = Workbook()
    ws = wb.active
    ws.append(["申请渠道", "法定收到日", "申请人类别", "申请人", "证件类型", "证件号码", "联系电话", "所需信息", "办结日",
               "办理结果代码"])
    ws.append(["当面提交", "2024-03-04", "自然人", "李四", "居民身份证", "370101199001011234", "13900001111", "某文件",
               "2024-03-20", "grant"])
    ws.append(["当面提交", "2024-03-05", "自然人", "王五", "居民身份证", "370101199001011234", "13900001111", "某文件",
               "2024-03-01", "grant"])
    buf = BytesIO()
    wb.save(buf)
    c = logged_in(client, clerk)
    r = c.post(reverse("cases:ledger_import"), {"file": _upload(buf.getvalue())})
    assert "第3行：办结日不能早于法定收到日" in r.content.decode()
    assert Application.objects.count() == 1  # nothing half-imported
    ws.delete_rows(3)
    buf = BytesIO()
    wb.save(buf)
    r = c.post(reverse("cases:ledger_import"), {"file": _upload(buf.getvalue())})
    assert r.status_code == 302 and Application.objects.count() == 2


def _upload(data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("ledger.xlsx", data)
