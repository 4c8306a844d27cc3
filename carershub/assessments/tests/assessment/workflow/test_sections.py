"""Saving sections: versions, stale edits, the carer's own answers, and closed assessments."""

import pytest

from carershub.accounts.models import User
from carershub.assessments.models import Assessment, AssessmentSection
from carershub.assessments.services.closing import refuse_assessment
from carershub.assessments.services.errors import AssessmentClosed, StaleEdit
from carershub.assessments.services.sections import save_section
from carershub.assessments.tests.assessment.helpers import section_answers
from carershub.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_saving_a_section_creates_it_then_counts_versions(assessment: Assessment, practitioner: User) -> None:
    answers = section_answers(assessment.kind, "caring_role")

    first = save_section(
        assessment, "caring_role", answers=answers, expected_version=0, complete=False, saved_by=practitioner
    ).section
    second = save_section(
        assessment, "caring_role", answers=answers, expected_version=1, complete=True, saved_by=practitioner
    ).section

    assert first.pk == second.pk
    assert second.version == 2
    assert second.status == AssessmentSection.Status.COMPLETED
    assert (
        AuditEvent.objects.filter(subject_type="assessments.assessmentsection", subject_id=str(second.pk)).count() == 2
    )


def test_a_stale_edit_is_refused_and_overwrites_nothing(
    assessment: Assessment, practitioner: User, manager: User
) -> None:
    mine = section_answers(assessment.kind, "caring_role", details="Mine")
    theirs = section_answers(assessment.kind, "caring_role", details="Theirs")
    save_section(assessment, "caring_role", answers=theirs, expected_version=0, complete=True, saved_by=manager)

    with pytest.raises(StaleEdit) as stale:
        save_section(assessment, "caring_role", answers=mine, expected_version=0, complete=True, saved_by=practitioner)

    assert stale.value.section.answers["details"] == "Theirs"
    section = AssessmentSection.objects.get(assessment=assessment, key="caring_role")
    assert (section.version, section.answers["details"]) == (1, "Theirs")


def test_the_carer_can_save_their_own_section_through_a_self_assessment(assessment: Assessment) -> None:
    section = save_section(
        assessment,
        "wellbeing",
        answers=section_answers(assessment.kind, "wellbeing"),
        expected_version=0,
        complete=True,
        saved_by=None,
        answered_by=AssessmentSection.AnsweredBy.CARER,
    ).section

    assert section.answered_by == AssessmentSection.AnsweredBy.CARER
    event = AuditEvent.objects.get(subject_type="assessments.assessmentsection", subject_id=str(section.pk))
    assert event.actor is None
    assert event.organisation == assessment.organisation


def test_a_section_the_kind_does_not_have_is_refused(assessment: Assessment, practitioner: User) -> None:
    with pytest.raises(KeyError):
        save_section(assessment, "maca_yc18", answers={}, expected_version=0, complete=False, saved_by=practitioner)


def test_a_closed_assessment_cannot_be_changed(assessment: Assessment, practitioner: User) -> None:
    refuse_assessment(assessment, by=practitioner, reason="Does not want one now.")

    with pytest.raises(AssessmentClosed):
        save_section(assessment, "caring_role", answers={}, expected_version=0, complete=False, saved_by=practitioner)
