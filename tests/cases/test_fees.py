"""信息处理费 — 《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）; vectors of statutory-spec §5."""


import pytest

from gongkai.cases.fees import choose_scale, fee_by_items, fee_by_pages, item_tiers, page_tiers, quote
from gongkai.core.errors import GongkaiError
from tests.cli import run_command

# statutory-spec §5: cumulative applications of one applicant in one calendar month → fee for all of them
ITEM_VECTORS = [(1, 0), (5, 0), (10, 0), (11, 100), (30, 2000), (31, 2200), (35, 3000), (40, 4000), (41, 4300),
                (50, 7000), (60, 11000)]
PAGE_VECTORS = [(30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700), (500, 14700)]


@pytest.mark.parametrize("count, fee", ITEM_VECTORS)
def test_fee_by_items_is_progressive_per_month_109_article_4(count, fee):
    """国办函〔2020〕109号第四条：10件以下（含）不收费；11—30件 100元/件；31件起每10件一档，每档提高100元/件。"""
    assert fee_by_items(0, count) == fee


def test_month_already_at_29_then_3_more_cost_500_109_article_4():
    """国办函〔2020〕109号第四条第（二）（三）项：第30件 100元，第31、32件各 200元。"""
    assert fee_by_items(29, 3) == 500
    assert [(t.first, t.last, t.unit_price, t.subtotal) for t in item_tiers(29, 3)] == [(30, 30, 100, 100),
                                                                                        (31, 32, 200, 400)]


def test_items_fee_is_additive_over_the_month_109_article_4():
    for before in range(0, 70):
        for new in range(0, 15):
            assert fee_by_items(0, before) + fee_by_items(before, new) == fee_by_items(0, before + new)


@pytest.mark.parametrize("pages, fee", PAGE_VECTORS)
def test_fee_by_pages_is_progressive_per_application_109_article_5(pages, fee):
    """国办函〔2020〕109号第五条：30页以下（含）不收费；31—100页 10元/页；101—200页 20元/页；201页以上 40元/页。"""
    assert fee_by_pages(pages) == fee


def test_page_tiers_explain_the_fee_notice_109_article_5():
    tiers = page_tiers(250)
    assert [(t.first, t.last, t.count, t.unit_price, t.subtotal) for t in tiers] == [
        (1, 30, 30, 0, 0), (31, 100, 70, 10, 700), (101, 200, 100, 20, 2000), (201, 250, 50, 40, 2000)]
    assert tiers[0].label == "第1—30页：30页，不收费（国办函〔2020〕109号第五条第（一）项）"
    assert tiers[3].label == "第201—250页：50页×40元/页＝2000元（国办函〔2020〕109号第五条第（四）项）"
    assert sum(t.subtotal for t in tiers) == 4700


def test_one_application_is_charged_by_one_scale_only_109_article_3():
    """国办函〔2020〕109号第三条：对每件申请可根据实际选择其一，不得同时按两种标准重复计算。"""
    with pytest.raises(GongkaiError, match="不得同时按件和按量计收"):
        choose_scale(12, 40)
    with pytest.raises(GongkaiError, match="不得同时按件和按量计收"):
        quote(items=12, pages=40)
    assert choose_scale(12, None) == "items" and choose_scale(None, 40) == "pages"
    assert quote(items=3, before=29).amount == 500
    assert quote(pages=101).amount == 720


@pytest.mark.parametrize("call", [lambda: fee_by_items(-1, 3), lambda: fee_by_items(0, -3), lambda: fee_by_pages(-1),
                                  lambda: fee_by_pages(1.5), lambda: quote(pages=40, before=3)])
def test_bad_counts_are_refused_in_chinese(call):
    with pytest.raises(GongkaiError):
        call()


def run(*args):
    return run_command("fee", *args)


def test_fee_command_prints_the_amount_first_then_the_tiers_109_article_4():
    code, out, err = run("--items", "3", "--before", "29")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split()[0] == "500"
    assert lines[0].startswith("500 元（按件计收")
    assert lines[1] == "第30件：1件×100元/件＝100元（国办函〔2020〕109号第四条第（二）项）"
    assert lines[2] == "第31—32件：2件×200元/件＝400元（国办函〔2020〕109号第四条第（三）项）"


def test_fee_command_by_pages_109_article_5():
    code, out, _ = run("--pages", "500")
    assert code == 0 and out.split()[0] == "14700"


@pytest.mark.parametrize("args, message", [
    (("--items", "3", "--pages", "40"), "不得同时按件和按量计收"),
    ((), "请选择按件计收"),
    (("--items", "-3"), "件数不能为负数"),
    (("--pages", "-1"), "页数不能为负数"),
    (("--pages", "abc"), "页数“abc”无效"),
    (("--before", "5"), "--before 只能与 --items 一起使用"),
    (("--pages", "40", "--before", "5"), "--before 只能与 --items 一起使用"),
])
def test_fee_command_bad_input_is_one_chinese_line_exit_2(args, message):
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert err.startswith("错误：") and err.count("\n") <= 1
    assert message in err


def test_the_public_guide_bands_come_from_the_fee_scale_109_article_4():
    from gongkai.cases.fees import item_bands

    assert item_bands() == [(1, 10, 0), (11, 30, 100), (31, 40, 200), (41, 50, 300)]
