"""Appeals pages: happy path, wrong role, wrong method, another agency's staff."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.appeals import services
from gongkai.appeals.models import Appeal, AppealKind, AppealResult, AppealStage
from gongkai.appeals.services import AppealInput
from tests.conftest import logged_in


@pytest.fixture
def appeal(clerk, agency, today):
    return services.register(clerk, agency, AppealInput(
        AppealKind.REVIEW, "测试县人民政府", "不予公开告知", date(2025, 3, 1), date(2025, 3, 5), date(2025, 6, 1),
        AppealStage.CONCLUDED, AppealResult.CORRECTED, reference="测复〔2025〕1号"), today=today)


FORM = {"kind": "suit_direct", "body": "测试县人民法院", "decision": "逾期未答复", "filed_on": "2025-04-01",
        "accepted_on": "2025-04-08", "stage": "accepted", "result": "pending", "result_on": "", "reference": "行初1号"}


def test_the_list_shows_the_counting_rule_and_links_each_table_4_cell(client, clerk, appeal):
    html = logged_in(client, clerk).get(reverse("appeals:list") + "?year=2025").content.decode()
    assert "计入结果日期所在年度" in html and "测复〔2025〕1号" in html
    assert "kind=review&amp;result=corrected" in html


def test_a_cell_link_lists_only_the_matters_it_counts(client, clerk, agency, appeal):
    url = reverse("appeals:list") + f"?agency={agency.code}&year=2025&kind=review&result=upheld"
    html = logged_in(client, clerk).get(url).content.decode()
    assert "行政复议·结果维持" in html and "测复〔2025〕1号" not in html


def test_registering_through_the_form(client, clerk, agency):
    response = logged_in(client, clerk).post(reverse("appeals:new") + f"?agency={agency.code}", FORM, follow=True)
    assert "已登记" in response.content.decode() and Appeal.objects.get().kind == "suit_direct"


def test_a_result_without_a_date_is_refused_on_the_form_and_nothing_saved(client, clerk):
    response = logged_in(client, clerk).post(reverse("appeals:new"), {**FORM, "result": "upheld"})
    assert response.status_code == 200 and "请同时填写结果日期" in response.content.decode()
    assert "逾期未答复" in response.content.decode()          # what was typed is kept
    assert not Appeal.objects.exists()


def test_a_malformed_date_gets_a_chinese_message(client, clerk):
    response = logged_in(client, clerk).post(reverse("appeals:new"), {**FORM, "filed_on": "昨天"})
    assert "申请／起诉日期不是有效日期，格式如 2026-03-02" in response.content.decode() and not Appeal.objects.exists()


def test_reviewer_cannot_register_or_edit(client, reviewer, appeal):
    logged_in(client, reviewer)
    assert client.get(reverse("appeals:new")).status_code == 403
    assert client.post(reverse("appeals:update", args=[appeal.pk]), FORM).status_code == 403
    assert client.get(reverse("appeals:detail", args=[appeal.pk])).status_code == 200   # may read


def test_edit_and_upload_need_post(client, clerk, appeal):
    logged_in(client, clerk)
    assert client.get(reverse("appeals:update", args=[appeal.pk])).status_code == 405
    assert client.get(reverse("appeals:document_upload", args=[appeal.pk])).status_code == 405
    assert client.post(reverse("appeals:list")).status_code == 405


def test_editing_through_the_form(client, clerk, appeal):
    response = logged_in(client, clerk).post(reverse("appeals:update", args=[appeal.pk]), FORM, follow=True)
    assert "已保存" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.body == "测试县人民法院"


def test_another_agencys_staff_get_403(client, outsider_from_other_agency, agency, appeal):
    logged_in(client, outsider_from_other_agency)
    assert client.get(reverse("appeals:list") + f"?agency={agency.code}").status_code == 403
    assert client.get(reverse("appeals:detail", args=[appeal.pk])).status_code == 403
    assert client.post(reverse("appeals:update", args=[appeal.pk]), FORM).status_code == 403
    assert client.post(reverse("appeals:document_upload", args=[appeal.pk]), {"kind": "other"}).status_code == 403


def test_upload_then_download_and_a_wrong_type_message(client, clerk, outsider_from_other_agency, appeal):
    logged_in(client, clerk)
    url = reverse("appeals:document_upload", args=[appeal.pk])
    response = client.post(url, {"kind": "decision", "file": SimpleUploadedFile("决定.pdf", b"%PDF-1.7 x")},
                           follow=True)
    assert "已上传" in response.content.decode()
    doc = appeal.documents.get()
    download = client.get(reverse("appeals:document_download", args=[doc.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.7 x"
    response = client.post(url, {"kind": "other", "file": SimpleUploadedFile("a.exe", b"MZ")}, follow=True,
                           HTTP_REFERER=reverse("appeals:detail", args=[appeal.pk]))
    assert "不支持“.exe”文件" in response.content.decode() and appeal.documents.count() == 1
    logged_in(client, outsider_from_other_agency)
    assert client.get(reverse("appeals:document_download", args=[doc.pk])).status_code == 403


def test_the_register_is_in_the_office_nav(client, clerk):
    html = logged_in(client, clerk).get(reverse("office:home")).content.decode()
    assert reverse("appeals:list") in html
