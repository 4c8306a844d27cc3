"""Contingency plans and their emergency contacts: starting and changing a plan, naming the people to call, agreeing
the plan (which issues its card) and withdrawing it."""

from datetime import date, timedelta
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.events import OnTimeline
from carershub.core.models import AuditEvent
from carershub.emergency_response.encryption import decrypt, encrypt
from carershub.emergency_response.events import EmergencyEvent
from carershub.emergency_response.models import ContingencyPlan, EmergencyCard, EmergencyContact
from carershub.emergency_response.rules import (
    MIN_EMERGENCY_CONTACTS,
    can_add_emergency_contact,
    contact_limit_message,
)
from carershub.emergency_response.services.cards import issue_card
from carershub.emergency_response.services.common import PLANNING_PURPOSE, PlanInvalid, lock_plan
from carershub.people.models import CaringRelationship, Person
from carershub.people.rules import normalise_phone_number

# What a practitioner writes about the cared-for person's next 72 hours (the key safe is separate: it is encrypted).
PLAN_DETAIL_FIELDS: Final = (
    "personal_care",
    "medication",
    "mobility",
    "communication",
    "routines",
    "allergies",
    "pets",
    "professionals",
    "replacement_care",
    "home_access",
)
# A plan is reviewed at least once a year.
LONGEST_REVIEW_INTERVAL: Final = timedelta(days=366)


@transaction.atomic
def create_plan(carer: Person, *, cared_for: Person, by: User, **details: str) -> ContingencyPlan:
    """Start a draft contingency plan for a carer and the person they care for (a current caring relationship)."""
    _refuse_unknown_fields(details)
    if not CaringRelationship.objects.filter(carer=carer, cared_for=cared_for, ended_on__isnull=True).exists():
        raise PlanInvalid({"cared_for": "Choose someone the carer cares for now"})
    if ContingencyPlan.objects.filter(carer=carer, cared_for=cared_for).exclude(status="withdrawn").exists():
        raise PlanInvalid({"cared_for": f"There is already a contingency plan for {cared_for.full_name}"})
    try:
        with transaction.atomic():
            plan = ContingencyPlan.objects.create(
                area=carer.area, carer=carer, cared_for=cared_for, created_by=by, updated_by=by, **details
            )
    except IntegrityError:  # another practitioner started one at the same moment
        raise PlanInvalid({"cared_for": f"There is already a contingency plan for {cared_for.full_name}"}) from None
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=carer,
        area=carer.area,
        purpose=PLANNING_PURPOSE,
        detail={"contingency_plan": plan.pk},
        event=EmergencyEvent.PLAN_STARTED,
        timeline=OnTimeline(carer, f"Contingency plan started for {cared_for.full_name}", link=plan.get_absolute_url()),
    )
    return plan


def _refuse_unknown_fields(details: dict[str, Any]) -> None:
    unknown = set(details) - set(PLAN_DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Not plan details: {', '.join(sorted(unknown))}")


@transaction.atomic
def update_plan(plan: ContingencyPlan, *, by: User, key_safe: str | None = None, **details: str) -> ContingencyPlan:
    """Change what the plan says. `key_safe` (None keeps it, "" removes it) is stored encrypted; the audit names the
    fields changed, never their values."""
    _refuse_unknown_fields(details)
    plan = lock_plan(plan)
    if not plan.is_current():
        raise PlanInvalid({"__all__": "A withdrawn plan cannot be changed"})
    changed = [name for name, value in details.items() if getattr(plan, name) != value]
    for name in changed:
        setattr(plan, name, details[name])
    update_fields = [*changed]
    if key_safe is not None and key_safe != decrypt(plan.key_safe_encrypted):
        plan.key_safe_encrypted = encrypt(key_safe.strip())
        update_fields.append("key_safe_encrypted")
        changed.append("key_safe")
    if not changed:
        return plan
    plan.updated_by = by
    plan.save(update_fields=[*update_fields, "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=plan.carer,
        area=plan.area,
        purpose=PLANNING_PURPOSE,
        detail={"contingency_plan": plan.pk, "changed": sorted(changed)},
        event=EmergencyEvent.PLAN_CHANGED,
    )
    return plan


@transaction.atomic
def add_emergency_contact(
    plan: ContingencyPlan,
    *,
    by: User,
    name: str,
    relationship: str,
    phone: str,
    consent_given: bool,
    accepted_role: bool,
    email: str = "",
    availability: str = "",
    may_text: bool = False,
    may_email: bool = False,
) -> EmergencyContact:
    """Name the next person to call. They must have agreed to be held on the plan and contacted, and accepted the
    role (asked by the practitioner, recorded with who and when); at most three (rules.MAX_EMERGENCY_CONTACTS)."""
    plan = lock_plan(plan)
    errors: dict[str, str] = {}
    if not plan.is_current():
        errors["__all__"] = "A withdrawn plan cannot be changed"
    current = plan.contacts.filter(removed_at__isnull=True)
    if not can_add_emergency_contact(current.count()):
        errors["__all__"] = contact_limit_message()
    if not name.strip():
        errors["name"] = "Enter the contact's name"
    if not relationship.strip():
        errors["relationship"] = "Enter who they are to the carer"
    try:
        phone = normalise_phone_number(phone)
    except ValueError:
        errors["phone"] = "Enter a phone number, like 01632 960 001 or 07700 900 982"
    if may_email and not email:
        errors["email"] = "Enter an email address, or untick emails"
    if not consent_given:
        errors["consent_given"] = "The contact must agree to their details being held and to being contacted"
    if not accepted_role:
        errors["accepted_role"] = "The contact must accept the role of emergency contact"
    if errors:
        raise PlanInvalid(errors)
    now = timezone.now()
    order = (current.aggregate(last=Max("order"))["last"] or 0) + 1
    contact = EmergencyContact.objects.create(
        area=plan.area,
        plan=plan,
        order=order,
        name=name.strip(),
        relationship=relationship.strip(),
        phone=phone,
        email=email,
        availability=availability.strip(),
        consent_given_at=now,
        consent_recorded_by=by,
        accepted_role_at=now,
        may_text=may_text,
        may_email=may_email,
        created_by=by,
        updated_by=by,
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=plan.carer,
        area=plan.area,
        purpose=PLANNING_PURPOSE,
        detail={"contingency_plan": plan.pk, "emergency_contact_added": contact.pk},
        event=EmergencyEvent.CONTACT_ADDED,
    )
    return contact


@transaction.atomic
def remove_emergency_contact(contact: EmergencyContact, *, by: User) -> EmergencyContact:
    """Take someone off the plan (kept, with when, for the activations that called them). The others move up."""
    plan = lock_plan(contact.plan)
    contact = EmergencyContact.objects.get(pk=contact.pk)
    if contact.removed_at is not None:
        return contact
    # A plan awaiting review still has a working card: the emergency line still needs two people to call.
    has_card = plan.status in {ContingencyPlan.Status.ACTIVE, ContingencyPlan.Status.NEEDS_REVIEW}
    if has_card and plan.contacts.filter(removed_at__isnull=True).count() <= MIN_EMERGENCY_CONTACTS:
        raise PlanInvalid(
            {"__all__": f"An active plan needs {MIN_EMERGENCY_CONTACTS} emergency contacts: add another one first"}
        )
    contact.removed_at = timezone.now()
    contact.updated_by = by
    contact.save(update_fields=["removed_at", "updated_by", "updated_at"])
    for position, remaining in enumerate(plan.contacts.filter(removed_at__isnull=True).order_by("order"), start=1):
        if remaining.order != position:
            remaining.order = position
            remaining.save(update_fields=["order", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=plan.carer,
        area=plan.area,
        purpose=PLANNING_PURPOSE,
        detail={"contingency_plan": plan.pk, "emergency_contact_removed": contact.pk},
        event=EmergencyEvent.CONTACT_REMOVED,
    )
    return contact


def check_review_date(review_date: date, *, today: date | None = None) -> None:
    today = today or timezone.localdate()
    if review_date <= today:
        raise PlanInvalid({"review_date": "Review date must be in the future"})
    if review_date > today + LONGEST_REVIEW_INTERVAL:
        raise PlanInvalid({"review_date": "Review date must be within a year: plans are reviewed at least yearly"})


@transaction.atomic
def confirm_plan(plan: ContingencyPlan, *, by: User, review_date: date) -> ContingencyPlan:
    """Make a draft plan active (or confirm a plan after its review) until a review date within a year. An active
    plan has an emergency card; the first confirmation issues it."""
    plan = lock_plan(plan)
    if not plan.can_be_confirmed():
        raise PlanInvalid({"__all__": "A withdrawn plan cannot be made active again: start a new plan"})
    check_review_date(review_date)
    if plan.contacts.filter(removed_at__isnull=True).count() < MIN_EMERGENCY_CONTACTS:
        raise PlanInvalid(
            {"__all__": f"Add at least {MIN_EMERGENCY_CONTACTS} emergency contacts before the plan is made active"}
        )
    was = plan.status
    plan.status = ContingencyPlan.Status.ACTIVE
    plan.review_date = review_date
    plan.review_reminder_sent_at = None  # the new review date gets its own reminder
    plan.updated_by = by
    plan.save(update_fields=["status", "review_date", "review_reminder_sent_at", "updated_by", "updated_at"])
    if not plan.cards.filter(status=EmergencyCard.Status.ACTIVE).exists():
        issue_card(plan, by=by)
    summary = (
        f"Contingency plan for {plan.cared_for.full_name} made active; emergency card issued"
        if was == ContingencyPlan.Status.DRAFT
        else f"Contingency plan for {plan.cared_for.full_name} reviewed"
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=plan.carer,
        area=plan.area,
        purpose=PLANNING_PURPOSE,
        detail={"contingency_plan": plan.pk, "status": [was, plan.status], "review_date": review_date.isoformat()},
        event=EmergencyEvent.PLAN_AGREED,
        timeline=OnTimeline(plan.carer, summary, link=plan.get_absolute_url()),
    )
    return plan


@transaction.atomic
def withdraw_plan(plan: ContingencyPlan, *, by: User) -> ContingencyPlan:
    """End the plan (the carer no longer wants it, or stopped caring). Its card stops working at once."""
    plan = lock_plan(plan)
    if not plan.is_current():
        return plan
    if plan.activations.filter(closed_at__isnull=True).exists():
        raise PlanInvalid({"__all__": "The plan has an open activation: the emergency line must close it first"})
    now = timezone.now()
    plan.cards.filter(status=EmergencyCard.Status.ACTIVE).update(
        status=EmergencyCard.Status.WITHDRAWN, ended_at=now, updated_by=by, updated_at=now
    )
    was = plan.status
    plan.status = ContingencyPlan.Status.WITHDRAWN
    plan.withdrawn_at = now
    plan.updated_by = by
    plan.save(update_fields=["status", "withdrawn_at", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=plan.carer,
        area=plan.area,
        purpose=PLANNING_PURPOSE,
        detail={"contingency_plan": plan.pk, "status": [was, plan.status]},
        event=EmergencyEvent.PLAN_WITHDRAWN,
        timeline=OnTimeline(
            plan.carer, f"Contingency plan for {plan.cared_for.full_name} withdrawn", link=plan.get_absolute_url()
        ),
    )
    return plan
