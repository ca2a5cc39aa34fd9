"""Every office form, submitted once with one invalid value, comes back as it was typed (issue 10, item 4).

For each form in FORMS the test posts every field with a valid value except one, and checks on the page that comes
back (a) the Chinese error stands beside that field (inside the field's own wrapper, and no other field shows an
error), (b) every other field holds exactly what was typed, (c) every date input holds an ISO date (YYYY-MM-DD) or
nothing — and, for forms that edit a saved record (`saved`), the page that first shows the form renders the saved
dates as ISO values a date input accepts (not 2025/03/02).

Adding a form (e.g. the case forms of gongkai/cases): append a FormSpec to FORMS —

    FormSpec("case_decide", "clerk", lambda w: reverse("cases:action", args=[w["case"].pk, "decide"]),
             lambda w, c: {"outcome": "deny.state_secret", "text": "", "decision_date": "2026-03-02",
                           "revision": str(w["case"].revision)},
             invalid="text", error="请填写", unchecked=("revision",))

`user` names a persona of `world` (clerk, reviewer, head, admin, gov_admin; None = anonymous); `url(w)` is where
the form posts; `data(w, client)` is everything typed, valid values only (the field named `invalid` gets a bad value
in `data` already, or `bad` replaces it); `error` is a piece of the message expected beside it; `unchecked` lists
fields that are not echoed (passwords, hidden tokens); `files(w)` adds uploads; `saved=(page_url(w), {field: iso})`
lists saved dates to find on the page that shows the form. Add records the new form needs to the `world` fixture.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import html as lxml_html

from gongkai.agencies.models import Role
from gongkai.appeals import services as appeals
from gongkai.appeals.models import AppealKind, AppealResult, AppealStage
from gongkai.appeals.services import AppealInput
from gongkai.catalog import registry
from gongkai.catalog import services as catalog
from gongkai.reports import lifecycle
from gongkai.reports import services as reports
from gongkai.reports.definition import get_format
from gongkai.supervision import services as supervision
from tests.catalog.conftest import CREDIT_CODE, draft_input, publish
from tests.conftest import logged_in, make_user
from tests.reports.factories import consistent_report

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ENGLISH = re.compile(r"\b(Enter|Ensure|This field|valid|required|Select a)\b")
LONG = "长" * 501


@dataclass
class FormSpec:
    name: str
    user: str | None
    url: Callable
    data: Callable
    invalid: str | Callable  # the field's name, or world -> name for a field named per record
    error: str
    bad: str | None = None
    unchecked: tuple[str, ...] = ()
    files: Callable | None = None
    saved: tuple | None = None
    statuses: tuple[int, ...] = (200,)
    extra: dict = field(default_factory=dict)


def _publish_report(clerk, head, agency, year, today):
    report = reports.create_report(clerk, agency, year, today=today)
    data = consistent_report("2021", year)
    reports.update_cells(clerk, report, {a: c.display for a, c in data.cells.items()}, today=today)
    report.refresh_from_db()
    fmt = get_format(report.format_key)
    reports.update_narrative(clerk, report, sections={s.key: f"{s.heading}的文字。" for s in fmt.sections},
                             today=today)
    report.refresh_from_db()
    lifecycle.mark_validated(clerk, report, today=today)
    lifecycle.submit(clerk, report, today=today)
    return report


@pytest.fixture
def world(settings, tmp_path, agency, government, clerk, reviewer, head, admin_user, today):
    settings.DATA_DIR = tmp_path
    cache.clear()
    agency.org_code = CREDIT_CODE
    agency.save()
    draft = catalog.create_draft(clerk, agency, draft_input(title="草稿", written_on=date(2025, 3, 2),
                                                            formed_on=date(2025, 3, 5)), today=today)
    in_review = catalog.submit_for_review(
        clerk, catalog.create_draft(clerk, agency, draft_input(title="审查中"), today=today), today=today)
    awaiting = catalog.submit_for_review(
        clerk, catalog.create_draft(clerk, agency, draft_input(title="待审批"), today=today), today=today)
    catalog.review(reviewer, awaiting, is_secret=False, disclosure="proactive", basis="", opinion="同意", today=today)
    published = publish(agency, clerk, reviewer, head, today, title="已发布")
    entry = registry.add_registry_entry(clerk, agency, kind="normative", title="办法", doc_number="",
                                        issued_on=date(2025, 1, 1), published_on=None, repealed_on=None, today=today)
    appeal = appeals.register(clerk, agency, AppealInput(
        AppealKind.REVIEW, "测试县人民政府", "不予公开告知", date(2025, 3, 2), date(2025, 3, 5), date(2025, 6, 1),
        AppealStage.CONCLUDED, AppealResult.CORRECTED, reference="测复〔2025〕1号"), today=today)
    draft_report = reports.create_report(clerk, agency, 2025, today=today)
    submitted = _publish_report(clerk, head, agency, 2024, today)
    released = _publish_report(clerk, head, agency, 2023, today)
    lifecycle.approve(head, released, today=today)
    lifecycle.publish(head, released, today=today)
    cases = _cases(agency, clerk, head, today)
    gkb = make_user("gkb", government, Role.OVERSIGHT, name="刘公开")
    notice = supervision.send(gkb, government, agency, subject="missing_report", text="请报送年度报告。", due_days=5,
                              today=today)
    return {**cases, "gkb": gkb, "notice": notice, "agency": agency, "draft": draft, "in_review": in_review, "awaiting": awaiting, "published": published,
            "entry": entry, "appeal": appeal, "report": draft_report, "submitted": submitted, "released": released,
            "clerk": clerk, "reviewer": reviewer, "head": head, "admin": admin_user,
            "gov_admin": make_user("gov-admin", government, Role.ADMIN, name="钱县管理")}


def _cases(agency, clerk, head, today):
    """Cases at the stages the case page's forms need (依申请公开)."""
    from gongkai.agencies.models import Agency, AgencyLevel
    from gongkai.cases import decisions, intake, requests, steps
    from gongkai.core.clock import at
    from tests.cases.conftest import APPLICANT, register

    Agency.objects.create(code="test-shangwu-ks", name="测试县商务局市场科", level=AgencyLevel.SECTION, parent=agency)
    case = register(clerk, agency, "2026-11-20", today=today)
    online = intake.submit_online(agency, APPLICANT, now=at(date(2026, 11, 24)))
    corrected = register(clerk, agency, "2026-11-23", today=today)
    corrected = steps.request_correction(clerk, corrected, correction_due=date(2026, 12, 4), items="写明文号",
                                         on=today, revision=corrected.revision, today=today)
    consulted = register(clerk, agency, "2026-11-19", today=today)
    consulted = steps.start_consultation(clerk, consulted, third_party=True, party="某公司", on=today,
                                         revision=consulted.revision, today=today)
    asked = register(clerk, agency, "2026-11-18", today=today)
    requests.request_extension(clerk, asked, days=10, reason="需调档", revision=asked.revision, today=today)
    decided = register(clerk, agency, "2026-11-17", today=today)
    decided = decisions.decide(clerk, decided, outcome="grant", decision_date=today, text="随答复书提供。",
                               revision=decided.revision, today=today)
    answered = register(clerk, agency, "2026-11-16", today=today)
    answered = decisions.decide(clerk, answered, outcome="grant", decision_date=today, text="随答复书提供。",
                                revision=answered.revision, today=today)
    answered = decisions.approve(head, answered, revision=answered.revision, today=today)
    fee = register(clerk, agency, "2026-11-13", today=today)
    fee = steps.fee_notice(head, fee, pages=150, on=today, revision=fee.revision, today=today)
    return {"case": case, "online": online, "corrected": corrected, "consulted": consulted, "asked": asked,
            "decided": decided, "answered": answered, "fee_case": fee}


def _act(key, name):
    return lambda w: reverse("cases:action", args=[w[key].pk, name])


def _typed(key, name, **fields):
    """What the person typed into one action form of the case page (prefixed as the page names the fields)."""
    def data(w, c):
        app = type(w[key]).objects.get(pk=w[key].pk)
        return {f"{name}-{k}": v for k, v in {"revision": str(app.revision), **fields}.items()}

    return data


def _doc(**kw):
    return {"title": "关于开展消费促进月活动的通知", "doc_number": "测商发〔2026〕5号", "publisher": "测试县商务局",
            "written_on": "2025-03-02", "formed_on": "2025-03-05", "effective_on": "2025-04-01", "topic": "7.2",
            "genre": "通知", "art20_item": "", "channels": ["website", "newmedia"], "summary": "部署全县消费促进月活动。",
            "body": "为进一步扩大消费，现通知如下。", "index_no": "", **kw}


def _appeal(**kw):
    return {"kind": "suit_direct", "body": "测试县人民法院", "reference": "（2025）测行初1号", "applicant": "李四",
            "case_code": "", "decision": "逾期未答复", "filed_on": "2025-04-01", "accepted_on": "2025-04-08",
            "stage": "accepted", "result": "pending", "result_on": "", "note": "开庭前提交答辩状", **kw}


def _cells(w):
    report = w["report"]
    return {"cell:t2/rules/issued": "1", "cell:t2/rules/repealed": "0", "cell:t2/normative/issued": "3",
            "cell:t3/new/natural": "长" * 201, "revision": str(report.revision)}


def _upload_payload(w, client):
    from tests.importer.test_views import upload_file

    page = client.post(reverse("importer:upload"), {"file": upload_file(agency=w["agency"].name)})
    initial = page.context["store_form"].initial
    return {"agency": w["agency"].code, "payload": initial["payload"], "file_name": initial["file_name"],
            "published_on": "2099-01-20"}


def _pdf(name="a.exe", content=b"MZ\x90\x00 not a document"):
    return SimpleUploadedFile(name, content)


FORMS = [
    # 主动公开目录 (gongkai/catalog)
    FormSpec("catalog_doc_new", "clerk", lambda w: reverse("catalog:doc_new", args=[w["agency"].code]),
             lambda w, c: _doc(formed_on="2099-01-01"), "formed_on", "不能晚于今天"),
    FormSpec("catalog_doc_edit", "clerk", lambda w: reverse("catalog:doc_edit", args=[w["draft"].pk]),
             lambda w, c: _doc(written_on="2025-02-30"), "written_on", "成文日期不是有效日期",
             saved=(lambda w: reverse("catalog:doc_edit", args=[w["draft"].pk]),
                    {"written_on": "2025-03-02", "formed_on": "2025-03-05"})),
    FormSpec("catalog_review", "reviewer", lambda w: reverse("catalog:doc_review", args=[w["in_review"].pk]),
             lambda w, c: {"is_secret": "1", "disclosure": "proactive", "basis": "条例第十四条",
                           "opinion": "涉及国家秘密。"}, "disclosure", "只能是“不予公开”"),
    FormSpec("catalog_reject", "reviewer", lambda w: reverse("catalog:doc_reject", args=[w["in_review"].pk]),
             lambda w, c: {"reason": ""}, "reason", "请填写退回理由"),
    FormSpec("catalog_approve", "head", lambda w: reverse("catalog:doc_approve", args=[w["awaiting"].pk]),
             lambda w, c: {"published_on": "2099-01-01"}, "published_on", "发布日期不能晚于今天"),
    FormSpec("catalog_validity", "head", lambda w: reverse("catalog:doc_validity", args=[w["published"].pk]),
             lambda w, c: {"validity": "expired", "on": ""}, "on", "请填写失效或废止日期"),
    FormSpec("catalog_attachment", "clerk", lambda w: reverse("catalog:doc_attach", args=[w["draft"].pk]),
             lambda w, c: {}, "file", "不是允许的文件类型", files=lambda w: {"file": _pdf()}),
    FormSpec("catalog_index_scheme", "admin", lambda w: reverse("catalog:index_scheme", args=[w["agency"].code]),
             lambda w, c: {"index_scheme": "bogus"}, "index_scheme", "索引号模式的选项无效"),
    FormSpec("catalog_registry", "clerk", lambda w: reverse("catalog:registry_add", args=[w["agency"].code]),
             lambda w, c: {"kind": "rules", "title": "测试县商务领域行政规范性文件管理办法", "doc_number": "测商发〔2025〕1号",
                           "issued_on": "2025-01-10", "published_on": "2025-01-15", "repealed_on": "2024-12-01"},
             "repealed_on", "废止日期不能早于制发日期"),
    FormSpec("catalog_repeal", "head", lambda w: reverse("catalog:registry_repeal", args=[w["entry"].pk]),
             lambda w, c: {"on": "2000-01-01"}, "on", "废止日期应在制发日期与今天之间"),
    FormSpec("catalog_figures", "clerk", lambda w: reverse("catalog:figures_save", args=[w["agency"].code]),
             lambda w, c: {"year": "2025", "item": "licensing", "decisions": "-1", "prev_items": "12", "change": "2",
                           "amount": "1.5", "projects": "3", "unit": "万元", "source_note": "县政务服务平台导出"},
             "decisions", "处理决定数量不能小于0"),
    FormSpec("catalog_import", "clerk", lambda w: reverse("catalog:figures_import", args=[w["agency"].code]),
             lambda w, c: {"source_note": "执法系统 2026-01-05 导出"}, "file", "表头缺少",
             files=lambda w: {"file": SimpleUploadedFile("f.csv", "甲,乙\n1,2\n".encode())}),
    # 行政复议、行政诉讼 (gongkai/appeals)
    FormSpec("appeal_new", "clerk", lambda w: reverse("appeals:new") + f"?agency={w['agency'].code}",
             lambda w, c: _appeal(stage="concluded", result="upheld"), "result_on", "请同时填写结果日期"),
    FormSpec("appeal_edit", "clerk", lambda w: reverse("appeals:update", args=[w["appeal"].pk]),
             lambda w, c: _appeal(accepted_on="2025-03-20"), "accepted_on", "日期先后不对",
             saved=(lambda w: reverse("appeals:detail", args=[w["appeal"].pk]),
                    {"filed_on": "2025-03-02", "accepted_on": "2025-03-05", "result_on": "2025-06-01"})),
    FormSpec("appeal_document", "clerk", lambda w: reverse("appeals:document_upload", args=[w["appeal"].pk]),
             lambda w, c: {"kind": "decision"}, "file", "不支持", files=lambda w: {"file": _pdf()}),
    # 机关设置与人员 (gongkai/agencies)
    FormSpec("agency_settings", "admin", lambda w: reverse("agencies:settings_save", args=[w["agency"].code]),
             lambda w, c: {"short_name": "县商务局", "org_code": CREDIT_CODE, "office_name": "局办公室",
                           "office_address": "人民路1号", "office_hours": "工作日 9:00—17:00",
                           "office_phone": "0537-1234567", "office_fax": "0537-1234568", "office_email": "不是邮箱",
                           "website": "测试县人民政府网站", "letter_prefix": "测商公开"},
             "office_email", "格式不正确"),
    FormSpec("agency_new_staff", "admin", lambda w: reverse("agencies:staff_create", args=[w["agency"].code]),
             lambda w, c: {"username": "newclerk", "full_name": "新经办", "password": "short",
                           "roles": ["clerk", "reviewer"]}, "password", "密码至少 8 位", unchecked=("password",)),
    # 年度报告 (gongkai/office)
    FormSpec("report_new", "clerk", lambda w: reverse("office:report_create", args=[w["agency"].code]),
             lambda w, c: {"year": "2007", "format_key": "2019"}, "year", "不能早于 2008 年"),
    FormSpec("report_amend", "clerk", lambda w: reverse("office:report_amend", args=[w["released"].pk]),
             lambda w, c: {"reason": ""}, "reason", "请说明更正理由"),
    FormSpec("report_send_back", "head", lambda w: reverse("office:report_send_back", args=[w["submitted"].pk]),
             lambda w, c: {"reason": LONG}, "reason", "退回理由最多500个字"),
    FormSpec("report_narrative", "clerk", lambda w: reverse("office:report_save_narrative", args=[w["report"].pk]),
             lambda w, c: {"title": "题" * 201, "preamble": "根据《条例》编制本报告。", "section:s1": "总体情况。",
                           "section:s5": "存在的主要问题。", "revision": str(w["report"].revision)},
             "title", "标题最多200个字", unchecked=("revision",)),
    FormSpec("report_narrative_editor", "clerk",
             lambda w: reverse("office:report_save_narrative", args=[w["report"].pk]),
             lambda w, c: {"page": "narrative", "section:s1": "长" * 20001,
                           "revision": str(w["report"].revision)},
             "section:s1", "最多20000个字", unchecked=("revision", "page")),
    FormSpec("report_section_six", "clerk", lambda w: reverse("office:report_save_extras", args=[w["report"].pk]),
             lambda w, c: {"npc": "很多", "cppcc": "2", "other": "无其他事项。",
                           "revision": str(w["report"].revision)}, "npc", "应填数字", unchecked=("revision",)),
    FormSpec("report_cells", "clerk", lambda w: reverse("office:report_save_cells", args=[w["report"].pk]),
             lambda w, c: _cells(w), "cell:t3/new/natural", "内容过长", unchecked=("revision",)),
    # 依申请公开设置与文书模板 (gongkai/cases/settings_views.py, template editor)
    FormSpec("case_settings", "head", lambda w: reverse("cases:settings", args=[w["agency"].code]),
             lambda w, c: {"decision_needs_approval": "on", "start_day_counted": "", "consult_span": "exclusive",
                           "fee_pauses_clock": "on", "letter_number_pattern": "{prefix}〔{year}〕",
                           "acceptance_prefix": "测商", "acceptance_number_pattern": "{prefix}依申〔{year}〕{n}号",
                           "fee_needs_approval": "on", "answer_needs_review": "", "review_body": "测试县人民政府",
                           "four_eyes": "on", "retention_years": "", "dossier_retention": "30y"},
             "letter_number_pattern", "必须包含序号"),
    FormSpec("letter_template", "head", lambda w: reverse("cases:template_edit", args=["receipt"])
             + f"?agency={w['agency'].code}",
             lambda w, c: {"title": "政府信息公开申请登记回执", "body": "已收到 {% if %}"}, "body", "模板"),
    # 工作日历 (gongkai/workdays)
    FormSpec("calendar_entry", "gov_admin", lambda w: reverse("workdays:enter_notice"),
             lambda w, c: {"year": "2027", "notice": "国办发明电〔2026〕1号", "holidays": "2027-01-01,元旦",
                           "makeup_days": "2027-02-06,春节"}, "holidays", "放假区间第1行应有3项"),
    FormSpec("calendar_day", "gov_admin", lambda w: reverse("workdays:set_day"),
             lambda w, c: {"date": "2026-02-30", "kind": "holiday", "name": "测试", "note": "更正"},
             "date", "日期不是有效日期"),
    # 报告校验 (gongkai/importer)
    FormSpec("importer_upload", "clerk", lambda w: reverse("importer:upload"), lambda w, c: {}, "file",
             "PDF 文件已损坏", files=lambda w: {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 junk")},
             statuses=(422,)),
    FormSpec("importer_store", "head", lambda w: reverse("importer:store"), _upload_payload, "published_on",
             "不能晚于今天"),
    # 依申请公开：登记与案件页上的每个办理表单 (gongkai/cases)
    FormSpec("case_register", "clerk", lambda w: reverse("cases:register") + f"?agency={w['agency'].code}",
             lambda w, c: {"channel": "post_signed", "arrived_at": "2026-11-20", "confirmed_at": "",
                           "applicant_type": "natural", "applicant_name": "张三", "contact_person": "",
                           "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "13812345678",
                           "email": "不是邮箱", "address": "测试县人民路1号", "content": "2025年招商引资项目清单",
                           "purpose": "研究", "delivery_form": "email"}, "email", "格式不正确"),
    FormSpec("case_confirm", "clerk", _act("online", "confirm"), _typed("online", "confirm", on="2099-01-01"),
             "confirm-on", "不能晚于今天", unchecked=("confirm-revision",)),
    FormSpec("case_override", "clerk", _act("case", "override"),
             _typed("case", "override", received_date="2026-11-19", reason=""), "override-reason", "请填写理由",
             unchecked=("override-revision",)),
    FormSpec("case_assign", "clerk", _act("case", "assign"),
             lambda w, c: {**_typed("case", "assign", internal_due="2000-01-01")(w, c),
                           "assign-section": str(w["agency"].children.get().pk)},
             "assign-internal_due", "不能早于今天", unchecked=("assign-revision",)),
    FormSpec("case_reassign", "clerk", _act("case", "reassign"),
             _typed("case", "reassign", handler="999999", note="休假交接"), "reassign-handler", "选项无效",
             unchecked=("reassign-revision",)),
    FormSpec("case_correction", "clerk", _act("case", "correction"),
             _typed("case", "correction", items="", correction_due="2026-12-04", on="2026-11-25"),
             "correction-items", "请填写需要补正的事项", unchecked=("correction-revision",)),
    FormSpec("case_correction_received", "clerk", _act("corrected", "correction_received"),
             _typed("corrected", "correction_received", on="2026-02-30", clarified="补正为2025年的清单"),
             "correction_received-on", "不是有效日期", unchecked=("correction_received-revision",)),
    FormSpec("case_consult", "clerk", _act("case", "consult"),
             _typed("case", "consult", who="third", party="", on="2026-11-25", received_on="2026-11-26"),
             "consult-party", "请填写对象名称", unchecked=("consult-revision",)),
    FormSpec("case_consult_reply", "clerk", _act("consulted", "consult_reply"),
             lambda w, c: {**_typed("consulted", "consult_reply", on="2026-13-01", agrees="no", note="不同意公开")(w, c),
                           "consult_reply-sent": str(w["consulted"].events.get(kind="third_party_sent").pk)},
             "consult_reply-on", "不是有效日期", unchecked=("consult_reply-revision",)),
    FormSpec("case_request_extension", "clerk", _act("case", "request_extension"),
             _typed("case", "request_extension", days="30", reason="需调取档案"), "request_extension-days",
             "不能大于20", unchecked=("request_extension-revision",)),
    FormSpec("case_extend", "head", _act("case", "extend"), _typed("case", "extend", days="10", reason=""),
             "extend-reason", "请填写理由", unchecked=("extend-revision",)),
    FormSpec("case_delay", "head", _act("case", "delay"), _typed("case", "delay", until="2026-11-01", reason="数量过多"),
             "delay-until", "应晚于今天", unchecked=("delay-revision",)),
    FormSpec("case_fee", "head", _act("case", "fee"), _typed("case", "fee", items="", pages="0", on="2026-11-25"),
             "fee-pages", "不能小于1", unchecked=("fee-revision",)),
    FormSpec("case_request_fee", "clerk", _act("case", "request_fee"),
             _typed("case", "request_fee", items="很多", pages="", reason="约150页"), "request_fee-items", "应为整数",
             unchecked=("request_fee-revision",)),
    FormSpec("case_paid", "clerk", _act("fee_case", "paid"), _typed("fee_case", "paid", on="2026-02-30",
                                                                     receipt="鲁财票001"),
             "paid-on", "不是有效日期", unchecked=("paid-revision",)),
    FormSpec("case_reasons", "clerk", _act("case", "reasons"), _typed("case", "reasons", on="2026-11-25", note=""),
             "reasons-note", "请填写要求说明理由的内容和方式", unchecked=("reasons-revision",)),
    FormSpec("case_decide", "clerk", _act("case", "decide"),
             _typed("case", "decide", outcome="deny.state_secret", decision_date="2026-11-24", sub_basis="",
                    responsible_agency="", responsible_contact="", text=""),
             "decide-text", "须在答复要点中说明理由", unchecked=("decide-revision",)),
    FormSpec("case_return", "head", _act("decided", "return"), _typed("decided", "return", reason=""),
             "return-reason", "请填写退回意见", unchecked=("return-revision",)),
    FormSpec("case_request_decide", "head", _act("asked", "request_decide"),
             lambda w, c: {**_typed("asked", "request_decide", verdict="refuse", reason="")(w, c),
                           "request_decide-request": str(w["asked"].head_requests.get().pk)},
             "request_decide-reason", "不同意的理由", unchecked=("request_decide-revision", "request_decide-request")),
    FormSpec("case_file", "clerk", _act("case", "file"), _typed("case", "file", kind="envelope", note="EMS信封"),
             "file-file", "不是允许的文件类型", files=lambda w: {"file-file": _pdf()}, unchecked=("file-revision",)),
    FormSpec("case_deliver", "clerk",
             lambda w: reverse("cases:letter_deliver", args=[w["answered"].letters.get(kind="answer").pk]),
             lambda w, c: {f"deliver-{w['answered'].letters.get(kind='answer').pk}-{k}": v for k, v in {
                 "revision": str(type(w["answered"]).objects.get(pk=w["answered"].pk).revision), "method": "ems",
                 "on": "2026-11-25", "proof": ""}.items()},
             lambda w: f"deliver-{w['answered'].letters.get(kind='answer').pk}-proof", "请填写EMS或挂号单号"),
    # 督办
    FormSpec("supervision_send", "gkb", lambda w: reverse("supervision:sent", args=["testgov"]),
             lambda w, c: {"agency": w["agency"].code, "subject": "overdue_case", "link": "NOPE", "text": "请答复。",
                           "due_days": "5"}, "link", "没有查询码或受理号为“NOPE”的申请"),
    FormSpec("supervision_answer", "clerk", lambda w: reverse("supervision:answer", args=[w["notice"].pk]),
             lambda w, c: {"text": "", "revision": "0"}, "text", "请填写答复内容", unchecked=("revision",)),
    FormSpec("supervision_reissue", "gkb", lambda w: reverse("supervision:reissue", args=[w["notice"].pk]),
             lambda w, c: {"text": "请尽快报送。", "due_days": "99", "revision": "0"}, "due_days", "不能大于",
             unchecked=("revision",)),
    # 登录
    FormSpec("login", None, lambda w: reverse("office:login"), lambda w, c: {"username": "clerk", "password": ""},
             "password", "请填写密码"),
]


def _form_for(page, url: str, name: str):
    """The form on the page that posts to `url` and has a visible field `name`."""
    path = urlsplit(url).path
    for form in page.forms:
        if (form.get("method") or "get").lower() != "post":
            continue
        action = urlsplit(form.get("action") or path).path or path
        if action == path and _visible(form, name):
            return form
    raise AssertionError(f"no form posting to {path} with a field {name!r} on the page")


def _visible(form, name):
    return [e for e in form.xpath(".//*[@name=$n]", n=name) if (e.get("type") or "").lower() != "hidden"] or \
        form.xpath(".//*[@name=$n]", n=name)


def _value(form, name):
    elements = form.xpath(".//*[@name=$n]", n=name)
    assert elements, f"{name!r} did not come back"
    first = elements[0]
    kind = (first.get("type") or "").lower()
    if first.tag == "input" and kind in ("checkbox", "radio"):
        return sorted((e.get("value") or "on") for e in elements if e.get("checked") is not None)
    if first.tag == "select":
        chosen = [o.get("value", o.text_content()) for o in first.xpath(".//option") if o.get("selected") is not None]
        return sorted(chosen) if first.get("multiple") is not None else chosen or [first.xpath(".//option")[0].get(
            "value")]
    if first.tag == "textarea":
        return first.text_content().strip()
    return (first.get("value") or "").strip()


def _expected(form, name, typed):
    first = form.xpath(".//*[@name=$n]", n=name)[0]
    if first.tag == "select" or (first.get("type") or "").lower() in ("checkbox", "radio"):
        return sorted(typed) if isinstance(typed, list) else [str(typed)] if typed != "" or first.tag == "select" \
            else []
    return str(typed).strip()


def _wrapper(element):
    for parent in element.iterancestors():
        classes = (parent.get("class") or "").split()
        if (parent.tag == "div" and "field" in classes) or parent.tag == "td":
            return parent
    raise AssertionError("the field has no wrapper (div.field or table cell) to hold its error")


@pytest.mark.parametrize("spec", FORMS, ids=[s.name for s in FORMS])
def test_every_form_keeps_what_was_typed_after_an_error(client, world, spec):
    if spec.user:
        logged_in(client, world[spec.user])
    data = spec.data(world, client)
    invalid = spec.invalid(world) if callable(spec.invalid) else spec.invalid
    if spec.bad is not None:
        data[invalid] = spec.bad
    response = client.post(spec.url(world), {**data, **(spec.files(world) if spec.files else {})})
    assert response.status_code in spec.statuses, response.content.decode()[:3000]
    page = lxml_html.fromstring(response.content.decode())
    form = _form_for(page, spec.url(world), invalid)

    # (a) the error is beside the invalid field, in Chinese, and no other field shows one
    field_el = _visible(form, invalid)[0]
    errors = _wrapper(field_el).xpath(".//*[contains(concat(' ', @class, ' '), ' field-error ')]")
    assert errors, f"no error beside {invalid!r}"
    text = " ".join(e.text_content() for e in errors)
    assert spec.error in text and re.search(r"[\u4e00-\u9fff]", text) and not ENGLISH.search(text), text
    assert len(form.xpath(".//*[contains(concat(' ', @class, ' '), ' field-error ')]")) == len(errors), \
        "another field shows an error too"

    # (b) every other field came back as typed
    for name, typed in data.items():
        if name in (invalid, "csrfmiddlewaretoken", *spec.unchecked) or name.endswith("-revision"):
            continue
        assert _value(form, name) == _expected(form, name, typed), f"{name!r} did not come back as typed"

    # (c) dates are ISO values a date input accepts
    for date_input in form.xpath(".//input[@type='date']"):
        value = date_input.get("value") or ""
        assert value == "" or ISO.match(value) or date_input.get("name") == invalid, value


@pytest.mark.parametrize("spec", [s for s in FORMS if s.saved], ids=[s.name for s in FORMS if s.saved])
def test_a_form_shows_saved_dates_as_iso_values(client, world, spec):
    logged_in(client, world[spec.user])
    page_url, dates = spec.saved
    response = client.get(page_url(world))
    assert response.status_code == 200
    form = _form_for(lxml_html.fromstring(response.content.decode()), spec.url(world), next(iter(dates)))
    for name, iso in dates.items():
        (element,) = form.xpath(".//input[@name=$n]", n=name)
        assert element.get("type") == "date" and element.get("value") == iso, (name, element.get("value"))


def test_the_table_covers_every_converted_office_form():
    """A reminder for whoever adds a form: one entry per form, no duplicates."""
    names = [s.name for s in FORMS]
    assert len(names) == len(set(names)) and len(names) >= 30
