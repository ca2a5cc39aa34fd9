"""Every office view: the happy path, the wrong role, the wrong method and another agency's staff (403)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.catalog import registry, services
from gongkai.catalog.models import Attachment, DocStatus, Document, RegistryEntry, YearFigure

from ..conftest import logged_in
from .conftest import draft_input

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def world(coded_agency, clerk, reviewer, head, admin_user, outsider_from_other_agency, today):
    draft = services.create_draft(clerk, coded_agency, draft_input(title="草稿"), today=today)
    in_review = services.submit_for_review(clerk, services.create_draft(clerk, coded_agency, draft_input(title="审查中"),
                                                                        today=today), today=today)
    awaiting = services.submit_for_review(clerk, services.create_draft(clerk, coded_agency, draft_input(title="待审批"),
                                                                       today=today), today=today)
    services.review(reviewer, awaiting, is_secret=False, disclosure="proactive", basis="", opinion="同意", today=today)
    published = services.approve(head, awaiting, today=today)
    awaiting = services.submit_for_review(clerk, services.create_draft(clerk, coded_agency, draft_input(title="待批2"),
                                                                       today=today), today=today)
    services.review(reviewer, awaiting, is_secret=False, disclosure="proactive", basis="", opinion="同意", today=today)
    att = services.add_attachment(clerk, draft, SimpleUploadedFile("a.pdf", PDF), filename="a.pdf", today=today)
    entry = registry.add_registry_entry(clerk, coded_agency, kind="normative", title="办法", doc_number="",
                                        issued_on=date(2025, 1, 1), published_on=None, repealed_on=None, today=today)
    return dict(agency=coded_agency, draft=draft, in_review=in_review, awaiting=awaiting, published=published,
                att=att, entry=entry, clerk=clerk, reviewer=reviewer, head=head, admin=admin_user,
                outsider=outsider_from_other_agency)


def doc_form(**kw):
    data = dict(title="新的通知", formed_on="2026-11-20", topic="7.2", genre="通知", channels=["website"],
                doc_number="", publisher="", summary="", body="<p>正文</p>", index_no="")
    data.update(kw)
    return data


# name: (method, url(world), data(world) or None, who may, who may not, check(world) after the happy path)
VIEWS = {
    "dashboard": ("get", lambda w: reverse("catalog:dashboard", args=[w["agency"].code]), None, "clerk", None, None),
    "doc_detail": ("get", lambda w: reverse("catalog:doc", args=[w["draft"].pk]), None, "reviewer", None, None),
    "doc_file": ("get", lambda w: reverse("catalog:doc_file", args=[w["draft"].pk, w["att"].pk]), None, "head", None,
                 None),
    "registry": ("get", lambda w: reverse("catalog:registry", args=[w["agency"].code]), None, "clerk", None, None),
    "figures": ("get", lambda w: reverse("catalog:figures", args=[w["agency"].code]), None, "clerk", None, None),
    "doc_new": ("post", lambda w: reverse("catalog:doc_new", args=[w["agency"].code]), lambda w: doc_form(),
                "clerk", "reviewer", lambda w: Document.objects.filter(title="新的通知").exists()),
    "doc_edit": ("post", lambda w: reverse("catalog:doc_edit", args=[w["draft"].pk]), lambda w: doc_form(title="改名"),
                 "clerk", "head", lambda w: Document.objects.get(pk=w["draft"].pk).title == "改名"),
    "doc_submit": ("post", lambda w: reverse("catalog:doc_submit", args=[w["draft"].pk]), lambda w: {}, "clerk",
                   "reviewer", lambda w: Document.objects.get(pk=w["draft"].pk).status == DocStatus.REVIEW),
    "doc_review": ("post", lambda w: reverse("catalog:doc_review", args=[w["in_review"].pk]),
                   lambda w: dict(is_secret="0", disclosure="proactive", basis="", opinion="不涉密"), "reviewer",
                   "clerk", lambda w: Document.objects.get(pk=w["in_review"].pk).status == DocStatus.APPROVAL),
    "doc_reject": ("post", lambda w: reverse("catalog:doc_reject", args=[w["in_review"].pk]),
                   lambda w: dict(reason="请修改标题"), "reviewer", "clerk",
                   lambda w: Document.objects.get(pk=w["in_review"].pk).status == DocStatus.REJECTED),
    "doc_approve": ("post", lambda w: reverse("catalog:doc_approve", args=[w["awaiting"].pk]), lambda w: {}, "head",
                    "reviewer", lambda w: Document.objects.get(pk=w["awaiting"].pk).status == DocStatus.PUBLISHED),
    "doc_validity": ("post", lambda w: reverse("catalog:doc_validity", args=[w["published"].pk]),
                     lambda w: dict(validity="expired", on="2026-11-24"), "head", "reviewer",
                     lambda w: Document.objects.get(pk=w["published"].pk).validity == "expired"),
    "doc_attach": ("post", lambda w: reverse("catalog:doc_attach", args=[w["draft"].pk]),
                   lambda w: {"file": SimpleUploadedFile("b.pdf", PDF)}, "clerk", "head",
                   lambda w: Attachment.objects.count() == 2),
    "index_scheme": ("post", lambda w: reverse("catalog:index_scheme", args=[w["agency"].code]),
                     lambda w: dict(index_scheme="org_year"), "admin", "clerk",
                     lambda w: services.settings_for(w["agency"]).index_scheme == "org_year"),
    "registry_add": ("post", lambda w: reverse("catalog:registry_add", args=[w["agency"].code]),
                     lambda w: dict(kind="rules", title="规章", doc_number="", issued_on="2025-02-01"), "clerk",
                     "reviewer", lambda w: RegistryEntry.objects.filter(kind="rules").exists()),
    "registry_repeal": ("post", lambda w: reverse("catalog:registry_repeal", args=[w["entry"].pk]),
                        lambda w: dict(on="2026-01-02"), "head", "reviewer",
                        lambda w: RegistryEntry.objects.get(pk=w["entry"].pk).repealed_on == date(2026, 1, 2)),
    "figures_save": ("post", lambda w: reverse("catalog:figures_save", args=[w["agency"].code]),
                     lambda w: dict(year=2025, item="licensing", decisions=5, source_note="平台导出", unit=""),
                     "clerk", "reviewer", lambda w: YearFigure.objects.filter(decisions=5).exists()),
    "figures_import": ("post", lambda w: reverse("catalog:figures_import", args=[w["agency"].code]),
                       lambda w: {"file": SimpleUploadedFile("f.csv", "年度,事项,处理决定数量\n2025,行政处罚,4\n".encode()),
                                  "source_note": "执法系统"}, "clerk", "reviewer",
                       lambda w: YearFigure.objects.filter(item="penalty", decisions=4).exists()),
}


@pytest.mark.parametrize("name", VIEWS)
def test_happy_path(client, world, name):
    method, url, data, who, _wrong, check = VIEWS[name]
    logged_in(client, world[who])
    response = getattr(client, method)(url(world), data(world) if data else None)
    assert response.status_code in (200, 302), response.content.decode()[:500]
    if check:
        assert response.status_code == 302 and check(world)


@pytest.mark.parametrize("name", [n for n, v in VIEWS.items() if v[4]])
def test_wrong_role_is_forbidden(client, world, name):
    method, url, data, _who, wrong, check = VIEWS[name]
    logged_in(client, world[wrong])
    response = getattr(client, method)(url(world), data(world) if data else None)
    assert response.status_code == 403 and not check(world)


@pytest.mark.parametrize("name", VIEWS)
def test_wrong_method_is_refused(client, world, name):
    method, url, _data, who, _wrong, _check = VIEWS[name]
    logged_in(client, world[who])
    other = "post" if method == "get" else ("put" if name in ("doc_new", "doc_edit") else "get")
    assert getattr(client, other)(url(world)).status_code == 405


@pytest.mark.parametrize("name", VIEWS)
def test_other_agency_staff_get_403(client, world, name):
    method, url, data, _who, _wrong, _check = VIEWS[name]
    logged_in(client, world["outsider"])
    response = getattr(client, method)(url(world), data(world) if data else None)
    assert response.status_code == 403


def test_anonymous_users_are_sent_to_login(client, world):
    response = client.get(reverse("catalog:dashboard", args=[world["agency"].code]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_office_list_redirects_to_the_own_agency(client, world):
    logged_in(client, world["clerk"])
    response = client.get(reverse("catalog:office_list"))
    assert response.status_code == 302 and world["agency"].code in response["Location"]


def test_refusals_become_chinese_messages(client, world):
    logged_in(client, world["head"])
    response = client.post(reverse("catalog:doc_approve", args=[world["draft"].pk]), follow=True)
    assert "未经保密审查" in response.content.decode()


def test_an_exe_upload_is_a_message_not_a_500(client, world):
    logged_in(client, world["clerk"])
    response = client.post(reverse("catalog:doc_attach", args=[world["draft"].pk]),
                           {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00payload")}, follow=True)
    assert response.status_code == 200 and "不是允许的文件类型" in response.content.decode()


def test_duplicate_index_number_in_the_form_is_shown_on_the_field(client, world):
    logged_in(client, world["clerk"])
    response = client.post(reverse("catalog:doc_new", args=[world["agency"].code]),
                           doc_form(index_no=world["published"].index_no))
    assert response.status_code == 200 and "已被其他政府信息使用" in response.content.decode()


def test_dashboard_flags_late_publications(client, world, publish_doc):
    publish_doc(title="迟到的信息", formed_on=date(2026, 9, 1))
    logged_in(client, world["clerk"])
    html = client.get(reverse("catalog:dashboard", args=[world["agency"].code])).content.decode()
    assert "迟到的信息" in html and "超期" in html
