"""A provider's decisions on a referral: accepting opens a case, rejecting gives the referrer a reason, transferring
checks the carer's consent; only the provider it is routed to decides."""

from collections.abc import Callable

import pytest
from django.core import mail
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import GPPracticeFactory, ProviderFactory
from carershub.people.models import Consent, Involvement, TimelineEntry
from carershub.referrals.models import Cohort, Referral, Transfer
from carershub.referrals.services.decisions import (
    ConsentRequired,
    NotTheProvider,
    ReferralNotOpen,
    accept_referral,
    reject_referral,
    transfer_referral,
)
from carershub.referrals.services.submission import ReferralInvalid
from carershub.referrals.tests.factories import AcceptedReferralFactory, OpenReferralFactory, RoutingRuleFactory


@pytest.fixture
def routing(home_area: Area, carers_centre: Organisation, young_carers_service: Organisation) -> None:
    """The home area sends adult carers to the carers centre and young carers to the young carers service."""
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.ADULT, provider=carers_centre)
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)


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
