"""manage.py seed_demo: deterministic synthetic data that later issues build on.

Tests of what the small demo area holds look at one copy seeded per worker (`seeded_demo`, root conftest.py); the
tests of determinism seed an empty database themselves."""

import io

from django.core.management import call_command
from django.db import transaction

from carershub.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from carershub.accounts.models import Role, User
from carershub.assessments.models import Assessment
from carershub.assessments.selectors.assessment import may_sign_off
from carershub.organisations.models import Area, GPPractice, Organisation, School
from carershub.people.models import Person
from carershub.referrals.models import Referral


def seed(seed: int = 7) -> None:
    call_command("seed_demo", scale="small", seed=seed, stdout=io.StringIO())


def snapshot() -> dict[str, list[str]]:
    return {
        "practices": list(GPPractice.objects.order_by("ods_code").values_list("name", flat=True)),
        "schools": list(School.objects.order_by("urn").values_list("name", flat=True)),
        "staff": list(User.objects.order_by("email").values_list("full_name", flat=True)),
        "carers": list(Person.objects.order_by("nhs_number", "family_name").values_list("family_name", flat=True)),
        "referrals": list(Referral.objects.order_by("reference").values_list("provider__slug", flat=True)),
    }


def test_the_demo_area_has_every_kind_of_organisation_and_a_demo_account_for_every_role(seeded_demo: None) -> None:
    area = Area.objects.get(slug="mersey-vale")
    kinds = set(Organisation.objects.filter(areas=area).values_list("kind", flat=True))
    assert kinds == set(Organisation.Kind.values)
    demo_users = User.objects.filter(is_demo_account=True)
    assert demo_users.count() == len(DEMO_ACCOUNTS)
    assert set().union(*(user.roles for user in demo_users)) == set(Role)
    assert all(user.check_password(DEMO_PASSWORD) for user in demo_users)
    # Synthetic colleagues make lists realistic but can never sign in.
    assert not any(user.has_usable_password() for user in User.objects.filter(is_demo_account=False))


def seeded_snapshot(seed_number: int) -> dict[str, list[str]]:
    """Seed inside a transaction that is rolled back, so each call starts from an empty database."""
    with transaction.atomic():
        seed(seed=seed_number)
        result = snapshot()
        transaction.set_rollback(True)
    return result


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not(db: None) -> None:
    first = seeded_snapshot(11)
    assert first["practices"]
    assert seeded_snapshot(11) == first
    assert seeded_snapshot(12) != first


def test_running_it_again_adds_nothing(seeded_demo: None) -> None:
    models = (Organisation, User, GPPractice, School, Person, Referral)
    counts = [model.objects.count() for model in models]
    seed()
    assert [model.objects.count() for model in models] == counts


def test_every_carer_has_a_referral_routed_by_the_areas_rules(seeded_demo: None) -> None:
    carers = Person.objects.filter(caring_for__isnull=False).distinct()
    assert carers.count() == Referral.objects.count() > 0
    young = Referral.objects.filter(area__slug="mersey-vale", cohort="young")
    assert set(young.values_list("provider__slug", flat=True)) == {"young-carers-mersey-vale"}
    adult = Referral.objects.filter(area__slug="mersey-vale", cohort="adult")
    assert set(adult.values_list("provider__slug", flat=True)) == {"mersey-vale-carers-centre"}
    # Synthetic NHS numbers only: the 999 range is never issued to real patients.
    assert not Person.objects.exclude(nhs_number="").exclude(nhs_number__startswith="999").exists()


def test_seeded_phone_numbers_are_stored_as_the_services_store_them(seeded_demo: None) -> None:
    """Search compares digits, so seeded numbers must be digits only, like those the services normalise."""
    phones = set(Person.objects.exclude(phone="").values_list("phone", flat=True))
    assert phones
    assert all(phone.isdigit() for phone in phones)


def test_every_open_demo_assessment_has_a_demo_manager_who_may_sign_it_off(seeded_demo: None) -> None:
    waiting = list(
        Assessment.objects.exclude(status=Assessment.Status.COMPLETED)
        .filter(organisation__isnull=False)
        .select_related("organisation")
    )
    managers = [user for user in User.objects.filter(is_demo_account=True) if user.has_role(Role.MANAGER)]

    assert {assessment.kind for assessment in waiting} >= {
        Assessment.Kind.CARERS,
        Assessment.Kind.YOUNG_CARERS_NEEDS,
    }
    assert [
        assessment.reference
        for assessment in waiting
        if not any(may_sign_off(manager, assessment) for manager in managers)
    ] == []
