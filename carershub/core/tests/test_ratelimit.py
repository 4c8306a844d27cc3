"""The shared counters behind the public pages', the rules API's and card lookups' limits."""

import pytest

from carershub.core import ratelimit

# The rate limit counts uses in the shared database.
pytestmark = pytest.mark.django_db


def test_uses_beyond_the_limit_are_refused_until_the_next_period(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [7_200.0]
    monkeypatch.setattr("carershub.core.ratelimit.time.time", lambda: now[0])
    assert [ratelimit.within_limit("k", limit=2, period_seconds=3600) for _ in range(3)] == [True, True, False]
    now[0] += 3599  # still the same hour
    assert not ratelimit.within_limit("k", limit=2, period_seconds=3600)
    now[0] += 1  # the next hour starts afresh
    assert ratelimit.within_limit("k", limit=2, period_seconds=3600)


def test_counters_are_separate_per_key() -> None:
    assert ratelimit.within_limit("first", limit=1, period_seconds=60)
    assert not ratelimit.within_limit("first", limit=1, period_seconds=60)
    assert ratelimit.within_limit("second", limit=1, period_seconds=60)


def test_counts_of_ended_windows_are_cleared_away(monkeypatch: pytest.MonkeyPatch) -> None:
    from carershub.core.models import RateLimitCount

    now = [7_200.0]
    monkeypatch.setattr("carershub.core.ratelimit.time.time", lambda: now[0])
    ratelimit.within_limit("old", limit=5, period_seconds=60)
    ratelimit.within_limit("old", limit=5, period_seconds=60)
    assert list(RateLimitCount.objects.values_list("key", "count")) == [("old", 2)]
    now[0] += 120  # two windows later, someone else's first use tidies up
    ratelimit.within_limit("new", limit=5, period_seconds=60)
    assert list(RateLimitCount.objects.values_list("key", "count")) == [("new", 1)]


@pytest.mark.django_db(transaction=True)
def test_counts_made_outside_a_transaction_are_kept() -> None:
    # Each use is then its own transaction (on PostgreSQL, one whose commit does not wait for the disk).
    assert [ratelimit.within_limit("own", limit=2, period_seconds=60) for _ in range(3)] == [True, True, False]

    from carershub.core.models import RateLimitCount

    assert list(RateLimitCount.objects.values_list("key", "count")) == [("own", 3)]


def test_a_use_counted_inside_a_transaction_leaves_its_commit_durable() -> None:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        ratelimit.within_limit("inside", limit=2, period_seconds=60)
    assert queries.captured_queries
    assert not any("synchronous_commit" in query["sql"] for query in queries.captured_queries)
