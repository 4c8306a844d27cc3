"""Every change to contingency plans, emergency cards and activations. Each writes its audit record in the same
transaction; views of the plan through the emergency line are recorded with the responder's reason ("break the
glass"). Key safe details are never written to the audit trail, the timeline or a log."""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, Final

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from carershub.accounts.models import Role, User
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent, RateLimitCount
from carershub.core.ratelimit import within_limit
from carershub.emergency_response.encryption import CannotDecrypt, decrypt, encrypt
from carershub.emergency_response.models import (
    MAX_EMERGENCY_CONTACTS,
    MIN_EMERGENCY_CONTACTS,
    Activation,
    ContactAttempt,
    ContingencyPlan,
    EmergencyCard,
    EmergencyContact,
    EmergencyLine,
    Notification,
)
from carershub.emergency_response.rules import (
    automatic_retry_delay,
    generate_card_number,
    is_card_number_shaped,
    is_valid_card_number,
    normalise_card_number,
)
from carershub.emergency_response.selectors import (
    failed_lookups_key,
    managers_of,
    plan_review_reminder_recipients,
    plans_due_a_review_reminder,
)
from carershub.organisations.models import ApiKey, Area, Organisation
from carershub.people.models import CaringRelationship, Person
from carershub.people.rules import normalise_phone_number
from carershub.people.services.timeline import add_timeline_entry

logger = logging.getLogger(__name__)

# Seconds to wait for GOV.UK Notify to connect and to answer (the client's own default is 30): a message that cannot
# be sent quickly fails, is shown to the responder and is tried again, rather than holding a worker.
NOTIFY_TIMEOUT_SECONDS: Final = 5.0

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
# A plan is reviewed at least once a year.
LONGEST_REVIEW_INTERVAL: Final = timedelta(days=366)
# Failed card lookups (a wrong check digit, an unknown or ended number) an account or key may make in the window
# before it is stopped and flagged: enough for a stressed responder's typos, too few to guess numbers.
FAILED_LOOKUP_LIMIT: Final = 10
FAILED_LOOKUP_WINDOW_SECONDS: Final = 15 * 60
_PURPOSE_LENGTH: Final = 255


class PlanInvalid(Exception):
    """The change cannot be made as given. `errors` maps a field name to a message saying what to fix."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


class ActivationClosed(Exception):
    """A closed activation is a record of what happened: it cannot be changed."""


class LookupResult(StrEnum):
    FOUND = "found"
    MISTYPED = "mistyped"  # not ten digits, or the check digit does not match
    UNKNOWN = "unknown"  # a valid number that no card has
    ENDED = "ended"  # a card that was reissued or withdrawn, or whose plan was withdrawn
    RATE_LIMITED = "rate_limited"


@dataclass(frozen=True)
class CardLookup:
    result: LookupResult
    number: str
    card: EmergencyCard | None = None


# Plans -----------------------------------------------------------------------------------------------------------


def _organisation_of(user: User) -> Organisation | None:
    return user.organisation


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
        purpose="contingency planning",
        detail={"contingency_plan": plan.pk},
    )
    add_timeline_entry(
        carer,
        kind="contingency_plan_started",
        summary=f"Contingency plan started for {cared_for.full_name}",
        actor=by,
        link=plan.get_absolute_url(),
    )
    return plan


def _refuse_unknown_fields(details: dict[str, Any]) -> None:
    unknown = set(details) - set(PLAN_DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Not plan details: {', '.join(sorted(unknown))}")


def _lock(plan: ContingencyPlan) -> ContingencyPlan:
    return ContingencyPlan.objects.select_for_update(of=("self",)).select_related("carer", "cared_for").get(pk=plan.pk)


@transaction.atomic
def update_plan(plan: ContingencyPlan, *, by: User, key_safe: str | None = None, **details: str) -> ContingencyPlan:
    """Change what the plan says. `key_safe` (None keeps it, "" removes it) is stored encrypted; the audit names the
    fields changed, never their values."""
    _refuse_unknown_fields(details)
    plan = _lock(plan)
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
        purpose="contingency planning",
        detail={"contingency_plan": plan.pk, "changed": sorted(changed)},
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
    role (asked by the practitioner, recorded with who and when); at most three."""
    plan = _lock(plan)
    errors: dict[str, str] = {}
    if not plan.is_current():
        errors["__all__"] = "A withdrawn plan cannot be changed"
    current = plan.contacts.filter(removed_at__isnull=True)
    if current.count() >= MAX_EMERGENCY_CONTACTS:
        errors["__all__"] = f"A plan has at most {MAX_EMERGENCY_CONTACTS} emergency contacts: remove one first"
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
        purpose="contingency planning",
        detail={"contingency_plan": plan.pk, "emergency_contact_added": contact.pk},
    )
    return contact


@transaction.atomic
def remove_emergency_contact(contact: EmergencyContact, *, by: User) -> EmergencyContact:
    """Take someone off the plan (kept, with when, for the activations that called them). The others move up."""
    plan = _lock(contact.plan)
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
        purpose="contingency planning",
        detail={"contingency_plan": plan.pk, "emergency_contact_removed": contact.pk},
    )
    return contact


def _issue_card(plan: ContingencyPlan, *, by: User) -> EmergencyCard:
    # Nine random digits give a billion numbers: a clash is rare, and the unique index catches it.
    for _ in range(10):
        try:
            with transaction.atomic():
                return EmergencyCard.objects.create(
                    area=plan.area,
                    plan=plan,
                    number=generate_card_number(),
                    issued_at=timezone.now(),
                    created_by=by,
                    updated_by=by,
                )
        except IntegrityError:
            if EmergencyCard.objects.filter(plan=plan, status=EmergencyCard.Status.ACTIVE).exists():
                raise
    raise RuntimeError("Could not find an unused card number")  # pragma: no cover - a billion numbers


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
    plan = _lock(plan)
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
    card = plan.cards.filter(status=EmergencyCard.Status.ACTIVE).first()
    if card is None:
        card = _issue_card(plan, by=by)
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=plan.carer,
        area=plan.area,
        purpose="contingency planning",
        detail={"contingency_plan": plan.pk, "status": [was, plan.status], "review_date": review_date.isoformat()},
    )
    summary = (
        f"Contingency plan for {plan.cared_for.full_name} made active; emergency card issued"
        if was == ContingencyPlan.Status.DRAFT
        else f"Contingency plan for {plan.cared_for.full_name} reviewed"
    )
    add_timeline_entry(
        plan.carer, kind="contingency_plan_confirmed", summary=summary, actor=by, link=plan.get_absolute_url()
    )
    return plan


@transaction.atomic
def reissue_card(plan: ContingencyPlan, *, by: User) -> EmergencyCard:
    """A new card number for a lost or damaged card. The old number stops working at once."""
    plan = _lock(plan)
    if plan.status not in {ContingencyPlan.Status.ACTIVE, ContingencyPlan.Status.NEEDS_REVIEW}:
        raise PlanInvalid({"__all__": "Only an active plan has a card to reissue"})
    old = plan.cards.filter(status=EmergencyCard.Status.ACTIVE).first()
    if old is not None:
        old.status = EmergencyCard.Status.REISSUED
        old.ended_at = timezone.now()
        old.updated_by = by
        old.save(update_fields=["status", "ended_at", "updated_by", "updated_at"])
    card = _issue_card(plan, by=by)
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=plan.carer,
        area=plan.area,
        purpose="contingency planning",
        detail={"contingency_plan": plan.pk, "card_reissued": True},
    )
    return card


@transaction.atomic
def withdraw_plan(plan: ContingencyPlan, *, by: User) -> ContingencyPlan:
    """End the plan (the carer no longer wants it, or stopped caring). Its card stops working at once."""
    plan = _lock(plan)
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
        purpose="contingency planning",
        detail={"contingency_plan": plan.pk, "status": [was, plan.status]},
    )
    add_timeline_entry(
        plan.carer,
        kind="contingency_plan_withdrawn",
        summary=f"Contingency plan for {plan.cared_for.full_name} withdrawn",
        actor=by,
        link=plan.get_absolute_url(),
    )
    return plan


@transaction.atomic
def mark_plans_due_for_review(*, today: date | None = None) -> int:
    """Active plans whose review date has passed now need review (the reminder). Their cards keep working: an
    emergency does not wait for paperwork. Returns how many plans were marked."""
    today = today or timezone.localdate()
    due = list(
        ContingencyPlan.objects.select_for_update()
        .filter(status=ContingencyPlan.Status.ACTIVE, review_date__lt=today)
        .select_related("carer")
    )
    for plan in due:
        plan.status = ContingencyPlan.Status.NEEDS_REVIEW
        plan.save(update_fields=["status", "updated_at"])
        record_event(
            AuditEvent.Kind.RECORD_CHANGED,
            actor=None,
            subject=plan.carer,
            area=plan.area,
            purpose="contingency plan review reminder",
            detail={"contingency_plan": plan.pk, "status": [ContingencyPlan.Status.ACTIVE, plan.status]},
        )
    return len(due)


def send_plan_review_reminders(*, today: date | None = None) -> int:
    """Email the practitioners working with each carer whose plan's review date falls within
    CARERSHUB_PLAN_REVIEW_REMINDER_DAYS (or has passed), once per review date. Running it again the same day (or
    after a crash) reminds nobody twice. Returns how many plans were reminded."""
    today = today or timezone.localdate()
    return sum(_remind_plan_review(plan_id) for plan_id in plans_due_a_review_reminder(today=today))


@transaction.atomic
def _remind_plan_review(plan_id: int) -> int:
    # Locked and re-checked: two workers running the job at once must not both send the reminder.
    plan = (
        ContingencyPlan.objects.select_for_update(of=("self",))
        .select_related("carer")
        .filter(pk=plan_id, review_reminder_sent_at__isnull=True, review_date__isnull=False)
        .filter(status__in=[ContingencyPlan.Status.ACTIVE, ContingencyPlan.Status.NEEDS_REVIEW])
        .first()
    )
    if plan is None or plan.review_date is None:
        return 0
    plan.review_reminder_sent_at = timezone.now()
    plan.save(update_fields=["review_reminder_sent_at", "updated_at"])
    recipients = plan_review_reminder_recipients(plan)
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=None,
        subject=plan.carer,
        area=plan.area,
        purpose="contingency plan review reminder",
        detail={"contingency_plan": plan.pk, "reminded": [user.pk for user in recipients]},
    )
    # Email is not a secure channel: the reminder names the plan by its number and links to it, never the carer.
    due = f"{plan.review_date.day} {plan.review_date:%B %Y}"
    subject = f"Carers Hub: contingency plan {plan.pk} is due for review on {due}"
    body = (
        f"Contingency plan {plan.pk} is due for review on {due}. A plan is reviewed at least once a year so that the "
        "emergency line has up-to-date contacts and needs; its emergency card keeps working meanwhile.\n\n"
        f"Sign in to Carers Hub and open the plan ({plan.get_absolute_url()}) to review it with the carer."
    )
    addresses = [user.email for user in recipients]
    transaction.on_commit(lambda: _email_each(subject, body, addresses))
    return 1


def _email_each(subject: str, body: str, addresses: list[str]) -> None:
    # One message per person, so nobody sees who else was told; a mail failure is logged and undoes nothing.
    for address in addresses:
        try:
            send_mail(subject, body, None, [address])
        except OSError:
            logger.exception("Could not send a contingency plan email")


# Card lookups and activations --------------------------------------------------------------------------------------


def _failed_lookups_key(by: User | None, api_key: ApiKey | None) -> str:
    return failed_lookups_key(by, api_key)


def is_lookup_blocked(*, by: User | None, api_key: ApiKey | None = None) -> bool:
    """Whether this account or key made too many failed lookups and is paused."""
    return bool(cache.get(_failed_lookups_key(by, api_key) + ":paused"))


@transaction.atomic
def look_up_card(
    typed: str, *, lines: list[EmergencyLine], by: User | None, api_key: ApiKey | None = None
) -> CardLookup:
    """Find the card with a typed number among the areas of the lines the responder (or key) works for. Every
    lookup is recorded, found or not; failures count towards a limit, and passing it is flagged in the audit log."""
    number = normalise_card_number(typed)
    organisation = api_key.organisation if api_key is not None else None
    if is_lookup_blocked(by=by, api_key=api_key):
        _record_lookup(number, LookupResult.RATE_LIMITED, by=by, api_key=api_key, organisation=organisation)
        return CardLookup(LookupResult.RATE_LIMITED, number)
    card = None
    if not is_valid_card_number(number):
        result = LookupResult.MISTYPED
    else:
        area_ids = [line.area_id for line in lines]
        card = (
            EmergencyCard.objects.select_related("plan__carer", "plan__cared_for", "area__emergency_line")
            .filter(number=number, area_id__in=area_ids)
            .first()
        )
        if card is None:
            result = LookupResult.UNKNOWN
        elif not card.is_active() or not card.plan.is_current():
            result = LookupResult.ENDED
        else:
            result = LookupResult.FOUND
    _record_lookup(number, result, by=by, api_key=api_key, organisation=organisation, card=card)
    if result != LookupResult.FOUND:
        _count_failure(by=by, api_key=api_key, organisation=organisation)
    return CardLookup(result, number, card if result == LookupResult.FOUND else None)


def _record_lookup(
    number: str,
    result: LookupResult,
    *,
    by: User | None,
    api_key: ApiKey | None,
    organisation: Organisation | None,
    card: EmergencyCard | None = None,
) -> None:
    # A mistyped entry may be anything the responder typed: only something shaped like a card number is kept.
    recorded_number = number if is_card_number_shaped(number) else ""
    record_event(
        AuditEvent.Kind.EMERGENCY_CARD_LOOKUP,
        actor=by,
        api_key=api_key,
        organisation=organisation,
        subject=card.plan.carer if card is not None else None,
        area=card.area if card is not None else None,
        purpose="emergency card lookup",
        detail={"card_number": recorded_number, "result": result.value},
    )


def _count_failure(*, by: User | None, api_key: ApiKey | None, organisation: Organisation | None) -> None:
    key = _failed_lookups_key(by, api_key)
    if within_limit(key, limit=FAILED_LOOKUP_LIMIT - 1, period_seconds=FAILED_LOOKUP_WINDOW_SECONDS):
        return
    # The limit is reached: pause lookups for a whole window, and flag it once (add is false if already paused).
    if cache.add(key + ":paused", True, timeout=FAILED_LOOKUP_WINDOW_SECONDS):
        logger.warning(
            "Emergency card lookups paused after repeated failures (user %s, key %s)",
            by.pk if by else None,
            api_key.pk if api_key else None,
        )
        organisation = organisation or (by.organisation if by is not None else None)
        managers = managers_of(organisation) if organisation is not None else []
        record_event(
            AuditEvent.Kind.EMERGENCY_LOOKUPS_FLAGGED,
            actor=by,
            api_key=api_key,
            organisation=organisation,
            purpose="flagged: repeated failed emergency card lookups",
            detail={
                "flagged": "repeated_failed_card_lookups",
                "failures": FAILED_LOOKUP_LIMIT,
                "managers_told": [manager.pk for manager in managers],
            },
        )
        who = f"the API key {api_key.name!r}" if api_key is not None else (by.full_name or by.email if by else "")
        subject = f"Carers Hub: emergency card lookups paused for {who}"
        body = (
            f"Emergency card lookups by {who} are paused for {FAILED_LOOKUP_WINDOW_SECONDS // 60} minutes: "
            f"{FAILED_LOOKUP_LIMIT} card numbers in a row were mistyped, unknown or no longer in use. It may be "
            "mistyping under stress, or someone trying numbers.\n\n"
            f"Sign in to Carers Hub and open Paused card lookups ({reverse('emergency_response:paused_lookups')}) "
            "to lift the pause once you have checked."
        )
        addresses = [manager.email for manager in managers]
        transaction.on_commit(lambda: _email_each(subject, body, addresses))


@transaction.atomic
def lift_lookup_pause(*, by: User, responder: User | None = None, api_key: ApiKey | None = None) -> None:
    """A manager of the organisation lets a paused responder (or its API key) look up cards again, with a fresh
    count of failures. Only for their own organisation's accounts and keys; recorded in the audit log."""
    subject_organisation_id = responder.organisation_id if responder is not None else None
    if api_key is not None:
        subject_organisation_id = api_key.organisation_id
    if (
        (responder is None) == (api_key is None)
        or not by.has_role(Role.MANAGER)
        or by.organisation_id is None
        or subject_organisation_id != by.organisation_id
    ):
        raise PlanInvalid({"__all__": "You can lift pauses only for your own organisation's responders and keys"})
    key = _failed_lookups_key(responder, api_key)
    cache.delete(key + ":paused")
    RateLimitCount.objects.filter(key=key[:150]).delete()
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        api_key=api_key,
        purpose="emergency card lookup pause lifted",
        subject=responder if responder is not None else api_key,
        detail={"lookup_pause_lifted": True},
    )


@transaction.atomic
def record_api_card_view(card: EmergencyCard, *, api_key: ApiKey, reason: str) -> None:
    """A call-centre system read the plan through the API: recorded like a responder's view, with its reason."""
    record_event(
        AuditEvent.Kind.EMERGENCY_PLAN_OPENED,
        actor=None,
        api_key=api_key,
        organisation=api_key.organisation,
        subject=card.plan.carer,
        area=card.area,
        purpose=reason[:_PURPOSE_LENGTH],
        detail={"break_the_glass": True, "contingency_plan": card.plan_id, "card_number": card.number},
    )


@transaction.atomic
def open_activation(
    card: EmergencyCard, *, by: User, reason: str, call_received_at: datetime | None = None
) -> tuple[Activation, bool]:
    """Open the card's plan for an emergency ("break the glass"), recorded with the reason. If another responder
    already has it open, theirs is returned (and this view recorded) rather than a second one: returns the
    activation and whether it was opened by this call. Contacts who agreed to messages are sent one, after commit."""
    reason = reason.strip()
    if not reason:
        raise PlanInvalid({"reason": "Enter why you are opening this plan"})
    plan = _lock(card.plan)
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
                    reason=reason[:_PURPOSE_LENGTH],
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
        purpose=reason[:_PURPOSE_LENGTH],
        detail={
            "break_the_glass": True,
            "contingency_plan": plan.pk,
            "activation": activation.pk,
            "card_number": card.number,
            "joined_open_activation": not opened,
        },
    )
    if opened:
        add_timeline_entry(
            plan.carer,
            kind="emergency_plan_activated",
            summary=f"Emergency line opened the contingency plan for {plan.cared_for.full_name}: {reason}",
            actor=by,
            link=plan.get_absolute_url(),
        )
        _queue_messages(activation)
    return activation, opened


def _open_activation_of(plan: ContingencyPlan) -> Activation | None:
    return plan.activations.filter(closed_at__isnull=True).first()


def _queue_messages(activation: Activation) -> None:
    notifications = []
    for contact in activation.plan.contacts.filter(removed_at__isnull=True):
        if contact.may_text and contact.phone:
            notifications.append(Notification(channel=Notification.Channel.SMS, contact=contact))
        if contact.may_email and contact.email:
            notifications.append(Notification(channel=Notification.Channel.EMAIL, contact=contact))
    for notification in notifications:
        notification.area = activation.area
        notification.activation = activation
    created = Notification.objects.bulk_create(notifications)
    ids = [notification.pk for notification in created]
    transaction.on_commit(lambda: _enqueue_sends(ids))


def _enqueue_sends(ids: list[int]) -> None:
    from carershub.emergency_response.tasks import send_emergency_notification

    for notification_id in ids:
        try:
            send_emergency_notification.enqueue(notification_id)
        except Exception:  # a queue problem must never undo or block the activation
            logger.exception("Could not queue emergency notification %s", notification_id)


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
    )
    return attempt


@transaction.atomic
def close_activation(
    activation: Activation, *, by: User, outcome: str, follow_up: str, support_hours: Decimal | None = None
) -> Activation:
    """Close the activation with its outcome (required) and the follow-up offered; its hours count in the KPIs."""
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
    )
    add_timeline_entry(
        activation.plan.carer,
        kind="emergency_plan_activation_closed",
        summary=(
            f"Emergency response for {activation.plan.cared_for.full_name} closed: "
            f"{activation.get_outcome_display()} ({activation.support_hours} hours of emergency support)"
        ),
        actor=by,
        link=activation.plan.get_absolute_url(),
    )
    return activation


# Notifications -----------------------------------------------------------------------------------------------------


@transaction.atomic
def retry_notification(notification: Notification, *, by: User) -> Notification:
    """Send a failed message again (the responder asked), or one stuck "sending" for Notification.STUCK_AFTER. Not
    once the activation is closed: it is a record."""
    notification = Notification.objects.select_for_update().select_related("activation").get(pk=notification.pk)
    if not notification.activation.is_open():
        raise ActivationClosed(notification.activation)
    if not notification.can_be_retried():
        return notification
    notification.status = Notification.Status.PENDING
    notification.error = ""
    notification.next_attempt_at = None  # this send replaces any automatic one still waiting
    notification.save(update_fields=["status", "error", "next_attempt_at", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        area=notification.area,
        purpose=notification.activation.reason,
        detail={"activation": notification.activation_id, "notification_retried": notification.pk},
    )
    ids = [notification.pk]
    transaction.on_commit(lambda: _enqueue_sends(ids))
    return notification


def deliver_notification(notification_id: int, *, after_attempts: int | None = None) -> Notification:
    """Send one message through the area's GOV.UK Notify service and store what happened. Runs in a task, outside
    any request; the HTTP call is made outside a transaction, with a short timeout, so that a slow Notify never
    holds a lock or a worker for long.

    A passing failure (Notify down, a timeout, a refused connection) is sent again automatically with backoff
    (`rules.automatic_retry_delay`) when the task queue can run a task later; the immediate backend of development
    and tests cannot, so there the responder's "Try again" is the retry. `after_attempts` marks such an automatic
    retry: it stands down if another send has been made since it was queued (the responder's "Try again")."""
    notification = Notification.objects.select_related(
        "contact", "activation__plan__carer", "activation__plan__cared_for"
    ).get(pk=notification_id)
    if notification.status == Notification.Status.SENT:
        return notification
    if after_attempts is not None and (notification.attempts != after_attempts or notification.next_attempt_at is None):
        return notification
    line = EmergencyLine.objects.filter(area_id=notification.area_id).first()
    now = timezone.now()
    notification.attempts += 1
    notification.last_attempt_at = now
    notification.next_attempt_at = None
    if line is None or not line.is_notify_configured():
        notification.status = Notification.Status.NOT_CONFIGURED
        notification.error = "GOV.UK Notify is not set up for this area"
    else:
        failure_status = _send_through_notify(notification, line)
        delay = None if failure_status is None else automatic_retry_delay(notification.attempts, failure_status)
        if delay is not None and _queue_can_run_later():
            notification.next_attempt_at = now + delay
    notification.save(
        update_fields=["attempts", "last_attempt_at", "next_attempt_at", "status", "error", "notify_id", "updated_at"]
    )
    if notification.next_attempt_at is not None:
        _enqueue_automatic_retry(notification)
    return notification


def _queue_can_run_later() -> bool:
    from carershub.emergency_response.tasks import send_emergency_notification

    return bool(send_emergency_notification.get_backend().supports_defer)


def _enqueue_automatic_retry(notification: Notification) -> None:
    from carershub.emergency_response.tasks import send_emergency_notification

    try:
        send_emergency_notification.using(run_after=notification.next_attempt_at).enqueue(
            notification.pk, after_attempts=notification.attempts
        )
    except Exception:  # the responder can still "Try again"; say so by not promising an automatic retry
        logger.exception("Could not queue an automatic retry of emergency notification %s", notification.pk)
        Notification.objects.filter(pk=notification.pk).update(next_attempt_at=None)
        notification.next_attempt_at = None


def _send_through_notify(notification: Notification, line: EmergencyLine) -> int | None:
    """Send the message and set its status; returns None when sent, else the failure's HTTP status (Notify's, or
    503 for a timeout or refused connection, as the client reports them; 0 for a fault on our side)."""
    contact = notification.contact
    plan = notification.activation.plan
    personalisation = {
        "contact_name": contact.name,
        "carer_name": plan.carer.full_name,
        "cared_for_name": plan.cared_for.full_name,
        "emergency_line_phone_number": line.phone_number,
    }
    reference = f"activation-{notification.activation_id}-{notification.pk}"
    failure_status = 0
    try:
        client = NotificationsAPIClient(  # type: ignore[no-untyped-call]
            decrypt(line.notify_api_key_encrypted),
            base_url=settings.CARERSHUB_NOTIFY_BASE_URL,
            timeout=NOTIFY_TIMEOUT_SECONDS,
        )
        if notification.channel == Notification.Channel.SMS:
            template_id = line.notify_sms_template_id
            response = client.send_sms_notification(  # type: ignore[no-untyped-call]
                phone_number=contact.phone,
                template_id=template_id,
                personalisation=personalisation,
                reference=reference,
            )
        else:
            template_id = line.notify_email_template_id
            response = client.send_email_notification(  # type: ignore[no-untyped-call]
                email_address=contact.email,
                template_id=template_id,
                personalisation=personalisation,
                reference=reference,
            )
    except (APIError, requests.RequestException, CannotDecrypt, AssertionError) as error:
        # Notify's message says what was wrong (e.g. "400 - Missing template"), never the key.
        if isinstance(error, APIError):
            failure_status = error.status_code
        elif isinstance(error, requests.RequestException):
            failure_status = 503
        notification.status = Notification.Status.FAILED
        notification.error = str(error)[:500]
        logger.warning("Emergency notification %s failed: %s", notification.pk, notification.error)
        return failure_status
    notification.status = Notification.Status.SENT
    notification.notify_id = str(response.get("id", ""))[:36]
    notification.error = ""
    return None


@transaction.atomic
def configure_emergency_line(
    area: Area,
    *,
    by: User | None,
    organisation: Organisation,
    phone_number: str,
    notify_api_key: str | None = None,
    notify_sms_template_id: str = "",
    notify_email_template_id: str = "",
) -> EmergencyLine:
    """Set who runs an area's 24/7 line, its number and its Notify settings (the API key is stored encrypted;
    None keeps the stored key)."""
    line, _ = EmergencyLine.objects.get_or_create(
        area=area, defaults={"organisation": organisation, "phone_number": phone_number, "created_by": by}
    )
    line.organisation = organisation
    line.phone_number = phone_number
    line.notify_sms_template_id = notify_sms_template_id
    line.notify_email_template_id = notify_email_template_id
    if notify_api_key is not None:
        line.notify_api_key_encrypted = encrypt(notify_api_key.strip())
    line.updated_by = by
    line.save()
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        area=area,
        subject=line,
        purpose="emergency line settings",
        detail={"organisation": organisation.pk, "notify_configured": line.is_notify_configured()},
    )
    return line
