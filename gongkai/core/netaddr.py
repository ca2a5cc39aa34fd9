"""The client's address behind the reverse proxies the deployment trusts (GONGKAI_TRUSTED_PROXIES)."""

from __future__ import annotations

import ipaddress
import os
from functools import cache


@cache
def trusted_proxies() -> tuple:
    raw = os.environ.get("GONGKAI_TRUSTED_PROXIES", "")
    nets = []
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if part:
            try:
                nets.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                continue
    return tuple(nets)


def _trusted(addr: str, nets) -> bool:
    try:
        ip = ipaddress.ip_address(addr.strip())
    except ValueError:
        return False
    return any(ip in net for net in nets)


def client_ip(request, nets=None) -> str:
    """REMOTE_ADDR, or — when it is a trusted proxy — the right-most X-Forwarded-For entry that is not trusted."""
    nets = trusted_proxies() if nets is None else nets
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not nets or not _trusted(remote, nets):
        return remote
    chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    for addr in reversed(chain):
        if not _trusted(addr, nets):
            return addr
    return chain[0] if chain else remote
