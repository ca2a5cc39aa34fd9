"""The public portal shows published reports only, and Chinese error pages."""

import pytest
from django.test import override_settings

from gongkai.demo.load import load_demo


@pytest.fixture
def demo(db, today):
    load_demo(today)


def test_home_lists_reporting_agencies(client, demo):
    html = client.get("/").content.decode()
    assert "嘉祥县商务局" in html and "市场运行科" not in html


def test_published_report_page_shows_the_seed(client, demo):
    html = client.get("/jiaxiang-shangwu/reports/2020/").content.decode()
    assert "嘉祥县商务局2020年政府信息公开工作年度报告" in html and "内容哈希" in html


@pytest.mark.parametrize("kind", ["html", "docx", "pdf", "json", "csv"])
def test_published_report_downloads(client, demo, kind):
    assert client.get(f"/jiaxiang-shangwu/reports/2021/download/{kind}/").status_code == 200


def test_unpublished_year_is_a_chinese_404(client, demo):
    response = client.get("/jiaxiang-shangwu/reports/2019/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


@override_settings(DEBUG=False)
def test_unknown_page_is_a_chinese_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()
