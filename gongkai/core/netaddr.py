"""The client's address behind the reverse proxies the deployment trusts (GONGKAI_TRUSTED_PROXIES)."""

from __future__ import annotations

import ipaddress
import os
from functools import cache


def networks(raw: str) -> tuple:
    """Addresses and networks written as "10.0.0.5, 192.168.1.0/24" (unparseable parts are left out)."""
    nets = []
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if part:
            try:
                nets.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                continue
    return tuple(nets)


@cache
def trusted_proxies() -> tuple:
    return networks(os.environ.get("GONGKAI_TRUSTED_PROXIES", ""))


def kiosk_addresses() -> tuple:
    """The 政务服务大厅 kiosks (settings.KIOSK_ADDRESSES, from GONGKAI_KIOSK_ADDRESSES)."""
    from django.conf import settings

    raw = getattr(settings, "KIOSK_ADDRESSES", "")
    return networks(raw if isinstance(raw, str) else ",".join(raw))


def is_kiosk(addr: str) -> bool:
    nets = kiosk_addresses()
    return bool(nets) and _trusted(addr or "", nets)


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
