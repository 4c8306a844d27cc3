"""Short breaks: requested, approved against the plan's personal budget (or past it, with a reason), booked with a
provider, then delivered or cancelled. Every step checks the version the practitioner saw."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.emergency_response.models import Activation
from carershub.organisations.models import Organisation
from carershub.people.models import Person
from carershub.support_plans.events import SupportPlanEvent
from carershub.support_plans.models import ShortBreak, ShortBreakKind, SupportPlan
from carershub.support_plans.services.budget import budget_total
from carershub.support_plans.services.common import (
    NotPermitted,
    StaleEdit,
    SupportPlanInvalid,
    WrongStatus,
    optional_text,
    record,
    required_text,
)

# Breaks whose cost counts against the plan's budget: promised (approved, booked) at their estimate, delivered at cost.
COMMITTED_STATUSES = (ShortBreak.Status.APPROVED, ShortBreak.Status.BOOKED, ShortBreak.Status.DELIVERED)


@dataclass(frozen=True)
class BreakApproved:
    short_break: ShortBreak
    budget_left: Decimal | None
    overrode_budget: bool


def budget_left(plan: SupportPlan, *, excluding: ShortBreak | None = None) -> Decimal:
    """The plan's personal budget less what its short breaks have committed."""
    breaks = ShortBreak.objects.filter(area=plan.area_id, plan=plan, status__in=COMMITTED_STATUSES)
    if excluding is not None:
        breaks = breaks.exclude(pk=excluding.pk)
    committed = breaks.aggregate(
        estimated=Sum("estimated_cost", filter=~Q(status=ShortBreak.Status.DELIVERED)),
        delivered=Sum("actual_cost", filter=Q(status=ShortBreak.Status.DELIVERED)),
    )
    spent = (committed["estimated"] or Decimal("0")) + (committed["delivered"] or Decimal("0"))
    return budget_total(plan) - spent


def _locked(short_break: ShortBreak, expected_version: int, *statuses: str) -> ShortBreak:
    locked = (
        ShortBreak.objects.select_for_update(of=("self",)).select_related("carer__area", "plan").get(pk=short_break.pk)
    )
    if locked.lock_version != expected_version:
        raise StaleEdit(f"{locked} was changed by someone else")
    if locked.status not in statuses:
        raise WrongStatus(f"This break is {locked.get_status_display().lower()}")
    return locked


def _save(short_break: ShortBreak, by: User, *fields: str) -> None:
    short_break.lock_version += 1
    short_break.updated_by = by
    short_break.save(update_fields=[*fields, "lock_version", "updated_by", "updated_at"])


@transaction.atomic
def request_break(
    carer: Person,
    *,
    by: User,
    kind: str,
    estimated_cost: Decimal,
    description: str = "",
    plan: SupportPlan | None = None,
    activation: Activation | None = None,
) -> ShortBreak:
    """Ask for a short break for the carer, against their agreed plan when they have one. An emergency break is
    opened from the emergency activation that needed it."""
    errors: dict[str, str] = {}
    entry = ShortBreakKind.objects.filter(code=kind).first()  # `kind` is the code of an entry of the council's list
    if entry is None or not entry.is_enabled():
        errors["kind"] = "Choose the kind of break"
    if estimated_cost < 0:
        errors["estimated_cost"] = "The estimated cost must not be negative"
    if plan is not None and (plan.carer_id != carer.pk or plan.status != SupportPlan.Status.AGREED):
        errors["plan"] = "Choose the carer's agreed support plan"
    if activation is not None and activation.plan.carer_id != carer.pk:
        errors["activation"] = "Choose an emergency activation of the carer's own contingency plan"
    if errors or entry is None:
        raise SupportPlanInvalid(errors)
    organisation = by.organisation
    if organisation is None:
        raise NotPermitted("Only staff of an organisation can request a short break")
    short_break = ShortBreak.objects.create(
        area=carer.area,
        carer=carer,
        plan=plan,
        activation=activation,
        organisation=organisation,
        kind=entry,
        description=optional_text(description, field="description"),
        estimated_cost=estimated_cost,
        created_by=by,
        updated_by=by,
    )
    record(
        SupportPlanEvent.BREAK_REQUESTED,
        kind=AuditEvent.Kind.RECORD_CREATED,
        by=by,
        subject=short_break,
        carer=carer,
        timeline=f"{entry.name} requested",
        link=short_break.get_absolute_url(),
        break_kind=kind,
        estimated_cost=str(estimated_cost),
    )
    return short_break


@transaction.atomic
def approve_break(
    short_break: ShortBreak, *, expected_version: int, by: User, override_reason: str = ""
) -> BreakApproved:
    """Approve a requested break. Against a plan, its estimated cost must fit in what the personal budget has left;
    approving past it needs a reason, recorded with the approval."""
    short_break = _locked(short_break, expected_version, ShortBreak.Status.REQUESTED)
    left = None
    overrode = False
    if short_break.plan is not None:
        plan = SupportPlan.objects.select_for_update(of=("self",)).get(pk=short_break.plan.pk)
        left = budget_left(plan)
        if short_break.estimated_cost > left:
            if not override_reason.strip():
                raise SupportPlanInvalid(
                    {
                        "override_reason": f"The break costs more than the £{max(left, Decimal(0)):,.2f} left in the "
                        "plan's budget: enter why it should be approved anyway"
                    }
                )
            overrode = True
            short_break.budget_override_reason = optional_text(override_reason, field="override_reason")
        left -= short_break.estimated_cost
    short_break.status = ShortBreak.Status.APPROVED
    short_break.approved_at = timezone.now()
    short_break.approved_by = by
    _save(short_break, by, "status", "approved_at", "approved_by", "budget_override_reason")
    record(
        SupportPlanEvent.BREAK_APPROVED,
        kind=AuditEvent.Kind.RECORD_CHANGED,
        by=by,
        subject=short_break,
        carer=short_break.carer,
        timeline=f"{short_break.kind.name} approved" + (" over the plan's budget" if overrode else ""),
        link=short_break.get_absolute_url(),
        budget_left=str(left) if left is not None else None,
        override_reason=short_break.budget_override_reason,
    )
    return BreakApproved(short_break, left, overrode)


@transaction.atomic
def book_break(
    short_break: ShortBreak,
    *,
    expected_version: int,
    by: User,
    provider: Organisation,
    starts_on: date,
    ends_on: date,
) -> ShortBreak:
    """Book an approved break with a provider (an organisation in the system) for its dates."""
    short_break = _locked(short_break, expected_version, ShortBreak.Status.APPROVED)
    if ends_on < starts_on:
        raise SupportPlanInvalid({"ends_on": "The end date must be the same as or after the start date"})
    short_break.provider = provider
    short_break.starts_on = starts_on
    short_break.ends_on = ends_on
    short_break.status = ShortBreak.Status.BOOKED
    _save(short_break, by, "provider", "starts_on", "ends_on", "status")
    record(
        SupportPlanEvent.BREAK_BOOKED,
        kind=AuditEvent.Kind.RECORD_CHANGED,
        by=by,
        subject=short_break,
        carer=short_break.carer,
        timeline=f"{short_break.kind.name} booked with {provider.name} from {starts_on:%-d %B %Y}",
        link=short_break.get_absolute_url(),
        provider=provider.pk,
    )
    return short_break


@transaction.atomic
def record_delivery(
    short_break: ShortBreak,
    *,
    expected_version: int,
    by: User,
    delivered_on: date,
    actual_cost: Decimal,
    hours: Decimal | None = None,
    nights: int | None = None,
) -> ShortBreak:
    """Record a booked break as delivered: when, how long (hours or nights) and what it cost."""
    short_break = _locked(short_break, expected_version, ShortBreak.Status.BOOKED)
    errors: dict[str, str] = {}
    if actual_cost < 0:
        errors["actual_cost"] = "The cost must not be negative"
    if hours is None and nights is None:
        errors["hours"] = "Enter the hours or the nights of the break"
    if (hours is not None and hours <= 0) or (nights is not None and nights <= 0):
        errors["hours"] = "Hours and nights must be more than zero"
    if delivered_on > timezone.localdate():
        errors["delivered_on"] = "The date must be today or in the past"
    if errors:
        raise SupportPlanInvalid(errors)
    short_break.status = ShortBreak.Status.DELIVERED
    short_break.delivered_on = delivered_on
    short_break.actual_cost = actual_cost
    short_break.hours = hours
    short_break.nights = nights
    _save(short_break, by, "status", "delivered_on", "actual_cost", "hours", "nights")
    record(
        SupportPlanEvent.BREAK_DELIVERED,
        kind=AuditEvent.Kind.RECORD_CHANGED,
        by=by,
        subject=short_break,
        carer=short_break.carer,
        timeline=f"{short_break.kind.name} delivered",
        link=short_break.get_absolute_url(),
        actual_cost=str(actual_cost),
        hours=str(hours) if hours is not None else None,
        nights=nights,
    )
    return short_break


@transaction.atomic
def cancel_break(short_break: ShortBreak, *, expected_version: int, by: User, reason: str) -> ShortBreak:
    """Cancel a break not yet delivered, with the reason; its cost no longer counts against the budget."""
    reason = required_text(reason, field="reason", message="Enter why the break is cancelled")
    short_break = _locked(
        short_break, expected_version, ShortBreak.Status.REQUESTED, ShortBreak.Status.APPROVED, ShortBreak.Status.BOOKED
    )
    short_break.status = ShortBreak.Status.CANCELLED
    short_break.cancelled_reason = reason
    _save(short_break, by, "status", "cancelled_reason")
    record(
        SupportPlanEvent.BREAK_CANCELLED,
        kind=AuditEvent.Kind.RECORD_CHANGED,
        by=by,
        subject=short_break,
        carer=short_break.carer,
        timeline=f"{short_break.kind.name} cancelled: {reason}",
        link=short_break.get_absolute_url(),
        reason=reason,
    )
    return short_break
