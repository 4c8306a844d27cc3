"""Fixed-window counters in the shared database, for the public pages, the public rules API and card lookups.

Addresses are hashed before they are counted, so the table holds no IP addresses. An IPv6 client is counted by its /64
network: one household or phone gets a whole /64 and can pick a new address in it at will.
"""

import hashlib
import ipaddress
import time

from allauth.account.adapter import get_adapter
from django.db import connection
from django.http import HttpRequest

from carershub.core.models import RateLimitCount


def within_limit(key: str, *, limit: int, period_seconds: int) -> bool:
    """Count one use against `key`; False once more than `limit` uses fall in the current period.

    Periods are aligned to the clock. The count is one atomic statement (an upsert returning the new count) on the
    shared database, so every worker process sees the same counts and two uses at the same instant are both
    counted; the database cache it replaces took about ten statements and could count two uses as one. A key's first
    use in each window also removes the rows of windows that have ended (an indexed delete).
    """
    now = time.time()
    window = int(now // period_seconds)
    quote = connection.ops.quote_name
    table, key_column, period_column, count_column, expiry_column = (
        quote(name) for name in (RateLimitCount._meta.db_table, "key", "period_number", "count", "expires_at")
    )
    # One statement that PostgreSQL and SQLite both run atomically; the names are ours, the values parameters.
    upsert = (
        f"INSERT INTO {table} ({key_column}, {period_column}, {count_column}, {expiry_column}) "
        f"{_new_row_source()} ON CONFLICT ({key_column}, {period_column}) "
        f"DO UPDATE SET {count_column} = {table}.{count_column} + 1 RETURNING {count_column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(upsert, [key[:150], window, (window + 1) * period_seconds])
        (count,) = cursor.fetchone()
        if count == 1:  # a key's first use in a window: clear away windows that have ended
            cursor.execute(f"DELETE FROM {table} WHERE {expiry_column} < %s", [int(now)])  # noqa: S608
    return int(count) <= limit


def _new_row_source() -> str:
    """The inserted row's values. On PostgreSQL, when the upsert is a transaction of its own (autocommit), its commit
    does not wait for the write-ahead log to reach the disk (`synchronous_commit` off for that transaction alone):
    that flush was most of a rules API call's time, and a count is no record anyone relies on after a crash, which
    can lose at most the last fraction of a second of counts and never corrupts them. Inside a caller's transaction
    the setting would reach the caller's own writes (audit records among them), so there the commit stays durable."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        return "SELECT %s, %s, 1, %s FROM (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed"
    return "VALUES (%s, %s, 1, %s)"


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
