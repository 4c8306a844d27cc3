"""Factories for people. State-named subclasses say who you get: a young carer of 12 caring for a parent, an adult
carer looking after an elderly parent, a cared-for person. Every NHS number is synthetic (the 999 range, never
issued) and every postcode is in the made-up MV area. Tests that need a particular NHS number, postcode or phone
number choose one outside the factories. ranges (999 000 0018, MV1 2AB, 07700 900123), so they never collide."""

import string
from datetime import date, timedelta

from django.utils import timezone
from factory.declarations import LazyAttribute, LazyFunction, RelatedFactory, SelfAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory
from factory.faker import Faker
from nhs_number.validate import calculate_checksum

from carershub.organisations.models import Organisation
from carershub.organisations.tests.factories import AreaFactory
from carershub.people.models import CaringRelationship, Consent, Involvement, Person
from carershub.people.rules import add_years
from carershub.people.services.involvement import open_involvement

SYNTHETIC_NHS_PREFIX = 999_500_000


def synthetic_nhs_number(n: int) -> str:
    """The n-th valid NHS number in the 999 range, which is never issued to a patient."""
    # Of two neighbouring nine-digit stems at most one has the unusable check digit 10, so each n gets its own.
    for stem in (SYNTHETIC_NHS_PREFIX + 2 * n, SYNTHETIC_NHS_PREFIX + 2 * n + 1):
        check_digit = calculate_checksum(str(stem))
        if check_digit != 10:
            return f"{stem}{check_digit}"
    raise AssertionError("unreachable: one of two neighbouring stems has a usable check digit")


def synthetic_postcode(n: int) -> str:
    letters = string.ascii_uppercase
    return f"MV{10 + n % 90} {n % 10}{letters[n % 26]}{letters[n // 26 % 26]}"


def born_years_ago(years: int, *, days: int = 40) -> date:
    """A date of birth giving this age today, `days` past the last birthday."""
    return add_years(timezone.localdate(), -years) - timedelta(days=days)


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    area = SubFactory(AreaFactory)
    given_name = Faker("first_name", locale="en_GB")
    family_name = Faker("last_name", locale="en_GB")
    date_of_birth = LazyFunction(lambda: born_years_ago(40))
    nhs_number = Sequence(synthetic_nhs_number)
    # The top half of Ofcom's drama range (07700 900000 to 900999), numbers reserved for fiction.
    phone = Sequence(lambda n: f"07700900{500 + n % 500:03d}")
    postcode = Sequence(synthetic_postcode)
    employment_status = Person.EmploymentStatus.NOT_STATED


class CaredForPersonFactory(PersonFactory):
    date_of_birth = LazyFunction(lambda: born_years_ago(78))
    employment_status = Person.EmploymentStatus.RETIRED


class CaringRelationshipFactory(DjangoModelFactory[CaringRelationship]):
    class Meta:
        model = CaringRelationship

    carer = SubFactory(PersonFactory)
    area = LazyAttribute(lambda relationship: relationship.carer.area)
    cared_for = SubFactory(CaredForPersonFactory, area=SelfAttribute("..area"))
    relationship = CaringRelationship.Relationship.PARENT
    care_tasks = LazyFunction(lambda: [CaringRelationship.CareTask.HOUSEHOLD, CaringRelationship.CareTask.MEDICATION])
    conditions = LazyFunction(lambda: [CaringRelationship.Condition.DEMENTIA])
    hours_band = CaringRelationship.HoursBand.FROM_20_TO_49


class AdultCarerFactory(PersonFactory):
    """A working adult caring for an elderly parent with dementia."""

    date_of_birth = LazyFunction(lambda: born_years_ago(52))
    employment_status = Person.EmploymentStatus.EMPLOYED_PART_TIME
    caring_for = RelatedFactory(CaringRelationshipFactory, factory_related_name="carer")


class YoungCarerFactory(PersonFactory):
    """A 12-year-old at school, caring for a parent with a mental health condition."""

    date_of_birth = LazyFunction(lambda: born_years_ago(12))
    employment_status = Person.EmploymentStatus.IN_EDUCATION
    caring_for = RelatedFactory(
        CaringRelationshipFactory,
        factory_related_name="carer",
        cared_for__date_of_birth=LazyFunction(lambda: born_years_ago(41)),
        care_tasks=LazyFunction(
            lambda: [CaringRelationship.CareTask.EMOTIONAL_SUPPORT, CaringRelationship.CareTask.SIBLING_CARE]
        ),
        conditions=LazyFunction(lambda: [CaringRelationship.Condition.MENTAL_HEALTH]),
        hours_band=CaringRelationship.HoursBand.UP_TO_19,
    )


class ConsentFactory(DjangoModelFactory[Consent]):
    class Meta:
        model = Consent

    person = SubFactory(PersonFactory)
    area = LazyAttribute(lambda consent: consent.person.area)
    scope = Consent.Scope.REGISTRATION
    given_by = Consent.GivenBy.SELF
    given_at = LazyFunction(timezone.now)


def working_with(person: Person, organisation: Organisation) -> Person:
    """The organisation has a case open with the person, so its practitioners and managers may see them."""
    open_involvement(person, organisation, reason=Involvement.Reason.CASE_OPEN)
    return person
