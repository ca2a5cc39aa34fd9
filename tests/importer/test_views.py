"""The office upload page: any logged-in staff may check a report; oversight/head/admin of the agency or of the
government above it may store it read-only under the agency."""

import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.reports.models import Report, ReportOrigin, ReportStatus

from ..conftest import logged_in, make_user
from .corpus.build import as_html, random_report

pytestmark = pytest.mark.django_db


def upload_file(name="report.html", year=2022, agency="测试县商务局", broken=False):
    data = random_report(random.Random(51), "2021", year=year, agency=agency)
    if broken:
        data.set("t3", "grant", "natural", data.value("t3", "grant", "natural") + 3)
    return SimpleUploadedFile(name, as_html(data)[0], content_type="text/html")


def post_upload(client, f):
    return client.post(reverse("importer:upload"), {"file": f})


def test_the_upload_page_is_in_the_office_nav(client, clerk):
    logged_in(client, clerk)
    response = client.get(reverse("importer:upload"))
    assert response.status_code == 200 and "校验已发布的年度报告" in response.content.decode()


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("importer:upload"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_user_without_an_agency_is_refused(client):
    logged_in(client, make_user("nobody"))
    assert client.get(reverse("importer:upload")).status_code == 403


def test_the_wrong_method_is_refused(client, clerk):
    logged_in(client, clerk)
    assert client.put(reverse("importer:upload")).status_code == 405
    assert client.get(reverse("importer:store")).status_code == 405


def test_a_clerk_sees_the_findings_but_cannot_store(client, clerk):
    logged_in(client, clerk)
    response = post_upload(client, upload_file(broken=True))
    body = response.content.decode()
    assert response.status_code == 200 and "校验结果" in body and "T3-" in body and "（一）予以公开" in body
    assert "保存为已发布报告" not in body


def test_an_unreadable_upload_gives_one_chinese_line(client, clerk):
    logged_in(client, clerk)
    response = post_upload(client, SimpleUploadedFile("x.pdf", b"%PDF-1.4 junk"))
    assert response.status_code == 422 and "PDF 文件已损坏" in response.content.decode()


def test_an_empty_upload_is_refused(client, clerk):
    logged_in(client, clerk)
    response = post_upload(client, SimpleUploadedFile("x.txt", b""))
    assert response.status_code == 400 and "文件为空" in response.content.decode()


def test_a_too_large_upload_is_refused(client, clerk, monkeypatch):
    monkeypatch.setattr("gongkai.importer.forms.MAX_BYTES", 1000)
    logged_in(client, clerk)
    response = post_upload(client, upload_file())
    assert response.status_code == 400 and "文件过大" in response.content.decode()


def _store(client, response, agency_code, **extra):
    form = response.context["store_form"]
    return client.post(reverse("importer:store"), {"agency": agency_code, "payload": form.initial["payload"],
                                                   "file_name": "report.html", **extra})


def test_oversight_of_the_government_stores_a_department_report_read_only(client, oversight, agency, today):
    logged_in(client, oversight)
    response = post_upload(client, upload_file())
    assert "保存为已发布报告" in response.content.decode()
    assert response.context["store_form"].initial["agency"] == agency.code  # matched by name
    stored = _store(client, response, agency.code)
    report = Report.objects.get(agency=agency, year=2022)
    assert stored.status_code == 302 and stored["Location"] == reverse("office:report_edit", args=[report.pk])
    assert (report.origin, report.status) == (ReportOrigin.IMPORTED, ReportStatus.PUBLISHED)
    assert report.cells.filter(source="imported").count() == 200
    assert AuditEntry.objects.filter(action="report.import", agency=agency).exists()


def test_a_stored_report_keeps_its_original_publication_date(client, head, agency):
    logged_in(client, head)
    response = post_upload(client, upload_file())
    assert _store(client, response, agency.code, published_on="2023-01-20").status_code == 302
    report = Report.objects.get(agency=agency, origin=ReportOrigin.IMPORTED)
    assert report.published_on.isoformat() == "2023-01-20"
    page = client.get(reverse("office:report_edit", args=[report.pk])).content.decode()
    assert "导入的已发布报告 · 只读" in page and "晚于" not in page


def test_a_publication_date_in_the_future_is_refused(client, head, agency):
    logged_in(client, head)
    response = post_upload(client, upload_file())
    stored = _store(client, response, agency.code, published_on="2099-01-20")
    body = stored.content.decode()
    assert stored.status_code == 200 and not Report.objects.filter(agency=agency).exists()
    assert "发布日期不能晚于今天" in body and 'value="2099-01-20"' in body  # beside the date, as typed


def test_the_head_of_the_agency_may_store_its_report(client, head, agency):
    logged_in(client, head)
    response = post_upload(client, upload_file())
    assert _store(client, response, agency.code).status_code == 302
    assert Report.objects.filter(agency=agency, origin=ReportOrigin.IMPORTED).count() == 1


def test_another_agency_head_cannot_store_into_this_agency(client, head, agency, outsider_from_other_agency):
    logged_in(client, head)
    response = post_upload(client, upload_file())
    logged_in(client, outsider_from_other_agency)
    assert _store(client, response, agency.code).status_code == 403
    assert not Report.objects.filter(agency=agency).exists()


def test_a_tampered_payload_is_refused(client, head, agency):
    logged_in(client, head)
    response = client.post(reverse("importer:store"), {"agency": agency.code, "payload": "x" * 40})
    assert response.status_code == 302 and not Report.objects.exists()


def test_an_import_never_replaces_a_report_published_here(client, head, agency, today):
    from gongkai.reports.services import store_data

    store_data(head, agency, random_report(random.Random(3), "2021", year=2022), source="manual",
               action="report.import", today=today, publish_now=True)
    logged_in(client, head)
    response = post_upload(client, upload_file())
    refused = _store(client, response, agency.code)
    assert refused.status_code == 200 and "不能用导入的报告替换" in refused.content.decode()
    assert Report.objects.filter(agency=agency, origin=ReportOrigin.IMPORTED).count() == 0
