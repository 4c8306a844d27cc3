"""A support plan's versions and its end: revising an agreed plan makes a new draft version (Care Act 2014 s.27(3)),
and ending a plan stops its reviews."""

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.support_plans.events import SupportPlanEvent
from carershub.support_plans.models import PlanNeed, SupportPlan
from carershub.support_plans.services.common import (
    SupportPlanInvalid,
    WrongStatus,
    bump,
    locked_plan,
    record,
    required_text,
)
from carershub.support_plans.services.plans import PlanStarted
from carershub.support_plans.services.review_schedule import cancel_scheduled_reviews


@transaction.atomic
def start_revision(plan: SupportPlan, *, by: User, reason: str) -> PlanStarted:
    """Start a new draft version of an agreed plan, copying its contents; the agreed version stays in force (and
    readable) until the new one is agreed (s.27(3)). A second request returns the draft already started."""
    reason = required_text(reason, field="reason", message="Enter why the plan is being revised")
    plan = SupportPlan.objects.select_for_update(of=("self",)).select_related("carer__area").get(pk=plan.pk)
    draft = SupportPlan.objects.filter(area=plan.area_id, reference=plan.reference, status="draft").first()
    if draft is not None:
        return PlanStarted(draft, was_new=False)
    if plan.status != SupportPlan.Status.AGREED:
        raise WrongStatus("Only the agreed version of a plan can be revised")
    revision = SupportPlan.objects.create(
        area=plan.area,
        reference=plan.reference,
        version=plan.version + 1,
        previous=plan,
        carer=plan.carer,
        assessment=plan.assessment,
        organisation=plan.organisation,
        outcomes_wanted=plan.outcomes_wanted,
        advice_and_information=plan.advice_and_information,
        contingency_plan=plan.contingency_plan,
        carer_contribution=plan.carer_contribution,
        people_involved=plan.people_involved,
        revision_reason=reason,
        created_by=by,
        updated_by=by,
    )
    copied = [
        PlanNeed(
            area=need.area,
            plan=revision,
            order=need.order,
            outcome_code=need.outcome_code,
            description=need.description,
            is_eligible=need.is_eligible,
            how_met=need.how_met,
            how_met_detail=need.how_met_detail,
            cost=need.cost,
            direct_payment_amount=need.direct_payment_amount,
            direct_payment_frequency=need.direct_payment_frequency,
            cld_service_type=need.cld_service_type,
            cld_delivery_mechanism=need.cld_delivery_mechanism,
            service_starts_on=need.service_starts_on,
            service_ends_on=need.service_ends_on,
            created_by=by,
        )
        for need in PlanNeed.objects.filter(area=plan.area_id, plan=plan)
    ]
    PlanNeed.objects.bulk_create(copied)
    record(
        SupportPlanEvent.PLAN_REVISION_STARTED,
        kind=AuditEvent.Kind.RECORD_CREATED,
        by=by,
        subject=revision,
        carer=plan.carer,
        timeline=f"Version {revision.version} of support plan {plan.reference} started: {reason}",
        link=revision.get_absolute_url(),
        reason=reason,
        version=revision.version,
    )
    return PlanStarted(revision, was_new=True)


@transaction.atomic
def end_plan(plan: SupportPlan, *, expected_version: int, by: User, reason: str, ended_on: date) -> SupportPlan:
    """End an agreed plan: its scheduled reviews stop, and so does any draft of a new version."""
    reason = required_text(reason, field="end_reason", message="Enter why the plan is ending")
    plan = locked_plan(plan, expected_version)
    if plan.status != SupportPlan.Status.AGREED:
        raise WrongStatus("Only an agreed plan can be ended")
    if plan.carer_agreed_on is not None and ended_on < plan.carer_agreed_on:
        raise SupportPlanInvalid({"ended_on": "The plan cannot end before it was agreed"})
    plan.status = SupportPlan.Status.ENDED
    plan.ended_on = ended_on
    plan.end_reason = reason
    bump(plan, by, "status", "ended_on", "end_reason")
    cancel_scheduled_reviews(plan, by=by, reason="The plan ended")
    # A draft of the next version is abandoned with it (the audit event below names the plan's reference).
    SupportPlan.objects.filter(area=plan.area_id, reference=plan.reference, status="draft").update(
        status=SupportPlan.Status.ENDED,
        end_reason=f"Version {plan.version} ended: {reason}",
        lock_version=F("lock_version") + 1,
        updated_by=by,
        updated_at=timezone.now(),
    )
    record(
        SupportPlanEvent.PLAN_ENDED,
        kind=AuditEvent.Kind.RECORD_CHANGED,
        by=by,
        subject=plan,
        carer=plan.carer,
        timeline=f"Support plan {plan.reference} ended: {reason}",
        link=plan.get_absolute_url(),
        reason=reason,
        ended_on=ended_on.isoformat(),
    )
    return plan
