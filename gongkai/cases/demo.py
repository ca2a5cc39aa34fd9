"""Demo caseload for 嘉祥县商务局: a few dozen applications in the last full year, a few carried in from the year
before and over to this year, and open cases at every stage now. Every outcome of Table 3, every applicant type
and every clock event occurs. Built through the services (so letters, numbers, audit and deadlines are real).
Idempotent: nothing happens when the agency already has applications."""

from __future__ import annotations

from datetime import date, datetime, time

from gongkai.agencies.models import Agency, AgencyLevel
from gongkai.audit.services import record
from gongkai.workdays.services import add_workdays, is_workday

from . import decisions, intake, letters, requests, steps
from .clock import TZ
from .models import Application, CaseEvent, EventKind, Letter, LetterKind
from .outcomes import OUTCOME_CODES

PEOPLE = [  # (type, name, id_type, id_number, phone)
    ("natural", "王建国", "resident_id", "370829198503121234", "13853712345"),
    ("natural", "李秀英", "resident_id", "370829199007083321", "13605371122"),
    ("natural", "赵明", "resident_id", "370802197811230013", "15953780001"),
    ("org.business", "嘉祥县鑫源石材有限公司", "credit_code", "91370829MA3C0XYZ1A", "05376851234"),
    ("org.research", "济宁市区域经济研究所", "credit_code", "12370800MB2850001B", "05372345678"),
    ("org.ngo", "嘉祥县志愿者协会", "credit_code", "51370829MJD000012C", "05376859876"),
    ("org.legal", "山东某某律师事务所", "credit_code", "31370000MD0123456D", "05312345678"),
    ("org.other", "嘉祥县某村民委员会", "credit_code", "54370829C12345678E", "05376861111"),
]
TOPICS = ["招商引资项目清单", "外贸企业扶持资金分配结果", "成品油经营许可审批结果", "商贸流通企业安全生产检查记录",
          "电子商务进农村综合示范项目资金使用情况", "单用途商业预付卡备案企业名单", "家电以旧换新补贴发放情况",
          "县城商业网点规划", "再生资源回收经营者备案信息", "农贸市场改造项目招标文件", "报废机动车回收企业资质审核材料",
          "商务领域行政处罚决定书", "局机关年度部门预算", "对外劳务合作企业名单", "石材产业园区招商合同"]


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9, 30), tzinfo=TZ)


def _wd(day: date, n: int) -> date:
    """The nth working day after day; n=0: day itself if it is a working day, else the next one."""
    if n == 0:
        return add_workdays(date.fromordinal(day.toordinal() - 1), 1).date
    return add_workdays(day, n).date


def _register(clerk, agency, person, topic, received, **extra):
    kind, name, id_type, number, phone = person
    data = {"applicant_type": kind, "applicant_name": name, "id_type": id_type, "id_number": number, "phone": phone,
            "email": "" if kind != "natural" else f"{number[-4:]}@example.com", "address": "山东省济宁市嘉祥县",
            "content": f"申请公开嘉祥县商务局{received.year}年{topic}", "purpose": "了解政策",
            "delivery_form": "email", "channel": extra.pop("channel", "in_person"), "arrived_at": _at(received),
            "contact_person": "" if kind == "natural" else "张经理", **extra}
    return intake.register(clerk, agency, data, today=received)


def _fresh(app):
    return Application.objects.get(pk=app.pk)


# 第三十六条、第三十七条: reasons for every outcome that does not simply grant; 第三十六条（四）（五） for not_held.
REASONS = {
    "partial": "所申请文件第3页载有企业银行账户等商业秘密，已作区分处理，其余内容予以提供。",
    "deny.": "经审查，所申请信息属于上述不予公开的情形，具体理由已在答复中说明。",
    "unable.": "经检索本机关档案和业务系统，未找到所申请的政府信息。",
    "noproc.": "经审查，您的申请属于上述不予处理的情形。",
    "grant": "所申请信息共3页。",
}
NOT_HELD = {"sub_basis": "elsewhere", "responsible_agency": "嘉祥县发展和改革局", "responsible_contact": "0537-6851000"}


def _reasons_for(outcome: str) -> str:
    return next((text for key, text in REASONS.items() if outcome == key or outcome.startswith(key)), "")


# 第三十二条: disclosing although the third party objected needs the public interest as the reason.
PUBLIC_INTEREST = "该信息涉及财政资金的使用，不公开可能对公共利益造成重大影响，应当接受社会监督。"


def _decide(app, clerk, head, outcome, on, text=""):
    extra = NOT_HELD if outcome == "unable.not_held" else {}
    if not text and outcome in decisions.DISCLOSING and decisions.objecting_parties(_fresh(app)):
        text = PUBLIC_INTEREST + _reasons_for(outcome)
    app = decisions.decide(clerk, _fresh(app), outcome=outcome, decision_date=on, text=text or _reasons_for(outcome),
                           revision=_fresh(app).revision, today=on, **extra)
    return decisions.approve(head, app, revision=app.revision, today=on)


def _deliver_and_archive(app, clerk, decided_on: date, anchor: date, n: int) -> None:
    """Deliver the answer the next working day and archive it two working days later, as far as the office has
    worked by `anchor` (so the most recent answers wait for delivery or archiving in the clerk's queues)."""
    answer = Letter.objects.filter(application=app, kind=LetterKind.ANSWER).last()
    deliver_on = _wd(decided_on, 1)
    if answer is None or deliver_on > anchor:
        return
    method, proof = ("ems", f"1{n:012d}") if n % 2 else ("email", "电子邮件已发送")
    letters.deliver(clerk, answer, method=method, on=deliver_on, proof=proof, revision=_fresh(app).revision,
                    today=deliver_on)
    archive_on = _wd(deliver_on, 2)
    if archive_on <= anchor:
        decisions.archive(clerk, _fresh(app), revision=_fresh(app).revision, today=archive_on)


FULL_CASE = 30  # a 部分公开 with 补正, 征求意见 and 延期: the dossier example


def _flow(app, outcome, clerk, head, received, section, n, final_today):
    """Drive one case through the clock events that fit its outcome; returns the decision date."""
    r = lambda: _fresh(app).revision  # noqa: E731
    decide_on = _wd(received, 12)
    if outcome in ("unable.still_unclear", "other.no_correction") or n % 9 == 4 or n == FULL_CASE:
        on = _wd(received, 2)
        steps.request_correction(clerk, _fresh(app), correction_due=_wd(on, 10), items="请写明所需信息的文件名称或文号",
                                 on=on, revision=r(), today=on)
        if outcome == "other.no_correction":
            return _wd(on, 12)
        back = _wd(on, 4)
        steps.correction_received(clerk, _fresh(app), on=back, revision=r(), today=back,
                                  clarified=f"{app.content}（文件名称：嘉祥县商务局关于{TOPICS[n % len(TOPICS)]}的通知）")
        decide_on = _wd(back, 10)
    if outcome in ("deny.third_party", "partial") or n % 7 == 3:
        sent = _wd(received, 3)
        third = outcome != "partial"
        steps.start_consultation(clerk, _fresh(app), third_party=third,
                                 party="嘉祥县鑫源石材有限公司" if third else "嘉祥县发展和改革局", on=sent,
                                 revision=r(), today=sent)
        event = CaseEvent.objects.filter(application=app, kind__in=[EventKind.THIRD_PARTY_SENT,
                                                                      EventKind.AGENCY_SENT]).last()
        back = _wd(sent, 8)
        steps.consultation_reply(clerk, _fresh(app), event, on=back, revision=r(), today=back,
                                 agrees=outcome not in ("deny.third_party", "grant"), note="书面意见已收到")
        decide_on = _wd(back, 10)
    if outcome == "other.unpaid_fee" or n in (21, 27):
        on = _wd(received, 4)
        req = requests.request_fee(clerk, _fresh(app), items=None, pages=150, reason="申请提供的材料约150页",
                                   revision=r(), today=on)
        requests.approve(head, req, today=on)
        if outcome == "other.unpaid_fee":
            return _wd(on, 22)
        paid = _wd(on, 6)
        steps.fee_paid(clerk, _fresh(app), on=paid, revision=r(), today=paid, receipt="鲁财票0012345")
        decide_on = _wd(paid, 12)
    if n % 5 == 1:
        on = _wd(received, 8)
        intake.assign(clerk, _fresh(app), section, None, revision=r(), today=on, clerk=clerk)
    if n == FULL_CASE:  # the clerk asks, the head agrees (第三十三条第二款)
        on = _wd(received, 15)
        req = requests.request_extension(clerk, _fresh(app), days=15, reason="所需信息涉及多个科室，需要汇总核实",
                                         revision=r(), today=on)
        requests.approve(head, req, today=on, note="同意延长15个工作日")
        decide_on = _wd(received, 28)
    elif n % 6 == 2:
        on = _wd(received, 15)
        steps.extend(head, _fresh(app), days=15, reason="所需信息涉及多个科室，需要汇总核实", revision=r(), today=on)
        decide_on = _wd(received, 28)
    if outcome == "noproc.massive":
        on = _wd(received, 5)
        steps.request_reasons(clerk, _fresh(app), on=_wd(received, 2), note="电话要求申请人说明申请数量较多的理由",
                              revision=r(), today=_wd(received, 2))
        steps.delay_35(head, _fresh(app), until=_wd(received, 40), reason="本月申请数量明显超过合理范围",
                       revision=r(), today=on)
        decide_on = _wd(received, 30)
    return min(decide_on, final_today)


def load(today: date, agency: Agency, users: dict) -> dict:
    if Application.objects.of(agency).exists():
        return {"applications": 0}
    clerk, head = users["jingban"], users["fuzeren"]
    section = Agency.objects.filter(parent=agency, level=AgencyLevel.SECTION).order_by("code").first()
    year = today.year - 1
    anchor = last_workday(today)  # the last day the office worked
    made = 0
    # the last full year: every outcome, then more ordinary ones, applicant types cycling
    plan = list(OUTCOME_CODES) + ["grant"] * 8 + ["unable.not_held", "partial", "noproc.repeat", "deny.process"]
    for n, outcome in enumerate(plan):
        received = _wd(date(year, 1 + n % 11, 1 + (n * 3) % 20), 0)
        person = PEOPLE[n % len(PEOPLE)]
        channel = ["in_person", "post_signed", "email", "online", "post_plain", "fax"][n % 6]
        extra = {"channel": channel}
        if channel in ("email", "online", "post_plain", "fax"):
            extra["confirmed_at"] = _at(received)
        app = _register(clerk, agency, person, TOPICS[n % len(TOPICS)], received, **extra)
        decide_on = _flow(app, outcome, clerk, head, received, section, n, anchor)
        _decide(app, clerk, head, outcome, decide_on)
        _deliver_and_archive(_fresh(app), clerk, decide_on, anchor, n)
        made += 1
    # carried in: received in December of the year before, answered in January
    for n, person in enumerate(PEOPLE[:3]):
        received = _wd(date(year - 1, 12, 10 + 4 * n), 0)
        app = _register(clerk, agency, person, TOPICS[n + 3], received)
        _decide(app, clerk, head, "grant", _wd(received, 18))
        _deliver_and_archive(_fresh(app), clerk, _wd(received, 18), anchor, n)
        made += 1
    # carried over: received late in the last full year, still open
    for n, person in enumerate(PEOPLE[3:6]):
        received = _wd(date(year, 12, 8 + 5 * n), 0)
        if received <= today:
            app = _register(clerk, agency, person, TOPICS[n + 6], received)
            made += 1
            answer_on = _wd(received, 19)
            if answer_on <= anchor:  # answered in January: counted as carried over in the last full year
                _decide(app, clerk, head, ["grant", "unable.not_held", "partial"][n], answer_on)
                _deliver_and_archive(_fresh(app), clerk, answer_on, anchor, n)
    # now: open cases at every stage, each placed a fixed number of working days before the last working day on or
    # before today, so every step stays inside its statutory window whatever the date (第三十条: 补正 within 7
    # working days of receipt; 第三十三条: the answer within 20).
    made += _open_cases(agency, clerk, head, section, today)
    record("case.demo_load", agency=agency, data={"applications": made, "today": today.isoformat()})
    return {"applications": made}


# (stage, working days between receipt and the last working day on or before today): one or two cases waiting in
# every queue of the 工作台 — for the clerk, the reviewer and the head.
OPEN_STAGES = (("online", 0), ("confirmed", 1), ("correction", 2), ("assigned", 3), ("consult", 4),
               ("fee_request", 5), ("pending", 8), ("returned", 9), ("pending", 11), ("extension_request", 12),
               ("answered", 15), ("delivered", 16), ("overdue", 22))


def last_workday(day: date) -> date:
    """The last working day on or before `day` (the day the demo's office last worked)."""
    d = day
    while not is_workday(d):
        d = date.fromordinal(d.toordinal() - 1)
    return d


def workdays_before(day: date, n: int) -> date:
    """The working day n working days before the working day `day` (n=0: day itself)."""
    d = day
    while n > 0:
        d = last_workday(date.fromordinal(d.toordinal() - 1))
        n -= 1
    return d


def _open_cases(agency, clerk, head, section, today: date) -> int:
    anchor = last_workday(today)
    made = 0
    for n, (stage, before) in enumerate(OPEN_STAGES):
        person = PEOPLE[(n + 2) % len(PEOPLE)]
        if stage == "online":
            data = {"applicant_type": person[0], "applicant_name": person[1], "id_type": person[2],
                    "id_number": person[3], "phone": person[4], "email": "apply@example.com",
                    "content": f"申请公开{TOPICS[n]}", "delivery_form": "email"}
            intake.submit_online(agency, data, now=_at(today))
            made += 1
            continue
        received = workdays_before(anchor, before)
        app = _register(clerk, agency, person, TOPICS[(n + 8) % len(TOPICS)], received)
        made += 1
        _open_stage(stage, app, clerk, head, section, anchor, today, n)
    return made


def _open_stage(stage, app, clerk, head, section, anchor, today, n) -> None:
    r = lambda: _fresh(app).revision  # noqa: E731
    yesterday = workdays_before(anchor, 1)
    if stage == "assigned" and section:
        intake.assign(clerk, _fresh(app), section, None, revision=r(), today=today)
    elif stage == "correction":
        steps.request_correction(clerk, _fresh(app), correction_due=_wd(anchor, 10), items="请补充所需信息的年份",
                                 on=anchor, revision=r(), today=today)
    elif stage == "consult":
        steps.start_consultation(clerk, _fresh(app), third_party=True, party="嘉祥县某商贸公司", on=anchor,
                                 revision=r(), today=today)
    elif stage == "fee_request":
        requests.request_fee(clerk, _fresh(app), items=None, pages=180, reason="所需信息约180页，按量计收",
                             revision=r(), today=today)
    elif stage == "extension_request":
        requests.request_extension(clerk, _fresh(app), days=15, reason="所需信息涉及多个科室，需要汇总核实",
                                   revision=r(), today=today)
    elif stage in ("pending", "returned"):
        on = yesterday if stage == "returned" else anchor
        decisions.decide(clerk, _fresh(app), outcome="grant", decision_date=on, text="所申请信息通过电子邮件提供。",
                         revision=r(), today=today)
        if stage == "returned":
            decisions.return_decision(head, _fresh(app), reason="请写明提供信息的具体方式和时间，并核对页数。",
                                      revision=r(), today=today)
    elif stage in ("answered", "delivered"):
        decided = workdays_before(anchor, 2) if stage == "delivered" else yesterday
        _decide(app, clerk, head, "grant", decided)
        if stage == "delivered":
            answer = Letter.objects.filter(application=app, kind=LetterKind.ANSWER).last()
            letters.deliver(clerk, answer, method="ems", on=yesterday, proof=f"1{n:012d}", revision=r(),
                            today=today)
