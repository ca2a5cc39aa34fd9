"""Cells that ran together (``640020470``): split a row's digit runs only where the table's own sums make
the split unique."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

_DIGITS = re.compile(r"^\d+$")
_AMOUNT = re.compile(r"^(\d+)((?:\.\d+)?(?:万元|元)?)$")
MAX_AMOUNT_DIGITS = 9   # an amount's integer part (元) may be longer than a count
MAX_PIECE = 6          # no cell of an annual report has more than six digits
MAX_CANDIDATES = 5000  # beyond this the row is reported as ambiguous without further search


def _pieces(run: str, k: int) -> Iterator[list[int]]:
    """Every way to cut a digit string into k numbers without leading zeros."""
    if k == 1:
        if len(run) <= MAX_PIECE and (run == "0" or not run.startswith("0")):
            yield [int(run)]
        return
    if run.startswith("0"):
        heads = ["0"]
    else:
        heads = [run[:i] for i in range(1, min(MAX_PIECE, len(run) - k + 1) + 1)]
    for head in heads:
        for rest in _pieces(run[len(head):], k - 1):
            yield [int(head), *rest]


def _counts(lengths: list[int], total: int) -> Iterator[list[int]]:
    """How many cells each token stands for: at least 1, at most its length, summing to total."""
    if not lengths:
        if total == 0:
            yield []
        return
    first, rest = lengths[0], lengths[1:]
    for k in range(1, min(first, total - len(rest)) + 1):
        for tail in _counts(rest, total - k):
            yield [k, *tail]


def _splittable(token: str) -> int:
    """How many cells a token may stand for: a digit run as many as its digits; a run ending in an amount
    ("13575394432.52元") as many as the digits before the amount's last integer digit, plus one."""
    if _DIGITS.match(token):
        return len(token)
    m = _AMOUNT.match(token)
    return len(m.group(1)) if m else 1


def candidates(tokens: list[str], n: int) -> Iterator[list[str]]:
    """Every reading of the tokens as n cells; only digit tokens (or a digit run ending in an amount with a
    decimal part or unit) may stand for several cells."""
    lengths = [_splittable(t) for t in tokens]
    for counts in _counts(lengths, n):
        yield from _expand(tokens, counts)


def _amount_pieces(token: str, k: int) -> Iterator[list[str]]:
    """Cut "13575394432.52元" into k cells, the last keeping the decimal part and unit."""
    m = _AMOUNT.match(token)
    digits, tail = m.group(1), m.group(2)
    for cut in range(1, len(digits)):
        head, last = digits[:cut], digits[cut:]
        if last.startswith("0") and len(last) > 1 and not tail.startswith("."):
            continue
        if len(last) > MAX_AMOUNT_DIGITS:
            continue
        for rest in ([[int(head)]] if k == 2 and len(head) <= MAX_PIECE and (head == "0" or not head.startswith("0"))
                     else [] if k == 2 else _pieces(head, k - 1)):
            yield [*(str(x) for x in rest), last + tail]


def _expand(tokens: list[str], counts: list[int]) -> Iterator[list[str]]:
    if not tokens:
        yield []
        return
    head, k = tokens[0], counts[0]
    if k == 1:
        options = [[head]]
    elif _DIGITS.match(head):
        options = [[str(x) for x in p] for p in _pieces(head, k)]
    else:
        options = list(_amount_pieces(head, k))
    for option in options:
        for rest in _expand(tokens[1:], counts[1:]):
            yield option + rest


def split_row(tokens: list[str], n: int, check: Callable[[list[int]], bool] | None) -> tuple[list[list[str]], bool]:
    """(readings that satisfy the check, complete) — `complete` is False when the search was cut short."""
    found, seen = [], 0
    for reading in candidates([t.strip() for t in tokens], n):
        seen += 1
        if seen > MAX_CANDIDATES:
            return found, False
        if check is None:
            found.append(reading)
            continue
        try:
            numbers = [int(x) for x in reading]
        except ValueError:
            continue
        if check(numbers):
            found.append(reading)
    return found, True


def t3_row_check(numbers: list[int]) -> bool:
    """T3-3: the row total equals the six applicant columns."""
    return numbers[-1] == sum(numbers[:-1])


def t4_check(numbers: list[int]) -> bool:
    """T4-1: in each group of five, the total equals the four results."""
    return all(numbers[i + 4] == sum(numbers[i:i + 4]) for i in range(0, len(numbers), 5))
