"""Growing delays for repeated failures, counted in the database (not in the page cache, which evicts).

A rule lets `free` failures through; after that each failure blocks the subject for `base` seconds, doubling up
to `cap`; `window` seconds without a failure forget the count. Subjects are keyed by what they combine — for the
login, the user name *and* the client address — so a stranger's failures delay only the stranger.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction

from .models import Throttle


@dataclass(frozen=True)
class Rule:
    scope: str
    free: int
    base: int
    cap: int
    window: int = 24 * 3600

    def delay(self, failures: int) -> int:
        if failures <= self.free:
            return 0
        return min(self.cap, self.base * 2 ** min(failures - self.free - 1, 30))


LOGIN_PAIR = Rule("login.pair", free=5, base=30, cap=3600)         # one user name from one address
LOGIN_ADDRESS = Rule("login.address", free=30, base=60, cap=3600)  # one address trying many user names
TRACK_PAIR = Rule("track.pair", free=5, base=60, cap=3600)         # one tracking code from one address
TRACK_ADDRESS = Rule("track.address", free=9, base=60, cap=3600)  # one address trying many codes
# Online applications from one address: 5 in 15 minutes go straight through; after that each one asks the next to
# wait 30 s, doubling to at most 5 minutes — it slows a flood down and never turns an honest sixth applicant away.
SUBMIT_ADDRESS = Rule("apply.address", free=5, base=30, cap=300, window=900)
# A 政务服务大厅 kiosk (GONGKAI_KIOSK_ADDRESSES) serves many people from one address: 60 in 15 minutes go through.
SUBMIT_KIOSK = Rule("apply.kiosk", free=60, base=10, cap=60, window=900)


def subject(*parts: str) -> str:
    text = "\x1f".join(str(p or "").strip().lower()[:200] for p in parts)
    return hmac.new(settings.SECRET_KEY.encode(), text.encode("utf-8"), hashlib.sha256).hexdigest()


def blocked_for(rule: Rule, key: str, now: datetime) -> int:
    """Seconds the subject must still wait (0 when it may try)."""
    row = Throttle.objects.filter(scope=rule.scope, key=key).only("blocked_until").first()
    if row is None or row.blocked_until is None or row.blocked_until <= now:
        return 0
    return int((row.blocked_until - now).total_seconds()) + 1


def fail(rule: Rule, key: str, now: datetime) -> int:
    """Count one failure; returns the delay it imposes (seconds)."""
    for _ in range(3):
        try:
            with transaction.atomic():
                row = Throttle.objects.select_for_update().filter(scope=rule.scope, key=key).first()
                if row is None:
                    row = Throttle(scope=rule.scope, key=key, failures=0, first_at=now, last_at=now)
                elif (now - row.last_at).total_seconds() > rule.window:
                    row.failures, row.first_at = 0, now
                row.failures += 1
                row.last_at = now
                delay = rule.delay(row.failures)
                row.blocked_until = now + timedelta(seconds=delay) if delay else None
                row.save()
            break
        except IntegrityError:  # two first failures at once: the other row exists now
            continue
    if random.random() < 0.01:
        forget_old(now)
    return delay


def clear(rule: Rule, key: str) -> None:
    Throttle.objects.filter(scope=rule.scope, key=key).delete()


def forget_old(now: datetime) -> int:
    """Drop counters nobody has failed on for a day or more (they would be forgotten anyway)."""
    deleted, _ = Throttle.objects.filter(last_at__lt=now - timedelta(days=1)).delete()
    return deleted


def wait_text(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} 秒"
    return f"{(seconds + 59) // 60} 分钟"
