"""Every URL of the project, walked as a commissioner: outside the allow-lists each is the same 404 as a missing record
and changes nothing; the admin sends them to its sign-in; the person-level API gives their keys nothing."""

from typing import Final

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.accounts.tests.personas import SignIn
from carershub.commissioning.models import Contract, ContractPartner
from carershub.commissioning.tests.factories import ContractPartnerFactory
from carershub.core.models import AuditEvent
from carershub.organisations.models import ApiKey, Area, Organisation
from carershub.organisations.services import create_api_key
from carershub.organisations.tests.factories import GPPracticeFactory, OrganisationFactory, SchoolFactory
from carershub.people.models import Person
from carershub.reporting.tests.walk import (
    ADMIN_PREFIX,
    COMMISSIONER_PAGES,
    COUNCIL_BUYING_PAGES,
    PersonLevelRecords,
    all_routes,
    changed_tables,
    database_state,
    fill,
    is_allowed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def icb_funder_commissioner(contract: Contract, home_area: Area) -> User:
    icb = OrganisationFactory.create(name="Home ICB", slug="home-icb", kind=Organisation.Kind.ICB, areas=[home_area])
    ContractPartnerFactory.create(contract=contract, organisation=icb, role=ContractPartner.Role.FUNDER)
    return create_staff_user(
        icb,
        email="icb-commissioner@test.example",
        full_name="ICB Commissioner",
        roles=[Role.COMMISSIONER],
        created_by=None,
        password="correct horse battery staple",
    )


def test_every_url_outside_the_allow_list_is_a_404_for_commissioners_and_changes_nothing(
    sign_in: SignIn,
    commissioner: User,
    icb_funder_commissioner: User,
    council: Organisation,
    home_area: Area,
    contract: Contract,
    person_level_records: PersonLevelRecords,
) -> None:
    routes = [route for route in all_routes() if not is_allowed(route)]
    clients = [sign_in(commissioner), sign_in(icb_funder_commissioner)]
    failures: list[str] = []
    # Exactly the commissioner pages answer: each opens, for both commissioners, and every other page is walked below.
    own_places = person_level_records.values | {
        "organisations.slug": council.slug,
        "identification.ods_code": GPPracticeFactory.create(area=home_area).ods_code,
        "identification.urn": SchoolFactory.create(area=home_area).urn,
    }
    for client, pages in zip(clients, (COMMISSIONER_PAGES, COMMISSIONER_PAGES - COUNCIL_BUYING_PAGES), strict=True):
        answered = {
            route.name
            for route in all_routes()
            if route.name in COMMISSIONER_PAGES and client.get(fill(route, own_places)).status_code == 200
        }
        assert answered == pages
    before = database_state()
    for route in routes:
        url = fill(route, person_level_records.values)
        for client in clients:
            events = AuditEvent.objects.count()
            got = client.get(url)
            posted = client.post(url, {})
            # 405 is a method the view does not take at all (nothing runs); the other method must then be the 404.
            statuses = (got.status_code, posted.status_code)
            written = AuditEvent.objects.order_by("pk")[events:]
            if not set(statuses) <= {404, 405} or 404 not in statuses:
                failures.append(f"{url} ({route.name}): GET {statuses[0]}, POST {statuses[1]}")
            if written:
                failures.append(f"{url} ({route.name}): audit events written")
            after = database_state()
            if after != before:
                failures.append(f"{url} ({route.name}): rows changed in {changed_tables(before, after)}")
            before = after
            if person_level_records.referral.reference.encode() in got.content:
                failures.append(f"GET {url} ({route.name}): the referral is on the page")
            if person_level_records.carer.family_name.encode() in got.content:
                failures.append(f"GET {url} ({route.name}): the carer's name is on the page")
    assert failures == []


def test_every_admin_page_sends_a_commissioner_to_the_admins_sign_in(
    sign_in: SignIn, commissioner: User, icb_funder_commissioner: User, person_level_records: PersonLevelRecords
) -> None:
    # Signing out of the admin signs the commissioner out of their own session: not walked (it would end the walk).
    routes = [r for r in all_routes() if r.pattern.startswith(ADMIN_PREFIX) and r.name != "admin:logout"]
    values = person_level_records.values | {
        "object_id": str(person_level_records.carer.pk),
        "id": str(person_level_records.carer.pk),
        "content_type_id": str(ContentType.objects.get_for_model(Person).pk),
        "app_label": "people",
        "url": "people/person/",
    }
    clients = [sign_in(commissioner), sign_in(icb_funder_commissioner)]
    before = database_state()
    events = AuditEvent.objects.count()
    failures = []
    for client in clients:
        for route in routes:
            url = fill(route, values)
            for response in (client.get(url), client.post(url, {})):
                redirected_to_sign_in = response.status_code == 302 and response["Location"].startswith("/admin/login/")
                if not redirected_to_sign_in and response.status_code != 403:
                    failures.append(f"{response.request['REQUEST_METHOD']} {url}: {response.status_code}")
    assert failures == []
    assert AuditEvent.objects.count() == events
    assert database_state() == before


# The API's public documents, the public rules calculators, who the calling key belongs to and the reference list of
# GP practices: nothing about a person. Every other API path is walked with commissioners' organisations' keys.
PUBLIC_API: Final = frozenset(
    {
        "api:openapi-json",
        "api:openapi-view",
        "api:api-root",
        "api:calling_organisation",
        "api:gp_practices",
        "api:carer_eligibility",
        "api:maca_yc18",
        "api:panoc_yc20",
        "api:assessment_route_for",
        "api:calculate_contract_terms",
        # The service directory as Open Referral UK: published services of organisations, never a person.
        "api:openreferral_about",
        "api:openreferral_services",
        "api:openreferral_service",
        "api:openreferral_taxonomies",
        "api:openreferral_taxonomy_terms",
        "api:openreferral_service_at_locations",
        "api:openreferral_service_at_location",
    }
)


def test_every_person_level_api_gives_commissioners_keys_nothing(
    council: Organisation,
    icb_funder_commissioner: User,
    person_level_records: PersonLevelRecords,
) -> None:
    # Both scopes of key, for the council and for the ICB funder: a key is the organisation's, like its staff.
    keys = {
        (organisation.slug, scope): create_api_key(
            organisation, name=f"{organisation.slug} {scope}", created_by=None, scope=scope
        )[1]
        for organisation in (council, icb_funder_commissioner.organisation)
        if organisation is not None
        for scope in ApiKey.Scope
    }
    values = person_level_records.values | {
        "api.reference": person_level_records.referral.reference,
        "api.number": person_level_records.values["card_number"],
    }
    paths = sorted(
        {
            fill(route, values)
            for route in all_routes()
            if route.name.startswith("api:") and route.name not in PUBLIC_API
        }
    )
    before = database_state()
    events = AuditEvent.objects.count()
    failures = []
    answered: set[tuple[str, str, str]] = set()
    for (organisation_slug, scope), key in keys.items():
        api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        for path in paths:
            got = api.get(path, {"reason": "Checking what a commissioner can see"})
            # Lists answer 200 with none of the home area's referrals; a person-level record is a 404 (or 403 for
            # a key of the other scope); creating with nothing valid is refused.
            # (A 404 may echo the reference asked for; a 200 must not hold it.)
            body = got.content.decode()
            if got.status_code == 200:
                answered.add((organisation_slug, scope, path))
            if got.status_code not in (200, 403, 404, 405):
                failures.append(f"GET {path}: {got.status_code}")
            if got.status_code == 200 and (
                person_level_records.referral.reference in body or person_level_records.carer.family_name in body
            ):
                failures.append(f"GET {path}: a person's record")
            posted = api.post(path, {}, content_type="application/json")
            if posted.status_code not in (400, 403, 404, 405):
                failures.append(f"POST {path}: {posted.status_code}")
    assert failures == []
    # Exactly one path answers, to each organisation's referrals key: its list of the referrals it made (none here).
    assert answered == {
        (organisation_slug, ApiKey.Scope.REFERRALS, "/api/v1/referrals") for organisation_slug, _scope in keys
    }
    # No record was read, made or changed (key use is counted on the key itself, which is no person's record).
    # The referrals list records that the key read it: such an event may exist, naming no record (a count of 0).
    written = AuditEvent.objects.order_by("pk")[events:]
    assert [
        (event.purpose, event.detail)
        for event in written
        if event.kind == AuditEvent.Kind.RECORD_VIEWED and (event.subject_id or any(event.detail.values()))
    ] == []
    after = database_state()
    checked_above = {"organisations.ApiKey", "core.AuditEvent"}
    assert {label: state for label, state in after.items() if label not in checked_above} == {
        label: state for label, state in before.items() if label not in checked_above
    }
