from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.agencies.models import Agency, AgencyLevel, Role
from gongkai.audit.models import AuditEntry
from gongkai.core.errors import GongkaiError, Refused
from gongkai.office.worklist import desk
from gongkai.supervision import services
from gongkai.supervision.models import Notice, State, Subject
from tests.conftest import logged_in, make_user

TODAY = date(2026, 11, 25)   # a Wednesday


@pytest.fixture
def gkb(government):
    return make_user("gkb", government, Role.OVERSIGHT, name="刘公开")


@pytest.fixture
def case(agency, clerk):
    from tests.cases.conftest import register

    return register(clerk, agency, "2026-09-18", TODAY)


def _send(gkb, government, agency, **kw):
    return services.send(gkb, government, agency, subject=kw.pop("subject", Subject.MISSING_REPORT),
                         text=kw.pop("text", "请于期限内报送2025年度报告。"), due_days=kw.pop("due_days", 5),
                         today=TODAY, **kw)


def test_round_trip_is_audited_on_both_sides_with_all_dates(government, agency, gkb, clerk, case):
    notice = _send(gkb, government, agency, subject=Subject.OVERDUE_CASE, case=case)
    assert notice.number == 1 and notice.state == State.SENT and notice.due_on == date(2026, 12, 2)
    assert [q.queue.key for q in desk(clerk, agency, TODAY).queues if q.queue.key.startswith("supervision")] == \
        ["supervision.answer"]
    notice = services.answer(clerk, notice, text="已于今日答复申请人。", today=date(2026, 11, 27))
    assert notice.state == State.ANSWERED and notice.answered_on == date(2026, 11, 27)
    assert "supervision.close" in [q.queue.key for q in desk(gkb, government, TODAY).queues]
    notice = services.reissue(gkb, notice, text="答复书未送达，请补正送达。", due_days=3, today=date(2026, 11, 30))
    assert notice.state == State.SENT and notice.round == 2 and notice.due_on == date(2026, 12, 3)
    notice = services.answer(clerk, notice, text="已送达。", today=date(2026, 12, 1))
    notice = services.close(gkb, notice, text="", today=date(2026, 12, 2))
    assert notice.state == State.CLOSED and notice.closed_on == date(2026, 12, 2)
    steps = [(s.kind, s.on) for s in notice.steps.all()]
    assert steps == [("send", TODAY), ("answer", date(2026, 11, 27)), ("reissue", date(2026, 11, 30)),
                     ("answer", date(2026, 12, 1)), ("close", date(2026, 12, 2))]
    for side in (agency, government):
        actions = list(AuditEntry.objects.filter(agency=side, action__startswith="supervision.")
                       .order_by("id").values_list("action", flat=True))
        assert actions == ["supervision.send", "supervision.answer", "supervision.reissue", "supervision.answer",
                           "supervision.close"]


def test_invalid_transitions_are_refused(government, agency, gkb, clerk):
    notice = _send(gkb, government, agency)
    with pytest.raises(Refused):
        services.close(gkb, notice, today=TODAY)            # nothing answered yet
    notice = services.answer(clerk, notice, text="已报送。", today=TODAY)
    with pytest.raises(Refused):
        services.answer(clerk, notice, text="再答一次", today=TODAY)
    notice = services.close(gkb, notice, today=TODAY)
    for step in (lambda: services.answer(clerk, notice, text="x", today=TODAY),
                 lambda: services.reissue(gkb, notice, text="x", due_days=3, today=TODAY),
                 lambda: services.close(gkb, notice, today=TODAY)):
        with pytest.raises(Refused):
            step()


def test_wrong_role_and_wrong_agency_are_refused(government, agency, other_agency, gkb, clerk,
                                                  outsider_from_other_agency):
    with pytest.raises(PermissionDenied):
        _send(clerk, government, agency)                    # a department clerk cannot send
    with pytest.raises(PermissionDenied):
        _send(gkb, agency, agency)                          # the oversight role is held in the government
    notice = _send(gkb, government, agency)
    with pytest.raises(PermissionDenied):
        services.answer(outsider_from_other_agency, notice, text="不是我的", today=TODAY)
    with pytest.raises(PermissionDenied):
        services.answer(gkb, notice, text="代答", today=TODAY)   # the office does not answer for the agency
    services.answer(clerk, notice, text="已报送。", today=TODAY)
    with pytest.raises(PermissionDenied):
        services.close(clerk, notice, today=TODAY)
    elsewhere = Agency.objects.create(code="elsewhere", name="别县商务局", level=AgencyLevel.DEPARTMENT)
    with pytest.raises(GongkaiError):
        _send(gkb, government, elsewhere)


def test_link_must_belong_to_the_agency_and_due_days_are_bounded(government, agency, other_agency, gkb, case):
    with pytest.raises(GongkaiError) as exc:
        _send(gkb, government, other_agency, subject=Subject.OVERDUE_CASE, case=case)
    assert exc.value.field == "link"
    with pytest.raises(GongkaiError) as exc:
        _send(gkb, government, agency, due_days=0)
    assert exc.value.field == "due_days"
    assert services.resolve_link(agency, Subject.OVERDUE_CASE, case.tracking_code) == {"case": case}
    with pytest.raises(GongkaiError):
        services.resolve_link(other_agency, Subject.OVERDUE_CASE, case.tracking_code)


def test_views_round_trip_and_refusals(client, government, agency, gkb, clerk, outsider_from_other_agency,
                                       office_day):
    logged_in(client, gkb)
    url = reverse("supervision:sent", args=[government.code])
    bad = client.post(url, {"agency": agency.code, "subject": Subject.OVERDUE_CASE, "link": "NOPE",
                            "text": "请答复。", "due_days": 5})
    assert bad.status_code == 200 and "没有查询码或受理号为“NOPE”的申请" in bad.content.decode()
    assert "请答复。" in bad.content.decode()                 # the input is kept
    r = client.post(url, {"agency": agency.code, "subject": Subject.MISSING_REPORT, "link": "",
                          "text": "请报送2025年度报告。", "due_days": 5})
    assert r.status_code == 302
    notice = Notice.objects.get()
    detail = reverse("supervision:detail", args=[notice.pk])
    assert "第1号" in client.get(url).content.decode()
    assert client.get(reverse("supervision:answer", args=[notice.pk])).status_code == 405   # wrong method
    assert client.post(reverse("supervision:answer", args=[notice.pk]),
                       {"text": "代答", "revision": 0}).status_code == 403
    client.logout()
    logged_in(client, outsider_from_other_agency)
    assert client.get(detail).status_code == 403
    assert client.get(url).status_code == 403
    client.logout()
    logged_in(client, clerk)
    assert client.get(url).status_code == 403
    assert "第1号" in client.get(reverse("supervision:received", args=[agency.code])).content.decode()
    empty = client.post(reverse("supervision:answer", args=[notice.pk]), {"text": "", "revision": 0})
    assert empty.status_code == 200 and "请填写答复内容" in empty.content.decode()
    assert client.post(reverse("supervision:answer", args=[notice.pk]),
                       {"text": "已报送。", "revision": 0}).status_code == 302
    assert "已答复" in client.get(detail).content.decode()
    client.logout()
    logged_in(client, gkb)
    assert client.post(reverse("supervision:close", args=[notice.pk]), {"text": "", "revision": 1}).status_code == 302
    notice.refresh_from_db()
    assert notice.state == State.CLOSED


def test_a_notice_started_from_the_dashboard_arrives_filled_in(client, government, agency, gkb):
    url = reverse("supervision:sent", args=[government.code])
    page = logged_in(client, gkb).get(url, {"agency": agency.code, "subject": "missing_report", "link": "2024"})
    form = page.context["form"]
    assert (form["agency"].value(), form["subject"].value(), form["link"].value()) == \
        (agency.code, "missing_report", "2024")


def test_a_dashboard_link_to_an_unknown_agency_or_subject_is_ignored(client, government, gkb):
    page = logged_in(client, gkb).get(reverse("supervision:sent", args=[government.code]),
                                      {"agency": "elsewhere", "subject": "bogus"})
    form = page.context["form"]
    assert page.status_code == 200 and not form["agency"].value() and not form["subject"].value()
