"""The 工作台: each person's queues, most urgent first, collected from the apps that own the records.

A domain app registers Queue objects in its AppConfig.ready() (cases, catalog, reports, agencies), the way report
cells come from providers: the office knows no domain rule, a domain app knows no page layout. A queue is a named
queryset for one role in one agency; the count on the 工作台 and the list behind it come from the same queryset.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Agency, AgencyLevel
from gongkai.workdays.services import workdays_between

SHOWN = 8  # items listed per queue on the 工作台 (the rest behind "全部")


@dataclass(frozen=True)
class Item:
    title: str
    link: str
    due: date | None = None
    days_left: int | None = None   # working days from today to due (negative: overdue)
    note: str = ""
    provisional: bool = False

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def when(self) -> str:
        """"还剩 3 个工作日" / "今天到期" / "已逾期 2 个工作日"."""
        if self.days_left is None:
            return ""
        if self.days_left < 0:
            return f"已逾期 {-self.days_left} 个工作日"
        return "今天到期" if self.days_left == 0 else f"还剩 {self.days_left} 个工作日"


@dataclass(frozen=True)
class Queue:
    key: str
    title: str
    roles: frozenset[str]
    items: Callable                 # (user, agency, today) -> QuerySet (or list)
    item: Callable                  # (record, today) -> Item
    urgency: int = 50               # lower first
    more: Callable | None = None    # (agency) -> URL of the full list
    levels: frozenset[str] = frozenset(AgencyLevel.values)
    hint: str = ""


_QUEUES: dict[str, Queue] = {}


def register(queue: Queue) -> None:
    _QUEUES[queue.key] = queue


def queues() -> list[Queue]:
    return sorted(_QUEUES.values(), key=lambda q: (q.urgency, q.key))


def get(key: str) -> Queue:
    return _QUEUES[key]


def days_left(today: date, due: date | None) -> int | None:
    return None if due is None else workdays_between(today, due)


@dataclass
class Shown:
    queue: Queue
    count: int
    items: list[Item]
    more: str = ""

    @property
    def urgent(self) -> bool:
        return any(i.overdue or (i.days_left is not None and i.days_left <= 2) for i in self.items)


@dataclass
class Desk:
    """One agency's part of a person's 工作台."""

    agency: Agency
    roles: set[str]
    queues: list[Shown] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(q.count for q in self.queues)


def for_queue(queue: Queue, user, agency: Agency, today: date, limit: int = SHOWN) -> Shown:
    qs = queue.items(user, agency, today)
    count = qs.count() if hasattr(qs, "count") and not isinstance(qs, list) else len(qs)
    records = list(qs[:limit])
    return Shown(queue, count, [queue.item(r, today) for r in records], queue.more(agency) if queue.more else "")


def desk(user, agency: Agency, today: date) -> Desk:
    roles = roles_in(user, agency)
    out = Desk(agency, roles)
    for queue in queues():
        if roles & queue.roles and agency.level in queue.levels:
            shown = for_queue(queue, user, agency, today)
            if shown.count:
                out.queues.append(shown)
    return out
