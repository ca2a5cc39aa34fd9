"""The 工作台 of each demo persona lists exactly the items waiting for them (the demo as of Tuesday 1 December
2026), most urgent first, and each queue is a named queryset whose count and list agree."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency
from gongkai.cases.models import Application, HeadRequest, Status
from gongkai.catalog.models import DocStatus, Document
from gongkai.demo.load import load_demo
from gongkai.office.worklist import desk, for_queue, get

DAY = date(2026, 12, 1)


@pytest.fixture
def demo(db):
    load_demo(DAY)
    return Agency.objects.get(code="jiaxiang-shangwu")


def user(username):
    return get_user_model().objects.get(username=username)


def queues_of(username, agency):
    return {shown.queue.key: shown for shown in desk(user(username), agency, DAY).queues}


def counts(username, agency):
    return {key: shown.count for key, shown in queues_of(username, agency).items()}


def test_the_clerk_sees_her_cases_most_urgent_first(demo):
    assert counts("jingban", demo) == {
        "cases.my_overdue": 1, "cases.to_confirm": 1, "cases.my_returned": 1, "cases.mine": 10,
        "cases.my_correction": 1, "cases.my_consultation": 1, "cases.my_undelivered": 1, "cases.my_unarchived": 1,
        "catalog.rejected": 1, "reports.due": 8}  # the 2019 and 2022–2024 reports were never made: 2 deadlines each
    shown = queues_of("jingban", demo)
    assert list(shown)[:3] == ["cases.my_overdue", "cases.to_confirm", "cases.my_returned"]
    overdue = shown["cases.my_overdue"].items[0]
    assert overdue.overdue and overdue.when == "已逾期 2 个工作日" and overdue.due == date(2026, 11, 27)
    assert "退回意见" in shown["cases.my_returned"].items[0].note
    mine = Application.objects.of(demo).open().filter(assigned_to=user("jingban"))
    assert shown["cases.mine"].count == mine.count() == 10
    assert [i.due for i in shown["cases.mine"].items] == sorted(i.due for i in shown["cases.mine"].items)


def test_the_head_sees_what_waits_for_his_approval(demo):
    assert counts("fuzeren", demo) == {"cases.approval": 2, "cases.requests": 2, "cases.to_confirm": 1,
                                       "cases.overdue": 1, "catalog.approval": 1, "reports.due": 8}
    requests = queues_of("fuzeren", demo)["cases.requests"].items
    assert {r.title.split("：", 1)[1] for r in requests} == {"延长 15 个工作日", "按量计收 180 页"}
    assert HeadRequest.objects.pending().count() == 2


def test_the_reviewer_sees_the_documents_waiting_for_secrecy_review(demo):
    assert counts("shencha", demo) == {"catalog.review": 2}
    titles = {i.title for i in queues_of("shencha", demo)["catalog.review"].items}
    assert titles == set(Document.objects.of(demo).filter(status=DocStatus.REVIEW).values_list("title", flat=True))


def test_the_administrator_sees_the_account_left_without_a_role(demo):
    assert counts("guanli", demo) == {"agencies.roleless": 1}
    assert "李调离（lisi）没有任何岗位" in queues_of("guanli", demo)["agencies.roleless"].items[0].title


def test_the_oversight_office_has_no_case_queues_of_the_department(demo):
    assert desk(user("gongkaiban"), demo, DAY).queues == []


@pytest.mark.parametrize("key, expected", [
    ("cases.my_undelivered", lambda a: Application.objects.of(a).filter(status=Status.ANSWERED,
                                                                       letters__deliveries__isnull=True,
                                                                       letters__kind="answer").distinct()),
    ("cases.to_confirm", lambda a: Application.objects.of(a).filter(received_date__isnull=True)),
])
def test_a_queue_counts_exactly_what_it_lists(demo, key, expected):
    shown = for_queue(get(key), user("jingban"), demo, DAY, limit=100)
    assert shown.count == len(shown.items) == expected(demo).count()


def test_the_queues_change_as_the_clerk_works(demo):
    from gongkai.cases import decisions

    head = user("fuzeren")
    pending = Application.objects.of(demo).decided_pending().order_by("id").first()
    decisions.approve(head, pending, revision=pending.revision, today=DAY)
    assert counts("fuzeren", demo)["cases.approval"] == 1
    assert counts("jingban", demo)["cases.my_undelivered"] == 2
