from datetime import date

import pytest

from gongkai.agencies.models import Agency, AgencyLevel
from gongkai.cases import intake
from gongkai.cases.models import CaseSettings
from gongkai.workdays import services as workdays


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    workdays.invalidate()
    yield
    workdays.invalidate()


@pytest.fixture
def section(agency):
    return Agency.objects.create(code="test-shangwu-scyx", name="测试县商务局市场运行科", level=AgencyLevel.SECTION,
                                 parent=agency)


@pytest.fixture
def no_approval(agency):
    CaseSettings.objects.update_or_create(agency=agency, defaults={"decision_needs_approval": False})


APPLICANT = {
    "applicant_type": "natural", "applicant_name": "张三", "id_type": "resident_id", "id_number": "370101199001011235",
    "phone": "13812345678", "email": "zhangsan@example.com", "address": "山东省济宁市嘉祥县", "content":
    "2025年度商务局招商引资项目清单", "purpose": "研究", "delivery_form": "email",
}


def register(clerk, agency, received: date | str, today: date, **overrides):
    received = date.fromisoformat(received) if isinstance(received, str) else received
    data = {**APPLICANT, "channel": "in_person", "arrived_at": received, **overrides}
    return intake.register(clerk, agency, data, today=today)


@pytest.fixture
def make_case(clerk, agency, today):
    def make(received="2026-09-18", **overrides):
        return register(clerk, agency, received, today, **overrides)

    return make


def post_action(client, app, name, **data):
    """POST one action form of the case page as the browser sends it (fields prefixed with the action's name)."""
    from django.urls import reverse

    fields = {"revision": app.revision, **data}
    return client.post(reverse("cases:action", args=[app.pk, name]), {f"{name}-{k}": v for k, v in fields.items()})


def post_delivery(client, letter, revision, **data):
    from django.urls import reverse

    fields = {"revision": revision, **data}
    return client.post(reverse("cases:letter_deliver", args=[letter.pk]),
                       {f"deliver-{letter.pk}-{k}": v for k, v in fields.items()})
