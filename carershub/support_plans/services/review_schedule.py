"""When a support plan's reviews fall due (Care Act 2014 s.27). Statutory guidance ch.13 expects a light-touch
review 6 to 8 weeks after the plan (or the service) starts, then a review at least every 12 months. Reviews belong
to plans: an assessment schedules none, and neither does a plan the council arranges no service in."""

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.support_plans.events import SupportPlanEvent
from carershub.support_plans.models import PlanReview, SupportPlan
from carershub.support_plans.rules.direct_payments import add_months
from carershub.support_plans.services.common import record

ANNUAL_REVIEW_MONTHS = 12


def schedule_reviews_for_agreed_plan(plan: SupportPlan, *, by: User, has_services: bool) -> tuple[PlanReview, ...]:
    """The light-touch review (CARERSHUB_LIGHT_TOUCH_REVIEW_WEEKS after the agreement, 7 by default: within the 6 to 8
    weeks the guidance expects) and the first annual review, 12 months after the agreement. None when the plan
    arranges no service: there is nothing the council provides to review."""
    if not has_services or plan.agreed_at is None:
        return ()
    agreed_on = timezone.localdate(plan.agreed_at)
    due = (
        (PlanReview.Kind.LIGHT_TOUCH, agreed_on + timedelta(weeks=settings.CARERSHUB_LIGHT_TOUCH_REVIEW_WEEKS)),
        (PlanReview.Kind.ANNUAL, add_months(agreed_on, ANNUAL_REVIEW_MONTHS)),
    )
    reviews = tuple(
        PlanReview.objects.create(area=plan.area, plan=plan, kind=kind, due_on=due_on, created_by=by, updated_by=by)
        for kind, due_on in due
    )
    for review in reviews:
        record(
            SupportPlanEvent.REVIEW_SCHEDULED,
            kind=AuditEvent.Kind.RECORD_CREATED,
            by=by,
            subject=review,
            carer=plan.carer,
            plan=plan.reference,
            review_kind=review.kind,
            due_on=review.due_on.isoformat(),
        )
    return reviews


def schedule_next_annual_review(plan: SupportPlan, *, by: User, after: date) -> PlanReview | None:
    """After a review that continues the plan, make sure the next one is no more than 12 months away."""
    due_on = add_months(after, ANNUAL_REVIEW_MONTHS)
    scheduled = PlanReview.objects.filter(
        area=plan.area_id, plan=plan, status=PlanReview.Status.SCHEDULED, due_on__lte=due_on
    )
    if scheduled.exists():
        return None
    review = PlanReview.objects.create(
        area=plan.area, plan=plan, kind=PlanReview.Kind.ANNUAL, due_on=due_on, created_by=by, updated_by=by
    )
    record(
        SupportPlanEvent.REVIEW_SCHEDULED,
        kind=AuditEvent.Kind.RECORD_CREATED,
        by=by,
        subject=review,
        carer=plan.carer,
        plan=plan.reference,
        review_kind=review.kind,
        due_on=due_on.isoformat(),
    )
    return review


def cancel_scheduled_reviews(plan: SupportPlan, *, by: User, reason: str) -> int:
    """Cancel the plan's reviews still to come (the plan ended, or a new version replaced it). Returns how many."""
    reviews = list(
        PlanReview.objects.select_for_update().filter(area=plan.area_id, plan=plan, status=PlanReview.Status.SCHEDULED)
    )
    for review in reviews:
        review.status = PlanReview.Status.CANCELLED
        review.notes = reason
        review.updated_by = by
        review.save(update_fields=["status", "notes", "updated_by", "updated_at"])
        record(
            SupportPlanEvent.REVIEW_CANCELLED,
            kind=AuditEvent.Kind.RECORD_CHANGED,
            by=by,
            subject=review,
            carer=plan.carer,
            plan=plan.reference,
            reason=reason,
        )
    return len(reviews)
