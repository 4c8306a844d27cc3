"""Walking every URL of the project for the privacy tests: the allow-lists, the routes with their parameters filled
from real records, and the database's state before and after."""

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from django.apps import apps
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

from carershub.people.models import Person
from carershub.referrals.models import Referral

# --- Every URL, walked ------------------------------------------------------------------------------------------------
#
# Walk the URL resolver and open every page outside the allow-list below as a council commissioner and as an ICB
# funder's commissioner, with real ids of person-level records in the path. Each must be the same 404 as a missing
# record, for GET and for POST (or 405 where the view takes no POST), with no audit event and no row changed.
# A URL added later is walked too: if it is not person-level, add it to an allow-list with the reason.

# Pages a commissioner may open: aggregates, organisations and places, public pages, their own account.
COMMISSIONER_PAGES: Final = frozenset(
    {
        "core:home",
        "core:accessibility",
        "core:privacy",
        "core:healthz",
        "organisations:list",  # organisations in their areas, no people
        "organisations:detail",
        "identification:partners",  # GP practices and schools with engagement counts, no people
        "identification:gp_practice",
        "identification:school",
        # Buying care: the council's arrangements, its own package requests (no names for a commissioner) and spot
        # purchases (no person); every page about one package, bid or application is walked below.
        "procurement:home",
        "procurement:spot_purchases",
        "procurement:spot_purchase_new",
        "procurement:continuing_packages",
        "procurement:continuing_new",
    }
)
# The council's own buying pages, which an ICB's commissioner (who buys no care here) does not get.
COUNCIL_BUYING_PAGES: Final = frozenset(
    {
        "procurement:spot_purchases",
        "procurement:spot_purchase_new",
        "procurement:continuing_packages",
        "procurement:continuing_new",
    }
)
COMMISSIONER_NAMESPACES: Final = frozenset({"commissioning"})  # aggregates only (test_privacy, and its own tests)
# Public pages, for anyone without an account: they collect a referral but show no one's record.
PUBLIC_NAMESPACES: Final = frozenset({"identification", "grants_public", "find_support"})
# Sign-in, MFA and password pages of the commissioner's own account (django-allauth).
ACCOUNT_PREFIXES: Final = ("accounts/",)
# The API is walked separately with API keys (a signed-in session is no API credential); its documents are public.
API_PREFIX: Final = "api/"
# The Django admin: a commissioner is not staff, so every admin page redirects to the admin's sign-in (302), which
# refuses a signed-in member of staff without admin access (403): the admin's existing pattern. It shows them nothing.
ADMIN_PREFIX: Final = "admin/"
# The carer's own self-assessment pages work only with the secret link's session (tested in assessments).
CARER_LINK_NAMESPACES: Final = frozenset({"self_assessment", "support_public"})


@dataclass(frozen=True)
class Route:
    name: str
    namespace: str
    pattern: str
    parameters: tuple[str, ...]


def all_routes(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> list[Route]:
    """Every URL pattern of the project, with its namespace-qualified name and path parameters."""
    resolver = resolver or get_resolver()
    routes: list[Route] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
            routes.extend(all_routes(entry, prefix + str(entry.pattern), inner))
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            name = ":".join(part for part in (namespace, entry.name or "") if part)
            parameters = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern)
            routes.append(Route(name, namespace, pattern, tuple(a or b for a, b in parameters)))
    return routes


def fill(route: Route, values: dict[str, str]) -> str:
    """The route's path with each parameter replaced by a real id from the fixtures (KeyError names a new one)."""
    path = route.pattern
    for parameter in route.parameters:
        key = f"{route.namespace.split(':')[0]}.{parameter}"
        value = values[key] if key in values else values[parameter]
        path = re.sub(rf"<(?:\w+:)?{parameter}>|\(\?P<{parameter}>[^)]*\)", value, path)
    return "/" + path.replace("^", "").replace("$", "")


def is_allowed(route: Route) -> bool:
    top = route.namespace.split(":")[0]
    return (
        route.name in COMMISSIONER_PAGES
        or top in COMMISSIONER_NAMESPACES
        or top in PUBLIC_NAMESPACES
        or top in CARER_LINK_NAMESPACES
        or route.pattern.startswith(ACCOUNT_PREFIXES)
        or route.pattern.startswith(API_PREFIX)
        or route.pattern.startswith(ADMIN_PREFIX)
    )


@dataclass(frozen=True)
class PersonLevelRecords:
    carer: Person
    referral: Referral
    values: dict[str, str]


@cache
def _database_state_queries() -> tuple[str, ...]:
    """For each table, one SELECT of its label, row count and latest change, joined with UNION ALL in batches (SQLite
    allows 500 terms in one compound SELECT): one query instead of one per model, as the walks ask after every URL."""
    quote = connection.ops.quote_name
    selects: list[str] = []
    for model in apps.get_models():
        label = model._meta.label
        if label in {"sessions.Session", "core.RateLimitCount"} or model._meta.pk is None:
            continue
        pk = quote(model._meta.pk.column or "")
        updated_at = next((field.column for field in model._meta.fields if field.name == "updated_at"), None)
        if updated_at is not None:
            latest = f"MAX({quote(updated_at)})"
        elif model._meta.pk.get_internal_type() in {"AutoField", "BigAutoField"}:
            latest = f"MAX({pk})"
        else:
            latest = f"COUNT({pk})"  # e.g. UUID keys, which PostgreSQL cannot MAX: the count alone
        selects.append(
            f"SELECT '{label}', COUNT({pk}), CAST({latest} AS TEXT) FROM {quote(model._meta.db_table)}"  # noqa: S608
        )
    return tuple(" UNION ALL ".join(selects[start : start + 200]) for start in range(0, len(selects), 200))


def database_state() -> dict[str, tuple[int, Any]]:
    """Each table's row count and latest change, except the ones every request may touch (sessions, throttles)."""
    state: dict[str, tuple[int, Any]] = {}
    with connection.cursor() as cursor:
        for query in _database_state_queries():
            cursor.execute(query)
            state.update((label, (rows, latest)) for label, rows, latest in cursor.fetchall())
    return state


def changed_tables(before: dict[str, tuple[int, Any]], after: dict[str, tuple[int, Any]]) -> list[str]:
    return sorted(label for label in before | after if before.get(label) != after.get(label))
