"""The demo data: 嘉祥县人民政府, 嘉祥县商务局 with its real 2020 report (the seed) and a 2021-format year, and the
rest of the county (county.py: eight departments and three 乡镇/街道 in all, generated in bulk).

Idempotent: running it twice changes nothing the second time.
"""

from __future__ import annotations

import importlib
from datetime import date
from importlib import resources

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.agencies.models import Agency, AgencyLevel, Membership, Role
from gongkai.demo import county
from gongkai.importer.text import read_text
from gongkai.reports.model import ReportData
from gongkai.reports.models import CellSource, Report
from gongkai.reports.services import create_report, refresh_computed, store_data, update_narrative

DEMO_PASSWORD = "gongkai-demo"
# Each domain app may have a demo module with load(today=, agency=, users=) -> dict of counts.
DOMAIN_DEMOS = ("gongkai.catalog.demo", "gongkai.cases.demo", "gongkai.appeals.demo")
SEED_NAME = "jiaxiang-commerce-2020.txt"
SEED_NOTE = "依据已发布的《嘉祥县商务局2020年政府信息公开工作年度报告》"

AGENCIES = [
    dict(code="jiaxiang", name="嘉祥县人民政府", short_name="县政府", level=AgencyLevel.GOVERNMENT, parent=None,
         office_name="嘉祥县人民政府办公室（县政务公开办）", website="嘉祥县人民政府网站"),
    dict(code="jiaxiang-shangwu", name="嘉祥县商务局", short_name="县商务局", level=AgencyLevel.DEPARTMENT,
         parent="jiaxiang", office_name="嘉祥县商务局办公室", office_address="（演示）嘉祥县商务局办公楼",
         office_hours="工作日 上午8:30—12:00，下午13:30—17:30（法定节假日除外）",
         office_phone="（演示）0537-0000000", website="嘉祥政府网站", letter_prefix="嘉商公开"),
    dict(code="jiaxiang-shangwu-bgs", name="嘉祥县商务局办公室", short_name="办公室", level=AgencyLevel.SECTION,
         parent="jiaxiang-shangwu"),
    dict(code="jiaxiang-shangwu-scyx", name="嘉祥县商务局市场运行科", short_name="市场运行科",
         level=AgencyLevel.SECTION, parent="jiaxiang-shangwu"),
    dict(code="jiaxiang-fagai", name="嘉祥县发展和改革局", short_name="县发改局", level=AgencyLevel.DEPARTMENT,
         parent="jiaxiang", office_name="嘉祥县发展和改革局办公室", website="嘉祥政府网站", letter_prefix="嘉发改公开"),
    *county.agency_specs(),  # six more departments and three 乡镇/街道, with generated records
]

# (username, display name, agency code, roles)
USERS = [
    ("jingban", "王经办", "jiaxiang-shangwu", [Role.CLERK]),
    ("shencha", "李审查", "jiaxiang-shangwu", [Role.REVIEWER]),
    ("fuzeren", "张负责", "jiaxiang-shangwu", [Role.HEAD]),
    ("guanli", "赵管理", "jiaxiang-shangwu", [Role.ADMIN]),
    ("gongkaiban", "刘公开", "jiaxiang", [Role.OVERSIGHT]),
    ("xianguanli", "孙管理", "jiaxiang", [Role.ADMIN]),
    ("fagai", "陈发改", "jiaxiang-fagai", [Role.CLERK, Role.HEAD]),
    ("lisi", "李调离", "jiaxiang-shangwu", [Role.CLERK]),  # moved to another post: the role is revoked below
]
FORMER_STAFF = ("lisi",)


def seed_text() -> str:
    return resources.files("gongkai.demo").joinpath("seed", SEED_NAME).read_text(encoding="utf-8")


def seed_report() -> ReportData:
    """The 2020 report of 嘉祥县商务局, read from the published text through the text importer."""
    result = read_text(seed_text())
    if result.problems:  # pragma: no cover - the seed is fixed
        raise RuntimeError("; ".join(result.problems))
    data = result.data
    data.agency_code = "jiaxiang-shangwu"
    data.found_headings = None
    return data


def demo_2021() -> ReportData:
    """A 2021-format year for the same agency, so both formats can be seen (demo figures, consistent)."""
    data = ReportData("2021", 2021, "嘉祥县商务局", "jiaxiang-shangwu")
    from gongkai.reports.definition import get_format

    fmt = get_format("2021")
    for address in fmt.addresses():
        data.set(*address, 0)
    t2 = {("rules", "issued"): 0, ("rules", "repealed"): 0, ("rules", "in_force"): 0,
          ("normative", "issued"): 2, ("normative", "repealed"): 1, ("normative", "in_force"): 6,
          ("licensing", "decisions"): 146, ("penalty", "decisions"): 9, ("coercion", "decisions"): 0,
          ("fees", "amount"): "0.35"}
    for (row, col), v in t2.items():
        data.set("t2", row, col, v)
    t3 = {"natural": {"new": 3, "grant": 1, "unable.not_held": 1, "carried_over": 1},
          "org.business": {"new": 2, "partial": 1, "noproc.repeat": 1}}
    totals: dict[str, int] = {}
    for col, rows in t3.items():
        for row, v in rows.items():
            data.set("t3", row, col, v)
            totals[row] = totals.get(row, 0) + v
        data.set("t3", "total", col, sum(v for r, v in rows.items() if r not in ("new", "carried_over")))
    for row, v in totals.items():
        data.set("t3", row, "total", v)
    data.set("t3", "total", "total", 4)
    data.set("t4", "count", "review.upheld", 1)
    data.set("t4", "count", "review.total", 1)
    data.narrative = {
        "s1": ["2021年，嘉祥县商务局深入贯彻《中华人民共和国政府信息公开条例》，坚持“公开为常态、不公开为例外”，"
               "围绕主动公开、依申请公开、政府信息管理、平台建设和监督保障等方面扎实推进政务公开工作。（演示数据）",
               "全年共收到政府信息公开申请5件，办结4件，结转下年度继续办理1件。",
               "本年度被申请行政复议1件，复议机关维持原答复；未发生行政诉讼。"],
        "s2": ["2021年，全局全年共主动公开政府信息41条，其中通过嘉祥政府网站发布各类信息37条，"
               "通过“智慧嘉祥”客户端发布信息4条。"],
        "s5": ["（一）存在的主要问题：政策解读形式较为单一，公开内容的及时性有待提高。",
               "（二）改进情况：建立信息发布提醒机制，丰富图表、视频等解读形式。"],
        "s6": ["依据《政府信息公开信息处理费管理办法》，2021年本机关未收取信息处理费。",
               "本年度报告中所列数据统计期限为2021年1月1日至12月31日。"],
    }
    data.proactive = {"total": 41, "channels": [{"name": "嘉祥政府网站", "count": 37},
                                                {"name": "“智慧嘉祥”客户端", "count": 4}]}
    return data


@transaction.atomic
def load_demo(today: date, stdout=None) -> dict:
    """Create the demo agencies, users and reports where missing. Returns what was created."""
    created = {"agencies": 0, "users": 0, "reports": 0}
    by_code = {}
    for spec in AGENCIES:
        spec = dict(spec)
        parent = spec.pop("parent")
        agency, made = Agency.objects.get_or_create(
            code=spec["code"], defaults={**spec, "parent": by_code.get(parent)})
        by_code[agency.code] = agency
        created["agencies"] += made
    User = get_user_model()
    users = {}
    for username, display, code, roles in USERS:
        user, made = User.objects.get_or_create(username=username, defaults={"first_name": display})
        if made:
            user.set_password(DEMO_PASSWORD)
            user.save()
            created["users"] += 1
        users[username] = user
        for role in roles:
            Membership.objects.get_or_create(user=user, agency=by_code[code], role=role)
    Membership.objects.filter(user__username__in=FORMER_STAFF).update(active=False)
    shangwu = by_code["jiaxiang-shangwu"]
    for data, note in ((seed_report(), SEED_NOTE), (demo_2021(), "演示数据")):
        if not Report.objects.filter(agency=shangwu, year=data.year).exists():
            published = date(data.year + 1, 1, 29)
            store_data(None, shangwu, data, source=CellSource.DEMO, action="report.demo_load", today=published,
                       publish_now=True, note=note)
            created["reports"] += 1
    for name in DOMAIN_DEMOS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        created[name.split(".")[1]] = module.load(today=today, agency=shangwu, users=users)
    created["county"] = county.load(today=today, agencies=by_code, users=users)
    last_full_year = today.year - 1
    if not Report.objects.filter(agency=shangwu, year=last_full_year).exists():
        last_year_report(users, shangwu, last_full_year, today)
        created["reports"] += 1
    return created


# The parts of the drafted narrative that only the office can write (the draft leaves a hint there).
DEMO_WORDING = {
    "（三）政府信息管理。": "（三）政府信息管理。严格执行政府信息公开保密审查制度，主动公开前逐条审查；完成规范性文件清理。（演示）",
    "（四）政府信息公开平台建设。": "（四）政府信息公开平台建设。依托嘉祥政府网站政府信息公开专栏集中发布，及时更新公开目录。（演示）",
    "（五）监督保障。": "（五）监督保障。将政府信息公开工作纳入年度考核，本年未发生责任追究情况。（演示）",
    "（一）存在的主要问题：": "（一）存在的主要问题：政策解读形式较为单一，依申请公开答复的规范化水平有待提高。（演示）",
    "（二）改进情况：": "（二）改进情况：丰富图表解读形式，开展答复文书规范化培训。（演示）",
}


def demo_narrative(draft: dict[str, list[str]]) -> dict[str, str]:
    """The drafted sections 一, 五, 六 with the office's own sentences where the draft leaves a hint."""
    out = {}
    for key, paragraphs in draft.items():
        written = []
        for p in paragraphs:
            lead = next((k for k in DEMO_WORDING if p.startswith(k)), None)
            written.append(DEMO_WORDING[lead] if lead and "（请" in p else p)
        out[key] = "\n".join(written)
    return out


def last_year_report(users, agency, year: int, today: date) -> Report:
    """Last year's report computed from the records with its narrative drafted from them; published in January when
    the 31 January deadline (条例第四十九条) has passed, else still a draft being prepared."""
    from gongkai.cases.demo import last_workday
    from gongkai.reports import lifecycle, narrative

    clerk, head = users["jingban"], users["fuzeren"]
    deadline = date(year + 1, 1, 31)
    on = last_workday(date(year + 1, 1, 26)) if today > deadline else today
    report = create_report(clerk, agency, year, today=on)
    refresh_computed(clerk, report, today=on)
    report = narrative.update_extras(clerk, Report.objects.get(pk=report.pk), {"npc": "2", "cppcc": "1"}, today=on)
    report = update_narrative(clerk, report, sections=demo_narrative(narrative.propose(report)), today=on)
    if today > deadline:
        for actor, step in ((clerk, lifecycle.mark_validated), (clerk, lifecycle.submit), (head, lifecycle.approve),
                            (head, lifecycle.publish)):
            report = step(actor, Report.objects.get(pk=report.pk), today=on)
    return report
