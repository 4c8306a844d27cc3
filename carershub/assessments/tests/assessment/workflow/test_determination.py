"""The determination: eligibility (Care Act 2014 s.13), the Children Act 1989 s.17ZC and s.17ZF decisions, the
transition indication, and taking a stale one out of force."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.assessments.events import AssessmentEvent
from carershub.assessments.models import Assessment, AssessmentSection, Delegation
from carershub.assessments.services.determination import record_determination
from carershub.assessments.services.errors import AssessmentInvalid, NotPermitted, SectionsIncomplete
from carershub.assessments.services.sections import save_section
from carershub.assessments.services.sign_off import return_for_changes, submit_for_sign_off
from carershub.assessments.services.starting import start_assessment
from carershub.assessments.tests.assessment.helpers import (
    complete_sections,
    eligible_answers,
    not_eligible_answers,
    section_answers,
)
from carershub.assessments.tests.assessment.workflow.helpers import DETERMINATION, determined
from carershub.assessments.tests.factories import AssessmentFactory, DelegationFactory, staff_member
from carershub.assessments.written_record import written_record
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Person
from carershub.people.tests.factories import YoungCarerFactory

pytestmark = pytest.mark.django_db


def test_one_outcome_unable_with_significant_impact_is_eligible(assessment: Assessment, practitioner: User) -> None:
    assessment = determined(assessment, practitioner)

    assert assessment.eligible is True
    assert assessment.decision["unable_outcomes"] == ["nutrition"]
    assert assessment.determined_by == practitioner
    assert assessment.determined_by_organisation == practitioner.organisation
    assert any("nutrition" in reason.lower() for reason in assessment.determination_reasons)
    assert assessment.significant_impact_reasons == DETERMINATION["reasons"]


def test_not_eligible_needs_the_advice_and_information_of_s13_5(assessment: Assessment, practitioner: User) -> None:
    complete_sections(assessment, by=practitioner, answers=not_eligible_answers())

    with pytest.raises(AssessmentInvalid) as refused:
        record_determination(assessment, answers=DETERMINATION, by=practitioner)
    assert "advice_and_information" in refused.value.errors
    assessment.refresh_from_db()
    assert assessment.determined_at is None

    advice = {**DETERMINATION, "advice_and_information": "The carers centre's wellbeing group meets on Tuesdays."}
    assessment = record_determination(assessment, answers=advice, by=practitioner)
    assert assessment.eligible is False
    assert assessment.advice_and_information.startswith("The carers centre")


def test_significant_impact_needs_the_wellbeing_areas(assessment: Assessment, practitioner: User) -> None:
    complete_sections(assessment, by=practitioner, answers=eligible_answers())

    with pytest.raises(AssessmentInvalid) as refused:
        record_determination(assessment, answers={**DETERMINATION, "wellbeing_domains": []}, by=practitioner)

    assert "wellbeing_domains" in refused.value.errors


def test_the_determination_waits_for_the_eligibility_sections(assessment: Assessment, practitioner: User) -> None:
    complete_sections(assessment, by=practitioner, skip=("health",), answers=eligible_answers())

    with pytest.raises(SectionsIncomplete) as incomplete:
        record_determination(assessment, answers=DETERMINATION, by=practitioner)

    assert [section.key for section in incomplete.value.sections] == ["health"]


def test_a_provider_delegated_assessment_only_cannot_determine(
    assessment: Assessment, practitioner: User, delegation: Delegation, council: Organisation
) -> None:
    delegation.scope = Delegation.Scope.ASSESSMENT
    delegation.save()
    complete_sections(assessment, by=practitioner, answers=eligible_answers())

    with pytest.raises(NotPermitted):
        record_determination(assessment, answers=DETERMINATION, by=practitioner)

    social_worker = staff_member(council, Role.PRACTITIONER)
    assessment = record_determination(assessment, answers=DETERMINATION, by=social_worker)
    assert assessment.determined_by_organisation == council


def test_a_young_carers_decision_is_the_s17zc_decision(
    home_area: Area, young_carers_service: Organisation, council: Organisation
) -> None:
    DelegationFactory.create(area=home_area, council=council, provider=young_carers_service)
    worker = staff_member(young_carers_service)
    ycna = start_assessment(
        YoungCarerFactory.create(area=home_area), kind=Assessment.Kind.YOUNG_CARERS_NEEDS, started_by=worker
    )

    ycna = record_determination(
        ycna,
        answers={"has_needs": "yes", "could_be_met": "yes", "will_provide": "yes", "reasons": "Missing school."},
        by=worker,
    )

    assert ycna.eligible is True
    assert ycna.decision == {"has_needs": "yes", "could_be_met": "yes", "will_provide": "yes"}
    assert any("17ZC" in reason for reason in ycna.determination_reasons)


def test_a_parent_carers_decision_is_the_s17zf_decision(
    adult_carer: Person, practitioner: User, carers_centre: Organisation, delegation: Delegation
) -> None:
    pcna = AssessmentFactory.create(
        carer=adult_carer, organisation=carers_centre, kind=Assessment.Kind.PARENT_CARERS_NEEDS, delegation=delegation
    )

    with pytest.raises(AssessmentInvalid) as refused:
        record_determination(pcna, answers={"has_needs": "yes", "reasons": "Exhausted."}, by=practitioner)
    assert set(refused.value.errors) == {"child_has_needs", "could_be_met", "will_provide"}

    pcna = record_determination(
        pcna,
        answers={
            "has_needs": "yes",
            "child_has_needs": "yes",
            "could_be_met": "yes",
            "will_provide": "no",
            "reasons": "Exhausted.",
        },
        by=practitioner,
    )
    assert pcna.eligible is True
    assert any("17ZF" in reason for reason in pcna.determination_reasons)


def test_a_transition_assessment_gives_an_indication_with_advice(
    adult_carer: Person, practitioner: User, carers_centre: Organisation, delegation: Delegation
) -> None:
    transition = AssessmentFactory.create(
        carer=adult_carer,
        organisation=carers_centre,
        kind=Assessment.Kind.CHILD_CARER_TRANSITION,
        delegation=delegation,
    )
    answers = {"likely_eligible": "yes", "likely_eligible_needs": "Overnight care", "reasons": "Needs grow at 18."}

    with pytest.raises(AssessmentInvalid) as refused:
        record_determination(transition, answers=answers, by=practitioner)
    assert "advice_and_information" in refused.value.errors

    transition = record_determination(
        transition, answers={**answers, "advice_and_information": "Ask adult social care at 17."}, by=practitioner
    )
    assert transition.eligible is True
    assert transition.decision["likely_eligible"] == "yes"


@pytest.mark.parametrize("key", ["eligibility_outcomes", "health", "necessary_care"])
def test_changing_a_section_the_determination_reads_takes_the_determination_out_of_force(
    assessment: Assessment, practitioner: User, key: str
) -> None:
    determined(assessment, practitioner)
    section = AssessmentSection.objects.get(assessment=assessment, key=key)
    changes: dict[str, dict[str, Any]] = {
        "eligibility_outcomes": {"outcome_nutrition": [], "outcome_recreation": ["pain_distress_anxiety"]},
        "health": {"health_at_risk": "yes"},
        "necessary_care": {"necessary_care": "no"},
    }
    changed = changes[key]

    saved = save_section(
        assessment,
        key,
        answers=section_answers(assessment.kind, key, **changed),
        expected_version=section.version,
        complete=True,
        saved_by=practitioner,
    )

    assert saved.determination_cleared

    assessment.refresh_from_db()
    assert (assessment.determined_at, assessment.determined_by, assessment.eligible) == (None, None, None)
    assert (assessment.decision, assessment.determination_reasons) == ({}, [])
    # The practitioner's own judgement stays, to start the new determination from.
    assert assessment.significant_impact_reasons == DETERMINATION["reasons"]
    event = AuditEvent.objects.filter(subject_id=str(assessment.pk), event=AssessmentEvent.DETERMINATION_CLEARED).get()
    assert event.detail["superseded"]["eligible"] is True
    with pytest.raises(AssessmentInvalid):
        submit_for_sign_off(assessment, by=practitioner)


def test_saving_a_determination_section_unchanged_or_another_section_keeps_the_determination(
    assessment: Assessment, practitioner: User
) -> None:
    determined(assessment, practitioner)
    for key in ("health", "caring_role"):
        section = AssessmentSection.objects.get(assessment=assessment, key=key)
        saved = save_section(
            assessment,
            key,
            answers=dict(section.answers) if key == "health" else {**section.answers, "able_now": "no"},
            expected_version=section.version,
            complete=True,
            saved_by=practitioner,
        )
        assert not saved.determination_cleared

    assessment.refresh_from_db()
    assert assessment.determined_at is not None
    assert not AuditEvent.objects.filter(event=AssessmentEvent.DETERMINATION_CLEARED).exists()


def test_returning_for_changes_takes_the_determination_out_of_force(
    assessment: Assessment, practitioner: User, manager: User
) -> None:
    determined(assessment, practitioner)
    submit_for_sign_off(assessment, by=practitioner)

    return_for_changes(assessment, by=manager, note="Say more about her work.")

    assessment.refresh_from_db()
    assert (assessment.status, assessment.determined_at) == (Assessment.Status.IN_PROGRESS, None)
    assert AuditEvent.objects.filter(
        event=AssessmentEvent.DETERMINATION_CLEARED, detail__because="returned for changes", actor=manager
    ).exists()


def test_the_written_record_shows_the_outcomes_as_they_stood_when_decided(
    assessment: Assessment, practitioner: User
) -> None:
    assessment = determined(assessment, practitioner)
    section = AssessmentSection.objects.get(assessment=assessment, key="eligibility_outcomes")
    # Changed behind the workflow's back (as a later import might): the record must not follow it.
    section.answers = {**section.answers, "outcome_recreation": ["without_assistance"]}
    section.save(update_fields=["answers"])

    record = written_record(assessment)

    assert [outcome.label for outcome in record.unable_outcomes] == ["Managing and maintaining nutrition"]
    assert assessment.decision["outcome_limbs"] == {"nutrition": ["without_assistance"]}


def test_a_delegation_that_has_ended_gives_no_authority_to_determine(
    assessment: Assessment, practitioner: User, delegation: Delegation
) -> None:
    complete_sections(assessment, by=practitioner, answers=eligible_answers())
    delegation.ends_on = timezone.localdate() - timedelta(days=1)
    delegation.save(update_fields=["ends_on"])
    assessment.refresh_from_db()

    with pytest.raises(NotPermitted):
        record_determination(assessment, answers=DETERMINATION, by=practitioner)

    assessment.refresh_from_db()
    assert assessment.determined_at is None
    assert not AuditEvent.objects.filter(event=AssessmentEvent.DETERMINATION_RECORDED).exists()
