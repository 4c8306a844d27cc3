"""Fixed-window counters in the shared cache, for the public pages, the public rules API and card lookups.

Addresses are hashed before they reach the cache, so it holds no IP addresses. An IPv6 client is counted by its /64
network: one household or phone gets a whole /64 and can pick a new address in it at will.
"""

import hashlib
import ipaddress
import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.http import HttpRequest


def within_limit(key: str, *, limit: int, period_seconds: int) -> bool:
    """Count one use against `key`; False once more than `limit` uses fall in the current period.

    Periods are aligned to the clock (the window number is part of the cache key), and each use sets the key's
    expiry again explicitly: the database cache's `incr` is a get-then-set with the default timeout, which would
    otherwise shorten an hour's window to five minutes after the last use. Two uses at the same instant may be
    counted once (the database cache has no atomic increment); a limit against abuse can afford that.
    """
    window_key = f"{key}:{int(time.time() // period_seconds)}"
    if cache.add(window_key, 1, timeout=period_seconds):
        return limit >= 1
    try:
        count = cache.incr(window_key)
    except ValueError:  # the window's key expired between add and incr
        cache.set(window_key, 1, timeout=period_seconds)
        return limit >= 1
    cache.touch(window_key, timeout=period_seconds)
    return count <= limit


def client_address_digest(request: HttpRequest) -> str:
    """The client's address (through trusted proxies, as for sign-in throttling), hashed."""
    address = get_adapter(request).get_client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        network = address
    else:
        network = str(ipaddress.ip_network(f"{parsed}/64", strict=False)) if parsed.version == 6 else str(parsed)
    return hashlib.sha256(network.encode()).hexdigest()
