"""Reviews of support plans (Care Act 2014 s.27): on request, recorded with an outcome per need, and reminders."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.messaging import email_each_after_commit
from carershub.core.models import AuditEvent
from carershub.support_plans.events import SupportPlanEvent
from carershub.support_plans.models import PlanNeed, PlanReview, ReviewedNeed, SupportPlan
from carershub.support_plans.services.common import (
    SupportPlanInvalid,
    WrongStatus,
    optional_text,
    record,
    required_text,
)
from carershub.support_plans.services.review_schedule import schedule_next_annual_review
from carershub.support_plans.services.versions import end_plan, start_revision

# s.27(1)(b) asks for a review "on a reasonable request" without a period; we aim to hold it within two weeks.
ON_REQUEST_REVIEW_DAYS: Final = 14
# The Client Level Data outcome each decision is reported as.
CLD_OUTCOME_OF: Final = {
    PlanReview.Decision.CONTINUE: PlanReview.CldOutcome.NO_CHANGE,
    PlanReview.Decision.REVISE: PlanReview.CldOutcome.PROGRESS,
    PlanReview.Decision.END: PlanReview.CldOutcome.SUPPORT_ENDED,
}


@dataclass(frozen=True)
class NeedOutcome:
    achieved: str
    changes: str = ""


@dataclass(frozen=True)
class ReviewCompleted:
    review: PlanReview
    next_review: PlanReview | None
    revision: SupportPlan | None


@transaction.atomic
def request_review(plan: SupportPlan, *, by: User, reason: str) -> PlanReview:
    """Schedule a review the carer (or someone for them) asked for, or that a change of circumstances needs: the
    council must review a plan on a reasonable request (s.27(1)(b)). Due within two weeks; a second request the same
    day is the same review."""
    reason = required_text(reason, field="reason", message="Enter what the carer asked for, or what has changed")
    plan = SupportPlan.objects.select_for_update(of=("self",)).select_related("carer__area").get(pk=plan.pk)
    if plan.status != SupportPlan.Status.AGREED:
        raise WrongStatus("Only an agreed plan can be reviewed")
    due_on = timezone.localdate() + timedelta(days=ON_REQUEST_REVIEW_DAYS)
    review, created = PlanReview.objects.get_or_create(
        area=plan.area,
        plan=plan,
        kind=PlanReview.Kind.ON_REQUEST,
        due_on=due_on,
        status=PlanReview.Status.SCHEDULED,
        defaults={"request_reason": reason, "created_by": by, "updated_by": by},
    )
    if created:
        record(
            SupportPlanEvent.REVIEW_REQUESTED,
            kind=AuditEvent.Kind.RECORD_CREATED,
            by=by,
            subject=review,
            carer=plan.carer,
            timeline=f"Review of support plan {plan.reference} requested: {reason}",
            link=plan.get_absolute_url(),
            plan=plan.reference,
            reason=reason,
        )
    return review


@transaction.atomic
def complete_review(
    review: PlanReview,
    *,
    by: User,
    decision: str,
    outcomes: Mapping[int, NeedOutcome],
    notes: str,
    revision_reason: str = "",
    end_reason: str = "",
) -> ReviewCompleted:
    """Record a review: for each need of the plan whether its outcome was achieved, what changes, and whether the plan
    continues (the next review is then at most 12 months away), is revised (a new draft version, s.27(3)) or ends."""
    review = PlanReview.objects.select_for_update(of=("self",)).select_related("plan__carer__area").get(pk=review.pk)
    plan = review.plan
    if review.status != PlanReview.Status.SCHEDULED or plan.status != SupportPlan.Status.AGREED:
        raise WrongStatus("This review has already been completed or cancelled")
    needs = {need.pk: need for need in PlanNeed.objects.filter(area=plan.area_id, plan=plan)}
    errors = _check_review(decision, outcomes, needs, revision_reason=revision_reason, end_reason=end_reason)
    if errors:
        raise SupportPlanInvalid(errors)
    today = timezone.localdate()
    ReviewedNeed.objects.bulk_create(
        ReviewedNeed(
            area=plan.area,
            review=review,
            need=needs[need_id],
            achieved=outcome.achieved,
            changes=optional_text(outcome.changes, field=f"changes_{need_id}"),
            created_by=by,
        )
        for need_id, outcome in outcomes.items()
    )
    review.status = PlanReview.Status.COMPLETED
    review.completed_on = today
    review.completed_by = by
    review.decision = decision
    review.cld_outcome = CLD_OUTCOME_OF[PlanReview.Decision(decision)]
    review.notes = optional_text(notes, field="notes")
    review.updated_by = by
    review.save(
        update_fields=[
            *("status", "completed_on", "completed_by", "decision", "cld_outcome", "notes"),
            *("updated_by", "updated_at"),
        ]
    )
    record(
        SupportPlanEvent.REVIEW_COMPLETED,
        kind=AuditEvent.Kind.RECORD_CHANGED,
        by=by,
        subject=review,
        carer=plan.carer,
        timeline=f"{review.get_kind_display()} of support plan {plan.reference}: {review.get_decision_display()}",
        link=plan.get_absolute_url(),
        plan=plan.reference,
        decision=decision,
        outcomes={str(need_id): outcome.achieved for need_id, outcome in outcomes.items()},
    )
    next_review, revision = None, None
    if decision == PlanReview.Decision.END:
        end_plan(plan, expected_version=plan.lock_version, by=by, reason=end_reason, ended_on=today)
    else:
        next_review = schedule_next_annual_review(plan, by=by, after=today)
        if decision == PlanReview.Decision.REVISE:
            revision = start_revision(plan, by=by, reason=revision_reason).plan
    return ReviewCompleted(review, next_review, revision)


def _check_review(
    decision: str,
    outcomes: Mapping[int, NeedOutcome],
    needs: Mapping[int, PlanNeed],
    *,
    revision_reason: str,
    end_reason: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if decision not in PlanReview.Decision.values:
        errors["decision"] = "Choose whether to continue, revise or end the plan"
    for need_id in needs:
        outcome = outcomes.get(need_id)
        if outcome is None or outcome.achieved not in ReviewedNeed.Achieved.values:
            errors[f"achieved_{need_id}"] = "Choose whether the outcome was achieved fully, partly or not at all"
    if set(outcomes) - set(needs):
        errors["outcomes"] = "Record outcomes only for the needs in this plan"
    if decision == PlanReview.Decision.REVISE and not revision_reason.strip():
        errors["revision_reason"] = "Enter what needs to change in the plan"
    if decision == PlanReview.Decision.END and not end_reason.strip():
        errors["end_reason"] = "Enter why the plan is ending"
    return errors


# --- Reminders ------------------------------------------------------------------------------------------------------


def plan_reviews_to_remind(*, today: date) -> list[int]:
    """Scheduled plan reviews falling due within the reminder period whose author has not been reminded yet."""
    return list(
        PlanReview.objects.filter(
            status=PlanReview.Status.SCHEDULED,
            reminded_at__isnull=True,
            due_on__lte=today + timedelta(days=settings.CARERSHUB_REVIEW_REMINDER_DAYS),
        )
        .order_by("due_on", "pk")
        .values_list("pk", flat=True)
    )


def remind_of_due_plan_reviews(*, today: date | None = None) -> int:
    """Email the plan's author once about each review falling due; running it twice reminds nobody twice."""
    today = today or timezone.localdate()
    return sum(_remind_one(review_id) for review_id in plan_reviews_to_remind(today=today))


@transaction.atomic
def _remind_one(review_id: int) -> int:
    # Locked and re-checked: two workers running the job at once must not both send the reminder.
    review = (
        PlanReview.objects.select_for_update(of=("self",))
        .select_related("plan__created_by", "plan__organisation")
        .filter(pk=review_id, status=PlanReview.Status.SCHEDULED, reminded_at__isnull=True)
        .first()
    )
    if review is None:
        return 0
    review.reminded_at = timezone.now()
    review.save(update_fields=["reminded_at", "updated_at"])
    author = review.plan.created_by
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=None,
        subject=review,
        area=review.area,
        organisation=review.plan.organisation,
        detail={"plan": review.plan.reference},
        event=SupportPlanEvent.REVIEW_REMINDED,
    )
    if author is not None and author.is_active and author.email:
        # Email is not a secure channel: the reminder names the plan by its reference, never the carer.
        due = f"{review.due_on.day} {review.due_on:%B %Y}"
        subject = f"Carers Hub: {review.get_kind_display().lower()} of support plan {review.plan.reference} due {due}"
        body = (
            f"The {review.get_kind_display().lower()} of support plan {review.plan.reference} is due on {due}.\n\n"
            f"Sign in to Carers Hub and open Support plans, then Reviews due ({reverse('support_plans:reviews')})."
        )
        email_each_after_commit(subject, body, [author.email], about="a support plan review")
    return 1
