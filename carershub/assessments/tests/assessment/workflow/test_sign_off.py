"""Sending for sign-off, signing off, returning for changes, and closing an assessment (refused, or declined)."""

import pytest
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.assessments.events import AssessmentEvent
from carershub.assessments.models import Assessment, AssessmentSection, Delegation, Review
from carershub.assessments.services.closing import decline_transition_request, refuse_assessment
from carershub.assessments.services.determination import record_determination
from carershub.assessments.services.errors import AssessmentClosed, AssessmentInvalid, NotPermitted, SectionsIncomplete
from carershub.assessments.services.safety_alerts import acknowledge_safety_alert
from carershub.assessments.services.sections import save_section
from carershub.assessments.services.self_assessment import create_invitation, mark_answers_reviewed, submit_answers
from carershub.assessments.services.sign_off import return_for_changes, sign_off, submit_for_sign_off
from carershub.assessments.services.starting import start_assessment
from carershub.assessments.tests.assessment.helpers import complete_sections, eligible_answers
from carershub.assessments.tests.assessment.workflow.helpers import DETERMINATION, determined
from carershub.assessments.tests.factories import AssessmentFactory, SafetyAlertFactory, staff_member
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation
from carershub.people.models import Person, TimelineEntry

pytestmark = pytest.mark.django_db


def test_an_incomplete_assessment_cannot_be_submitted_and_the_missing_sections_are_named(
    assessment: Assessment, practitioner: User
) -> None:
    complete_sections(assessment, by=practitioner, skip=("wellbeing", "other_help"))

    with pytest.raises(SectionsIncomplete) as incomplete:
        submit_for_sign_off(assessment, by=practitioner)

    assert [section.title for section in incomplete.value.sections] == [
        "Impact on well-being",
        "Other things that could help",
    ]
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS


def test_submitting_needs_the_determination(assessment: Assessment, practitioner: User) -> None:
    complete_sections(assessment, by=practitioner)

    with pytest.raises(AssessmentInvalid):
        submit_for_sign_off(assessment, by=practitioner)


def test_a_manager_signs_off_and_no_review_is_scheduled_from_the_assessment(
    assessment: Assessment, practitioner: User, manager: User
) -> None:
    # Care Act 2014 s.27: reviews are of support plans. The plan schedules its own when it is agreed; the
    # assessment's completion schedules none (issue 11 item 8).
    submit_for_sign_off(determined(assessment, practitioner), by=practitioner)

    assessment = sign_off(assessment, by=manager)

    assert assessment.status == Assessment.Status.COMPLETED
    assert assessment.completed_on == timezone.localdate()
    assert (assessment.signed_off_by, assessment.signed_off_by_organisation) == (manager, manager.organisation)
    assert not Review.objects.filter(assessment=assessment).exists()
    assert TimelineEntry.objects.filter(person=assessment.carer, kind=AssessmentEvent.SIGNED_OFF).exists()


def test_nobody_signs_off_their_own_assessment(adult_carer: Person, manager: User, delegation: Delegation) -> None:
    own = start_assessment(adult_carer, kind=Assessment.Kind.CARERS, started_by=manager)
    submit_for_sign_off(determined(own, manager), by=manager)

    with pytest.raises(NotPermitted):
        sign_off(own, by=manager)

    own.refresh_from_db()
    assert own.status == Assessment.Status.AWAITING_SIGN_OFF


def test_the_person_who_submitted_cannot_sign_off(assessment: Assessment, practitioner: User, manager: User) -> None:
    determined(assessment, practitioner)
    submit_for_sign_off(assessment, by=manager)

    with pytest.raises(NotPermitted):
        sign_off(assessment, by=manager)


def test_the_manager_who_made_the_determination_cannot_sign_off(
    assessment: Assessment, practitioner: User, manager: User
) -> None:
    complete_sections(assessment, by=practitioner, answers=eligible_answers())
    record_determination(assessment, answers=DETERMINATION, by=manager)
    submit_for_sign_off(assessment, by=practitioner)

    with pytest.raises(NotPermitted, match="cannot be signed off by the person who wrote it"):
        sign_off(assessment, by=manager)

    assessment.refresh_from_db()
    assert (assessment.status, assessment.signed_off_by) == (Assessment.Status.AWAITING_SIGN_OFF, None)
    assert not AuditEvent.objects.filter(subject_id=str(assessment.pk), event=AssessmentEvent.SIGNED_OFF).exists()


def test_a_manager_who_wrote_a_section_cannot_sign_off_but_another_manager_can(
    assessment: Assessment, practitioner: User, manager: User, carers_centre: Organisation
) -> None:
    complete_sections(assessment, by=practitioner, answers=eligible_answers())
    section = AssessmentSection.objects.get(assessment=assessment, key="caring_role")
    save_section(
        assessment,
        "caring_role",
        answers={**section.answers, "able_now": "no"},
        expected_version=section.version,
        complete=True,
        saved_by=manager,
    )
    submit_for_sign_off(record_determination(assessment, answers=DETERMINATION, by=practitioner), by=practitioner)

    with pytest.raises(NotPermitted):
        sign_off(assessment, by=manager)
    assert not TimelineEntry.objects.filter(person=assessment.carer, kind=AssessmentEvent.SIGNED_OFF).exists()

    other_manager = staff_member(carers_centre, Role.MANAGER)
    assert sign_off(assessment, by=other_manager).signed_off_by == other_manager


def test_only_a_manager_signs_off(assessment: Assessment, practitioner: User, carers_centre: Organisation) -> None:
    submit_for_sign_off(determined(assessment, practitioner), by=practitioner)

    with pytest.raises(NotPermitted):
        sign_off(assessment, by=staff_member(carers_centre, Role.PRACTITIONER))


def test_an_assessment_not_submitted_cannot_be_signed_off(assessment: Assessment, manager: User) -> None:
    with pytest.raises(AssessmentClosed):
        sign_off(assessment, by=manager)


def test_a_manager_returns_an_assessment_with_a_note(assessment: Assessment, practitioner: User, manager: User) -> None:
    submit_for_sign_off(determined(assessment, practitioner), by=practitioner)

    with pytest.raises(AssessmentInvalid):
        return_for_changes(assessment, by=manager, note=" ")
    assessment = return_for_changes(assessment, by=manager, note="Say who else was involved.")

    assert assessment.status == Assessment.Status.IN_PROGRESS
    assert assessment.return_note == "Say who else was involved."


# Refusal and declined requests -------------------------------------------------------------------------------------


def test_a_refusal_needs_a_reason(assessment: Assessment, practitioner: User) -> None:
    with pytest.raises(AssessmentInvalid):
        refuse_assessment(assessment, by=practitioner, reason="")

    assessment = refuse_assessment(assessment, by=practitioner, reason="Does not want an assessment now.")

    assert assessment.status == Assessment.Status.REFUSED
    assert TimelineEntry.objects.filter(person=assessment.carer, kind=AssessmentEvent.REFUSED).exists()


def test_only_a_transition_request_can_be_declined_and_it_needs_reasons_and_advice(
    assessment: Assessment, practitioner: User, adult_carer: Person, carers_centre: Organisation
) -> None:
    with pytest.raises(AssessmentInvalid):
        decline_transition_request(assessment, by=practitioner, reasons="No", advice_and_information="Info")

    transition = AssessmentFactory.create(
        carer=adult_carer, organisation=carers_centre, kind=Assessment.Kind.CHILD_CARER_TRANSITION
    )
    with pytest.raises(AssessmentInvalid) as refused:
        decline_transition_request(transition, by=practitioner, reasons="Too early", advice_and_information="")
    assert "advice_and_information" in refused.value.errors

    transition = decline_transition_request(
        transition, by=practitioner, reasons="The child is 9.", advice_and_information="Ask again at 16."
    )
    assert transition.status == Assessment.Status.REQUEST_DECLINED
    assert transition.closed_reason == "The child is 9."


def test_an_assessment_waits_for_the_carers_self_assessment_answers_to_be_reviewed(
    assessment: Assessment, practitioner: User, manager: User
) -> None:
    determined(assessment, practitioner)
    invitation, _ = create_invitation(assessment, by=practitioner, site_url="https://carers.example.gov.uk")
    submit_answers(invitation)

    with pytest.raises(AssessmentInvalid) as refused:
        submit_for_sign_off(assessment, by=practitioner)

    assert refused.value.errors == {"self_assessment": "Review the answers the carer sent in their self-assessment"}
    assessment.refresh_from_db()
    assert (assessment.status, assessment.submitted_by) == (Assessment.Status.IN_PROGRESS, None)
    mark_answers_reviewed(invitation, by=practitioner)
    assert submit_for_sign_off(assessment, by=practitioner).status == Assessment.Status.AWAITING_SIGN_OFF


def test_an_open_safety_alert_blocks_submission_and_sign_off(
    assessment: Assessment, practitioner: User, manager: User
) -> None:
    submit_for_sign_off(determined(assessment, practitioner), by=practitioner)
    # Raised after submission (for example through an older link); the manager must not sign off over it.
    alert = SafetyAlertFactory.create(assessment=assessment)

    with pytest.raises(AssessmentInvalid) as refused:
        sign_off(assessment, by=manager)

    assert refused.value.errors == {"safety_alerts": "Record what was done about each open safety alert"}
    assessment.refresh_from_db()
    assert (assessment.status, assessment.signed_off_at) == (Assessment.Status.AWAITING_SIGN_OFF, None)
    assert not Review.objects.filter(assessment=assessment).exists()
    acknowledge_safety_alert(alert, by=practitioner, action_taken="Safeguarding referral made today.")
    assert sign_off(assessment, by=manager).status == Assessment.Status.COMPLETED
