"""Fixed personas shared by every app's tests, and a carer the carers centre works with.

Two areas. In the home area: a provider (the carers centre) with a practitioner and a manager, a second provider
with its own practitioner (a worker in another team), and the council with a commissioner and an administrator.
In the neighbouring area: a provider with a practitioner who must never see the home area's records.
"""

import fcntl
import io
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import setup_databases, teardown_databases
from django.utils import timezone
from pytest_django import DjangoDbBlocker
from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

from carershub.accounts.middleware import record_mfa_passed
from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.accounts.tests.personas import SignIn
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import AreaFactory, CouncilAdultSocialCareFactory, ProviderFactory
from carershub.people.models import Involvement, Person
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import CaringRelationshipFactory

PASSWORD = "correct horse battery staple"


def _copy_sqlite(source: str | Path, target: str | Path) -> None:
    """Copy a whole SQLite database through SQLite's backup API (consistent even with its write-ahead log)."""
    with sqlite3.connect(source) as source_db, sqlite3.connect(target) as target_db:
        source_db.backup(target_db)
    source_db.close()
    target_db.close()


@pytest.fixture(scope="session")
def migrated_database_file(django_db_setup: Path | None) -> Path | None:
    """The SQLite test database as the migrations left it (a file to copy, never to open), for a test that starts a
    fresh process on a migrated database; None on PostgreSQL."""
    return django_db_setup


@pytest.fixture(scope="session")
def django_db_setup(
    request: pytest.FixtureRequest,
    django_test_environment: None,
    django_db_blocker: DjangoDbBlocker,
    django_db_use_migrations: bool,
    django_db_keepdb: bool,
    django_db_createdb: bool,
    django_db_modify_db_settings: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Path | None]:
    """pytest-django's database set-up, except that the SQLite test database is migrated once per run.

    Migrating takes most of a minute of CPU time. With pytest-xdist, the first worker to get here migrates its
    database and leaves a copy beside the other workers' temporary directories; every other worker copies that
    file instead of migrating its own. (On PostgreSQL every worker migrates its own database, as before.)
    """
    if not django_db_use_migrations:
        _disable_migrations()
    keepdb = django_db_keepdb and not django_db_createdb
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose
    test_name: str = connection.settings_dict["TEST"].get("NAME") or ""
    # Only the case `make test` runs: one SQLite file, no test asking for serialized rollback.
    sqlite_file = (
        set(aliases) <= {"default"}
        and not serialized_aliases
        and connection.vendor == "sqlite"
        and bool(test_name)
        and test_name != ":memory:"
        and "mode=memory" not in test_name
    )
    migrated: Path | None = None
    if not sqlite_file:
        with django_db_blocker.unblock():
            databases = setup_databases(
                verbosity=verbosity,
                interactive=False,
                keepdb=keepdb,
                aliases=aliases,  # type: ignore[arg-type]  # a set of aliases, as pytest-django passes
                serialized_aliases=serialized_aliases,
            )
    else:
        # The base temporary directory of this run: each xdist worker's own directory is inside it.
        shared = tmp_path_factory.getbasetemp().parent if hasattr(request.config, "workerinput") else None
        run_directory = shared or tmp_path_factory.mktemp("database")
        migrated = run_directory / "migrated.sqlite3"
        with open(run_directory / "migrated.lock", "w") as lock, django_db_blocker.unblock():
            fcntl.flock(lock, fcntl.LOCK_EX)
            if migrated.exists():
                # What `create_test_db` leaves behind, with a copy in place of the migrations.
                databases = [(connection, connection.settings_dict["NAME"], True)]
                connection.close()
                _copy_sqlite(migrated, test_name)
                settings.DATABASES[connection.alias]["NAME"] = test_name
                connection.settings_dict["NAME"] = test_name
            else:
                databases = setup_databases(
                    verbosity=verbosity,
                    interactive=False,
                    keepdb=keepdb,
                    aliases=aliases,  # type: ignore[arg-type]  # a set of aliases, as pytest-django passes
                    serialized_aliases=serialized_aliases,
                )
                _copy_sqlite(connection.settings_dict["NAME"], migrated)

    yield migrated

    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(databases, verbosity=verbosity)


# The demo area most demo tests look at: `manage.py seed_demo --scale small --seed 7`, every seeder.
DEMO_SCALE = "small"
DEMO_SEED = 7


def seed_small_demo() -> None:
    call_command("seed_demo", scale=DEMO_SCALE, seed=DEMO_SEED, stdout=io.StringIO())


def _load_sqlite(source: Path, test_name: str) -> None:
    """Replace the test database's whole content with `source` (Django's connection reopens on its next query)."""
    connection.close()
    _copy_sqlite(source, test_name)


@pytest.fixture(scope="session")
def _seeded_demo_file(
    django_db_setup: Path | None, django_db_blocker: DjangoDbBlocker, tmp_path_factory: pytest.TempPathFactory
) -> Path | None:
    """The migrated SQLite database with the small demo area seeded into it, once per worker (seeding takes several
    seconds; copying the file a few milliseconds); None on PostgreSQL, where each test seeds its own."""
    migrated = django_db_setup
    if migrated is None:
        return None
    test_name: str = connection.settings_dict["NAME"]
    seeded = tmp_path_factory.mktemp("demo") / "seeded.sqlite3"
    with django_db_blocker.unblock():
        if connection.in_atomic_block:
            raise RuntimeError("the demo database is seeded outside any test's transaction")
        seed_small_demo()
        connection.close()
        _copy_sqlite(test_name, seeded)
        _load_sqlite(migrated, test_name)  # back to the migrated state every other test starts from
    cache.clear()
    return seeded


@pytest.fixture
def _seeded_demo_loaded(
    _seeded_demo_file: Path | None, django_db_setup: Path | None, django_db_blocker: DjangoDbBlocker
) -> Iterator[bool]:
    """Swap the seeded copy in for one test and the migrated database back afterwards; set up before `db`, so the
    test's transaction (rolled back as usual) is opened on the seeded database."""
    if _seeded_demo_file is None or django_db_setup is None:
        yield False
        return
    test_name: str = connection.settings_dict["NAME"]
    with django_db_blocker.unblock():
        if connection.in_atomic_block:
            raise RuntimeError("request `seeded_demo` instead of marking the test with django_db")
        _load_sqlite(_seeded_demo_file, test_name)
    try:
        yield True
    finally:
        with django_db_blocker.unblock():
            _load_sqlite(django_db_setup, test_name)


@pytest.fixture
def seeded_demo(_seeded_demo_loaded: bool, db: None) -> None:
    """The small demo area (`seed_demo --scale small --seed 7`, every seeder) in the test's database.

    On SQLite it is a copy of a database seeded once per worker; the test's changes are rolled back as usual and the
    next test finds the migrated database again. (On PostgreSQL the test seeds it inside its own transaction.)
    """
    if not _seeded_demo_loaded:
        seed_small_demo()


@pytest.fixture(scope="session")
def _migrated_data(django_db_setup: Path | None, django_db_blocker: DjangoDbBlocker) -> str:
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


@pytest.fixture
def carer_with_open_case(home_area: Area, carers_centre: Organisation) -> Person:
    """Ada Brook, 40, caring for her parent: the carers centre has a case open with her, so its staff see her record.

    Tests that need a carer with particular details, or none of the centre's involvement, name their own fixture
    after what makes that carer different (e.g. `referred_carer`, `carer_with_email`)."""
    relationship = CaringRelationshipFactory.create(
        carer__area=home_area, carer__given_name="Ada", carer__family_name="Brook"
    )
    open_involvement(relationship.carer, carers_centre, reason=Involvement.Reason.CASE_OPEN, at=timezone.now())
    carer: Person = relationship.carer
    return carer


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
