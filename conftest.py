"""Fixed personas shared by every app's tests (STYLE.md rule 17).

Two areas. In the home area: a provider (the carers centre) with a practitioner and a manager, a second provider
with its own practitioner (a worker in another team), and the council with a commissioner and an administrator.
In the neighbouring area: a provider with a practitioner who must never see the home area's records.
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import is_mfa_enabled
from django.core.cache import cache
from django.db import connection
from django.test import Client
from pytest_django import DjangoDbBlocker

from carershub.accounts.middleware import record_mfa_passed
from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.accounts.tests.personas import SignIn
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import AreaFactory, CouncilAdultSocialCareFactory, ProviderFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def _migrated_data(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> str:
    """What the migrations put in the test database (the role groups and their permissions, the ethnic
    categories), serialized for the browser tests, which empty the database after each test."""
    with django_db_blocker.unblock():
        data: str = connection.creation.serialize_db_to_string()
    return data


@pytest.fixture(scope="session", autouse=True)
def _snapshot_before_anything_empties_the_database(request: pytest.FixtureRequest) -> None:
    """Take the migrated data's snapshot before the first test runs when browser tests are in the session.

    Any test with a transactional database (the browser tests, and a few others) empties the database when it
    ends; a snapshot taken lazily after one of those would hold nothing, and every later browser test would find
    no roles at all.
    """
    if any(item.get_closest_marker("browser") for item in request.session.items):
        request.getfixturevalue("_migrated_data")


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Sign-in throttling counts live in the cache; each test starts with none."""
    cache.clear()


@pytest.fixture
def home_area(db: None) -> Area:
    return AreaFactory.create(name="Home Area", slug="home-area")


@pytest.fixture
def neighbour_area(db: None) -> Area:
    return AreaFactory.create(name="Neighbour Area", slug="neighbour-area")


@pytest.fixture
def carers_centre(home_area: Area) -> Organisation:
    return ProviderFactory.create(name="Home Carers Centre", slug="home-carers-centre", areas=[home_area])


@pytest.fixture
def young_carers_service(home_area: Area) -> Organisation:
    return ProviderFactory.create(name="Home Young Carers", slug="home-young-carers", areas=[home_area])


@pytest.fixture
def council(home_area: Area) -> Organisation:
    return CouncilAdultSocialCareFactory.create(name="Home Council", slug="home-council", areas=[home_area])


@pytest.fixture
def neighbour_provider(neighbour_area: Area) -> Organisation:
    return ProviderFactory.create(name="Neighbour Carers Trust", slug="neighbour-carers-trust", areas=[neighbour_area])


def _staff(organisation: Organisation, email: str, *roles: Role) -> User:
    return create_staff_user(
        organisation,
        email=email,
        full_name=email.split("@")[0].title(),
        roles=roles,
        created_by=None,
        password=PASSWORD,
    )


@pytest.fixture
def practitioner(carers_centre: Organisation) -> User:
    return _staff(carers_centre, "practitioner@test.example", Role.PRACTITIONER)


@pytest.fixture
def manager(carers_centre: Organisation) -> User:
    return _staff(carers_centre, "manager@test.example", Role.MANAGER, Role.PRACTITIONER)


@pytest.fixture
def other_team_practitioner(young_carers_service: Organisation) -> User:
    return _staff(young_carers_service, "other-team@test.example", Role.PRACTITIONER)


@pytest.fixture
def commissioner(council: Organisation) -> User:
    return _staff(council, "commissioner@test.example", Role.COMMISSIONER)


@pytest.fixture
def administrator(council: Organisation) -> User:
    return _staff(council, "administrator@test.example", Role.ADMINISTRATOR)


@pytest.fixture
def neighbour_practitioner(neighbour_provider: Organisation) -> User:
    return _staff(neighbour_provider, "neighbour@test.example", Role.PRACTITIONER)


def enrol_totp(user: User) -> str:
    """Give the user an authenticator app, as if they had completed MFA set-up; returns the secret."""
    secret: str = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def sign_in(db: None) -> SignIn:
    """Return a function giving a client signed in as a user who has set up MFA (as every real user has)."""

    def signed_in_client(user: User) -> Client:
        if not is_mfa_enabled(user):
            enrol_totp(user)
        client = Client()
        client.force_login(user)
        # As after a real sign-in: django-allauth's record that this session gave a security code. Without it the
        # MFA middleware sends the session to the code step (a password alone is never enough).
        session = client.session
        record_mfa_passed(session, user)
        session.save()
        return client

    return signed_in_client
