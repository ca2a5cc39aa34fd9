"""Cases that hold every letter kind and every outcome, built through the services (shared by the letter tests)."""

from __future__ import annotations

from datetime import date

from gongkai.cases import decisions, outcomes, requests, steps
from gongkai.cases.base import case_settings
from gongkai.cases.models import Application, CaseEvent, CaseSettings, EventKind, Letter, LetterKind

from .conftest import register

d = date.fromisoformat
# A request with the characters that were double-escaped before (&quot;R&amp;D补贴&quot;) and some that must not be
# HTML anywhere.
REQUEST = '申请公开2025年度"R&D补贴"<资金>的分配结果'
CLARIFIED = "2025年度“R&D补贴”资金分配结果公示文件（嘉商字〔2025〕12号）"
REASONS = {"partial": "第3页载有企业银行账户等商业秘密，已作区分处理。",
           "grant": "共3页。"}
NOT_HELD = {"sub_basis": "elsewhere", "responsible_agency": "测试县发展和改革局",
            "responsible_contact": "0537-1234567"}


def fresh(app) -> Application:
    return Application.objects.get(pk=app.pk)


def reasons_for(outcome: str) -> str:
    if outcome in REASONS:
        return REASONS[outcome]
    return "经审查，所申请信息属于该情形，具体理由如下：文件载有“A&B”公司的经营数据。" \
        if outcomes.needs_reasons(outcome) else ""


def answered(clerk, agency, today, outcome: str, delivery_form: str = "email", *, sub_basis: str = "") -> Application:
    """A case answered with this outcome (the agency answers without approval: use the `no_approval` fixture)."""
    app = register(clerk, agency, "2026-10-12", today, delivery_form=delivery_form, content=REQUEST)
    r = lambda: fresh(app).revision  # noqa: E731
    if outcome in ("unable.still_unclear", "other.no_correction"):
        steps.request_correction(clerk, fresh(app), correction_due=d("2026-10-23"), items="请写明文件名称或文号",
                                 on=d("2026-10-13"), revision=r(), today=today)
        if outcome == "unable.still_unclear":
            steps.correction_received(clerk, fresh(app), on=d("2026-10-20"), revision=r(), today=today,
                                      clarified="2025年度的那个补贴")
    if outcome == "other.unpaid_fee":  # this agency lets the clerk send fee notices (CaseSettings.fee_needs_approval)
        CaseSettings.objects.filter(pk=case_settings(agency).pk).update(fee_needs_approval=False)
        steps.fee_notice(clerk, fresh(app), pages=150, on=d("2026-10-13"), revision=r(), today=today)
    if outcome == "noproc.massive":
        steps.request_reasons(clerk, fresh(app), on=d("2026-10-13"), note="电话要求说明理由", revision=r(),
                              today=today)
    extra = dict(NOT_HELD) if outcome == "unable.not_held" else {}
    if sub_basis:
        extra["sub_basis"] = sub_basis
    text = "请登录本县政府门户网站“政府信息公开”栏目查阅。" if sub_basis == "published" else reasons_for(outcome)
    decisions.decide(clerk, fresh(app), outcome=outcome, decision_date=today, text=text, revision=r(),
                     today=today, **extra)
    return fresh(app)


def case_with_every_letter(clerk, head, agency, today) -> list[Letter]:
    """One letter of every kind, through the services: receipt, 补正, 征求第三方意见, 征求其他机关意见, 延期, 收费,
    the answer and — the third party objected — the 决定公开告知书; and a 延迟答复 on a second case."""
    app = register(clerk, agency, "2026-11-02", today, content=REQUEST)
    r = lambda: fresh(app).revision  # noqa: E731
    steps.request_correction(clerk, fresh(app), correction_due=d("2026-11-13"), items="请写明所需文件的名称或文号",
                             on=d("2026-11-03"), revision=r(), today=today)
    steps.correction_received(clerk, fresh(app), on=d("2026-11-05"), revision=r(), today=today,
                              clarified=CLARIFIED)
    steps.start_consultation(clerk, fresh(app), third_party=True, party="测试县鑫源石材有限公司",
                             on=d("2026-11-06"), revision=r(), today=today)
    steps.start_consultation(clerk, fresh(app), third_party=False, party="测试县财政局", on=d("2026-11-06"),
                             revision=r(), today=today)
    for sent in CaseEvent.objects.filter(application=app, kind__in=[EventKind.THIRD_PARTY_SENT,
                                                                     EventKind.AGENCY_SENT]):
        steps.consultation_reply(clerk, fresh(app), sent, on=d("2026-11-12"), revision=r(), today=today,
                                 agrees=sent.kind == EventKind.AGENCY_SENT, note="书面意见")
    steps.extend(head, fresh(app), days=15, reason="所需信息涉及多个科室，需要汇总核实，无法在法定期限内答复",
                 revision=r(), today=today)
    fee = requests.request_fee(clerk, fresh(app), items=None, pages=150, reason="所需信息约150页", revision=r(),
                               today=today)
    requests.approve(head, fee, today=today)
    steps.fee_paid(clerk, fresh(app), on=today, revision=r(), today=today, receipt="鲁财票0012345")
    decisions.decide(clerk, fresh(app), outcome="grant", decision_date=today, revision=r(), today=today,
                     text="不公开将影响公共利益：补贴资金的使用应当接受社会监督。")
    if decisions.pending_approval(fresh(app)):
        decisions.approve(head, fresh(app), revision=r(), today=today)
    other = register(clerk, agency, "2026-11-09", today, content=REQUEST)
    steps.delay_35(head, fresh(other), until=d("2027-01-29"), reason="本月申请数量较多",
                   revision=fresh(other).revision, today=today)
    found = list(Letter.objects.filter(application__in=[app, other]).order_by("id"))
    assert {x.kind for x in found} == set(LetterKind.values), {x.kind for x in found}
    return found
