"""信息处理费 (《政府信息公开信息处理费管理办法》，国办函〔2020〕109号; statutory-spec §5). Pure functions, whole yuan.

第三条: a fee is charged either per application (按件计收) or per page (按量计收), each progressively (超额累进),
never both for one application.
第四条 按件计收, per applicant per calendar month, counting the month's applications cumulatively:
  (一) up to 10 free; (二) the 11th–30th at 100 元/件; (三) from the 31st, each band of 10 raises the price by
  100 元/件 (31–40: 200, 41–50: 300, …).
第五条 按量计收 (paper copies, e-mail, copied electronic data), per application:
  (一) up to 30 pages free; (二) pages 31–100 at 10 元/页; (三) 101–200 at 20 元/页; (四) from 201 at 40 元/页.
"""

from dataclasses import dataclass

from gongkai.core.errors import GongkaiError

BASIS = "国办函〔2020〕109号"
ITEMS, PAGES = "items", "pages"


@dataclass(frozen=True)
class FeeTier:
    """One line of a fee notice: the part of the count that falls in one band of the progressive scale."""

    first: int  # first item/page number of this part
    last: int
    count: int
    unit_price: int  # 元 per item/page
    subtotal: int
    unit: str  # 件 or 页
    clause: str  # 第四条第（二）项 …

    @property
    def label(self) -> str:
        rng = f"第{self.first}{self.unit}" if self.first == self.last else f"第{self.first}—{self.last}{self.unit}"
        # no spaces: a justified line of a letter would stretch them
        amount = "，不收费" if self.unit_price == 0 else f"×{self.unit_price}元/{self.unit}＝{self.subtotal}元"
        return f"{rng}：{self.count}{self.unit}{amount}（{BASIS}{self.clause}）"


@dataclass(frozen=True)
class FeeQuote:
    scale: str  # items or pages
    amount: int
    tiers: list[FeeTier]

    @property
    def scale_label(self) -> str:
        return "按件计收" if self.scale == ITEMS else "按量计收"

    def lines(self) -> list[str]:
        return [tier.label for tier in self.tiers]


# Upper bounds far beyond any real notice; they keep a typo (or a hostile form) from building millions of tiers or an
# amount the database cannot store.
MAX_ITEMS = 1000
MAX_PAGES = 1_000_000


def _check(value, what: str, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise GongkaiError(f"{what}必须是整数", field=what)
    if value < 0:
        raise GongkaiError(f"{what}不能为负数", field=what)
    if value > maximum:
        raise GongkaiError(f"{what}超出合理范围（最多{maximum}），请核对", field=what)
    return value


# --- 按件计收 (第四条) ----------------------------------------------------------------------------------------
def item_price(k: int) -> int:
    """Price of the kth application of the month (k ≥ 1), 元."""
    if k <= 10:
        return 0
    if k <= 30:
        return 100
    return 100 * (2 + (k - 31) // 10)


def _item_band(k: int) -> tuple[int, int, str]:
    """The band (first, last, clause) that contains the kth application."""
    if k <= 10:
        return 1, 10, "第四条第（一）项"
    if k <= 30:
        return 11, 30, "第四条第（二）项"
    first = 31 + (k - 31) // 10 * 10
    return first, first + 9, "第四条第（三）项"


def item_bands(count: int = 4) -> list[tuple[int, int, int]]:
    """The first `count` bands of the 按件 scale as (first, last, 元/件), for the public guide (第四条)."""
    bands, k = [], 1
    while len(bands) < count:
        first, last, _clause = _item_band(k)
        bands.append((first, last, item_price(k)))
        k = last + 1
    return bands


def item_tiers(count_before: int, new_items: int) -> list[FeeTier]:
    """The bands that the month's applications count_before+1 … count_before+new_items fall in."""
    _check(count_before, "本月此前已申请件数", 100 * MAX_ITEMS)
    _check(new_items, "本次申请件数", MAX_ITEMS)
    tiers, k, end = [], count_before + 1, count_before + new_items
    while k <= end:
        _first, last, clause = _item_band(k)
        stop = min(last, end)
        count, price = stop - k + 1, item_price(k)
        tiers.append(FeeTier(k, stop, count, price, count * price, "件", clause))
        k = stop + 1
    return tiers


def fee_by_items(count_before: int, new_items: int) -> int:
    """Fee for new_items applications when the applicant already made count_before this calendar month (第四条)."""
    return sum(t.subtotal for t in item_tiers(count_before, new_items))


# --- 按量计收 (第五条) ----------------------------------------------------------------------------------------
PAGE_BANDS = [  # (first, last, unit price, clause)
    (1, 30, 0, "第五条第（一）项"),
    (31, 100, 10, "第五条第（二）项"),
    (101, 200, 20, "第五条第（三）项"),
    (201, None, 40, "第五条第（四）项"),
]


def page_tiers(pages: int) -> list[FeeTier]:
    _check(pages, "页数", MAX_PAGES)
    tiers = []
    for first, last, price, clause in PAGE_BANDS:
        if pages < first:
            break
        stop = pages if last is None else min(last, pages)
        count = stop - first + 1
        tiers.append(FeeTier(first, stop, count, price, count * price, "页", clause))
    return tiers


def fee_by_pages(pages: int) -> int:
    """Fee for one application's pages (第五条)."""
    return sum(t.subtotal for t in page_tiers(pages))


# --- one application: one scale (第三条) ---------------------------------------------------------------------
def choose_scale(items: int | None, pages: int | None) -> str:
    """"items" or "pages"; refuses both (不得同时按两种标准重复计算) and neither."""
    if items is not None and pages is not None:
        raise GongkaiError(f"不得同时按件和按量计收（{BASIS}第三条），请只选择一种", field="scale")
    if items is None and pages is None:
        raise GongkaiError("请选择按件计收（件数）或按量计收（页数）", field="scale")
    return ITEMS if items is not None else PAGES


def quote(*, items: int | None = None, before: int = 0, pages: int | None = None) -> FeeQuote:
    """The fee and its breakdown for one application, by items (with the month's earlier count) or by pages."""
    scale = choose_scale(items, pages)
    if scale == PAGES and before:
        raise GongkaiError("按量计收按每件申请的页数计算，不涉及本月此前已申请件数", field="before")
    if scale == ITEMS:
        tiers = item_tiers(before, items)
        return FeeQuote(ITEMS, sum(t.subtotal for t in tiers), tiers)
    tiers = page_tiers(pages)
    return FeeQuote(PAGES, sum(t.subtotal for t in tiers), tiers)
