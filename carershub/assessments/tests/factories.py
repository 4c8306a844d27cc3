"""Factories for assessments. State-named subclasses say what you get: an assessment in progress, or a completed one
signed off by a manager who did not write it.

A factory-made assessment is in its carer's area, and its organisation has an open involvement with the carer (so
the organisation's staff see it). Pass `carer` (PersonFactory.create(area=...)), `organisation` and `assessor` to put
it somewhere particular; the organisation is added to the carer's area if it does not already work there.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone
from factory.declarations import LazyAttribute, LazyFunction, Sequence, SubFactory
from factory.django import DjangoModelFactory

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.assessments.models import Assessment, AssessmentSection, Delegation, SafetyAlert
from carershub.organisations.models import Organisation
from carershub.organisations.tests.factories import CouncilAdultSocialCareFactory, ProviderFactory
from carershub.people.models import Involvement
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import AdultCarerFactory

_staff_numbers = iter(range(1, 1_000_000))


def staff_member(organisation: Organisation, *roles: Role) -> User:
    """A new member of staff in the organisation with these roles (practitioner if none given)."""
    number = next(_staff_numbers)
    return create_staff_user(
        organisation,
        email=f"assessor{number}@{organisation.slug}.test.example",
        full_name=f"Assessor {number}",
        roles=roles or (Role.PRACTITIONER,),
        created_by=None,
    )


class DelegationFactory(DjangoModelFactory[Delegation]):
    """The council's s.79 authorisation for a provider to carry out (and, by default, determine) assessments."""

    class Meta:
        model = Delegation

    area = LazyAttribute(lambda delegation: delegation.provider.areas.first())
    council = LazyAttribute(lambda delegation: CouncilAdultSocialCareFactory.create(areas=[delegation.area]))
    provider = SubFactory(ProviderFactory)
    reference = Sequence(lambda n: f"DEL-{n:04d}")
    scope = Delegation.Scope.ASSESSMENT_AND_DETERMINATION
    starts_on = LazyFunction(lambda: timezone.localdate() - timedelta(days=365))


class AssessmentFactory(DjangoModelFactory[Assessment]):
    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    carer = SubFactory(AdultCarerFactory)
    area = LazyAttribute(lambda assessment: assessment.carer.area)
    reference = Sequence(lambda n: f"ATEST{n:05d}")
    kind = Assessment.Kind.CARERS
    status = Assessment.Status.IN_PROGRESS
    organisation = SubFactory(ProviderFactory)
    assessor = LazyAttribute(lambda assessment: staff_member(assessment.organisation))
    requested_on = LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    started_at = LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class: type[Assessment], *args: Any, **kwargs: Any) -> Assessment:
        organisation: Organisation = kwargs["organisation"]
        carer = kwargs["carer"]
        organisation.areas.add(carer.area)
        assessment: Assessment = super()._create(model_class, *args, **kwargs)
        open_involvement(carer, organisation, reason=Involvement.Reason.CASE_OPEN)
        return assessment


class CompletedAssessmentFactory(AssessmentFactory):
    """Determined (eligible), submitted by its assessor and signed off by a manager of the same organisation."""

    status = Assessment.Status.COMPLETED
    eligible = True
    significant_impact = True
    significant_impact_reasons = "Caring is harming the carer's sleep and their work."
    determination_reasons = LazyFunction(lambda: ["The carer's needs meet the eligibility criteria (reg 3(1))."])
    determined_at = LazyFunction(timezone.now)
    determined_by = LazyAttribute(lambda assessment: assessment.assessor)
    determined_by_organisation = LazyAttribute(lambda assessment: assessment.organisation)
    submitted_at = LazyFunction(timezone.now)
    submitted_by = LazyAttribute(lambda assessment: assessment.assessor)
    signed_off_at = LazyFunction(timezone.now)
    signed_off_by = LazyAttribute(lambda assessment: staff_member(assessment.organisation, Role.MANAGER))
    signed_off_by_organisation = LazyAttribute(lambda assessment: assessment.organisation)
    completed_on = LazyFunction(timezone.localdate)


class AssessmentSectionFactory(DjangoModelFactory[AssessmentSection]):
    class Meta:
        model = AssessmentSection

    assessment = SubFactory(AssessmentFactory)
    area = LazyAttribute(lambda section: section.assessment.area)
    key = "caring_role"
    status = AssessmentSection.Status.COMPLETED
    answers = LazyFunction(dict)
    version = 1


class SafetyAlertFactory(DjangoModelFactory[SafetyAlert]):
    class Meta:
        model = SafetyAlert

    assessment = SubFactory(AssessmentFactory, kind=Assessment.Kind.YOUNG_CARERS_NEEDS)
    area = LazyAttribute(lambda alert: alert.assessment.area)
    questionnaire = "panoc_yc20"
    item = 1
    answer = 2
    raised_at = LazyFunction(timezone.now)
