"""Catalog fixtures: an agency with a unified social credit code, and a helper that publishes through the workflow."""

from datetime import date

import pytest
from django.core.cache import cache

from gongkai.catalog import services
from gongkai.catalog.models import Disclosure

CREDIT_CODE = "11370800MB1234567K"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    cache.clear()  # catalog counts are cached per agency id, and ids repeat between tests
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # personas are made per test
    return tmp_path


@pytest.fixture
def coded_agency(agency):
    agency.org_code = CREDIT_CODE
    agency.website = "测试县人民政府网站"
    agency.save()
    return agency


def draft_input(**overrides) -> services.DocumentInput:
    values = dict(title="关于开展2026年消费促进月活动的通知", formed_on=date(2026, 11, 2), topic="7.2", genre="通知",
                  channels=["website", "newmedia"], doc_number="测商发〔2026〕5号",
                  summary="部署全县消费促进月活动。", body="<p>为进一步扩大消费，激发市场活力，现就开展消费促进月活动通知如下。</p>")
    values.update(overrides)
    return services.DocumentInput(**values)


def publish(agency, clerk, reviewer, head, today, *, published_on=None, disclosure=Disclosure.PROACTIVE,
            basis="", **overrides):
    doc = services.create_draft(clerk, agency, draft_input(**overrides), today=today)
    services.submit_for_review(clerk, doc, today=today)
    services.review(reviewer, doc, is_secret=False, disclosure=disclosure, basis=basis, opinion="不涉密，同意公开。",
                    today=today)
    return services.approve(head, doc, today=today, published_on=published_on)


@pytest.fixture
def publish_doc(coded_agency, clerk, reviewer, head, today):
    def make(**kw):
        return publish(coded_agency, clerk, reviewer, head, today, **kw)
    return make
