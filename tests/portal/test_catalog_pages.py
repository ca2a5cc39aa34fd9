"""The public portal: agency home, guide, 制度, 法定主动公开内容, catalog, document, attachments, search."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from gongkai.catalog import services

from ..catalog.conftest import coded_agency, data_dir, draft_input, publish_doc  # noqa: F401 - fixtures


@pytest.fixture
def doc(publish_doc):  # noqa: F811
    return publish_doc(title="嘉祥县促进电子商务高质量发展若干措施", art20_item=1, doc_number="测商规〔2026〕1号",
                       body="<p>支持农村电商服务站点建设。</p>")


def test_home_links_each_agency_to_its_disclosure_home(client, coded_agency):  # noqa: F811
    html = client.get("/").content.decode()
    assert f'href="/{coded_agency.code}/"' in html


def test_agency_home_has_the_six_sections(client, doc):
    html = client.get(f"/{doc.agency.code}/").content.decode()
    for label in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开目录", "政府信息公开年报", "依申请公开"):
        assert label in html
    assert doc.title in html


def test_guide_is_generated_from_agency_settings_and_cites_the_rules(client, coded_agency):  # noqa: F811
    coded_agency.office_name, coded_agency.office_phone = "测试县商务局办公室", "0537-1234567"
    coded_agency.office_fax, coded_agency.office_email = "0537-7654321", "gk@example.cn"
    coded_agency.save()
    html = client.get(f"/{coded_agency.code}/guide/").content.decode()
    for text in ("测试县商务局办公室", "0537-1234567", "0537-7654321", "gk@example.cn", "第三十三条", "20个工作日",
                 "国办函〔2020〕109号", "100元/件", "11—30件（含30件）的部分", "200元/件", "31—100页", "10元/页", "201页以上", "40元/页", 'data-action="print"'):
        assert text in html, text


def test_catalog_browses_by_topic_genre_and_year(client, doc, publish_doc):  # noqa: F811
    other = publish_doc(title="外贸统计", topic="2.3", genre="通告", published_on=date(2025, 3, 1),
                        formed_on=date(2025, 2, 27))
    base = f"/{doc.agency.code}/catalog/"
    assert doc.title in client.get(base + "?topic=7").content.decode()
    assert other.title not in client.get(base + "?topic=7.2").content.decode()
    assert other.title in client.get(base + "?genre=通告").content.decode()
    html = client.get(base + "?year=2025").content.decode()
    assert other.title in html and doc.title not in html
    assert client.get(base + "?topic=zzz&year=abc&page=999&genre=%00").status_code == 200


def test_document_page_shows_the_metadata_block_and_attachments(client, coded_agency, clerk, reviewer, head, today):  # noqa: F811
    draft = services.create_draft(clerk, coded_agency, draft_input(), today=today)
    services.add_attachment(clerk, draft, SimpleUploadedFile("附件.pdf", b"%PDF-1.4\n%%EOF"), filename="附件.pdf",
                            today=today)
    services.submit_for_review(clerk, draft, today=today)
    services.review(reviewer, draft, is_secret=False, disclosure="proactive", basis="", opinion="同意", today=today)
    doc = services.approve(head, draft, today=today)
    html = client.get(f"/{coded_agency.code}/catalog/{doc.pk}/").content.decode()
    for text in (doc.index_no, "发布机构", "测商发〔2026〕5号", "成文日期", "发布日期", "有效性", "商贸、海关、旅游\\国内贸易（含供销）"):
        assert text in html, text
    att = doc.attachments.get()
    response = client.get(f"/{coded_agency.code}/catalog/{doc.pk}/files/{att.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "inline" in response["Content-Disposition"]


def test_unpublished_documents_and_their_files_are_404(client, coded_agency, clerk, today):  # noqa: F811
    draft = services.create_draft(clerk, coded_agency, draft_input(), today=today)
    response = client.get(f"/{coded_agency.code}/catalog/{draft.pk}/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_statutory_page_lists_article_20_items_with_counts(client, doc):
    html = client.get(f"/{doc.agency.code}/statutory/").content.decode()
    assert "第二十条第（一）项" in html and "（1条）" in html and "?art20=1" in html


def test_policies_page_lists_the_disclosure_rules(client, publish_doc):  # noqa: F811
    rule = publish_doc(title="政府信息公开保密审查制度", topic="1.1")
    assert rule.title in client.get(f"/{rule.agency.code}/policies/").content.decode()


def test_search_page_highlights_and_paginates(client, doc):
    html = client.get("/search/", {"q": "电子商务"}).content.decode()
    assert "<mark>电子商务</mark>" in html and "找到 <strong>1</strong>" in html


def test_search_per_agency(client, doc, other_agency):
    assert "找到 <strong>0</strong>" in client.get("/search/", {"q": "电子商务", "agency": other_agency.code}).content.decode()


def test_an_index_number_or_document_number_goes_straight_to_the_document(client, doc):
    for q in (doc.index_no, "测商规〔2026〕1号"):
        response = client.get("/search/", {"q": q})
        assert response.status_code == 302 and response["Location"] == f"/{doc.agency.code}/catalog/{doc.pk}/"


@pytest.mark.parametrize("q", ["", "   ", "电" * 1000, '"*(', "NEAR(", "\x00", "%", "<script>alert(1)</script>"])
def test_odd_search_queries_never_500(client, doc, q):
    response = client.get("/search/", {"q": q, "page": "x", "year": "99999", "order": "zzz"})
    assert response.status_code == 200 and "<script>alert" not in response.content.decode()


def test_a_1000_character_query_gets_a_chinese_message(client, doc):
    assert "检索词过长" in client.get("/search/", {"q": "电子商务" * 250}).content.decode()


def test_pages_are_accessible_basics(client, doc):
    html = client.get(f"/{doc.agency.code}/catalog/").content.decode()
    assert '<html lang="zh-CN">' in html and 'name="viewport"' in html and 'class="skip"' in html
    assert '<label for="site-q"' in html and 'id="large-text-toggle"' in html


@override_settings(DEBUG=False)
def test_unknown_agency_is_a_chinese_404(client, db):
    response = client.get("/no-such-agency/catalog/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_a_new_publication_shows_at_once_despite_the_page_cache(client, doc, publish_doc):  # noqa: F811
    url = f"/{doc.agency.code}/catalog/"
    assert "共 1 条" in client.get(url).content.decode()
    publish_doc(title="刚刚发布的通知")
    html = client.get(url).content.decode()
    assert "刚刚发布的通知" in html and "共 2 条" in html
