"""Sending a finished assessment for sign-off, and a manager signing it off or returning it for changes. A second
pair of eyes sees every determination before the carer is given it."""

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.assessments.events import AssessmentEvent
from carershub.assessments.models import Assessment
from carershub.assessments.selectors.assessment import incomplete_sections, may_sign_off, steps_outstanding
from carershub.assessments.services.determination import clear_determination
from carershub.assessments.services.errors import (
    AssessmentClosed,
    AssessmentInvalid,
    NotPermitted,
    SectionsIncomplete,
)
from carershub.assessments.services.starting import lock_assessment, on_timeline, require_in_progress
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent


@transaction.atomic
def submit_for_sign_off(assessment: Assessment, *, by: User) -> Assessment:
    """Send a finished assessment to a manager. Every section must be completed and the decision recorded."""
    assessment = lock_assessment(assessment)
    require_in_progress(assessment)
    missing = incomplete_sections(assessment)
    if missing:
        raise SectionsIncomplete(missing)
    if assessment.determined_at is None:
        raise AssessmentInvalid({"determination": "Record the determination before sending for sign-off"})
    if outstanding := steps_outstanding(assessment):
        raise AssessmentInvalid(outstanding)
    assessment.status = Assessment.Status.AWAITING_SIGN_OFF
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = by
    assessment.updated_by = by
    assessment.save(update_fields=["status", "submitted_at", "submitted_by", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=assessment,
        area=assessment.area,
        detail={"fields": ["status", "submitted_at", "submitted_by"], "status": assessment.status},
        event=AssessmentEvent.SUBMITTED,
        timeline=on_timeline(assessment, f"{assessment.get_kind_display()} sent for sign-off"),
    )
    return assessment


@transaction.atomic
def sign_off(assessment: Assessment, *, by: User) -> Assessment:
    """A manager signs off the assessment and its determination: it is completed.

    Never the person who carried it out or sent it for sign-off (a second pair of eyes on every determination).
    """
    assessment = lock_assessment(assessment)
    if assessment.status != Assessment.Status.AWAITING_SIGN_OFF:
        raise AssessmentClosed(f"{assessment.reference} is not waiting for sign-off")
    if not by.has_role(Role.MANAGER):
        raise NotPermitted("Only a manager can sign off an assessment")
    if not may_sign_off(by, assessment):
        raise NotPermitted(
            "An assessment cannot be signed off by the person who wrote it: you carried it out, sent it for "
            "sign-off, made its determination or wrote one of its sections"
        )
    missing = incomplete_sections(assessment)
    if missing:
        raise SectionsIncomplete(missing)
    if assessment.determined_at is None:
        raise AssessmentInvalid({"determination": "The determination has not been recorded"})
    if outstanding := steps_outstanding(assessment):
        raise AssessmentInvalid(outstanding)
    now = timezone.now()
    assessment.status = Assessment.Status.COMPLETED
    assessment.signed_off_at = now
    assessment.signed_off_by = by
    assessment.signed_off_by_organisation = by.organisation
    assessment.completed_on = timezone.localdate(now)
    assessment.updated_by = by
    fields = [
        "status",
        "signed_off_at",
        "signed_off_by",
        "signed_off_by_organisation",
        "completed_on",
        "updated_by",
        "updated_at",
    ]
    assessment.save(update_fields=fields)
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=assessment,
        area=assessment.area,
        detail={"fields": fields[:-2], "status": assessment.status},
        event=AssessmentEvent.SIGNED_OFF,
        timeline=on_timeline(assessment, f"{assessment.get_kind_display()} signed off"),
    )
    # No review is scheduled from the assessment: Care Act 2014 s.27 reviews are of the support plan, scheduled when
    # the plan is agreed (support_plans), so an ineligible carer, or a needs assessment with no services, has none.
    return assessment


@transaction.atomic
def return_for_changes(assessment: Assessment, *, by: User, note: str) -> Assessment:
    """A manager sends a submitted assessment back to the assessor, saying what to change."""
    note = note.strip()
    if not note:
        raise AssessmentInvalid({"note": "Enter what needs to change"})
    assessment = lock_assessment(assessment)
    if assessment.status != Assessment.Status.AWAITING_SIGN_OFF:
        raise AssessmentClosed(f"{assessment.reference} is not waiting for sign-off")
    if not may_sign_off(by, assessment):
        raise NotPermitted("Only a manager who did not write the assessment can send it back")
    # The manager asked for changes: the determination must be recorded again once they are made.
    clear_determination(assessment, by=by, because="returned for changes")
    assessment.status = Assessment.Status.IN_PROGRESS
    assessment.returned_at = timezone.now()
    assessment.returned_by = by
    assessment.return_note = note
    assessment.updated_by = by
    fields = ["status", "returned_at", "returned_by", "return_note", "updated_by", "updated_at"]
    assessment.save(update_fields=fields)
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=assessment,
        area=assessment.area,
        detail={"fields": fields[:-2]},
        event=AssessmentEvent.RETURNED_FOR_CHANGES,
    )
    return assessment
