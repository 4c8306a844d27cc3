"""Starting an assessment: who may, under which delegation, and from which referral."""

from datetime import timedelta

import pytest
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.assessments.events import AssessmentEvent
from carershub.assessments.models import Assessment, Delegation
from carershub.assessments.services.errors import AssessmentInvalid
from carershub.assessments.services.starting import start_assessment
from carershub.assessments.tests.factories import staff_member
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation
from carershub.people.models import Person, TimelineEntry
from carershub.referrals.models import Cohort, Referral
from carershub.referrals.tests.factories import OpenReferralFactory

pytestmark = pytest.mark.django_db


def test_a_provider_starts_an_assessment_under_the_councils_delegation(
    adult_carer: Person, practitioner: User, delegation: Delegation
) -> None:
    assessment = start_assessment(adult_carer, kind=Assessment.Kind.CARERS, started_by=practitioner)

    assert assessment.delegation == delegation
    assert assessment.organisation == practitioner.organisation
    assert assessment.status == Assessment.Status.IN_PROGRESS
    assert assessment.requested_on == timezone.localdate()
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.RECORD_CREATED, subject_type="assessments.assessment", subject_id=str(assessment.pk)
    ).exists()
    assert TimelineEntry.objects.filter(person=adult_carer, kind=AssessmentEvent.STARTED).exists()


def test_a_provider_without_a_delegation_cannot_start_an_assessment(adult_carer: Person, practitioner: User) -> None:
    with pytest.raises(AssessmentInvalid) as refused:
        start_assessment(adult_carer, kind=Assessment.Kind.CARERS, started_by=practitioner)

    assert "delegation" in refused.value.errors["organisation"]
    assert not Assessment.objects.exists()


def test_an_expired_delegation_does_not_count(adult_carer: Person, practitioner: User, delegation: Delegation) -> None:
    delegation.ends_on = timezone.localdate() - timedelta(days=1)
    delegation.save()

    with pytest.raises(AssessmentInvalid):
        start_assessment(adult_carer, kind=Assessment.Kind.CARERS, started_by=practitioner)


def test_the_council_assesses_without_a_delegation(adult_carer: Person, council: Organisation) -> None:
    social_worker = staff_member(council, Role.PRACTITIONER)

    assessment = start_assessment(adult_carer, kind=Assessment.Kind.CARERS, started_by=social_worker)

    assert assessment.delegation is None


def test_choosing_another_kind_than_the_law_suggests_needs_a_reason(
    adult_carer: Person, practitioner: User, delegation: Delegation
) -> None:
    with pytest.raises(AssessmentInvalid) as refused:
        start_assessment(adult_carer, kind=Assessment.Kind.YOUNG_CARERS_NEEDS, started_by=practitioner)
    assert "kind_override_reason" in refused.value.errors

    assessment = start_assessment(
        adult_carer,
        kind=Assessment.Kind.YOUNG_CARERS_NEEDS,
        started_by=practitioner,
        kind_override_reason="Date of birth on the record is wrong; she is 17.",
    )
    assert assessment.kind_override_reason.startswith("Date of birth")


def test_from_a_referral_the_waiting_time_runs_from_the_referral(
    adult_carer: Person, practitioner: User, delegation: Delegation, carers_centre: Organisation
) -> None:
    received = timezone.now() - timedelta(days=20)
    referral = Referral.objects.create(
        area=adult_carer.area,
        reference="RASSESS01",
        source=Referral.Source.SELF,
        carer=adult_carer,
        reason="Struggling",
        cohort=Cohort.ADULT,
        provider=carers_centre,
        status=Referral.Status.ACCEPTED,
        received_at=received,
    )

    assessment = start_assessment(adult_carer, kind=Assessment.Kind.CARERS, started_by=practitioner, referral=referral)

    assert assessment.requested_on == timezone.localdate(received)
    assert assessment.referral == referral


@pytest.mark.parametrize("status", [Referral.Status.OPEN, Referral.Status.REJECTED, Referral.Status.WITHDRAWN])
def test_an_assessment_is_never_started_from_a_referral_that_is_not_accepted(
    adult_carer: Person, practitioner: User, delegation: Delegation, carers_centre: Organisation, status: str
) -> None:
    referral = OpenReferralFactory.create(
        area=adult_carer.area, carer=adult_carer, provider=carers_centre, status=status, rejection_reason="Not a carer"
    )

    with pytest.raises(AssessmentInvalid) as refused:
        start_assessment(adult_carer, kind=Assessment.Kind.CARERS, started_by=practitioner, referral=referral)

    assert refused.value.errors["referral"].startswith(f"Referral {referral.reference} has not been accepted")
    assert not Assessment.objects.exists()
    assert not AuditEvent.objects.filter(subject_type="assessments.assessment").exists()
