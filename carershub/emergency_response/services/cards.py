"""Emergency cards and the lookups of their numbers: issuing and reissuing a card, finding a card by a typed number
(every lookup recorded), pausing an account or key after repeated failures and a manager lifting the pause, and a
call-centre system reading a plan through the API."""

import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.core.audit import record_event
from carershub.core.messaging import email_each_after_commit
from carershub.core.models import AuditEvent, RateLimitCount
from carershub.core.ratelimit import within_limit
from carershub.emergency_response.events import EmergencyEvent
from carershub.emergency_response.models import ContingencyPlan, EmergencyCard, EmergencyLine
from carershub.emergency_response.rules import (
    generate_card_number,
    is_card_number_shaped,
    is_valid_card_number,
    normalise_card_number,
)
from carershub.emergency_response.selectors import failed_lookups_key, managers_of
from carershub.emergency_response.services.common import PLANNING_PURPOSE, PURPOSE_LENGTH, PlanInvalid, lock_plan
from carershub.organisations.models import ApiKey, Organisation

logger = logging.getLogger(__name__)

# Failed card lookups (a wrong check digit, an unknown or ended number) an account or key may make in the window
# before it is stopped and flagged: enough for a stressed responder's typos, too few to guess numbers.
FAILED_LOOKUP_LIMIT: Final = 10
FAILED_LOOKUP_WINDOW_SECONDS: Final = 15 * 60


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


# Cards ---------------------------------------------------------------------------------------------------------------


def issue_card(plan: ContingencyPlan, *, by: User) -> EmergencyCard:
    """A new card with an unused number for a plan (the caller holds the plan's lock and records the event)."""
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


@transaction.atomic
def reissue_card(plan: ContingencyPlan, *, by: User) -> EmergencyCard:
    """A new card number for a lost or damaged card. The old number stops working at once."""
    plan = lock_plan(plan)
    if plan.status not in {ContingencyPlan.Status.ACTIVE, ContingencyPlan.Status.NEEDS_REVIEW}:
        raise PlanInvalid({"__all__": "Only an active plan has a card to reissue"})
    old = plan.cards.filter(status=EmergencyCard.Status.ACTIVE).first()
    if old is not None:
        old.status = EmergencyCard.Status.REISSUED
        old.ended_at = timezone.now()
        old.updated_by = by
        old.save(update_fields=["status", "ended_at", "updated_by", "updated_at"])
    card = issue_card(plan, by=by)
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=plan.carer,
        area=plan.area,
        purpose=PLANNING_PURPOSE,
        detail={"contingency_plan": plan.pk, "card_reissued": True},
        event=EmergencyEvent.CARD_REISSUED,
    )
    return card


# Lookups -------------------------------------------------------------------------------------------------------------


def is_lookup_blocked(*, by: User | None, api_key: ApiKey | None = None) -> bool:
    """Whether this account or key made too many failed lookups and is paused."""
    return bool(cache.get(failed_lookups_key(by, api_key) + ":paused"))


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
        event=EmergencyEvent.CARD_LOOKED_UP,
    )


def _count_failure(*, by: User | None, api_key: ApiKey | None, organisation: Organisation | None) -> None:
    key = failed_lookups_key(by, api_key)
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
            detail={
                "flagged": "repeated_failed_card_lookups",
                "failures": FAILED_LOOKUP_LIMIT,
                "managers_told": [manager.pk for manager in managers],
            },
            event=EmergencyEvent.LOOKUPS_PAUSED,
        )
        who = f"the API key {api_key.name!r}" if api_key is not None else (by.full_name or by.email if by else "")
        email_each_after_commit(
            f"Carers Hub: emergency card lookups paused for {who}",
            f"Emergency card lookups by {who} are paused for {FAILED_LOOKUP_WINDOW_SECONDS // 60} minutes: "
            f"{FAILED_LOOKUP_LIMIT} card numbers in a row were mistyped, unknown or no longer in use. It may be "
            "mistyping under stress, or someone trying numbers.\n\n"
            "Sign in to Carers Hub and open Contingency plans, then Paused card lookups, to lift the pause once you "
            "have checked.",
            [manager.email for manager in managers],
            about="paused emergency card lookups",
        )


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
    key = failed_lookups_key(responder, api_key)
    cache.delete(key + ":paused")
    RateLimitCount.objects.filter(key=key[:150]).delete()
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        api_key=api_key,
        subject=responder if responder is not None else api_key,
        detail={"lookup_pause_lifted": True},
        event=EmergencyEvent.LOOKUP_PAUSE_LIFTED,
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
        purpose=reason[:PURPOSE_LENGTH],
        detail={"break_the_glass": True, "contingency_plan": card.plan_id, "card_number": card.number},
        event=EmergencyEvent.PLAN_OPENED,
    )
