"""The hot paths `make bench` measures. Add a line here when an issue names a new one.

This is the only list of endpoints: the load generator, the SQL floor and the report all read it, so a new
hot path is measured everywhere by adding one `Endpoint`.
"""

import json
from dataclasses import dataclass, replace
from typing import Literal

AuthKind = Literal["anonymous", "session", "api_key"]

PRACTITIONER = "practitioner@carershub.example"
ADMINISTRATOR = "admin@carershub.example"
COMMISSIONER = "commissioner@carershub.example"
RESPONDER = "responder@carershub.example"
SUPPLIER = "supplier@carershub.example"
MANAGER = "manager@carershub.example"
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
    # Seconds of load for this endpoint when it needs more than BENCH_SECONDS for a stable p95 (paced endpoints
    # make few requests a second).
    seconds: int | None = None
    # A JSON request body (for POST endpoints such as the public rules API), sent as application/json.
    json_body: str | None = None
    # A form body (application/x-www-form-urlencoded) for a staff form post; it may name records of the loaded data
    # in braces, as the path does. The harness gives each simulated user a CSRF cookie and sends its token in the
    # X-CSRFToken header, as a browser's page would in the form.
    form_body: str | None = None
    # Whether the warm-up calls this endpoint. A request that takes seconds (a county's export) keeps a server
    # worker busy after the warm-up ends, and the first endpoint measured would queue behind it.
    warm_up: bool = True
    # What the organisation's API key may reach ("api_key" endpoints): referrals, or emergency_cards.
    api_scope: str = "referrals"

    @property
    def api_key_name(self) -> str:
        """The credentials entry of this endpoint's key: one key per organisation and scope."""
        return f"{self.organisation}/{self.api_scope}"


_ELIGIBILITY_BODY = json.dumps(
    {
        "necessary_care": True,
        "health_at_risk": False,
        "outcomes": {"relationships": ["pain_distress_anxiety"], "recreation": ["without_assistance"]},
        "significant_impact_on_wellbeing": True,
    }
)
_MACA_BODY = json.dumps({"responses": [1, 2, 0, 1, 1, 2, 0, 0, 1, 2, 2, 1, 1, 0, 0, 1, 2, 1]})
_PANOC_BODY = json.dumps({"responses": [2, 1, 1, 2, 0, 1, 2, 2, 0, 1, 0, 0, 1, 0, 2, 1, 0, 1, 2, 1]})
_DIRECT_PAYMENT_SCHEDULE_BODY = json.dumps(
    {"amount": "1000.00", "start_date": "2026-04-01", "end_date": "2027-03-31", "frequency": "weekly"}
)
_ROUTE_BODY = json.dumps({"carer_age": 16, "cared_for_age": 45, "has_parental_responsibility": False})
_CONTRACT_TERMS_BODY = json.dumps(
    {
        "start_date": "2025-04-01",
        "initial_term_years": 3,
        "extension_years": [1, 1],
        "annual_uplift_percent": "2.5",
        "contributions": [
            {"funder": "Adult social care", "annual_amount": "731236.00"},
            {"funder": "Children's social care", "annual_amount": "259694.00"},
            {"funder": "Integrated care board", "annual_amount": "132000.00"},
        ],
    }
)
# Issue 16: 500 bids, the most the bid-evaluation rule takes in one request (target p95 <= 20 ms).
_BID_EVALUATION_BODY = json.dumps(
    {
        "quality_weight": 60,
        "quality_threshold": 40,
        "price_ceiling": "1200.00",
        "abnormally_low_ratio": "0.80",
        "bids": [
            {"id": f"S{n}", "price": f"{800 + n % 397}.{n % 100:02d}", "quality": 30 + n % 71} for n in range(500)
        ],
    }
)

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
    Endpoint("referral inbox, 16 people", "GET", "/referrals/", "session", users=16, think_seconds=2, seconds=45),
    Endpoint(
        "referral detail, 16 people",
        "GET",
        "/referrals/{open_referral_reference}/",
        "session",
        users=16,
        think_seconds=2,
        seconds=45,
    ),
    Endpoint(
        "carer record, 16 people",
        "GET",
        "/people/{visible_carer_id}/",
        "session",
        users=16,
        think_seconds=2,
        seconds=45,
    ),
    Endpoint("api referrals list", "GET", "/api/v1/referrals", "api_key"),
    # One practitioner searching, nobody else using the service: the time a search takes (target p95 <= 50 ms).
    Endpoint(
        "carer search by name, one person", "GET", "/people/search/?q={visible_carer_family_name}", "session", users=1
    ),
    Endpoint(
        "carer search by NHS number, one person",
        "GET",
        "/people/search/?q={visible_carer_nhs_number}",
        "session",
        users=1,
    ),
    # Issue 4: the public rules API (target p95 <= 10 ms server time). One caller at a time, so the time is the
    # server's and not the queue's; the 4-user runs show the capacity.
    *(
        Endpoint(f"rules: {name}{label}", "POST", f"/api/v1/rules/{name}", "anonymous", users=users, json_body=body)
        for name, body in (
            ("carer-eligibility", _ELIGIBILITY_BODY),
            ("maca-yc18", _MACA_BODY),
            ("panoc-yc20", _PANOC_BODY),
            ("assessment-route", _ROUTE_BODY),
        )
        for label, users in ((", one caller", 1), ("", None))
    ),
    # Issue 4: assessment pages at county scale (target p95 <= 100 ms), as the team uses them.
    Endpoint("assessments team list", "GET", "/assessments/", "session", users=16, think_seconds=2, seconds=45),
    Endpoint(
        "assessment task list",
        "GET",
        "/assessments/{assessment_reference}/",
        "session",
        users=16,
        think_seconds=2,
        seconds=45,
    ),
    Endpoint(
        "assessment section",
        "GET",
        "/assessments/{assessment_reference}/sections/eligibility_outcomes/",
        "session",
        users=16,
        think_seconds=2,
        seconds=45,
    ),
    # Issue 5: card lookup to the responder's screen with 1,000,000 cards (target p95 <= 30 ms server time): the
    # call-centre API, which returns the same "what to do now" content, one caller and then four.
    *(
        Endpoint(
            f"emergency card lookup{label}",
            "GET",
            "/api/v1/emergency-cards/{active_card_number}?reason=benchmark",
            "api_key",
            users=users,
            api_scope="emergency_cards",
        )
        for label, users in ((", one caller", 1), ("", None))
    ),
    # The responder's screen once the card is open (break the glass already recorded): what to do now.
    Endpoint(
        "responder activation screen, one responder",
        "GET",
        "/emergency/activations/{open_activation_id}/",
        "session",
        user=RESPONDER,
        users=1,
    ),
    # Issue 6: the KPI dashboard of a county contract with about 1,000,000 activity rows (target p95 <= 300 ms),
    # the commissioner's home, the KPI export, and the public contract calculator (target p95 <= 10 ms).
    Endpoint(
        "contract KPI dashboard",
        "GET",
        "/commissioning/contracts/{contract_reference}/kpis/",
        "session",
        user=COMMISSIONER,
        users=1,
    ),
    Endpoint(
        "contract KPI dashboard, 4 people",
        "GET",
        "/commissioning/contracts/{contract_reference}/kpis/",
        "session",
        user=COMMISSIONER,
    ),
    # Everyday support (issue 14): the carer's contacts a page at a time (p95 <= 50 ms, constant queries), the quick
    # log's page and logging a contact (a form post, p95 <= 50 ms; each one logs a real contact, as a practitioner
    # would), the 30-person register (p95 <= 50 ms; saving it, <= 100 ms, is an operation: see bench/operations.py).
    # The two pages are used by 16 people reading them (about 2 s between clicks), as the other team pages are, and
    # by one person alone (the page's own time). Sixteen clients with no pause on two workers measured the queue
    # (p95 183 ms with a 4 ms SQL floor), not the page: docs/performance.md, "Everyday support".
    *(
        Endpoint(
            f"{name}, {label}",
            "GET",
            path,
            "session",
            users=users,
            think_seconds=think_seconds,
            seconds=seconds,
        )
        for name, path in (
            ("carer's contacts, paged", "/support/people/{visible_carer_id}/contacts/"),
            ("log a contact page", "/support/people/{visible_carer_id}/contacts/new/"),
        )
        for label, users, think_seconds, seconds in (("16 people", 16, 2.0, 45), ("one person", 1, 0.0, None))
    ),
    # Logging a contact: four people posting with no pause (what two workers can take) and one person alone (what
    # logging one costs the person who logs it).
    *(
        Endpoint(
            f"log a contact (form post){label}",
            "POST",
            "/support/people/{visible_carer_id}/contacts/new/",
            "session",
            expected_status=302,
            users=users,
            form_body=(
                "kind={contact_kind_id}&channel=phone&minutes=15&contacted_on_day={today_day}"
                "&contacted_on_month={today_month}&contacted_on_year={today_year}&note=Benchmark+call"
            ),
        )
        for label, users in (("", None), (", one person", 1))
    ),
    Endpoint("group register, 30 carers", "GET", "/support/sessions/{register_session_id}/register/", "session"),
    Endpoint("follow-ups due", "GET", "/support/follow-ups/", "session"),
    Endpoint("community fund 360Giving file", "GET", "/community-fund/{fund_slug}/360giving.json", "anonymous"),
    Endpoint("commissioning home", "GET", "/commissioning/", "session", user=COMMISSIONER, users=1),
    Endpoint(
        "contract KPI export (CSV)",
        "GET",
        "/commissioning/contracts/{contract_reference}/kpis.csv",
        "session",
        user=COMMISSIONER,
        users=1,
    ),
    *(
        Endpoint(
            f"rules: contract-terms{label}",
            "POST",
            "/api/v1/rules/contract-terms",
            "anonymous",
            users=users,
            json_body=_CONTRACT_TERMS_BODY,
        )
        for label, users in ((", one caller", 1), ("", None))
    ),
    # Issue 16: the bid-evaluation rule with 500 bids (target p95 <= 20 ms) and the supplier-facing pages with 200
    # suppliers, 2,000 package requests and 10,000 bids (target p95 <= 100 ms).
    *(
        Endpoint(
            f"rules: bid-evaluation, 500 bids{label}",
            "POST",
            "/api/v1/rules/bid-evaluation",
            "anonymous",
            users=users,
            json_body=_BID_EVALUATION_BODY,
        )
        for label, users in ((", one caller", 1), ("", None))
    ),
    Endpoint("supplier home", "GET", "/procurement/", "session", user=SUPPLIER, users=1),
    Endpoint(
        "supplier package request with bid form",
        "GET",
        "/procurement/packages/{supplier_package_reference}/",
        "session",
        user=SUPPLIER,
        users=1,
    ),
    Endpoint(
        "supplier arrangement page", "GET", "/procurement/arrangements/MV-DPS-CS/", "session", user=SUPPLIER, users=1
    ),
    # Issue 13: support plans at county scale (~10,000 plans, 100,000 payments, 20,000 breaks): the carer's plan page
    # and the plan list (p95 <= 50 ms), the quarter's finance export for a county (streams in <= 2 s), and the
    # public direct payment schedule (p95 <= 10 ms).
    Endpoint("support plan page", "GET", "/support-plans/{support_plan_reference}/v1/", "session", users=1),
    Endpoint("support plan list", "GET", "/support-plans/", "session", users=1),
    Endpoint(
        "direct payments finance export (quarter)",
        "GET",
        "/support-plans/direct-payments/export/?{finance_export_quarter}",
        "session",
        user=MANAGER,
        users=1,
        warm_up=False,
    ),
    *(
        Endpoint(
            f"rules: direct-payment-schedule{label}",
            "POST",
            "/api/v1/rules/direct-payment-schedule",
            "anonymous",
            users=users,
            json_body=_DIRECT_PAYMENT_SCHEDULE_BODY,
        )
        for label, users in ((", one caller", 1), ("", None))
    ),
    # Issue 15: the public service directory (5,000 services loaded by bench/commands.py): the search page and the
    # Open Referral UK API (p95 <= 50 ms), a fully nested service (p95 <= 30 ms).
    # Each four callers with no pause (two workers' capacity) and one caller alone (what one search costs).
    *(
        Endpoint(f"{name}{label}", "GET", path, "anonymous", users=users)
        for name, path in (
            ("find support: words", "/find-support/?q=carers"),
            ("find support: district, age and need", "/find-support/?place=MV1&distance=5&age=12&need=need-groups"),
            ("find support: service page", "/find-support/services/{directory_service_id}/"),
            ("oruk services", "/api/openreferral/services?per_page=50"),
            ("oruk services near a postcode", "/api/openreferral/services?postcode=MV1&proximity=5000"),
            ("oruk service, fully nested", "/api/openreferral/services/{directory_service_id}"),
        )
        for label, users in (("", None), (", one caller", 1))
    ),
    # Issue 12: p95 <= 50 ms at county scale for a worker with 200 allocated carers: the practitioner, whom
    # bench/caseloads.py gives 200 (and each colleague up to 200 of the provider's other open cases). One worker
    # alone, and 16 of them opening their lists (their lists differ; the bench measures the practitioner's).
    Endpoint("my work, one person", "GET", "/my-work/", "session", users=1),
    Endpoint("my work, 16 people", "GET", "/my-work/", "session", users=16, think_seconds=2, seconds=45),
)

# Accounts that always get MFA, whether or not an endpoint signs in as them today.
STAFF_ACCOUNTS: tuple[str, ...] = (PRACTITIONER, ADMINISTRATOR, COMMISSIONER, RESPONDER, MANAGER, SUPPLIER)


def resolve_paths(endpoints: tuple[Endpoint, ...], values: dict[str, str]) -> tuple[Endpoint, ...]:
    """Each endpoint with the named records of the loaded data filled into its path (and form body)."""
    return tuple(
        replace(
            endpoint,
            path=endpoint.path.format(**values),
            form_body=None if endpoint.form_body is None else endpoint.form_body.format(**values),
        )
        for endpoint in endpoints
    )


# Issue 10: every staff page's p50 with one user should be within 3 times its SQL floor plus 5 ms.
ONE_USER_FLOOR_FACTOR = 3.0
ONE_USER_ALLOWANCE_MS = 5.0
ONE_USER_SUFFIX = " (one-user pass)"

RequestKey = tuple[str, str, str, str, str, str, str | None, str | None]


def request_key(endpoint: Endpoint) -> RequestKey:
    """What the server is asked, and by whom: endpoints with the same key send the same request (and SQL)."""
    return (
        endpoint.method,
        endpoint.path,
        endpoint.auth,
        endpoint.user if endpoint.auth == "session" else "",
        endpoint.api_key_name if endpoint.auth == "api_key" else "",
        endpoint.api_scope,
        endpoint.json_body,
        endpoint.form_body,
    )


def measures_one_user(endpoint: Endpoint) -> bool:
    """One simulated user with no pause: the time the request itself takes, with no queue in front of it."""
    return endpoint.users == 1 and endpoint.think_seconds == 0


def one_user_limit_ms(floor_ms: float) -> float:
    """The issue 10 bound on a staff page's one-user p50: three times its SQL floor plus 5 ms."""
    return ONE_USER_FLOOR_FACTOR * floor_ms + ONE_USER_ALLOWANCE_MS


def one_user_pass(endpoints: tuple[Endpoint, ...]) -> tuple[Endpoint, ...]:
    """A one-user variant of every staff page (session endpoint) that is not already measured by one user alone,
    one per distinct request (the "referral inbox" and "referral inbox, 16 people" send the same one)."""
    measured = {request_key(endpoint) for endpoint in endpoints if measures_one_user(endpoint)}
    variants: dict[RequestKey, Endpoint] = {}
    for endpoint in endpoints:
        key = request_key(endpoint)
        if endpoint.auth != "session" or key in measured or key in variants:
            continue
        variants[key] = replace(
            endpoint, name=f"{endpoint.name}{ONE_USER_SUFFIX}", users=1, think_seconds=0.0, seconds=None
        )
    return tuple(variants.values())


def session_users(endpoints: tuple[Endpoint, ...]) -> list[str]:
    """Every account that needs a signed-in session, in a stable order."""
    return sorted({endpoint.user for endpoint in endpoints if endpoint.auth == "session"})


def api_key_organisations(endpoints: tuple[Endpoint, ...]) -> list[str]:
    """Every organisation and scope that needs an API key ("slug/scope"), in a stable order."""
    return sorted({endpoint.api_key_name for endpoint in endpoints if endpoint.auth == "api_key"})
