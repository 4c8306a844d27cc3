"""The emergency line's activations: a responder opens a card's plan with a reason ("break the glass"), records
what happened and the calls to the emergency contacts, and closes it with the outcome and the follow-up offered."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.events import OnTimeline
from carershub.core.models import AuditEvent
from carershub.emergency_response.events import EmergencyEvent
from carershub.emergency_response.follow_ups import FollowUpOffered, announce_follow_up_offered
from carershub.emergency_response.models import (
    Activation,
    ContactAttempt,
    ContingencyPlan,
    EmergencyCard,
    EmergencyContact,
)
from carershub.emergency_response.services.common import PURPOSE_LENGTH, ActivationClosed, PlanInvalid, lock_plan
from carershub.emergency_response.services.notifications import queue_messages

ACTIVATION_DETAIL_FIELDS: Final = (
    "call_received_at",
    "caller_name",
    "caller_phone",
    "what_happened",
    "replacement_provider",
    "replacement_starts_at",
    "replacement_ends_at",
    "support_hours",
)


@dataclass(frozen=True)
class ActivationOpened:
    """The activation the responder now works on, and whether this call opened it (False: they joined the one
    another responder already had open)."""

    activation: Activation
    opened: bool


@transaction.atomic
def open_activation(
    card: EmergencyCard, *, by: User, reason: str, call_received_at: datetime | None = None
) -> ActivationOpened:
    """Open the card's plan for an emergency ("break the glass"), recorded with the reason. If another responder
    already has it open, theirs is returned (and this view recorded) rather than a second one. Contacts who agreed
    to messages are sent one, after commit."""
    reason = reason.strip()
    if not reason:
        raise PlanInvalid({"reason": "Enter why you are opening this plan"})
    plan = lock_plan(card.plan)
    card = EmergencyCard.objects.get(pk=card.pk)
    if not card.is_active() or not plan.is_current():
        raise PlanInvalid({"number": "This card is no longer in use"})
    existing = _open_activation_of(plan)
    opened = existing is None
    if existing is None:
        now = timezone.now()
        try:
            with transaction.atomic():
                activation = Activation.objects.create(
                    area=plan.area,
                    plan=plan,
                    card=card,
                    reason=reason[:PURPOSE_LENGTH],
                    opened_at=now,
                    opened_by=by,
                    call_received_at=call_received_at or now,
                    created_by=by,
                    updated_by=by,
                )
        except IntegrityError:
            # Another responder's activation won the race (a database without row locks): use theirs.
            activation = plan.activations.get(closed_at__isnull=True)
            opened = False
    else:
        activation = existing
    record_event(
        AuditEvent.Kind.EMERGENCY_PLAN_OPENED,
        actor=by,
        subject=plan.carer,
        area=plan.area,
        purpose=reason[:PURPOSE_LENGTH],
        detail={
            "break_the_glass": True,
            "contingency_plan": plan.pk,
            "activation": activation.pk,
            "card_number": card.number,
            "joined_open_activation": not opened,
        },
        event=EmergencyEvent.ACTIVATION_OPENED if opened else EmergencyEvent.ACTIVATION_JOINED,
        timeline=OnTimeline(
            plan.carer,
            f"Emergency line opened the contingency plan for {plan.cared_for.full_name}: {reason}",
            link=plan.get_absolute_url(),
        )
        if opened
        else None,
    )
    if opened:
        queue_messages(activation)
    return ActivationOpened(activation, opened)


def _open_activation_of(plan: ContingencyPlan) -> Activation | None:
    return plan.activations.filter(closed_at__isnull=True).first()


def _locked_open_activation(activation: Activation) -> Activation:
    locked = (
        Activation.objects.select_for_update(of=("self",))
        .select_related("plan__carer", "plan__cared_for")
        .get(pk=activation.pk)
    )
    if not locked.is_open():
        raise ActivationClosed(locked)
    return locked


def _check_activation_details(details: dict[str, Any]) -> None:
    unknown = set(details) - set(ACTIVATION_DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Not activation details: {', '.join(sorted(unknown))}")
    errors = {}
    received = details.get("call_received_at")
    if received is not None and received > timezone.now() + timedelta(minutes=5):
        errors["call_received_at"] = "The time of the call must be now or in the past"
    starts, ends = details.get("replacement_starts_at"), details.get("replacement_ends_at")
    if starts is not None and ends is not None and ends < starts:
        errors["replacement_ends_at"] = "Replacement care must end after it starts"
    hours = details.get("support_hours")
    if hours is not None and not Decimal(0) <= hours <= Decimal(999):
        errors["support_hours"] = "Hours of emergency support must be between 0 and 999"
    if errors:
        raise PlanInvalid(errors)


@transaction.atomic
def update_activation(activation: Activation, *, by: User, **details: Any) -> Activation:
    """Record what happened on the call: the caller, the situation, replacement care and hours of support."""
    _check_activation_details(details)
    activation = _locked_open_activation(activation)
    changed = [name for name, value in details.items() if getattr(activation, name) != value]
    for name in changed:
        setattr(activation, name, details[name])
    if not changed:
        return activation
    activation.updated_by = by
    activation.save(update_fields=[*changed, "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=activation.plan.carer,
        area=activation.area,
        purpose=activation.reason,
        detail={"activation": activation.pk, "changed": sorted(changed)},
        event=EmergencyEvent.ACTIVATION_CHANGED,
    )
    return activation


@transaction.atomic
def record_contact_attempt(
    activation: Activation,
    *,
    by: User,
    contact: EmergencyContact,
    result: str,
    note: str = "",
    tried_at: datetime | None = None,
) -> ContactAttempt:
    """Log a call to one of the plan's emergency contacts and what they said."""
    activation = _locked_open_activation(activation)
    if contact.plan_id != activation.plan_id:
        raise PlanInvalid({"contact": "Choose one of this plan's emergency contacts"})
    if result not in ContactAttempt.Result.values:
        raise PlanInvalid({"result": "Choose what happened when you called"})
    attempt = ContactAttempt.objects.create(
        area=activation.area,
        activation=activation,
        contact=contact,
        tried_at=tried_at or timezone.now(),
        result=result,
        note=note.strip(),
        recorded_by=by,
        created_by=by,
        updated_by=by,
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=activation.plan.carer,
        area=activation.area,
        purpose=activation.reason,
        detail={"activation": activation.pk, "contact_attempt": attempt.pk, "result": result},
        event=EmergencyEvent.CONTACT_CALLED,
    )
    return attempt


@transaction.atomic
def close_activation(
    activation: Activation, *, by: User, outcome: str, follow_up: str, support_hours: Decimal | None = None
) -> Activation:
    """Close the activation with its outcome (required) and the follow-up offered; its hours count in the KPIs. A
    carer's assessment or plan review offered is announced (follow_ups) in this transaction, so the apps above can
    give the carer's worker the task of keeping the offer."""
    activation = _locked_open_activation(activation)
    errors = {}
    if outcome not in Activation.Outcome.values:
        errors["outcome"] = "Choose the outcome"
    if follow_up not in Activation.FollowUp.values:
        errors["follow_up"] = "Choose the follow-up offered"
    if support_hours is not None and not Decimal(0) <= support_hours <= Decimal(999):
        errors["support_hours"] = "Hours of emergency support must be between 0 and 999"
    if errors:
        raise PlanInvalid(errors)
    activation.outcome = outcome
    activation.follow_up = follow_up
    if support_hours is not None:
        activation.support_hours = support_hours
    activation.closed_at = timezone.now()
    activation.closed_by = by
    activation.updated_by = by
    activation.save(
        update_fields=["outcome", "follow_up", "support_hours", "closed_at", "closed_by", "updated_by", "updated_at"]
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=activation.plan.carer,
        area=activation.area,
        purpose=activation.reason,
        detail={"activation": activation.pk, "closed": True, "outcome": outcome},
        event=EmergencyEvent.ACTIVATION_CLOSED,
        timeline=OnTimeline(
            activation.plan.carer,
            f"Emergency response for {activation.plan.cared_for.full_name} closed: "
            f"{activation.get_outcome_display()} ({activation.support_hours} hours of emergency support)",
            link=activation.plan.get_absolute_url(),
        ),
    )
    if follow_up != Activation.FollowUp.NONE:
        announce_follow_up_offered(FollowUpOffered(activation, closed_by=by))
    return activation
