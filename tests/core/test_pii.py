"""Personal-data checks: GB 11643 ID numbers, mobile numbers, Luhn bank card numbers."""

from datetime import date

import pytest

from gongkai.core.pii import find_pii, id_check_char, is_resident_id, luhn_ok, resident_id_problem

VALID_ID = "11010519491231002X"  # the example of GB 11643-1999


def test_the_standards_example_id_number_is_valid():
    assert id_check_char(VALID_ID[:17]) == "X"
    assert is_resident_id(VALID_ID) and is_resident_id(VALID_ID.lower())


@pytest.mark.parametrize("number, word", [
    ("11010519491231002", "18位"),
    ("110105194912310021", "校验码"),
    ("110105194913310020", "出生日期"),
    ("11010518001231002X", "合理范围"),
])
def test_an_invalid_id_number_says_what_is_wrong(number, word):
    assert word in resident_id_problem(number)


def test_a_birth_date_after_today_is_refused_when_today_is_given():
    number = "110105203001010010"
    number = number[:17] + id_check_char(number[:17])
    assert resident_id_problem(number) == ""
    assert "合理范围" in resident_id_problem(number, today=date(2026, 12, 1))


def test_luhn():
    assert luhn_ok("79927398713") and not luhn_ok("79927398710")  # the textbook example
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")


def test_find_pii_in_a_document_body():
    text = (f"申请人身份证号{VALID_ID}，联系电话13853712345，卡号 4111 1111 1111 1111。"
            "文号嘉商发〔2026〕12号，索引号113708290041234567-2026-00066，金额123456789012元，编号110105194912310021。")
    hits = find_pii(text)
    assert [(h.kind, h.value) for h in hits] == [
        ("resident_id", VALID_ID), ("mobile", "13853712345"), ("bank_card", "4111111111111111")]
    assert text[hits[0].start:hits[0].end] == VALID_ID
    assert hits[1].masked == "138****2345" and hits[1].label == "手机号码"
