"""`make bench` shows, for every staff page, its p50 with one user against 3 times its SQL floor plus 5 ms (issue 10):
each distinct staff request is measured once by one user alone, and a page over its bound is reported as such."""

from dataclasses import replace

from bench.config import BenchConfig
from bench.endpoints import ENDPOINTS, Endpoint, one_user_pass, request_key
from bench.floor import FloorResult
from bench.harness import one_user_checks, select
from bench.load import LoadResult
from bench.report import OneUserCheck, format_one_user_table

INBOX = Endpoint("referral inbox", "GET", "/referrals/", "session", users=16)
INBOX_PEOPLE = Endpoint("referral inbox, 16 people", "GET", "/referrals/", "session", users=16, think_seconds=2)
PLAN_LIST = Endpoint("support plan list", "GET", "/support-plans/", "session", users=1)
RULES = Endpoint("rules: maca-yc18", "POST", "/api/v1/rules/maca-yc18", "anonymous", json_body="{}")
API = Endpoint("api referrals list", "GET", "/api/v1/referrals", "api_key")


def config(*, one_user_seconds: int = 5, one_user_only: bool = False) -> BenchConfig:
    return BenchConfig(
        database_url="postgres://postgres@127.0.0.1:5432/carershub_bench",
        seconds=15,
        users=4,
        warmup_seconds=5,
        workers=2,
        floor_iterations=200,
        scale="county",
        seed=2026,
        always_collect_static=False,
        one_user_seconds=one_user_seconds,
        one_user_only=one_user_only,
    )


def floor(milliseconds: float | None) -> FloorResult:
    return FloorResult(
        status=200,
        error="",
        statements=(),
        transaction_statements=0,
        floor_p50_ms=milliseconds,
        statement_p50_ms=(),
        replay_error="",
    )


def load(p50_ms: float | None, requests: int = 100) -> LoadResult:
    return LoadResult(requests=requests, failures=0, rps=10.0, p50_ms=p50_ms, p95_ms=p50_ms, p99_ms=p50_ms)


def test_each_staff_request_not_already_measured_alone_gets_one_one_user_variant() -> None:
    variants = one_user_pass((INBOX, INBOX_PEOPLE, PLAN_LIST, RULES, API))

    # The inbox for 16 users and for 16 people is one request: one variant. The plan list is one user already; the
    # rules API and the referrals API are not staff pages.
    assert [(variant.path, variant.users, variant.think_seconds) for variant in variants] == [("/referrals/", 1, 0.0)]
    assert request_key(variants[0]) == request_key(INBOX)


def test_every_staff_page_of_the_bench_has_a_one_user_measurement() -> None:
    alone = [endpoint for endpoint in ENDPOINTS if endpoint.users == 1 and endpoint.think_seconds == 0]
    variants = one_user_pass(ENDPOINTS)
    measured = [request_key(endpoint) for endpoint in [*alone, *variants]]

    for endpoint in ENDPOINTS:
        if endpoint.auth == "session":
            assert request_key(endpoint) in measured, endpoint.name
    assert len(set(measured)) == len(measured), "a staff request measured by one user twice"


def test_a_page_is_within_its_bound_up_to_three_times_its_floor_plus_5_ms() -> None:
    selection = select((INBOX, INBOX_PEOPLE, PLAN_LIST, RULES), config())
    (variant,) = selection.one_user
    floors = {INBOX.name: floor(4.0), INBOX_PEOPLE.name: floor(4.0), PLAN_LIST.name: floor(30.0)}
    floors[variant.name] = floors[INBOX.name]
    loads = {
        INBOX.name: load(300.0),  # 16 users without pause: the queue, not the page
        INBOX_PEOPLE.name: load(40.0),
        PLAN_LIST.name: load(96.0),
        RULES.name: load(3.0),
        variant.name: load(17.0),
    }

    checks = {check.name: check for check in one_user_checks(selection, floors, loads)}

    assert set(checks) == {INBOX.name, INBOX_PEOPLE.name, PLAN_LIST.name}
    inbox = checks[INBOX.name]
    assert (inbox.measured_as, inbox.p50_ms, inbox.limit_ms, inbox.within) == (variant.name, 17.0, 17.0, True)
    assert checks[INBOX_PEOPLE.name].within is True
    plan_list = checks[PLAN_LIST.name]
    assert (plan_list.measured_as, plan_list.limit_ms, plan_list.within) == (PLAN_LIST.name, 95.0, False)


def test_a_page_without_a_floor_or_a_p50_or_that_failed_is_not_counted_as_within() -> None:
    no_p50 = OneUserCheck("a", "/a/", "a", 0, None, 4.0)
    no_floor = OneUserCheck("b", "/b/", "b", 10, 12.0, None)
    failing_fast = OneUserCheck("c", "/c/", "c", 10, 2.0, 4.0, failures=10)

    table = format_one_user_table([no_p50, no_floor, failing_fast, OneUserCheck("d", "/d/", "d", 10, 30.0, 4.0)])

    assert (no_p50.within, no_floor.within, failing_fast.within) == (None, None, None)
    assert "NO" in table.splitlines()[-2]
    assert table.splitlines()[-1] == "0 of 4 staff pages within 3 x floor + 5 ms with one user."


def test_only_the_one_user_pass_is_driven_when_asked() -> None:
    search_alone = Endpoint("carer search, one person", "GET", "/people/search/?q=a", "session", users=1)

    selection = select((INBOX, INBOX_PEOPLE, PLAN_LIST, RULES, search_alone), config(one_user_only=True))

    assert selection.loaded == (PLAN_LIST, search_alone)
    assert [variant.path for variant in selection.one_user] == ["/referrals/"]
    # Every staff page still needs its floor for the verdict; the rules API is not measured at all.
    assert RULES not in selection.floored
    assert {INBOX, INBOX_PEOPLE} <= set(selection.floored)


def test_no_pass_when_its_seconds_are_zero() -> None:
    selection = select((INBOX, PLAN_LIST), config(one_user_seconds=0))

    assert (selection.loaded, selection.one_user) == ((INBOX, PLAN_LIST), ())


def test_the_warm_up_adds_no_page_twice_and_never_a_long_export() -> None:
    export = replace(PLAN_LIST, name="finance export", path="/export/", warm_up=False)

    selection = select((INBOX, export), config())
    only_pass = select((INBOX, export), config(one_user_only=True))

    assert [endpoint.name for endpoint in selection.warmed] == [INBOX.name]
    assert [endpoint.path for endpoint in only_pass.warmed] == ["/referrals/"]
