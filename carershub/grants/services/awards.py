"""The moderated decision (within the round's remaining budget, never by a conflicted member), payments and the
end-of-grant return."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.grants.events import GrantsEvent
from carershub.grants.models import Application, Award, FundingRound, GrantReturn, Payment
from carershub.grants.rules.scoring import MINIMUM_SCORERS, fits_budget, remaining_budget
from carershub.grants.services import GrantsInvalid
from carershub.grants.services.panel import declaration_of, panel_score_of, panel_seat


@dataclass(frozen=True)
class ApplicationDecided:
    application: Application
    award: Award | None
    remaining_budget: Decimal


def awards_of(funding_round: FundingRound) -> list[Decimal]:
    return list(Award.objects.filter(application__funding_round=funding_round).values_list("amount", flat=True))


def _check_decider(application: Application, by: User) -> None:
    seat = panel_seat(application, by)
    declaration = declaration_of(application, by)
    if seat is None or not seat.is_moderator:
        raise GrantsInvalid({"": "Only the panel's moderator decides"})
    if declaration is None:
        raise GrantsInvalid({"": "Declare any conflict of interest before deciding"})
    if declaration.has_conflict:
        raise GrantsInvalid({"": "You declared a conflict of interest, so you cannot decide this application"})


@transaction.atomic
def decide_application(
    application: Application, *, by: User, award: bool, reasons: str, amount: Decimal | None = None
) -> ApplicationDecided:
    """Award (an amount within what is left of the round's budget) or decline, with reasons, once at least two
    panel members without a conflict have scored it. The round is locked while its budget is read."""
    funding_round = FundingRound.objects.select_for_update().get(pk=application.funding_round_id)
    application = Application.objects.select_for_update().select_related("funding_round").get(pk=application.pk)
    _check_decider(application, by)
    if application.status != Application.Status.ELIGIBLE:
        raise GrantsInvalid({"": "Only eligible applications waiting for a decision are decided"})
    if not panel_score_of(application).is_complete:
        raise GrantsInvalid({"": f"At least {MINIMUM_SCORERS} panel members must score it first"})
    if not reasons.strip():
        raise GrantsInvalid({"reasons": "Enter the reasons for the decision"})
    awarded = awards_of(funding_round)
    granted: Award | None = None
    if award:
        if amount is None or not fits_budget(amount, budget=funding_round.budget, awards=awarded):
            left = remaining_budget(funding_round.budget, awarded)
            raise GrantsInvalid({"amount": f"Enter an amount more than £0 and no more than the £{left:,.2f} left"})
        if amount > application.amount_requested:
            raise GrantsInvalid({"amount": "The award cannot be more than the amount asked for"})
        granted = Award.objects.create(
            application=application,
            amount=amount,
            awarded_on=timezone.localdate(),
            reasons=reasons.strip(),
            decided_by=by,
            created_by=by,
            updated_by=by,
        )
        awarded.append(amount)
    application.status = Application.Status.AWARDED if award else Application.Status.DECLINED
    application.updated_by = by
    application.save(update_fields=["status", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=application,
        area=application.area,
        purpose="community fund decision",
        event=GrantsEvent.APPLICATION_DECIDED,
        detail={"awarded": str(amount) if award else None, "reasons": reasons},
    )
    return ApplicationDecided(
        application=application, award=granted, remaining_budget=remaining_budget(funding_round.budget, awarded)
    )


@transaction.atomic
def record_payment(award: Award, *, by: User, amount: Decimal, paid_on: date, reference: str = "") -> Payment:
    """Record money paid to the group; payments never add up to more than the award."""
    award = Award.objects.select_for_update().select_related("application").get(pk=award.pk)
    paid = award.payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if amount <= 0 or paid + amount > award.amount:
        raise GrantsInvalid(
            {"amount": f"Enter an amount more than £0 and no more than the £{award.amount - paid:,.2f} unpaid"}
        )
    if paid_on > timezone.localdate():
        raise GrantsInvalid({"paid_on": "Payment date must be today or in the past"})
    payment = Payment.objects.create(
        award=award, amount=amount, paid_on=paid_on, reference=reference.strip(), created_by=by, updated_by=by
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=award.application,
        area=award.application.area,
        purpose="community fund payment",
        event=GrantsEvent.PAYMENT_RECORDED,
        detail={"amount": str(amount)},
    )
    return payment


@transaction.atomic
def record_return(
    award: Award, *, by: User, spent: Decimal, carers_reached: int, what_changed: str, received_on: date
) -> GrantReturn:
    """Record the group's end-of-grant return (once)."""
    award = Award.objects.select_for_update().select_related("application").get(pk=award.pk)
    errors: dict[str, str] = {}
    if GrantReturn.objects.filter(award=award).exists():
        errors[""] = "The end-of-grant return is already recorded"
    if spent < 0:
        errors["spent"] = "Spend must be £0 or more"
    if not what_changed.strip():
        errors["what_changed"] = "Enter what changed for carers"
    if errors:
        raise GrantsInvalid(errors)
    grant_return = GrantReturn.objects.create(
        award=award,
        spent=spent,
        carers_reached=carers_reached,
        what_changed=what_changed.strip(),
        received_on=received_on,
        created_by=by,
        updated_by=by,
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=award.application,
        area=award.application.area,
        purpose="community fund return",
        event=GrantsEvent.RETURN_RECORDED,
    )
    return grant_return
