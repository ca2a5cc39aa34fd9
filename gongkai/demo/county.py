"""The demo county around the seed: 嘉祥县人民政府 with eight departments and three 乡镇/街道.

The 商务局 (the seed) keeps its real 2020 report and its caseload built through the services (cases/demo.py). The
other departments and the towns get generated records, inserted in bulk so `gongkai demo` stays fast:
- 依申请公开 cases from 2019 to today: most answered in time, some answered late, a few open now (due soon, overdue);
- catalog documents (with their search entries), a few published later than 20 working days after they were formed (条例第二十六条);
- annual reports 2019 to last year whose Table 3 is counted from those cases: most published in January, some late,
  a few with errors the rules find (a total that does not add up), the 住建局 without a 2022 report, and — once
  31 January has passed — last year's reports in every state (published, submitted, draft, not started).
Every date comes from `today` and the working-day calendar; a seeded random generator keeps it reproducible.
Idempotent: nothing happens when the generated agencies already have cases.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from gongkai.agencies.models import AgencyLevel
from gongkai.workdays.services import add_workdays, is_workday

FIRST_YEAR = 2019

# (code, name, short name, level, cases a year, documents a year, letter prefix)
GENERATED = [
    ("jiaxiang-jiaoti", "嘉祥县教育和体育局", "县教体局", AgencyLevel.DEPARTMENT, 36, 14, "嘉教体公开"),
    ("jiaxiang-caizheng", "嘉祥县财政局", "县财政局", AgencyLevel.DEPARTMENT, 24, 16, "嘉财公开"),
    ("jiaxiang-ziran", "嘉祥县自然资源和规划局", "县自然资源局", AgencyLevel.DEPARTMENT, 40, 12, "嘉自然公开"),
    ("jiaxiang-zhujian", "嘉祥县住房和城乡建设局", "县住建局", AgencyLevel.DEPARTMENT, 32, 12, "嘉住建公开"),
    ("jiaxiang-shijian", "嘉祥县市场监督管理局", "县市场监管局", AgencyLevel.DEPARTMENT, 20, 14, "嘉市监公开"),
    ("jiaxiang-renshe", "嘉祥县人力资源和社会保障局", "县人社局", AgencyLevel.DEPARTMENT, 18, 10, "嘉人社公开"),
    ("jiaxiang-jiedao", "嘉祥县嘉祥街道办事处", "嘉祥街道", AgencyLevel.TOWN, 10, 8, "嘉街公开"),
    ("jiaxiang-zhifang", "嘉祥县纸坊镇人民政府", "纸坊镇", AgencyLevel.TOWN, 8, 8, "纸坊公开"),
    ("jiaxiang-liangbaosi", "嘉祥县梁宝寺镇人民政府", "梁宝寺镇", AgencyLevel.TOWN, 6, 6, "梁宝寺公开"),
]
MISSING = {("jiaxiang-zhujian", 2022)}                              # never reported
WITH_ERRORS = {("jiaxiang-ziran", 2021), ("jiaxiang-jiedao", 2023)}  # published with a total that does not add up
LATE = {("jiaxiang-caizheng", 2020), ("jiaxiang-ziran", 2023), ("jiaxiang-zhifang", 2024)}  # published in spring
# Last year's report once 31 January has passed, where it is not simply published on time.
LAST_YEAR_STATE = {"jiaxiang-zhujian": "submitted", "jiaxiang-liangbaosi": "draft", "jiaxiang-renshe": None}

TOPICS = ["年度部门预算", "项目资金分配结果", "行政许可办理结果", "行政处罚决定", "招标采购文件", "会议纪要",
          "专项检查记录", "规划审批材料", "补助发放名单", "统计报表"]
OUTCOMES = [("grant", 40), ("partial", 12), ("unable.not_held", 18), ("deny.third_party", 4), ("deny.internal", 4),
            ("deny.process", 3), ("noproc.repeat", 5), ("noproc.petition", 3), ("unable.needs_creation", 4),
            ("other.other", 3)]
TYPES = [("natural", 70), ("org.business", 18), ("org.legal", 6), ("org.ngo", 3), ("org.other", 3)]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建国", "秀英", "明", "伟", "芳", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟"]
DOC_TITLES = [
    ("{name}{y}年部门预算", "财政预决算", "3.1", 7),
    ("{name}{py}年部门决算", "财政预决算", "3.1", 7),
    ("{name}{y}年政务公开工作要点", "通知", "1.1", None),
    ("{name}关于{y}年{m}月重点工作进展情况的通报", "工作动态", "1.1", None),
    ("{name}{y}年政府采购意向公开", "公告", "3.1", 9),
    ("{name}行政许可决定公示（{y}年第{n}批）", "行政许可结果", "4.6", 5),
    ("{name}{y}年{m}月工作动态", "工作动态", "1.1", None),
    ("{name}关于{y}年度专项资金分配结果的公示", "公告", "3.1", None),
]


def agency_specs() -> list[dict]:
    """The generated agencies as rows for load.AGENCIES."""
    out = []
    for i, (code, name, short, level, _cases, _docs, prefix) in enumerate(GENERATED, start=1):
        out.append(dict(code=code, name=name, short_name=short, level=level, parent="jiaxiang",
                        org_code=f"11370829{i:09d}X", office_name=f"{name}办公室", website="嘉祥县人民政府网站",
                        office_phone=f"（演示）0537-68{i:05d}", letter_prefix=prefix))
    return out


class _Days:
    """Working-day arithmetic with a cache: the generator asks for the same few hundred days again and again."""

    def __init__(self):
        self._add: dict[tuple[date, int], date] = {}
        self._work: dict[date, bool] = {}

    def add(self, day: date, n: int) -> date:
        key = (day, n)
        if key not in self._add:
            self._add[key] = add_workdays(day, n).date
        return self._add[key]

    def back(self, day: date, n: int) -> date:
        """The working day n working days before day."""
        while n > 0:
            day -= timedelta(days=1)
            n -= self._work.setdefault(day, is_workday(day))
        return day

    def workday_on_or_after(self, day: date) -> date:
        while not self._work.setdefault(day, is_workday(day)):
            day += timedelta(days=1)
        return day


def _pick(rng, weighted):
    return rng.choices([k for k, _w in weighted], weights=[w for _k, w in weighted])[0]


def _person(rng, kind: str, n: int) -> tuple[str, str, str]:
    if kind == "natural":
        return (rng.choice(SURNAMES) + rng.choice(GIVEN), "resident_id",
                f"3708291{rng.randint(1960, 2002)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{n % 1000:03d}"[:17]
                + "X")
    return f"嘉祥县演示{n % 97 + 1}号{'有限公司' if kind == 'org.business' else '单位'}", "credit_code", f"91370829MA{n:07d}X"[:18]


def _cases(agency, per_year: int, today: date, rng, days: _Days, users) -> list:
    from gongkai.cases.models import Application, Status

    out = []
    for year in range(FIRST_YEAR, today.year + 1):
        end = min(date(year, 12, 31), today - timedelta(days=1))
        span = (end - date(year, 1, 1)).days
        if span <= 0:
            continue
        count = max(1, round(per_year * (span + 1) / 365)) if year == today.year else per_year + rng.randint(-3, 3)
        for _ in range(count):
            received = days.workday_on_or_after(date(year, 1, 1) + timedelta(days=rng.randint(0, span)))
            if received >= today:
                continue
            out.append(_case(agency, received, today, rng, days, len(out), Status, Application))
    # now: one due within five working days and one overdue in every agency, so the dashboard has both
    for back in (16, 24):
        received = days.back(today, back)
        out.append(_case(agency, received, today, rng, days, len(out), Status, Application, open_now=True))
    return out


def _case(agency, received, today, rng, days, n, Status, Application, open_now=False):
    from gongkai.cases.intake import CODE_ALPHABET, CODE_LENGTH

    kind = _pick(rng, TYPES)
    name, id_type, id_number = _person(rng, kind, n)
    due = days.add(received, 20)
    late = rng.random() < 0.07
    took = rng.randint(21, 28) if late else rng.randint(3, 19)
    closed = None if open_now else days.add(received, took)
    if closed is not None and closed >= today:
        closed = None
    outcome = _pick(rng, OUTCOMES) if closed else ""
    status = (Status.ARCHIVED if closed and closed < today - timedelta(days=20) else Status.ANSWERED) if closed \
        else Status.PROCESSING
    arrived = datetime.combine(received, time(9, 30), tzinfo=_tz())
    return Application(
        agency=agency, tracking_code="".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)), channel=rng.choice(["in_person", "post", "online"]),
        arrived_at=arrived, confirmed_at=arrived, received_date=received, applicant_type=kind,
        applicant_name=name, id_type=id_type, id_number=id_number, phone=f"138537{rng.randint(10000, 99999)}",
        address="山东省济宁市嘉祥县", content=f"申请公开{agency.name}{received.year}年{rng.choice(TOPICS)}",
        purpose="了解政策", delivery_form="email", status=status, outcome=outcome, decision_date=closed,
        decision_text="（演示）已按申请作出答复。" if closed else "", closed_on=closed, due_date=due,
        due_kind="answer")


def _tz():
    from gongkai.cases.clock import TZ

    return TZ


def _documents(agency, per_year: int, today: date, rng, days: _Days) -> list:
    from gongkai.catalog import services
    from gongkai.catalog.models import Disclosure, DocStatus, Document

    prefix = services.index_prefix(agency, services.settings_for(agency).index_scheme)
    out = []
    for year in range(FIRST_YEAR, today.year + 1):
        end = min(date(year, 12, 31), today - timedelta(days=1))
        span = (end - date(year, 1, 3)).days
        if span <= 0:
            continue
        for n in range(1, per_year + 1 if year < today.year else max(2, per_year * span // 365)):
            title, genre, topic, art20 = DOC_TITLES[n % len(DOC_TITLES)]
            formed = days.workday_on_or_after(date(year, 1, 3) + timedelta(days=rng.randint(0, span)))
            due = services.publish_due(formed)
            late = rng.random() < 0.08
            published = days.add(formed, rng.randint(21, 35) if late else rng.randint(1, 15))
            if published >= today:
                continue
            t = title.format(name=agency.name, y=year, py=year - 1, m=formed.month, n=n)
            out.append(Document(
                agency=agency, title=t, index_no=f"{prefix}/{year}-{n:05d}", publisher=agency.name,
                written_on=formed, published_on=published, formed_on=formed, publish_due=due,
                published_late=published > due, topic=topic, genre=genre, art20_item=art20,
                disclosure=Disclosure.PROACTIVE, disclosure_basis="《中华人民共和国政府信息公开条例》第十九条、第二十条",
                is_secret=False, effective_on=published, summary=t, body=f"<p>{t}（演示数据）。</p>",
                body_text=f"{t}（演示数据）。", status=DocStatus.PUBLISHED,
                review_opinion="经审查，不涉及国家秘密、商业秘密和个人隐私，同意主动公开。"))
    return out


def load(*, today: date, agencies: dict, users: dict) -> dict:
    """Generate the county's records for the agencies in GENERATED (already created by load_demo)."""
    from gongkai.cases.models import Application
    from gongkai.catalog.models import Document

    generated = [agencies[g[0]] for g in GENERATED if g[0] in agencies]
    if Application.objects.filter(agency__in=generated).exists():
        return {}
    rng, days = random.Random(20190515), _Days()
    cases, docs = [], []
    for (code, _name, _short, _level, per_year, docs_per_year, _prefix) in GENERATED:
        agency = agencies[code]
        cases += _cases(agency, per_year, today, rng, days, users)
        docs += _documents(agency, docs_per_year, today, rng, days)
    Application.objects.bulk_create(cases, batch_size=500)
    Document.objects.bulk_create(docs, batch_size=500)
    from gongkai.catalog.models import SearchEntry
    from gongkai.catalog.search import index_tokens

    SearchEntry.objects.bulk_create([  # the portal's search finds them like any published document
        SearchEntry(document=d, agency_id=d.agency_id, tokens=index_tokens(d.title, d.title, "", d.summary, ""))
        for d in Document.objects.filter(agency__in=generated).only("id", "agency_id", "title", "summary")],
        batch_size=500)
    from .county_reports import load_reports

    reports = load_reports(generated, today=today, rng=rng, users=users)
    return {"cases": len(cases), "documents": len(docs), "reports": reports}
