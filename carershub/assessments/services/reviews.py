"""Reviews of completed assessments: completing, cancelling and requesting them, and reminding assessors of those
falling due. Reviews of support plans (Care Act 2014 s.27) belong to support_plans; these are the assessment reviews
scheduled before support plans existed, and reviews a carer asks for."""

from datetime import date, timedelta
from typing import Final

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.assessments.events import AssessmentEvent
from carershub.assessments.models import Assessment, Review
from carershub.assessments.selectors.timeliness import reviews_to_remind
from carershub.assessments.services.errors import NotReviewable, ReviewNotScheduled, TimelinessInvalid
from carershub.core.audit import record_event
from carershub.core.events import OnTimeline
from carershub.core.messaging import email_each_after_commit
from carershub.core.models import AuditEvent

# s.27(1)(b) asks for a review "on a reasonable request" without a period; we aim to hold it within two weeks.
ON_REQUEST_REVIEW_DAYS: Final = 14
REASON_MAX_LENGTH: Final = 2000


def _locked_scheduled(review: Review) -> Review:
    locked = Review.objects.select_for_update(of=("self",)).select_related("assessment__carer").get(pk=review.pk)
    if locked.status != Review.Status.SCHEDULED:
        raise ReviewNotScheduled(f"{locked} is {locked.get_status_display().lower()}")
    return locked


def required_text(value: str, *, field: str, message: str) -> str:
    """The text, stripped; TimelinessInvalid naming the field when it is empty or longer than REASON_MAX_LENGTH."""
    text = value.strip()
    if not text:
        raise TimelinessInvalid({field: message})
    if len(text) > REASON_MAX_LENGTH:
        raise TimelinessInvalid({field: f"{field.capitalize()} must be {REASON_MAX_LENGTH} characters or fewer"})
    return text


@transaction.atomic
def complete_review(review: Review, *, by: User, notes: str) -> Review:
    """Record a review of an assessment (one scheduled before support plans existed) as done, with what it found."""
    notes = required_text(notes, field="notes", message="Enter what the review found")
    review = _locked_scheduled(review)
    now = timezone.now()
    review.status = Review.Status.COMPLETED
    review.completed_at = now
    review.completed_by = by
    review.notes = notes
    review.updated_by = by
    review.save(update_fields=["status", "completed_at", "completed_by", "notes", "updated_by", "updated_at"])
    # No next review is scheduled here: Care Act 2014 s.27 reviews are of support plans, and the plan schedules its
    # own (support_plans). Reviews left from before plans existed are finished, never renewed.
    assessment = review.assessment
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=review,
        area=review.area,
        detail={
            "assessment": assessment.reference,
            "status": Review.Status.COMPLETED.value,
        },
        event=AssessmentEvent.REVIEW_COMPLETED,
        timeline=OnTimeline(
            assessment.carer,
            f"{review.get_kind_display()} of assessment {assessment.reference} completed",
            link=assessment.get_absolute_url(),
            at=now,
        ),
    )
    return review


@transaction.atomic
def cancel_review(review: Review, *, by: User, reason: str) -> Review:
    """Cancel a scheduled review, saying why (for example, the carer has stopped caring)."""
    reason = required_text(reason, field="reason", message="Enter why the review is being cancelled")
    review = _locked_scheduled(review)
    review.status = Review.Status.CANCELLED
    review.notes = reason
    review.updated_by = by
    review.save(update_fields=["status", "notes", "updated_by", "updated_at"])
    assessment = review.assessment
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=review,
        area=review.area,
        detail={"assessment": assessment.reference, "status": Review.Status.CANCELLED.value},
        event=AssessmentEvent.REVIEW_CANCELLED,
        timeline=OnTimeline(
            assessment.carer,
            f"{review.get_kind_display()} of assessment {assessment.reference} cancelled: {reason}",
            link=assessment.get_absolute_url(),
        ),
    )
    return review


@transaction.atomic
def request_review(assessment: Assessment, *, by: User, reason: str) -> Review:
    """Schedule a review the carer (or someone on their behalf) asked for: the council must review a support plan on
    a reasonable request (Care Act 2014 s.27(1)(b)). It is due within two weeks; a second request the same day is
    the same review."""
    reason = required_text(reason, field="reason", message="Enter what the carer asked for and why")
    if assessment.status != Assessment.Status.COMPLETED:
        raise NotReviewable(assessment.reference)
    review, created = Review.objects.get_or_create(
        area=assessment.area,
        assessment=assessment,
        kind=Review.Kind.ON_REQUEST,
        due_on=timezone.localdate() + timedelta(days=ON_REQUEST_REVIEW_DAYS),
        defaults={"created_by": by, "updated_by": by},
    )
    if created:
        record_event(
            AuditEvent.Kind.RECORD_CREATED,
            actor=by,
            subject=review,
            area=assessment.area,
            detail={"assessment": assessment.reference, "kind": Review.Kind.ON_REQUEST.value, "reason": reason},
            event=AssessmentEvent.REVIEW_REQUESTED,
            timeline=OnTimeline(
                assessment.carer,
                f"Review of assessment {assessment.reference} requested: {reason}",
                link=assessment.get_absolute_url(),
            ),
        )
    return review


def remind_assessors_of_due_reviews(*, today: date | None = None) -> int:
    """Email each assessor once about every scheduled review falling due within the reminder period, and mark it
    reminded. Running it again the same day (or after a crash) reminds nobody twice. Returns how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    for review_id in list(reviews_to_remind(today=today).values_list("pk", flat=True)):
        sent += _remind_one(review_id)
    return sent


@transaction.atomic
def _remind_one(review_id: int) -> int:
    # Locked and re-checked: two workers running the job at once must not both send the reminder.
    review = (
        Review.objects.select_for_update(of=("self",))
        .select_related("assessment__assessor")
        .filter(pk=review_id, status=Review.Status.SCHEDULED, reminded_at__isnull=True)
        .first()
    )
    if review is None:
        return 0
    review.reminded_at = timezone.now()
    review.save(update_fields=["reminded_at", "updated_at"])
    assessor = review.assessment.assessor
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=None,
        subject=review,
        area=review.area,
        organisation=review.assessment.organisation,
        detail={"assessment": review.assessment.reference, "reminded": assessor.pk},
        event=AssessmentEvent.REVIEW_REMINDER_SENT,
    )
    if assessor.is_active and assessor.email:
        subject, body = _reminder_text(review)
        email_each_after_commit(subject, body, [assessor.email], about=f"review {review.pk} falling due")
    return 1


def _reminder_text(review: Review) -> tuple[str, str]:
    # Email is not a secure channel: the reminder names the assessment by its reference, never the carer.
    assessment = review.assessment
    due = f"{review.due_on.day} {review.due_on:%B %Y}"
    subject = f"Carers Hub: {review.get_kind_display().lower()} of assessment {assessment.reference} due {due}"
    body = (
        f"The {review.get_kind_display().lower()} of assessment {assessment.reference} "
        f"({assessment.get_kind_display().lower()}) is due on {due}.\n\n"
        f"Sign in to Carers Hub and open Assessments, then Reviews due ({reverse('assessments:reviews')}), "
        "to arrange it with the carer and record it."
    )
    return subject, body
