"""Signposting from a carer's record: recorded as a contact on the record (audit and timeline), optionally with the
service's details emailed to the carer; nobody who may not see the carer can signpost them."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.commissioning.kpis.figures import measure_results
from carershub.commissioning.kpis.types import Scope
from carershub.commissioning.rules.rag import Period
from carershub.core.models import AuditEvent
from carershub.directory.events import DirectoryEvent
from carershub.directory.models import Service, Signposting
from carershub.directory.panels import signposting_panel
from carershub.directory.services.signposting import ServiceNotAvailable, signpost
from carershub.directory.tests.factories import PublishedServiceFactory, ServiceFactory, furnish
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Involvement, Person, TimelineEntry
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import CaringRelationshipFactory
from carershub.support.models import Contact as SupportContact
from carershub.support.models import ContactKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def carer_with_email(home_area: Area, carers_centre: Organisation) -> Person:
    """A carer with an email address (signposting may send to it) and a case open with the carers centre."""
    relationship = CaringRelationshipFactory.create(carer__area=home_area, carer__email="ada@example.org")
    open_involvement(relationship.carer, carers_centre, reason=Involvement.Reason.CASE_OPEN, at=timezone.now())
    return relationship.carer


@pytest.fixture
def cafe(home_area: Area) -> Service:
    service = PublishedServiceFactory.create(area=home_area, name="Carers cafe", terms=["need-groups"])
    furnish(service)
    return service


def test_a_practitioner_finds_a_service_from_the_record_and_signposts_the_carer(
    sign_in: SignIn,
    practitioner: User,
    carer_with_email: Person,
    cafe: Service,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    client = sign_in(practitioner)
    record = client.get(carer_with_email.get_absolute_url()).content.decode()
    assert "Signpost to a service" in record
    found = client.get(reverse("directory:signpost_search", args=[carer_with_email.pk]), {"q": "cafe"}).content.decode()
    assert "Carers cafe" in found
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("directory:signpost_confirm", args=[carer_with_email.pk, cafe.pk]),
            {"channel": "phone", "note": "Likes to chat", "send_email": "on", "email": "ada@example.org"},
        )
    assert response.status_code == 302
    signposting = Signposting.objects.get()
    assert (signposting.person, signposting.service, signposting.area_id) == (
        carer_with_email,
        cafe,
        carer_with_email.area_id,
    )
    assert signposting.sent_to == "ada@example.org"
    assert (
        TimelineEntry.objects.get(person=carer_with_email, kind=DirectoryEvent.SIGNPOSTED).summary
        == "Signposted to Carers cafe"
    )
    events = AuditEvent.objects.filter(subject_id=str(carer_with_email.pk), event__startswith="directory.")
    assert sorted(event.event for event in events) == [DirectoryEvent.SIGNPOSTED, DirectoryEvent.SIGNPOSTING_SENT]
    assert SupportContact.objects.get(carer=carer_with_email).kind.code == "signposting"
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]
    assert "01632 960100" in mail.outbox[0].body
    assert carer_with_email.family_name not in mail.outbox[0].body  # the service's details only
    assert "Carers cafe" in client.get(carer_with_email.get_absolute_url()).content.decode()


def test_signposting_without_sending_sends_nothing(
    sign_in: SignIn, practitioner: User, carer_with_email: Person, cafe: Service
) -> None:
    sign_in(practitioner).post(
        reverse("directory:signpost_confirm", args=[carer_with_email.pk, cafe.pk]), {"channel": "phone", "note": ""}
    )
    assert Signposting.objects.get().sent_by == Signposting.SentBy.NOT_SENT
    assert mail.outbox == []


def test_sending_needs_an_email_address(
    sign_in: SignIn, practitioner: User, carer_with_email: Person, cafe: Service
) -> None:
    response = sign_in(practitioner).post(
        reverse("directory:signpost_confirm", args=[carer_with_email.pk, cafe.pk]), {"send_email": "on", "email": ""}
    )
    assert "Enter the carer&#x27;s email address" in response.content.decode()
    assert not Signposting.objects.exists()


def test_a_practitioner_who_may_not_see_the_carer_gets_a_404_and_nothing_happens(
    sign_in: SignIn,
    neighbour_practitioner: User,
    other_team_practitioner: User,
    carer_with_email: Person,
    cafe: Service,
) -> None:
    for user in (neighbour_practitioner, other_team_practitioner):
        client = sign_in(user)
        events = AuditEvent.objects.count()
        assert client.get(reverse("directory:signpost_search", args=[carer_with_email.pk])).status_code == 404
        posted = client.post(
            reverse("directory:signpost_confirm", args=[carer_with_email.pk, cafe.pk]),
            {"channel": "phone", "note": "x"},
        )
        assert posted.status_code == 404
        assert AuditEvent.objects.count() == events
    assert not Signposting.objects.exists()
    assert not TimelineEntry.objects.filter(kind=DirectoryEvent.SIGNPOSTED).exists()
    assert mail.outbox == []


def test_an_unpublished_service_cannot_be_signposted(
    sign_in: SignIn, practitioner: User, carer_with_email: Person, home_area: Area
) -> None:
    draft = ServiceFactory.create(area=home_area)
    response = sign_in(practitioner).post(
        reverse("directory:signpost_confirm", args=[carer_with_email.pk, draft.pk]), {}
    )
    assert response.status_code == 404
    assert not Signposting.objects.exists()


@pytest.mark.parametrize("count", [1, 6], ids=["one_case", "six_case"])
def test_the_signposting_panel_takes_the_same_queries_whatever_the_number(
    practitioner: User,
    carer_with_email: Person,
    home_area: Area,
    count: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    for _ in range(count):
        signpost(carer_with_email, service=PublishedServiceFactory.create(area=home_area), by=practitioner)
    with django_assert_num_queries(1):
        panel = signposting_panel(practitioner, carer_with_email)
    assert len(panel.context["signpostings"]) == count


def test_signposting_is_logged_as_one_information_and_advice_contact_counted_by_the_kpi(
    practitioner: User, carer_with_email: Person, cafe: Service, carers_centre: Organisation
) -> None:
    result = signpost(carer_with_email, service=cafe, by=practitioner, channel=SupportContact.Channel.FACE_TO_FACE)
    contact = SupportContact.objects.get()
    assert result.contact == contact
    assert (contact.carer, contact.organisation, contact.worker) == (carer_with_email, carers_centre, practitioner)
    assert (contact.kind.code, contact.channel, contact.contacted_on) == (
        "signposting",
        SupportContact.Channel.FACE_TO_FACE,
        timezone.localdate(),
    )
    assert contact.kind.is_information_and_advice
    today = timezone.localdate()
    scope = Scope((carer_with_email.area_id,), (carers_centre.pk,))
    counted = measure_results("carers_given_information_and_advice", scope=scope, periods=[Period(today, today)])
    assert [figure.value for figure in counted] == [1]


def test_with_signposting_switched_off_another_information_and_advice_kind_is_used(
    practitioner: User, carer_with_email: Person, cafe: Service
) -> None:
    ContactKind.objects.filter(code="signposting").update(disabled_on=timezone.localdate())
    signpost(carer_with_email, service=cafe, by=practitioner)
    assert SupportContact.objects.get().kind.code == "information_and_advice"


def test_a_refused_signposting_logs_no_contact(practitioner: User, carer_with_email: Person, home_area: Area) -> None:
    with pytest.raises(ServiceNotAvailable):
        signpost(carer_with_email, service=ServiceFactory.create(area=home_area), by=practitioner)
    assert not SupportContact.objects.exists()
