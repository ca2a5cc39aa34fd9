"""表四 (政府信息公开行政复议、行政诉讼情况) computed from the appeals register.

Counting rule (the format does not define one; this is ours, shown on the register page too):
- A matter counts in the year of its result: 结果维持／结果纠正／其他结果 go to the year of `result_on`.
- A matter filed on or before 31 December and without a result by then counts as 尚未审结 of that year (so a
  matter open across several year ends is 尚未审结 in each of those years, then counted once by its result).
- 总计 of each group = 结果维持 + 结果纠正 + 其他结果 + 尚未审结 (rule T4-1 holds by construction).
Groups: 行政复议 (review), 行政诉讼·未经复议直接起诉 (suit_direct), 行政诉讼·复议后起诉 (suit_after).
Every cell links to the filtered list of the matters it counts.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from gongkai.reports.compute import Computed

from .models import Appeal, AppealKind, AppealResult

COUNTING_RULE = ("表四计数口径：已审结的案件计入结果日期所在年度（结果维持、结果纠正、其他结果）；"
                 "截至12月31日已申请或起诉但尚无结果的案件，计入该年度的“尚未审结”；总计为四项之和。")
RESULT_COLUMNS = (AppealResult.UPHELD, AppealResult.CORRECTED, AppealResult.OTHER, AppealResult.PENDING)


def cell_link(agency, year: int, kind: str, result: str) -> str:
    query = urlencode({"agency": agency.code, "year": year, "kind": kind, "result": result})
    return f"{reverse('appeals:list')}?{query}"


def table4_counts(agency, year: int) -> dict[tuple[str, str], int]:
    """{(kind, result or "total"): count} for one agency-year."""
    qs = Appeal.objects.for_agency(agency)
    out = {}
    for kind in AppealKind.values:
        total = 0
        for result in RESULT_COLUMNS:
            n = qs.in_cell(year, kind, result).count()
            out[(kind, result.value)] = n
            total += n
        out[(kind, "total")] = total
    return out


class AppealsProvider:
    name = "appeals"

    def cells(self, agency, year: int, fmt) -> dict:
        if "t4" not in fmt.tables:
            return {}
        out = {}
        for (kind, result), n in table4_counts(agency, year).items():
            label = AppealKind(kind).label
            what = "总计" if result == "total" else AppealResult(result).label
            note = f"复议诉讼台账：{year}年{label}·{what}（按结果日期计入年度；年末未审结计入尚未审结）"
            out[("t4", "count", f"{kind}.{result}")] = Computed(n, note, cell_link(agency, year, kind, result))
        return out
