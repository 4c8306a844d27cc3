"""The hot paths `make bench` measures. Add a line here when an issue names a new one.

This is the only list of endpoints: the load generator, the SQL floor and the report all read it, so a new
hot path is measured everywhere by adding one `Endpoint`.
"""

from dataclasses import dataclass, replace
from typing import Literal

AuthKind = Literal["anonymous", "session", "api_key"]

PRACTITIONER = "practitioner@carershub.example"
ADMINISTRATOR = "admin@carershub.example"
DEMO_PROVIDER = "mersey-vale-carers-centre"


@dataclass(frozen=True)
class Endpoint:
    """One request to measure.

    `user` is the signed-in member of staff for "session" endpoints; `organisation` owns the key for "api_key"
    endpoints. Any status other than `expected_status` counts as a failure (redirects are not followed, so a
    lost session shows up as a 302 rather than as a fast login page).
    """

    name: str
    method: str
    # May name records of the loaded data in braces, e.g. "/people/{visible_carer_id}/" (see bench/records.py).
    path: str
    auth: AuthKind
    expected_status: int = 200
    user: str = PRACTITIONER
    organisation: str = DEMO_PROVIDER
    # Concurrent simulated users for this endpoint when an issue sets a target at a given concurrency.
    users: int | None = None
    # Mean pause between one user's requests. 0 keeps every user's next request waiting (saturation: it measures
    # capacity); a few seconds models people reading a page before the next click.
    think_seconds: float = 0.0


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("healthz", "GET", "/healthz", "anonymous"),
    Endpoint("login page", "GET", "/accounts/login/", "anonymous"),
    Endpoint("staff home", "GET", "/", "session"),
    Endpoint("organisation list", "GET", "/organisations/", "session", user=ADMINISTRATOR),
    Endpoint("organisation detail", "GET", f"/organisations/{DEMO_PROVIDER}/", "session"),
    Endpoint("api organisation", "GET", "/api/v1/organisation", "api_key"),
    # Issue 3: carers register and referrals (targets: search p95 <= 50 ms; inbox and record p95 <= 100 ms).
    Endpoint("carer search by name", "GET", "/people/search/?q={visible_carer_family_name}", "session"),
    Endpoint("carer search by NHS number", "GET", "/people/search/?q={visible_carer_nhs_number}", "session"),
    Endpoint("referral inbox", "GET", "/referrals/", "session", users=16),
    Endpoint("referral detail", "GET", "/referrals/{open_referral_reference}/", "session", users=16),
    Endpoint("carer record", "GET", "/people/{visible_carer_id}/", "session", users=16),
    # The same three pages used by 16 people at once, each pausing about 2 s between clicks (people read pages).
    Endpoint("referral inbox, 16 people", "GET", "/referrals/", "session", users=16, think_seconds=2),
    Endpoint(
        "referral detail, 16 people",
        "GET",
        "/referrals/{open_referral_reference}/",
        "session",
        users=16,
        think_seconds=2,
    ),
    Endpoint("carer record, 16 people", "GET", "/people/{visible_carer_id}/", "session", users=16, think_seconds=2),
    Endpoint("api referrals list", "GET", "/api/v1/referrals", "api_key"),
)

# Accounts that always get MFA, whether or not an endpoint signs in as them today.
STAFF_ACCOUNTS: tuple[str, ...] = (PRACTITIONER, ADMINISTRATOR)


def resolve_paths(endpoints: tuple[Endpoint, ...], values: dict[str, str]) -> tuple[Endpoint, ...]:
    """Each endpoint with the named records of the loaded data filled into its path."""
    return tuple(replace(endpoint, path=endpoint.path.format(**values)) for endpoint in endpoints)


def session_users(endpoints: tuple[Endpoint, ...]) -> list[str]:
    """Every account that needs a signed-in session, in a stable order."""
    return sorted({endpoint.user for endpoint in endpoints if endpoint.auth == "session"})


def api_key_organisations(endpoints: tuple[Endpoint, ...]) -> list[str]:
    """Every organisation that needs an API key, in a stable order."""
    return sorted({endpoint.organisation for endpoint in endpoints if endpoint.auth == "api_key"})
