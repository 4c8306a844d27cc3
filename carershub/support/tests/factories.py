"""Factories for everyday support. `carer_of(organisation)` gives a carer the organisation works with, so its
practitioners see them; contacts and groups are made through the services where the test is about behaviour."""

from datetime import timedelta

from django.utils import timezone
from factory.declarations import LazyFunction, SelfAttribute, SubFactory
from factory.django import DjangoModelFactory

from carershub.accounts.models import User
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Involvement, Person
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import PersonFactory
from carershub.support.models import ContactKind, GroupKind, GroupSession, SupportGroup
from carershub.support.services.contacts import ContactDetails, log_contact, start_series
from carershub.support.services.groups import GroupDetails, book_session, create_group
from carershub.support.services.training import create_course


def carer_of(organisation: Organisation, area: Area, **fields: object) -> Person:
    carer = PersonFactory.create(area=area, **fields)
    open_involvement(carer, organisation, reason=Involvement.Reason.CASE_OPEN, at=timezone.now())
    return carer


def kind(code: str) -> ContactKind:
    """A kind of contact loaded by the data migration."""
    return ContactKind.objects.get(code=code)


class SupportGroupFactory(DjangoModelFactory[SupportGroup]):
    class Meta:
        model = SupportGroup
        skip_postgeneration_save = True

    name = "Tuesday carers' café"
    kind = LazyFunction(lambda: GroupKind.objects.get(code="carers_cafe"))
    schedule = "FREQ=WEEKLY;BYDAY=TU"
    first_starts_at = LazyFunction(lambda: timezone.now().replace(hour=10, minute=0, second=0, microsecond=0))
    venue = "Community centre, High Street"
    capacity = 12


class GroupSessionFactory(DjangoModelFactory[GroupSession]):
    class Meta:
        model = GroupSession

    group = SubFactory(SupportGroupFactory)
    area = SelfAttribute("group.area")
    starts_at = LazyFunction(lambda: timezone.now() + timedelta(days=2))
    ends_at = LazyFunction(lambda: timezone.now() + timedelta(days=2, hours=2))
    venue = "Community centre, High Street"
    capacity = 12


def support_records_for(carer: Person, practitioner: User) -> dict[str, str]:
    """One of each support record a URL can name, keyed as the privacy walk names URL parameters."""
    today = timezone.localdate()
    contact = log_contact(
        carer,
        by=practitioner,
        details=ContactDetails(contacted_on=today, kind=kind("counselling"), channel="phone", follow_up_on=today),
    )
    series = start_series(carer, by=practitioner, kind=kind("counselling"), started_on=today)
    assert practitioner.organisation is not None
    group = create_group(
        practitioner.organisation,
        by=practitioner,
        details=GroupDetails(
            name="Walk group",
            kind=GroupKind.objects.get(code="peer_support"),
            schedule="FREQ=WEEKLY;COUNT=1",
            first_starts_at=timezone.now() + timedelta(days=1),
            venue="Hall",
            capacity=5,
        ),
    )
    session = group.sessions.get()
    booking = book_session(session, carer, by=practitioner).booking
    course = create_course(practitioner.organisation, by=practitioner, title="First aid", audience="carers")
    return {
        "course_id": str(course.pk),
        "support.contact_id": str(contact.pk),
        "series_id": str(series.pk),
        "group_id": str(group.pk),
        "session_id": str(session.pk),
        "booking_id": str(booking.pk),
    }
