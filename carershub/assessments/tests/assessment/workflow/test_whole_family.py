"""The whole-family check (Care and Support (Assessment) Regulations 2014 reg 4(3)): a young carer's referral for each
child found providing care."""

from datetime import date

import pytest

from carershub.accounts.models import Role, User
from carershub.assessments.models import Assessment, AssessmentSection
from carershub.assessments.selectors.assessment import young_carer_referrals
from carershub.assessments.services.sections import save_section
from carershub.assessments.tests.assessment.helpers import complete_sections, section_answers
from carershub.assessments.tests.assessment.workflow.helpers import child_found
from carershub.assessments.tests.factories import AssessmentFactory, staff_member
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Consent
from carershub.people.tests.factories import AdultCarerFactory
from carershub.referrals.models import Cohort, Referral
from carershub.referrals.tests.factories import RoutingRuleFactory

pytestmark = pytest.mark.django_db


def test_a_child_providing_care_raises_one_young_carers_referral(
    assessment: Assessment, practitioner: User, home_area: Area, young_carers_service: Organisation
) -> None:
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)

    save_section(
        assessment, "whole_family", answers=child_found(), expected_version=0, complete=True, saved_by=practitioner
    )
    save_section(
        assessment, "whole_family", answers=child_found(), expected_version=1, complete=True, saved_by=practitioner
    )

    assessment.refresh_from_db()
    referral = assessment.young_carer_referral
    assert referral is not None
    assert referral.carer.given_name == "Kai"
    assert referral.provider == young_carers_service
    assert referral.source == Referral.Source.PROVIDER
    assert Referral.objects.filter(carer__given_name="Kai").count() == 1
    consent = Consent.objects.get(person=referral.carer, scope=Consent.Scope.REGISTRATION)
    assert (consent.given_by_name, consent.given_by_relationship) == ("Grace Reid", "Mother")


def test_no_child_no_referral(assessment: Assessment, practitioner: User) -> None:
    complete_sections(assessment, by=practitioner)

    assessment.refresh_from_db()
    assert assessment.young_carer_referral is None


def test_without_a_young_carers_service_the_section_still_saves(assessment: Assessment, practitioner: User) -> None:
    saved = save_section(
        assessment, "whole_family", answers=child_found(), expected_version=0, complete=True, saved_by=practitioner
    )

    assert saved.section.status == AssessmentSection.Status.COMPLETED
    assert saved.young_carer_referrals == ()
    assessment.refresh_from_db()
    assert assessment.young_carer_referral is None


def test_several_children_providing_care_each_get_one_young_carers_referral(
    assessment: Assessment, practitioner: User, home_area: Area, young_carers_service: Organisation
) -> None:
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)
    answers = child_found() | section_answers(
        Assessment.Kind.CARERS,
        "whole_family",
        child_involved="yes",
        child_given_name="Kai",
        child_2_given_name="Ava",
        child_2_family_name="Reid",
        child_2_date_of_birth=date(2016, 9, 3),
        child_2_tasks="Ava keeps her grandmother company after school.",
    )

    for version in (0, 1):
        save_section(
            assessment, "whole_family", answers=answers, expected_version=version, complete=True, saved_by=practitioner
        )

    referrals = young_carer_referrals(assessment)
    assert [referral.carer.given_name for referral in referrals] == ["Kai", "Ava"]
    assert Referral.objects.count() == 2
    assessment.refresh_from_db()
    assert assessment.young_carer_referral == referrals[0]


def test_a_parent_carers_needs_assessment_has_the_whole_family_check(
    home_area: Area, council: Organisation, young_carers_service: Organisation
) -> None:
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)
    social_worker = staff_member(council, Role.PRACTITIONER)
    pcna = AssessmentFactory.create(
        carer=AdultCarerFactory.create(area=home_area),
        organisation=council,
        assessor=social_worker,
        kind=Assessment.Kind.PARENT_CARERS_NEEDS,
    )
    answers = section_answers(
        Assessment.Kind.PARENT_CARERS_NEEDS,
        "whole_family",
        child_involved="yes",
        child_given_name="Noah",
        child_date_of_birth=date(2013, 1, 9),
        referral_consent_given_by="parent_or_guardian",
    )

    save_section(pcna, "whole_family", answers=answers, expected_version=0, complete=True, saved_by=social_worker)

    assert [referral.carer.given_name for referral in young_carer_referrals(pcna)] == ["Noah"]
