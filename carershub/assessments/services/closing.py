"""Closing an assessment without a determination: the carer refuses it, or a request for a transition assessment is
declined with written reasons."""

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.assessments.events import AssessmentEvent
from carershub.assessments.models import Assessment
from carershub.assessments.services.errors import AssessmentClosed, AssessmentInvalid
from carershub.assessments.services.starting import (
    TRANSITION_KINDS,
    lock_assessment,
    on_timeline,
    require_in_progress,
)
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent


@transaction.atomic
def refuse_assessment(assessment: Assessment, *, by: User, reason: str) -> Assessment:
    """The carer refuses the assessment (Care Act 2014 s.11; s.60(3)): the duty to assess no longer applies, until
    they ask again or their circumstances change."""
    reason = reason.strip()
    if not reason:
        raise AssessmentInvalid({"reason": "Enter what the carer said about refusing the assessment"})
    assessment = lock_assessment(assessment)
    if not assessment.is_open():
        raise AssessmentClosed(f"{assessment.reference} is {assessment.get_status_display().lower()}")
    assessment.status = Assessment.Status.REFUSED
    return _close(assessment, by=by, reason=reason, event=AssessmentEvent.REFUSED, summary="refused by the carer")


@transaction.atomic
def decline_transition_request(
    assessment: Assessment, *, by: User, reasons: str, advice_and_information: str
) -> Assessment:
    """Decline a request for a transition assessment with written reasons and advice and information (Care Act
    2014 s.60(6), s.63(5)). The letter page prints them for the person who asked."""
    errors = {}
    if assessment.kind not in TRANSITION_KINDS:
        errors["kind"] = "Only a request for a transition assessment can be declined"
    if not reasons.strip():
        errors["reasons"] = "Enter why the request is declined"
    if not advice_and_information.strip():
        errors["advice_and_information"] = "Enter the advice and information about preventing or delaying needs"
    if errors:
        raise AssessmentInvalid(errors)
    assessment = lock_assessment(assessment)
    require_in_progress(assessment)
    assessment.status = Assessment.Status.REQUEST_DECLINED
    assessment.advice_and_information = advice_and_information.strip()
    return _close(
        assessment,
        by=by,
        reason=reasons.strip(),
        event=AssessmentEvent.REQUEST_DECLINED,
        summary="request declined",
        advice=True,
    )


def _close(
    assessment: Assessment, *, by: User, reason: str, event: AssessmentEvent, summary: str, advice: bool = False
) -> Assessment:
    assessment.closed_reason = reason
    assessment.closed_at = timezone.now()
    assessment.closed_by = by
    assessment.updated_by = by
    fields = ["status", "closed_reason", "closed_at", "closed_by", "updated_by", "updated_at"]
    if advice:
        fields.append("advice_and_information")
    assessment.save(update_fields=fields)
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=assessment,
        area=assessment.area,
        detail={"fields": [name for name in fields if name not in ("updated_by", "updated_at")]},
        event=event,
        timeline=on_timeline(assessment, f"{assessment.get_kind_display()} {summary}"),
    )
    return assessment
