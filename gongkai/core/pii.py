"""Personal data (个人信息) in text: checks and finders shared by forms, the catalog scan and the masks.

* 居民身份证号码 — GB 11643-1999: 17 digits (6 address, 8 birth date, 3 sequence) and a check character computed
  with the weights 2^(17-i) mod 11 (ISO 7064 MOD 11-2); "X" stands for 10.
* 手机号码 — 11 digits starting with 1 and a second digit 3–9 (the numbering plan of the 工业和信息化部).
* 银行卡号 — 13 to 19 digits passing the Luhn check (ISO/IEC 7812), the way bank card numbers are printed.

Nothing here touches the database; every function is pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
_ID_CHECK = "10X98765432"  # check character for (sum of weighted digits) mod 11 = 0, 1, 2, …


def id_check_char(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits."""
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def resident_id_problem(number: str, *, today: date | None = None) -> str:
    """Why `number` is not a valid 18-digit 居民身份证号码, in plain Chinese, or "" when it is valid.

    `today` (optional) rejects a birth date in the future.
    """
    number = (number or "").strip().upper()
    if not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        return "居民身份证号码应为18位：前17位是数字，最后一位是数字或字母X"
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return f"居民身份证号码第7至14位是出生日期，“{number[6:14]}”不是有效日期"
    if born.year < 1900 or (today is not None and born > today):
        return f"居民身份证号码第7至14位是出生日期，“{number[6:14]}”不在合理范围内"
    if id_check_char(number[:17]) != number[17]:
        return "居民身份证号码最后一位校验码不正确，请逐位核对"
    return ""


_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015: no I, O, S, V, Z
_CREDIT_WEIGHTS = [pow(3, i, 31) for i in range(17)]


def credit_code_problem(code: str) -> str:
    """Why `code` is not a valid 统一社会信用代码 (GB 32100-2015, check character mod 31), or "" when it is."""
    code = (code or "").strip().upper()
    if len(code) != 18 or any(c not in _CREDIT_ALPHABET for c in code):
        return "统一社会信用代码应为18位，由数字和大写字母组成（不含I、O、S、V、Z）"
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(code[:17], _CREDIT_WEIGHTS, strict=True))
    if _CREDIT_ALPHABET[(31 - total % 31) % 31] != code[17]:
        return "统一社会信用代码最后一位校验码不正确，请逐位核对"
    return ""


def is_resident_id(number: str) -> bool:
    return not resident_id_problem(number)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def is_mobile(number: str) -> bool:
    return bool(re.fullmatch(r"1[3-9][0-9]{9}", (number or "").strip()))


@dataclass(frozen=True)
class Hit:
    """One piece of personal data found in a text."""

    kind: str       # "resident_id" / "mobile" / "bank_card"
    value: str      # as written (digits only for numbers written with spaces)
    start: int      # character offsets in the text searched
    end: int

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def masked(self) -> str:
        v = self.value
        return v[:3] + "*" * (len(v) - 7) + v[-4:] if len(v) > 7 else v


KIND_LABELS = {"resident_id": "居民身份证号码", "mobile": "手机号码", "bank_card": "银行卡号"}

# A run of digits (and X for an ID number), optionally grouped by single spaces or hyphens as cards are printed,
# not touching other digits or Latin letters on either side.
_RUN = re.compile(r"(?<![0-9A-Za-z])[0-9](?:[0-9]|[ \-](?=[0-9])){9,22}[0-9Xx]?(?![0-9A-Za-z])")


def find_pii(text: str) -> list[Hit]:
    """Every resident ID number (valid check character), mobile number and bank card number (Luhn) in `text`."""
    hits: list[Hit] = []
    for m in _RUN.finditer(text or ""):
        raw = m.group(0)
        compact = re.sub(r"[ \-]", "", raw).upper()
        grouped = compact != raw.upper()
        if len(compact) == 18 and not grouped and is_resident_id(compact):
            hits.append(Hit("resident_id", compact, m.start(), m.end()))
        elif len(compact) == 11 and is_mobile(compact):
            hits.append(Hit("mobile", compact, m.start(), m.end()))
        elif compact.isdigit() and 13 <= len(compact) <= 19 and compact[0] in "3456789" and luhn_ok(compact):
            hits.append(Hit("bank_card", compact, m.start(), m.end()))
    return hits
