"""A county with departments that have case records and reports computed from them (roll-up and 督办 tests)."""

from datetime import date, datetime, time
from itertools import count

from gongkai.agencies.models import Agency, AgencyLevel
from gongkai.cases.models import Application, Channel, Status
from gongkai.core.clock import TZ
from gongkai.reports.compute import compute
from gongkai.reports.definition import format_for_year
from gongkai.reports.model import Cell, ReportData
from gongkai.reports.models import CellSource
from gongkai.reports.services import store_data

_seq = count(1)
OUTCOMES = ["grant", "partial", "unable.not_held", "noproc.repeat"]
TYPES = ["natural", "org.business", "org.legal"]


def add_cases(agency, year: int, n: int, seed: int = 0):
    rows = []
    for i in range(n):
        received = date(year, 1 + (i * 5 + seed) % 12, 1 + (i * 3) % 27)
        closed = None if i % 5 == 0 else date(year, min(12, received.month + 1), 2)
        rows.append(Application(
            agency=agency, tracking_code=f"T{next(_seq):011d}", channel=Channel.IN_PERSON,
            arrived_at=datetime.combine(received, time(9), tzinfo=TZ), received_date=received,
            applicant_type=TYPES[(i + seed) % len(TYPES)], applicant_name="张三", id_number="370101199001011235",
            phone="13812345678", content="测试申请", status=Status.ARCHIVED if closed else Status.PROCESSING,
            outcome=OUTCOMES[(i + seed) % len(OUTCOMES)] if closed else "", closed_on=closed, decision_date=closed))
    Application.objects.bulk_create(rows)


def computed_data(agency, year: int) -> ReportData:
    fmt = format_for_year(year)
    data = ReportData(fmt.key, year, agency.name, agency.code)
    for address in fmt.addresses():
        data.set(*address, 0)
    for address, result in compute(agency, year, fmt).items():
        data.cells[address] = Cell.number(result.value)
    return data


def publish_from_records(agency, year: int, today: date):
    return store_data(None, agency, computed_data(agency, year), source=CellSource.COMPUTED, action="report.import",
                      today=today, publish_now=True, published_on=date(year + 1, 1, 20))


def county(year: int, today: date, code="rollgov"):
    """A government with three departments (published reports from records), one town (published), one department
    with a draft only, one without any report, and an internal section (which has records but publishes none)."""
    gov = Agency.objects.create(code=code, name="汇总县人民政府", level=AgencyLevel.GOVERNMENT)
    made = {"gov": gov}
    for i, (key, name, level) in enumerate([
            ("a", "汇总县商务局", AgencyLevel.DEPARTMENT), ("b", "汇总县教育局", AgencyLevel.DEPARTMENT),
            ("c", "汇总县民政局", AgencyLevel.DEPARTMENT), ("town", "汇总镇人民政府", AgencyLevel.GOVERNMENT)]):
        agency = Agency.objects.create(code=f"{code}-{key}", name=name, level=level, parent=gov)
        add_cases(agency, year, 12 + 7 * i, seed=i)
        add_cases(agency, year - 1, 5, seed=i)
        publish_from_records(agency, year, today)
        made[key] = agency
    draft = Agency.objects.create(code=f"{code}-draft", name="汇总县财政局", level=AgencyLevel.DEPARTMENT, parent=gov)
    add_cases(draft, year, 4)
    store_data(None, draft, computed_data(draft, year), source=CellSource.COMPUTED, action="report.import",
               today=today)
    made["draft"] = draft
    made["none"] = Agency.objects.create(code=f"{code}-none", name="汇总县水务局", level=AgencyLevel.DEPARTMENT,
                                         parent=gov)
    section = Agency.objects.create(code=f"{code}-ks", name="汇总县人民政府办公室秘书科", level=AgencyLevel.SECTION,
                                    parent=gov)
    add_cases(section, year, 3)
    made["section"] = section
    add_cases(gov, year, 9)   # the government's own records: never in the roll-up
    return made
