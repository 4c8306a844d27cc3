"""Referral services: intake and routing, idempotency, validation, and the decisions on an open referral."""

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import GPPracticeFactory, ProviderFactory
from carershub.people.models import CaringRelationship, Consent, Involvement, Person, TimelineEntry
from carershub.people.selectors import find_likely_duplicates
from carershub.people.tests.factories import born_years_ago
from carershub.referrals.models import Cohort, Referral, RoutingRule, Transfer
from carershub.referrals.services.decisions import (
    ConsentRequired,
    NotTheProvider,
    ReferralNotOpen,
    accept_referral,
    reject_referral,
    transfer_referral,
)
from carershub.referrals.services.making import submit_referral
from carershub.referrals.services.submission import NoRouteForReferral, PersonDetails, ReferralInvalid, check_submission
from carershub.referrals.tests.factories import (
    AcceptedReferralFactory,
    OpenReferralFactory,
    RoutingRuleFactory,
    adult_carer_submission,
    submitted_referral,
    young_carer_submission,
)


@pytest.fixture
def routing(home_area: Area, carers_centre: Organisation, young_carers_service: Organisation) -> None:
    """The home area sends adult carers to the carers centre and young carers to the young carers service."""
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.ADULT, provider=carers_centre)
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)


def _row_counts() -> dict[str, int]:
    """How many rows intake could have written, to show that a refused referral wrote none."""
    models = (Person, Referral, Consent, CaringRelationship, Involvement, TimelineEntry, AuditEvent)
    return {model.__name__: model.objects.count() for model in models}


# --- Intake and routing -------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("routing")
def test_submit_referral_routes_an_adult_carer_to_the_adult_carers_provider(
    home_area: Area, carers_centre: Organisation
) -> None:
    referral = submit_referral(adult_carer_submission(home_area), submitted_by=None)

    referral = Referral.objects.select_related("carer", "cared_for").get()
    assert (referral.provider, referral.cohort, referral.status) == (carers_centre, Cohort.ADULT, Referral.Status.OPEN)
    assert (referral.carer.full_name, referral.carer.phone) == ("Maria Okafor", "07700900123")
    assert referral.cared_for is not None
    relationship = CaringRelationship.objects.get()
    assert (relationship.carer, relationship.cared_for, relationship.relationship) == (
        referral.carer,
        referral.cared_for,
        CaringRelationship.Relationship.PARENT,
    )
    involvement = Involvement.objects.get(person=referral.carer)
    assert (involvement.organisation, involvement.reason, involvement.ended_at) == (
        carers_centre,
        Involvement.Reason.REFERRAL_RECEIVED,
        None,
    )
    assert set(Consent.objects.filter(person=referral.carer).values_list("scope", "recipient_kind")) == {
        (Consent.Scope.REGISTRATION, ""),
        (Consent.Scope.SHARE, Consent.RecipientKind.PROVIDER),
    }
    entry = TimelineEntry.objects.get(person=referral.carer, kind="referrals.received")
    assert entry.summary == "Referred by the carer themselves; routed to Home Carers Centre"
    assert entry.link == f"/referrals/{referral.reference}/"
    created = AuditEvent.objects.get(subject_type="referrals.referral")
    assert (created.kind, created.event, created.subject_id, created.area) == (
        AuditEvent.Kind.RECORD_CREATED,
        "referrals.received",
        str(referral.pk),
        home_area,
    )


@pytest.mark.usefixtures("routing")
def test_submit_referral_routes_a_12_year_old_to_the_young_carers_service(
    home_area: Area, young_carers_service: Organisation
) -> None:
    referral = submit_referral(young_carer_submission(home_area), submitted_by=None)

    assert (referral.provider, referral.cohort) == (young_carers_service, Cohort.YOUNG)
    assert referral.carer.full_name == "Sam Reid"
    consent = Consent.objects.get(person=referral.carer, scope=Consent.Scope.SHARE)
    assert consent.given_by == Consent.GivenBy.PARENT_OR_GUARDIAN


@pytest.mark.usefixtures("routing")
def test_submit_referral_keeps_the_capitals_of_a_gp_practice_in_the_timeline(home_area: Area) -> None:
    practice = GPPracticeFactory.create(area=home_area, name="Mill Lane Surgery")

    referral = submit_referral(
        adult_carer_submission(home_area, source=Referral.Source.GP_PRACTICE, referring_gp_practice=practice),
        submitted_by=None,
    )

    entry = TimelineEntry.objects.get(person=referral.carer, kind="referrals.received")
    assert entry.summary == "Referred by GP practice; routed to Home Carers Centre"


@pytest.mark.usefixtures("routing")
def test_submit_referral_reuses_the_record_with_the_same_nhs_number_name_and_date_of_birth(home_area: Area) -> None:
    born = date(1972, 6, 14)
    first = submit_referral(
        adult_carer_submission(
            home_area,
            carer=PersonDetails("Maria", "Okafor", date_of_birth=born, nhs_number="999 000 0018", phone="07700900123"),
        ),
        submitted_by=None,
    )
    second = submit_referral(
        adult_carer_submission(
            home_area,
            carer=PersonDetails("maria", "OKAFOR", date_of_birth=born, nhs_number="9990000018", email="m@example.com"),
            cared_for=None,
            relationship="",
        ),
        submitted_by=None,
    )

    assert second.pk != first.pk
    assert second.carer_id == first.carer_id
    assert Person.objects.filter(nhs_number="9990000018").count() == 1
    assert not TimelineEntry.objects.filter(kind="referrals.possible_duplicate").exists()


@pytest.mark.parametrize(
    "second_carer",
    [
        pytest.param(
            PersonDetails("Maria", "Okafor-Smith", date_of_birth=date(1972, 6, 14), nhs_number="9990000018", phone="0"),
            id="different_family_name",
        ),
        pytest.param(
            PersonDetails("Maria", "Okafor", date_of_birth=date(1973, 6, 14), nhs_number="9990000018", phone="0"),
            id="different_date_of_birth",
        ),
    ],
)
@pytest.mark.usefixtures("routing")
def test_an_nhs_number_match_with_another_name_or_birth_date_registers_a_new_record_flagged_for_merge(
    home_area: Area, second_carer: PersonDetails
) -> None:
    first = submit_referral(
        adult_carer_submission(
            home_area,
            carer=PersonDetails(
                "Maria", "Okafor", date_of_birth=date(1972, 6, 14), nhs_number="9990000018", phone="07700900123"
            ),
        ),
        submitted_by=None,
    )

    second = submit_referral(
        adult_carer_submission(
            home_area, carer=replace(second_carer, phone="07700900124"), cared_for=None, relationship=""
        ),
        submitted_by=None,
    )

    assert second.carer_id != first.carer_id
    assert (second.carer.family_name, second.carer.date_of_birth) == (
        second_carer.family_name,
        second_carer.date_of_birth,
    )
    flag = TimelineEntry.objects.get(kind="referrals.possible_duplicate")
    assert flag.person_id == second.carer_id
    assert {person.pk for person in find_likely_duplicates(home_area, nhs_number="9990000018")} == {
        first.carer_id,
        second.carer_id,
    }


@pytest.mark.usefixtures("routing")
def test_the_same_idempotency_key_gives_the_same_referral_and_makes_one_row(home_area: Area) -> None:
    submission = adult_carer_submission(home_area, idempotency_key="form-4f1c")

    first = submit_referral(submission, submitted_by=None)
    second = submit_referral(submission, submitted_by=None)

    assert second.pk == first.pk
    assert Referral.objects.count() == 1
    assert Person.objects.count() == 2  # the carer and the person cared for, once each


def test_a_referral_in_an_area_without_a_route_is_refused_and_nothing_is_saved(home_area: Area) -> None:
    before = _row_counts()

    with pytest.raises(NoRouteForReferral):
        submit_referral(adult_carer_submission(home_area), submitted_by=None)

    assert _row_counts() == before


# --- Bad input ----------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("routing")
@pytest.mark.parametrize(
    ("changes", "expected_errors"),
    [
        pytest.param(
            {"carer": PersonDetails("Maria", "Okafor", date_of_birth=born_years_ago(52))},
            {"carer_contact": "Enter a phone number, an email address or a postal address for the carer"},
            id="no_contact_route",
        ),
        pytest.param(
            {"cared_for": PersonDetails("Maria", "Okafor", date_of_birth=born_years_ago(52))},
            {"cared_for": "The person being cared for must be someone other than the carer"},
            id="relationship_to_oneself",
        ),
        pytest.param(
            {"reason": "   "},
            {"reason": "Enter why the carer needs support"},
            id="missing_reason",
        ),
        pytest.param(
            {"relationship": ""},
            {"relationship": "Select how the carer is related to the person they care for"},
            id="missing_relationship",
        ),
        pytest.param(
            {"carer": PersonDetails("Amy", "Okafor", date_of_birth=born_years_ago(4), phone="07700900123")},
            {"date_of_birth": "A carer must be at least 5 years old"},
            id="carer_aged_4",
        ),
        pytest.param(
            {
                "carer": PersonDetails(
                    "Maria", "Okafor", date_of_birth=timezone.localdate() + timedelta(days=1), phone="07700900123"
                )
            },
            {"date_of_birth": "Date of birth must be in the past"},
            id="born_tomorrow",
        ),
        pytest.param(
            {"source": Referral.Source.GP_PRACTICE},
            {"referring_gp_practice": "Select the GP practice making the referral"},
            id="gp_referral_without_a_practice",
        ),
        pytest.param(
            {"carer": PersonDetails("Maria", "Okafor", phone="07700900123", nhs_number="999 000 0017")},
            {"nhs_number": "Enter a valid NHS number"},
            id="nhs_number_with_a_wrong_check_digit",
        ),
    ],
)
def test_a_referral_that_cannot_be_made_is_refused_field_by_field_and_nothing_is_saved(
    home_area: Area, changes: dict[str, object], expected_errors: dict[str, str]
) -> None:
    before = _row_counts()

    with pytest.raises(ReferralInvalid) as refused:
        submit_referral(adult_carer_submission(home_area, **changes), submitted_by=None)

    assert refused.value.errors == expected_errors
    assert _row_counts() == before


@pytest.mark.usefixtures("routing")
def test_a_carer_aged_5_may_be_referred(home_area: Area, young_carers_service: Organisation) -> None:
    submission = young_carer_submission(home_area)
    submission = replace(submission, carer=replace(submission.carer, date_of_birth=born_years_ago(5)))

    referral = submit_referral(submission, submitted_by=None)

    assert referral.provider == young_carers_service


@pytest.mark.usefixtures("routing")
def test_a_person_may_register_a_child_under_5_who_is_cared_for(home_area: Area) -> None:
    """The age floor is for carers: a baby can be the person cared for."""
    submission = adult_carer_submission(
        home_area,
        cared_for=PersonDetails("Noah", "Okafor", date_of_birth=born_years_ago(1)),
        relationship="child",
        conditions=("physical_disability",),
    )

    referral = submit_referral(submission, submitted_by=None)

    assert referral.cared_for is not None
    assert referral.cared_for.full_name == "Noah Okafor"


# --- Accepting ------------------------------------------------------------------------------------------------------


def test_accept_referral_opens_a_case_and_tells_the_referrer(
    home_area: Area,
    carers_centre: Organisation,
    practitioner: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    referral = OpenReferralFactory.create(
        area=home_area,
        provider=carers_centre,
        source=Referral.Source.GP_PRACTICE,
        referrer_email="surgery@example.com",
        referring_gp_practice=GPPracticeFactory.create(area=home_area),
    )

    with django_capture_on_commit_callbacks(execute=True):
        accept_referral(referral, accepted_by=practitioner)

    referral.refresh_from_db()
    assert (referral.status, referral.decided_by) == (Referral.Status.ACCEPTED, practitioner)
    assert referral.decided_at is not None
    open_reasons = set(
        Involvement.objects.filter(
            person=referral.carer, organisation=carers_centre, ended_at__isnull=True
        ).values_list("reason", flat=True)
    )
    assert open_reasons == {Involvement.Reason.CASE_OPEN}
    entry = TimelineEntry.objects.get(person=referral.carer, kind="referrals.accepted")
    assert entry.summary == f"Referral {referral.reference} accepted by Home Carers Centre"
    changed = AuditEvent.objects.get(subject_type="referrals.referral", kind=AuditEvent.Kind.RECORD_CHANGED)
    assert (changed.actor, changed.event, changed.detail) == (
        practitioner,
        "referrals.accepted",
        {"status": "accepted"},
    )
    [email] = mail.outbox
    assert email.to == ["surgery@example.com"]
    assert email.subject == f"Carers Hub referral {referral.reference}: accepted"
    assert "SNOMED CT 224484003" in email.body


def _self_referral(area: Area, *, channels: tuple[str, ...]) -> Referral:
    return submit_referral(
        adult_carer_submission(
            area,
            source=Referral.Source.SELF,
            carer=PersonDetails("Sam", "Rivers", email="sam.rivers@example.com", phone="07700900982"),
            contact_channels=channels,
            referrer_name="",
            referrer_email="",
        ),
        submitted_by=None,
    )


@pytest.mark.parametrize(
    ("decide", "subject", "says"),
    [
        pytest.param(
            lambda referral, user: accept_referral(referral, accepted_by=user),
            "accepted",
            "has been accepted by Home Carers Centre. They will contact you soon.",
            id="accepted",
        ),
        pytest.param(
            lambda referral, user: reject_referral(referral, rejected_by=user, reason="You live outside our area"),
            "not accepted",
            "Reason: You live outside our area",
            id="rejected",
        ),
    ],
)
@pytest.mark.usefixtures("routing")
def test_a_carer_who_referred_themselves_is_emailed_the_outcome_when_they_agreed_to_email(
    home_area: Area,
    practitioner: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    decide: Callable[[Referral, User], Referral],
    subject: str,
    says: str,
) -> None:
    referral = _self_referral(home_area, channels=(Consent.Channel.EMAIL,))

    with django_capture_on_commit_callbacks(execute=True):
        decide(referral, practitioner)

    [message] = mail.outbox
    assert message.to == ["sam.rivers@example.com"]
    assert message.subject == f"Carers Hub referral {referral.reference}: {subject}"
    assert says in message.body


@pytest.mark.usefixtures("routing")
def test_a_carer_who_referred_themselves_without_agreeing_to_email_is_not_emailed(
    home_area: Area, practitioner: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    referral = _self_referral(home_area, channels=(Consent.Channel.PHONE,))

    with django_capture_on_commit_callbacks(execute=True):
        accept_referral(referral, accepted_by=practitioner)

    assert mail.outbox == []


@pytest.mark.usefixtures("routing")
def test_a_transfer_is_told_to_the_referrer(
    home_area: Area,
    young_carers_service: Organisation,
    practitioner: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    referral = submitted_referral(home_area, source=Referral.Source.FAMILY, referrer_email="lisa@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        transfer_referral(referral, to_provider=young_carers_service, transferred_by=practitioner, reason="Aged 17")

    [message] = mail.outbox
    assert message.to == ["lisa@example.com"]
    assert message.subject == f"Carers Hub referral {referral.reference}: passed to Home Young Carers"
    assert message.body == (
        f"Referral {referral.reference} has been passed from Home Carers Centre to Home Young Carers, "
        "who will decide on it."
    )


@pytest.mark.parametrize(
    "decide",
    [
        pytest.param(lambda referral, user: accept_referral(referral, accepted_by=user), id="accept"),
        pytest.param(
            lambda referral, user: reject_referral(referral, rejected_by=user, reason="Moved away"), id="reject"
        ),
    ],
)
def test_deciding_a_referral_that_is_not_open_raises_referral_not_open(
    home_area: Area,
    carers_centre: Organisation,
    practitioner: User,
    decide: Callable[[Referral, User], Referral],
) -> None:
    referral = AcceptedReferralFactory.create(area=home_area, provider=carers_centre)
    events_before = AuditEvent.objects.count()

    with pytest.raises(ReferralNotOpen):
        decide(referral, practitioner)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert AuditEvent.objects.count() == events_before
    assert not TimelineEntry.objects.filter(kind__in=["referrals.accepted", "referrals.rejected"]).exists()


def test_transferring_a_referral_that_is_not_open_raises_referral_not_open(
    home_area: Area, carers_centre: Organisation, young_carers_service: Organisation, manager: User, routing: None
) -> None:
    referral = AcceptedReferralFactory.create(area=home_area, provider=carers_centre)

    with pytest.raises(ReferralNotOpen):
        transfer_referral(referral, to_provider=young_carers_service, transferred_by=manager, reason="Too young")

    assert not Transfer.objects.exists()


# --- Rejecting ------------------------------------------------------------------------------------------------------


def test_reject_referral_records_the_reason_ends_the_involvement_and_tells_the_referrer(
    home_area: Area,
    carers_centre: Organisation,
    practitioner: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    referral = OpenReferralFactory.create(
        area=home_area, provider=carers_centre, source=Referral.Source.HOSPITAL, referrer_email="ward@example.com"
    )

    with django_capture_on_commit_callbacks(execute=True):
        reject_referral(referral, rejected_by=practitioner, reason="  Already supported by another service  ")

    referral.refresh_from_db()
    assert (referral.status, referral.rejection_reason, referral.decided_by) == (
        Referral.Status.REJECTED,
        "Already supported by another service",
        practitioner,
    )
    assert not Involvement.objects.filter(person=referral.carer, ended_at__isnull=True).exists()
    entry = TimelineEntry.objects.get(person=referral.carer, kind="referrals.rejected")
    assert entry.summary == (
        f"Referral {referral.reference} rejected by Home Carers Centre: Already supported by another service"
    )
    changed = AuditEvent.objects.get(subject_type="referrals.referral", kind=AuditEvent.Kind.RECORD_CHANGED)
    assert (changed.event, changed.detail) == ("referrals.rejected", {"status": "rejected"})
    [email] = mail.outbox
    assert email.subject == f"Carers Hub referral {referral.reference}: not accepted"
    assert "Reason: Already supported by another service" in email.body


def test_reject_referral_without_a_reason_is_refused(
    home_area: Area, carers_centre: Organisation, practitioner: User
) -> None:
    referral = OpenReferralFactory.create(area=home_area, provider=carers_centre)
    events_before = AuditEvent.objects.count()

    with pytest.raises(ReferralInvalid) as refused:
        reject_referral(referral, rejected_by=practitioner, reason=" \n ")

    assert refused.value.errors == {"reason": "Enter why the referral is being rejected"}
    referral.refresh_from_db()
    assert referral.status == Referral.Status.OPEN
    assert AuditEvent.objects.count() == events_before


# --- Transferring ---------------------------------------------------------------------------------------------------


def test_transfer_referral_with_consent_moves_it_to_the_other_provider(
    home_area: Area, carers_centre: Organisation, young_carers_service: Organisation, practitioner: User, routing: None
) -> None:
    referral = OpenReferralFactory.create(area=home_area, provider=carers_centre)
    Consent.objects.create(
        area=home_area,
        person=referral.carer,
        scope=Consent.Scope.SHARE,
        recipient_kind=Consent.RecipientKind.PROVIDER,
        given_by=Consent.GivenBy.SELF,
        given_at=timezone.now(),
    )

    transfer_referral(referral, to_provider=young_carers_service, transferred_by=practitioner, reason="The carer is 17")

    referral.refresh_from_db()
    assert referral.provider == young_carers_service
    transfer = Transfer.objects.get()
    assert (transfer.from_provider, transfer.to_provider, transfer.reason, transfer.consent_overridden) == (
        carers_centre,
        young_carers_service,
        "The carer is 17",
        False,
    )
    open_involvements = set(
        Involvement.objects.filter(person=referral.carer, ended_at__isnull=True).values_list("organisation", "reason")
    )
    assert open_involvements == {(young_carers_service.pk, Involvement.Reason.REFERRAL_RECEIVED)}
    entry = TimelineEntry.objects.get(person=referral.carer, kind="referrals.transferred")
    assert entry.summary == f"Referral {referral.reference} transferred from Home Carers Centre to Home Young Carers"
    changed = AuditEvent.objects.get(subject_type="referrals.referral", kind=AuditEvent.Kind.RECORD_CHANGED)
    assert (changed.purpose, changed.event, changed.detail) == (
        "",
        "referrals.transferred",
        {"transferred_to": "home-young-carers", "consent_overridden": False, "transfer": transfer.pk},
    )


def test_transfer_referral_without_consent_is_refused_for_a_practitioner(
    home_area: Area, carers_centre: Organisation, young_carers_service: Organisation, practitioner: User, routing: None
) -> None:
    referral = OpenReferralFactory.create(area=home_area, provider=carers_centre)
    events_before = AuditEvent.objects.count()

    with pytest.raises(ConsentRequired):
        transfer_referral(
            referral,
            to_provider=young_carers_service,
            transferred_by=practitioner,
            reason="The carer is 17",
            override_reason="I think it is fine",
        )

    referral.refresh_from_db()
    assert referral.provider == carers_centre
    assert not Transfer.objects.exists()
    assert AuditEvent.objects.count() == events_before


def test_transfer_referral_without_consent_is_allowed_for_a_manager_who_gives_a_reason(
    home_area: Area, carers_centre: Organisation, young_carers_service: Organisation, manager: User, routing: None
) -> None:
    referral = OpenReferralFactory.create(area=home_area, provider=carers_centre)
    long_reason = "The carer is at risk and cannot be reached to ask. " * 8  # longer than an audit purpose

    transfer_referral(
        referral,
        to_provider=young_carers_service,
        transferred_by=manager,
        reason="The carer is 17",
        override_reason=long_reason,
    )

    transfer = Transfer.objects.get()
    assert (transfer.consent_overridden, transfer.override_reason) == (True, long_reason.strip())
    changed = AuditEvent.objects.get(subject_type="referrals.referral", kind=AuditEvent.Kind.RECORD_CHANGED)
    assert changed.purpose == long_reason.strip()[:255]
    assert changed.detail["consent_overridden"] is True


def test_transfer_referral_without_consent_is_refused_for_a_manager_without_a_reason(
    home_area: Area, carers_centre: Organisation, young_carers_service: Organisation, manager: User, routing: None
) -> None:
    referral = OpenReferralFactory.create(area=home_area, provider=carers_centre)

    with pytest.raises(ReferralInvalid) as refused:
        transfer_referral(referral, to_provider=young_carers_service, transferred_by=manager, reason="Too young")

    assert refused.value.errors == {"override_reason": "Enter why the referral must be shared without consent"}
    assert not Transfer.objects.exists()


@pytest.mark.parametrize(
    ("to_provider", "reason", "expected_errors"),
    [
        pytest.param("carers_centre", "Wrong team", {"to_provider": "Select a different provider"}, id="same_provider"),
        pytest.param(
            "neighbour_provider",
            "Moved",
            {"to_provider": "Select a carers' service that takes referrals in this area"},
            id="provider_in_another_area",
        ),
        pytest.param(
            "council",
            "Statutory",
            {"to_provider": "Select a carers' service that takes referrals in this area"},
            id="council",
        ),
        pytest.param(
            "young_carers_service", " ", {"reason": "Enter why the referral is being transferred"}, id="no_reason"
        ),
    ],
)
def test_transfer_referral_checks_where_and_why(
    request: pytest.FixtureRequest,
    home_area: Area,
    carers_centre: Organisation,
    manager: User,
    to_provider: str,
    reason: str,
    expected_errors: dict[str, str],
    routing: None,
) -> None:
    referral = OpenReferralFactory.create(area=home_area, provider=carers_centre)
    destination: Organisation = request.getfixturevalue(to_provider)

    with pytest.raises(ReferralInvalid) as refused:
        transfer_referral(
            referral, to_provider=destination, transferred_by=manager, reason=reason, override_reason="Risk"
        )

    assert refused.value.errors == expected_errors
    assert not Transfer.objects.exists()


def test_transfer_referral_refuses_a_provider_that_has_closed(
    home_area: Area, carers_centre: Organisation, manager: User, routing: None
) -> None:
    referral = OpenReferralFactory.create(area=home_area, provider=carers_centre)
    closed = ProviderFactory.create(areas=[home_area], is_active=False)

    with pytest.raises(ReferralInvalid) as refused:
        transfer_referral(referral, to_provider=closed, transferred_by=manager, reason="Moved", override_reason="Risk")

    assert refused.value.errors == {"to_provider": "Select a carers' service that takes referrals in this area"}


def test_a_routing_rule_of_another_area_does_not_route_a_referral(
    home_area: Area, neighbour_area: Area, neighbour_provider: Organisation
) -> None:
    RoutingRuleFactory.create(area=neighbour_area, cohort=Cohort.ADULT, provider=neighbour_provider)

    with pytest.raises(NoRouteForReferral):
        submit_referral(adult_carer_submission(home_area), submitted_by=None)

    assert not Referral.objects.exists()


@pytest.mark.parametrize("decision", ["accept", "reject", "transfer"])
def test_only_the_provider_a_referral_is_routed_to_may_decide_on_it(
    home_area: Area,
    carers_centre: Organisation,
    council: Organisation,
    young_carers_service: Organisation,
    routing: None,
    decision: str,
) -> None:
    """The council sees every referral in its area but the provider decides (the council can transfer it by
    asking the provider, not by acting as them)."""
    council_manager = create_staff_user(
        council,
        email="council-manager@test.example",
        full_name="Council Manager",
        roles=[Role.MANAGER],
        created_by=None,
    )
    referral = OpenReferralFactory.create(area=home_area, provider=carers_centre)
    events_before = AuditEvent.objects.count()

    decide: dict[str, Callable[[], Referral]] = {
        "accept": lambda: accept_referral(referral, accepted_by=council_manager),
        "reject": lambda: reject_referral(referral, rejected_by=council_manager, reason="Not for us"),
        "transfer": lambda: transfer_referral(
            referral, to_provider=young_carers_service, transferred_by=council_manager, reason="Young carer"
        ),
    }
    with pytest.raises(NotTheProvider):
        decide[decision]()

    referral.refresh_from_db()
    assert (referral.status, referral.provider) == (Referral.Status.OPEN, carers_centre)
    assert AuditEvent.objects.count() == events_before
    assert not Transfer.objects.exists()


@pytest.mark.parametrize(("age", "to_young_carers"), [(16, True), (17, True), (18, False), (25, False)])
def test_the_council_splits_young_adult_carers_between_the_lots_by_age(
    age: int,
    to_young_carers: bool,
    home_area: Area,
    carers_centre: Organisation,
    young_carers_service: Organisation,
) -> None:
    # Seed 003 §12: "The young adult carers in Transition Service will form part of both contracts": the council
    # sends those of 16-17 to the young carers' lot and those of 18-25 to the adult carers' lot.
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.ADULT, provider=carers_centre)
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)
    RoutingRuleFactory.create(
        area=home_area, cohort=Cohort.YOUNG_ADULT, provider=young_carers_service, from_age=16, to_age=17
    )
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.YOUNG_ADULT, provider=carers_centre, from_age=18, to_age=25)
    submission = adult_carer_submission(home_area)
    submission = replace(submission, carer=replace(submission.carer, date_of_birth=born_years_ago(age)))

    referral = submit_referral(submission, submitted_by=None)

    expected = young_carers_service if to_young_carers else carers_centre
    assert (referral.cohort, referral.provider) == (Cohort.YOUNG_ADULT, expected)


@pytest.mark.usefixtures("routing")
def test_a_carer_outside_every_age_band_goes_to_the_next_cohort(
    home_area: Area, carers_centre: Organisation, young_carers_service: Organisation
) -> None:
    RoutingRuleFactory.create(
        area=home_area, cohort=Cohort.YOUNG_ADULT, provider=young_carers_service, from_age=16, to_age=17
    )
    submission = adult_carer_submission(home_area)
    submission = replace(submission, carer=replace(submission.carer, date_of_birth=born_years_ago(22)))

    referral = submit_referral(submission, submitted_by=None)

    assert (referral.cohort, referral.provider) == (Cohort.ADULT, carers_centre)


def test_two_rules_for_the_same_cohort_and_ages_are_refused(home_area: Area, carers_centre: Organisation) -> None:
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.YOUNG_ADULT, provider=carers_centre, from_age=16, to_age=20)
    overlapping = RoutingRule(area=home_area, cohort=Cohort.YOUNG_ADULT, provider=carers_centre, from_age=18, to_age=25)

    with pytest.raises(ValidationError, match="already routes young adult carers"):
        overlapping.full_clean()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"reason": "Needs a break \u202egnirac"}, "reason", id="reason_with_an_override"),
        pytest.param({"referrer_name": "Dr\u200b Khan"}, "referrer_name", id="referrer_with_a_zero_width_space"),
    ],
)
def test_hidden_formatting_in_free_text_is_refused_and_nothing_is_made(
    home_area: Area, changes: dict[str, str], field: str
) -> None:
    with pytest.raises(ReferralInvalid) as refused:
        check_submission(adult_carer_submission(home_area, **changes))

    assert refused.value.errors == {
        field: "Remove the hidden formatting characters (for example, pasted text direction marks)"
    }
    assert not Referral.objects.exists()
