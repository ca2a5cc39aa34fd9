"""Issue 15 item 6: every page names the government or agency that runs the site and its 网站标识码, not
"Gongkai"; the guide leaves out contact fields that are not set. Item 3: the home page shows the latest documents
and 通知公告; the catalog lists the documents before the topics."""

import re

import pytest

from ..catalog.conftest import coded_agency, data_dir, publish_doc  # noqa: F401 - fixtures


def test_title_and_footer_name_the_government_and_the_site_code(client, coded_agency, settings):  # noqa: F811
    settings.SITE_CODE, settings.SITE_ICP = "3708290001", "鲁ICP备12345678号"
    html = client.get(f"/{coded_agency.code}/guide/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "Gongkai" not in html and title.endswith(" - 测试县人民政府")  # the top of the agency tree
    footer = html[html.index('<footer class="site">'):]
    assert "主办单位：测试县人民政府" in footer and "网站标识码：3708290001" in footer and "鲁ICP备12345678号" in footer


def test_the_site_name_setting_wins(client, coded_agency, settings):  # noqa: F811
    settings.SITE_NAME, settings.SITE_CODE = "测试县人民政府办公室", ""
    html = client.get("/").content.decode()
    assert "<title>首页 - 测试县人民政府办公室</title>" in html and "网站标识码" not in html


def test_guide_leaves_out_contact_fields_that_are_not_set(client, coded_agency):  # noqa: F811
    coded_agency.office_phone, coded_agency.office_fax, coded_agency.office_email = "0537-1234567", "", ""
    coded_agency.save()
    html = client.get(f"/{coded_agency.code}/guide/").content.decode()
    assert "未设置" not in html and "传真号码" not in html and "电子邮箱" not in html and "0537-1234567" in html


@pytest.mark.django_db
def test_home_shows_the_latest_documents_and_notices(client, publish_doc):  # noqa: F811
    notice = publish_doc(title="关于开展2026年消费促进月活动的通知", genre="通知")
    other = publish_doc(title="嘉祥县商务局2026年部门预算", genre="报告", doc_number="")
    html = client.get("/").content.decode()
    latest, notices = html[html.index('id="latest-h"'):html.index('id="notices-h"')], html[html.index('id="notices-h"'):]
    assert notice.title in latest and other.title in latest
    assert notice.title in notices[:notices.index('id="agencies-h"')]
    assert other.title not in notices[:notices.index('id="agencies-h"')]


def test_catalog_lists_documents_before_the_folded_topics(client, publish_doc):  # noqa: F811
    doc = publish_doc(title="关于开展2026年消费促进月活动的通知")
    html = client.get(f"/{doc.agency.code}/catalog/").content.decode()
    assert html.index(doc.title) < html.index("<details") < html.index('id="topics-h"')
    assert "<details data-open-wide>" in html  # folded on a phone; actions.js opens it on a wide screen
