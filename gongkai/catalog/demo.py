"""Demo catalog for 嘉祥县商务局: several hundred realistic documents from 2019 to today over every topic, the
Article-20 registry and yearly figures, and a few documents in the workflow. Idempotent and fast (bulk inserts)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from gongkai.audit.services import record

from . import services
from .models import (
    Attachment,
    Disclosure,
    DocStatus,
    Document,
    DocumentChannel,
    FigureItem,
    IndexCounter,
    RegistryEntry,
    RegistryKind,
    Validity,
    YearFigure,
)
from .sanitize import sanitize
from .search_index import index_agency_pages, reindex
from .taxonomy import taxonomy

ORG_CODE = "11370829004185263X"  # demo unified social credit code (not real)
FIRST_YEAR = 2019
# (title template, genre, topic, art20 item, per-year count)
TEMPLATES = [
    ("关于做好{y}年度成品油市场安全检查工作的通知", "通知", "8.5", 13, 1),
    ("关于开展{y}年“消费促进月”活动的通知", "通知", "7.2", None, 1),
    ("关于组织企业参加第{k}届中国进出口商品交易会的通知", "通知", "7.1", None, 2),
    ("嘉祥县商务局关于{y}年度单用途商业预付卡备案情况的公告", "公告", "7.2", None, 1),
    ("《嘉祥县促进电子商务高质量发展若干措施》政策解读（{y}年修订）", "政策解读", "7.2", 1, 1),
    ("嘉祥县商务局行政许可决定书（成品油零售经营资格）嘉商许字〔{y}〕{n}号", "行政许可结果", "4.6", 5, 6),
    ("嘉祥县商务局行政许可决定书（酒类商品批发经营备案）嘉商许字〔{y}〕{n}号", "行政许可结果", "7.2", 5, 4),
    ("嘉祥县商务局行政处罚决定书 嘉商罚字〔{y}〕{n}号", "行政处罚决定", "8.6", 6, 3),
    ("嘉祥县商务局{y}年部门预算", "财政预决算", "3.1", 7, 1),
    ("嘉祥县商务局{py}年部门决算", "财政预决算", "3.1", 7, 1),
    ("{y}年{m}月全县招商引资工作进展情况", "工作动态", "7.1", None, 6),
    ("嘉祥县{y}年电子商务进农村综合示范项目实施方案", "规划计划", "7.2", 3, 1),
    ("{y}年{m}月全县外贸进出口情况", "统计数据", "2.3", 4, 8),
    ("{y}年第{q}季度全县重点商贸企业市场运行监测分析", "统计数据", "2.3", 4, 4),
    ("关于{y}年度成品油零售经营企业年度检查结果的公示", "公告", "4.6", 5, 1),
    ("嘉祥县商务局关于推进{y}年县域商业体系建设的实施意见", "意见", "7.2", 11, 1),
    ("嘉祥县商务局{y}年政务公开工作要点", "通知", "1.1", None, 1),
    ("嘉祥县商务系统{y}年生活必需品市场供应应急预案", "通知", "1.3", 12, 1),
    ("关于开展{y}年商贸领域安全生产大排查大整治的通知", "通知", "8.5", 13, 2),
    ("嘉祥县商务局行政事业性收费项目目录（{y}年）", "其他", "3.1", 8, 1),
    ("嘉祥县商务局{y}年政府采购意向公开", "公告", "3.1", 9, 1),
    ("关于举办{y}年家政服务职业技能培训促进就业的通知", "通知", "14.1", 11, 1),
    ("{y}年电商消费帮扶产品推介活动情况", "工作动态", "16.6", 11, 1),
    ("全县商贸流通领域{y}年{m}月生活必需品价格监测情况", "统计数据", "2.4", 4, 3),
    ("关于申报{y}年度外经贸发展专项资金项目的通知", "通知", "7.1", 11, 1),
    ("嘉祥县商务局关于{y}年度汽车以旧换新补贴资金拟拨付名单的公示", "公告", "7.2", 11, 1),
]
ONCE = [
    ("嘉祥县商务局机构职能、办公地址及联系方式", "其他", "1.1", 2),
    ("嘉祥县商务局政府信息公开保密审查制度", "通知", "1.1", None),
    ("嘉祥县商务局政府信息主动公开工作制度", "通知", "1.1", None),
    ("嘉祥县商务局依申请公开政府信息工作规程", "通知", "1.1", None),
    ("嘉祥县“十四五”商务发展规划", "规划计划", "2.1", 3),
]
NORMATIVE = [  # (title, year, repealed year or None)
    ("嘉祥县再生资源回收管理办法", 2019, 2023),
    ("嘉祥县单用途商业预付卡管理实施细则", 2020, None),
    ("嘉祥县促进电子商务高质量发展若干措施", 2021, None),
    ("嘉祥县县域商业体系建设专项资金管理办法", 2021, 2024),
    ("嘉祥县成品油零售经营资格审核工作规程", 2022, None),
    ("嘉祥县外经贸发展专项资金管理办法", 2023, None),
    ("嘉祥县汽车以旧换新补贴实施细则", 2024, 2025),
    ("嘉祥县家政服务业提质扩容实施办法", 2025, None),
    ("嘉祥县商贸流通企业安全生产管理规定", 2025, None),
]
PARAGRAPHS = [
    "各乡镇（街道）商务工作负责同志，县直有关部门，各有关企业：",
    "为深入贯彻落实党中央、国务院和省委、省政府关于{subject}的决策部署，进一步促进全县商贸流通高质量发展，"
    "经研究，现就有关事项{verb}如下。",
    "一、工作目标。坚持稳中求进工作总基调，以扩大内需为战略基点，统筹推进{subject}，"
    "力争全县社会消费品零售总额、外贸进出口和实际使用外资保持稳定增长。",
    "二、主要任务。{tasks}",
    "三、保障措施。各单位要高度重视，明确责任分工，加强协调配合，确保各项工作落到实处。"
    "工作中遇到的问题请及时与县商务局{office}联系。",
    "联系电话：0537-0000000（演示）。",
]
SUBJECTS = {"2": "国民经济运行", "3": "预算管理", "4": "成品油流通管理", "7": "商贸流通和对外开放",
            "8": "安全生产和市场秩序", "14": "稳就业", "16": "消费帮扶", "1": "政务公开"}
TASKS = {
    "2": "（一）强化市场运行监测，对重点商贸企业实行动态监测；（二）做好社会消费品零售总额、外贸进出口数据的统计分析。",
    "3": "（一）严格执行部门预算，规范资金支出；（二）加强专项资金绩效管理，按规定公开预决算信息。",
    "4": "（一）加强成品油流通行业管理，开展成品油零售经营企业年度检查；（二）严厉打击非法经营成品油行为。",
    "7": "（一）推进电子商务进农村，完善县乡村三级物流配送体系；（二）扩大外贸进出口，组织企业参加境内外展会；"
         "（三）深化招商引资，落实重点项目包保责任。",
    "8": "（一）开展商贸领域安全生产检查，督促企业落实主体责任；（二）规范市场秩序，依法查处违法经营行为。",
    "1": "（一）落实政务公开工作要点，及时更新政府信息公开目录和指南；（二）做好依申请公开办理和保密审查。",
}
FILLER = "关于转发《{name}有关工作的通知》的通知"
MINIMAL_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
               b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _body(rng, topic: str, title: str) -> tuple[str, str, str]:
    subject = SUBJECTS.get(topic.split(".")[0], "商务工作")
    verb = rng.choice(["通知", "公告", "安排"])
    office = rng.choice(["办公室", "市场运行科", "外经贸科", "商贸流通科"])
    tasks = TASKS.get(topic.split(".")[0], "（一）按照上级部署抓好贯彻落实；（二）加强工作调度，按时报送进展情况。")
    paragraphs = [p.format(subject=subject, verb=verb, office=office, tasks=tasks) for p in PARAGRAPHS]
    summary = f"{title}。主要内容涉及{subject}，明确了工作目标、主要任务和保障措施。"
    html, text = sanitize("".join(f"<p>{p}</p>" for p in paragraphs))
    return summary, html, text


def _pub_dates(rng, year: int, n: int, today: date) -> list[date]:
    end = min(date(year, 12, 31), today - timedelta(days=1))
    span = (end - date(year, 1, 3)).days
    return sorted(date(year, 1, 3) + timedelta(days=rng.randint(0, max(span, 0))) for _ in range(n)) if span > 0 else []


def _specs(rng, today: date) -> list[dict]:
    specs, tax = [], taxonomy()
    for year in range(FIRST_YEAR, today.year + 1):
        permit = 0
        for title, genre, topic, art20, per_year in TEMPLATES:
            for i, day in enumerate(_pub_dates(rng, year, per_year, today)):
                permit += 1
                t = title.format(y=year, py=year - 1, k=124 + 2 * (year - 2019) + i, n=permit,
                                 m=day.month, q=(day.month - 1) // 3 + 1)
                number = f"嘉商许字〔{year}〕{permit}号" if genre == "行政许可结果" else (
                    f"嘉商罚字〔{year}〕{permit}号" if genre == "行政处罚决定" else (
                        f"嘉商发〔{year}〕{rng.randint(1, 60)}号" if genre in ("通知", "意见") else ""))
                specs.append(dict(title=t, genre=genre, topic=topic, art20=art20, published_on=day,
                                  doc_number=number))
        for head, kids in tax.tree:  # one routine item in each first-level topic, so every category has entries
            topic = (kids[-1] if kids else head).code
            if year % 2 == int(head.code) % 2 or head.code in ("21",):
                day = _pub_dates(rng, year, 1, today)
                if day:
                    specs.append(dict(title=FILLER.format(name=(kids[0] if kids else head).name), genre="通知",
                                      topic=topic, art20=None, published_on=day[0], doc_number=""))
    for title, genre, topic, art20 in ONCE:
        specs.append(dict(title=title, genre=genre, topic=topic, art20=art20, published_on=date(2019, 5, 20),
                          doc_number=""))
    for title, year, _repealed in NORMATIVE:
        specs.append(dict(title=f"嘉祥县商务局关于印发《{title}》的通知", genre="通知", topic="7.2", art20=1,
                          published_on=date(year, 6, 18), doc_number=f"嘉商规〔{year}〕{len(title) % 9 + 1}号",
                          normative=(title, year, _repealed)))
    return [s for s in specs if s["published_on"] < today]


def _load_documents(agency, users, today, rng) -> int:
    prefix = services.index_prefix(agency, services.settings_for(agency).index_scheme)
    specs = sorted(_specs(rng, today), key=lambda s: s["published_on"])
    serials: dict[int, int] = {}
    docs = []
    for s in specs:
        year = s["published_on"].year
        serials[year] = serials.get(year, 0) + 1
        late = rng.random() < 0.04
        formed = s["published_on"] - timedelta(days=rng.randint(35, 60) if late else rng.randint(0, 14))
        summary, html, text = _body(rng, s["topic"], s["title"])
        normative = s.get("normative")
        repealed = date(normative[2], 3, 1) if normative and normative[2] else None
        docs.append(Document(
            agency=agency, title=s["title"], index_no=f"{prefix}/{year}-{serials[year]:05d}", doc_number=s["doc_number"],
            publisher=agency.name, written_on=formed, published_on=s["published_on"], formed_on=formed,
            publish_due=services.publish_due(formed), topic=s["topic"], genre=s["genre"], art20_item=s["art20"],
            disclosure=Disclosure.PROACTIVE, disclosure_basis="《中华人民共和国政府信息公开条例》第十九条、第二十条",
            is_secret=False, validity=Validity.REPEALED if repealed else Validity.VALID, invalid_on=repealed,
            effective_on=s["published_on"], summary=summary, body=html, body_text=text, status=DocStatus.PUBLISHED,
            review_opinion="经审查，不涉及国家秘密、商业秘密和个人隐私，同意主动公开。", reviewed_by=users.get("shencha"),
            approved_by=users.get("fuzeren"), created_by=users.get("jingban")))
    for d in docs:
        d.published_late = d.published_on > d.publish_due
    Document.objects.bulk_create(docs, batch_size=500)
    docs = list(Document.objects.of(agency).order_by("id"))
    for year, last in serials.items():
        IndexCounter.objects.update_or_create(agency=agency, period=str(year), defaults={"last": last})
    channels = []
    for d in docs:
        keys = ["website"] + [k for k, p in (("newmedia", .4), ("app", .15), ("board", .08)) if rng.random() < p]
        if d.art20_item == 1:
            keys.append("gazette")
        channels += [DocumentChannel(agency=agency, document=d, channel=k) for k in keys]
    DocumentChannel.objects.bulk_create(channels, batch_size=1000)
    reindex(agency)
    index_agency_pages(agency)
    by_title = {d.title: d for d in docs}
    for title, year, repealed in NORMATIVE:
        doc = by_title.get(f"嘉祥县商务局关于印发《{title}》的通知")
        if doc is None:
            continue
        RegistryEntry.objects.create(agency=agency, kind=RegistryKind.NORMATIVE, title=title,
                                     doc_number=doc.doc_number, issued_on=date(year, 6, 10),
                                     published_on=date(year, 6, 18),
                                     repealed_on=date(repealed, 3, 1) if repealed and repealed < today.year + 1
                                     else None, document=doc)
        stored = services.files.check_and_store(agency.code, f"{title}.pdf", MINIMAL_PDF)
        Attachment.objects.create(agency=agency, document=doc, uploaded_by=users.get("jingban"), **stored)
    return len(docs)


def _load_figures(agency, users, today, rng) -> int:
    n = 0
    for year in range(FIRST_YEAR, today.year):
        values = {
            FigureItem.LICENSING: dict(decisions=120 + rng.randint(0, 60), prev_items=12, change=rng.choice([-1, 0, 1])),
            FigureItem.OTHER_SERVICES: dict(decisions=rng.randint(20, 50), prev_items=6, change=0),
            FigureItem.PENALTY: dict(decisions=rng.randint(3, 15), prev_items=18, change=rng.choice([0, 2])),
            FigureItem.COERCION: dict(decisions=rng.randint(0, 2), prev_items=3, change=0),
            FigureItem.FEES: dict(amount=Decimal(rng.randint(0, 90)) / 100, prev_items=1, change=0),
            FigureItem.PROCUREMENT: dict(projects=rng.randint(2, 8), amount=Decimal(rng.randint(200, 900)) / 10),
        }
        for item, v in values.items():
            _obj, made = YearFigure.objects.get_or_create(
                agency=agency, year=year, item=item,
                defaults={**v, "source_note": "演示数据：县政务服务平台、县综合行政执法系统年度导出",
                          "entered_by": users.get("jingban")})
            n += made
    return n


def _load_workflow(agency, users, today) -> int:
    """A few documents in the workflow so the dashboard and the review queue have something to show."""
    clerk, reviewer = users.get("jingban"), users.get("shencha")
    if clerk is None or reviewer is None:
        return 0
    made = 0
    for title, topic, days, stage in (
        ("关于开展" + str(today.year) + "年岁末年初商贸领域安全生产检查的通知", "8.5", 3, "draft"),
        ("嘉祥县" + str(today.year) + "年县域商业体系建设项目申报指南", "7.2", 10, "review"),
        ("关于" + str(today.year) + "年第三季度市场运行情况的通报", "2.3", 40, "approval"),
        ("嘉祥县商务局关于" + str(today.year) + "年度成品油零售经营企业年度检查结果的公示", "4.6", 6, "review"),
        ("关于调整商务局内部科室职责分工的通知（内部事务）", "1.1", 8, "rejected"),
    ):
        data = services.DocumentInput(title=title, formed_on=today - timedelta(days=days), topic=topic, genre="通知",
                                      channels=["website"], summary=title, body=f"<p>{title}（演示草稿）。</p>")
        doc = services.create_draft(clerk, agency, data, today=today)
        made += 1
        if stage == "draft":
            continue
        services.submit_for_review(clerk, doc, today=today)
        if stage == "approval":
            services.review(reviewer, doc, is_secret=False, disclosure=Disclosure.PROACTIVE, basis="",
                            opinion="不涉密，同意主动公开。", today=today)
        elif stage == "rejected":
            services.reject(reviewer, doc, reason="属于内部事务信息（条例第十六条第一款），请改为不主动公开或删除。",
                            today=today)
    return made


@transaction.atomic
def load(*, today: date, agency, users: dict) -> dict:
    if Document.objects.of(agency).exists():
        return {"documents": 0}
    if not agency.org_code:
        agency.org_code = ORG_CODE
        agency.save(update_fields=["org_code"])
    rng = random.Random(20190515)
    counts = {"documents": _load_documents(agency, users, today, rng)}
    counts["figures"] = _load_figures(agency, users, today, rng)
    counts["workflow"] = _load_workflow(agency, users, today)
    record("catalog.demo_load", agency=agency, data={**counts, "today": today.isoformat()})
    return counts
