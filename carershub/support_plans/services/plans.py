"""A support plan's life: started from an eligible assessment, drafted need by need, its personal budget approved,
agreed with the carer, revised into new versions, and ended (Care Act 2014 ss.24-26)."""

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.assessments.models import Assessment
from carershub.assessments.rules.eligibility import OUTCOME_LABELS, Outcome
from carershub.core.models import AuditEvent
from carershub.emergency_response.models import ContingencyPlan
from carershub.support_plans.events import SupportPlanEvent
from carershub.support_plans.models import HowMet, PlanNeed, PlanReview, SupportPlan
from carershub.support_plans.services.budget import approval_threshold, budget_total, needs_budget_approval
from carershub.support_plans.services.common import (
    SupportPlanInvalid,
    WrongStatus,
    bump,
    locked_draft,
    optional_text,
    record,
    required_text,
)
from carershub.support_plans.services.review_schedule import cancel_scheduled_reviews, schedule_reviews_for_agreed_plan

_REFERENCE_ALPHABET: Final = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# Needs met by these are services the council arranges: the ones the Client Level Data return counts.
SERVICE_WAYS: Final = frozenset({HowMet.OUR_SERVICE, HowMet.COMMISSIONED, HowMet.DIRECT_PAYMENT})


@dataclass(frozen=True)
class PlanStarted:
    plan: SupportPlan
    was_new: bool


@dataclass(frozen=True)
class PlanAgreed:
    plan: SupportPlan
    superseded: SupportPlan | None
    reviews: tuple[PlanReview, ...]


def new_reference() -> str:
    """A plan reference such as PK7M3Q9R2: random, never derived from the person."""
    return "P" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))


def _needs_from_determination(assessment: Assessment) -> list[tuple[str, str]]:
    # s.25(1)(a)-(b): the plan specifies the needs the assessment identified, as the determination recorded them.
    codes = [str(code) for code in (assessment.decision or {}).get("unable_outcomes") or []]
    needs = [(code, OUTCOME_LABELS[Outcome(code)]) for code in codes if code in Outcome._value2member_map_]
    return needs or [("", "Needs identified in the assessment")]


@transaction.atomic
def start_plan(assessment: Assessment, *, by: User) -> PlanStarted:
    """Start a support plan from a signed-off assessment with eligible needs, carrying its needs over (s.24(1)).

    An assessment has one plan: starting it again (a double click) returns the plan already started."""
    assessment = Assessment.objects.select_for_update(of=("self",)).select_related("carer__area").get(pk=assessment.pk)
    if assessment.status != Assessment.Status.COMPLETED or assessment.eligible is not True:
        raise WrongStatus("A support plan is started from a signed-off assessment with eligible needs")
    existing = SupportPlan.objects.filter(area=assessment.area_id, assessment=assessment).order_by("-version").first()
    if existing is not None:
        return PlanStarted(existing, was_new=False)
    plan = SupportPlan.objects.create(
        area=assessment.area,
        reference=new_reference(),
        carer=assessment.carer,
        assessment=assessment,
        organisation=by.organisation or assessment.organisation,
        created_by=by,
        updated_by=by,
    )
    PlanNeed.objects.bulk_create(
        PlanNeed(area=plan.area, plan=plan, order=number, outcome_code=code, description=description, created_by=by)
        for number, (code, description) in enumerate(_needs_from_determination(assessment))
    )
    record(
        SupportPlanEvent.PLAN_STARTED,
        kind=AuditEvent.Kind.RECORD_CREATED,
        by=by,
        subject=plan,
        carer=plan.carer,
        timeline=f"Support plan {plan.reference} started from assessment {assessment.reference}",
        link=plan.get_absolute_url(),
        reference=plan.reference,
        assessment=assessment.reference,
    )
    return PlanStarted(plan, was_new=True)


@transaction.atomic
def update_plan(
    plan: SupportPlan,
    *,
    expected_version: int,
    by: User,
    outcomes_wanted: str,
    advice_and_information: str,
    people_involved: str,
    carer_contribution: Decimal,
    contingency_plan: ContingencyPlan | None,
) -> SupportPlan:
    """Change a draft plan's outcomes, advice, involvement, carer's contribution and contingency plan."""
    plan = locked_draft(plan, expected_version)
    if carer_contribution < 0:
        raise SupportPlanInvalid({"carer_contribution": "The carer's contribution must not be negative"})
    if contingency_plan is not None and contingency_plan.carer_id != plan.carer_id:
        raise SupportPlanInvalid({"contingency_plan": "Choose one of the carer's own contingency plans"})
    plan.outcomes_wanted = optional_text(outcomes_wanted, field="outcomes_wanted")
    plan.advice_and_information = optional_text(advice_and_information, field="advice_and_information")
    plan.people_involved = optional_text(people_involved, field="people_involved")
    plan.carer_contribution = carer_contribution
    plan.contingency_plan = contingency_plan
    fields = ["outcomes_wanted", "advice_and_information", "people_involved", "carer_contribution", "contingency_plan"]
    bump(plan, by, *fields)
    record(
        SupportPlanEvent.PLAN_CHANGED,
        kind=AuditEvent.Kind.RECORD_CHANGED,
        by=by,
        subject=plan,
        carer=plan.carer,
        fields=fields,
        lock_version=plan.lock_version,
    )
    return plan


@dataclass(frozen=True)
class NeedDetails:
    """What a practitioner writes about one need: how it is met, its cost and its Client Level Data fields."""

    description: str
    how_met: str
    how_met_detail: str = ""
    cost: Decimal = Decimal("0.00")
    direct_payment_amount: Decimal | None = None
    direct_payment_frequency: str = ""
    cld_service_type: str = ""
    cld_delivery_mechanism: str = ""
    service_starts_on: date | None = None
    service_ends_on: date | None = None


def check_need(details: NeedDetails) -> dict[str, str]:
    """The messages for a need that cannot be saved as given, by field."""
    errors: dict[str, str] = {}
    if not details.description.strip():
        errors["description"] = "Enter the need"
    if details.how_met and details.how_met not in HowMet.values:
        errors["how_met"] = "Choose how the need will be met"
    if details.cost < 0 or details.cost != details.cost.quantize(Decimal("0.01")):
        errors["cost"] = "Enter the cost in pounds and pence, zero or more"
    if details.how_met == HowMet.DIRECT_PAYMENT:
        # s.25(2): a need met by a direct payment names its amount and frequency.
        if details.direct_payment_amount is None or details.direct_payment_amount <= 0:
            errors["direct_payment_amount"] = "Enter the amount of the direct payment"
        if not details.direct_payment_frequency:
            errors["direct_payment_frequency"] = "Choose how often the direct payment is paid"
    if details.how_met in SERVICE_WAYS and not details.cld_service_type:
        errors["cld_service_type"] = (
            "Choose whether the service is direct to the carer or involves the person cared for"
        )
    if (
        details.service_starts_on is not None
        and details.service_ends_on is not None
        and details.service_ends_on < details.service_starts_on
    ):
        errors["service_ends_on"] = "The end date must be the same as or after the start date"
    return errors


def _delivery_mechanism(details: NeedDetails) -> str:
    # A direct payment is always reported as one; other services keep what the practitioner chose.
    if details.how_met == HowMet.DIRECT_PAYMENT:
        return "Direct Payment"
    return details.cld_delivery_mechanism if details.how_met in SERVICE_WAYS else ""


@transaction.atomic
def save_need(
    plan: SupportPlan, *, expected_version: int, by: User, details: NeedDetails, need: PlanNeed | None = None
) -> PlanNeed:
    """Add a need to a draft plan, or change one: how it will be met (s.25(1)(c)), its cost (s.26) and, when a direct
    payment meets it, the amount and frequency (s.25(2))."""
    plan = locked_draft(plan, expected_version)
    if errors := check_need(details):
        raise SupportPlanInvalid(errors)
    is_direct_payment = details.how_met == HowMet.DIRECT_PAYMENT
    values = {
        "description": details.description.strip()[:300],
        "how_met": details.how_met,
        "how_met_detail": optional_text(details.how_met_detail, field="how_met_detail"),
        "cost": details.cost,
        "direct_payment_amount": details.direct_payment_amount if is_direct_payment else None,
        "direct_payment_frequency": details.direct_payment_frequency if is_direct_payment else "",
        "cld_service_type": details.cld_service_type if details.how_met in SERVICE_WAYS else "",
        "cld_delivery_mechanism": _delivery_mechanism(details),
        "service_starts_on": details.service_starts_on,
        "service_ends_on": details.service_ends_on,
    }
    if need is None:
        order = PlanNeed.objects.filter(area=plan.area_id, plan=plan).count()
        need = PlanNeed.objects.create(area=plan.area, plan=plan, order=order, created_by=by, updated_by=by, **values)
    else:
        need = PlanNeed.objects.get(area=plan.area_id, plan=plan, pk=need.pk)
        for name, value in values.items():
            setattr(need, name, value)
        need.updated_by = by
        need.save(update_fields=[*values, "updated_by", "updated_at"])
    bump(plan, by)
    record(
        SupportPlanEvent.NEED_SAVED,
        kind=AuditEvent.Kind.RECORD_CHANGED,
        by=by,
        subject=plan,
        carer=plan.carer,
        need=need.pk,
        how_met=need.how_met,
        cost=str(need.cost),
        lock_version=plan.lock_version,
    )
    return need


@transaction.atomic
def remove_need(plan: SupportPlan, need: PlanNeed, *, expected_version: int, by: User) -> SupportPlan:
    """Take a need out of a draft plan (one added by mistake, or no longer to be met)."""
    plan = locked_draft(plan, expected_version)
    need = PlanNeed.objects.get(area=plan.area_id, plan=plan, pk=need.pk)
    description = need.description
    need.delete()
    bump(plan, by)
    record(
        SupportPlanEvent.NEED_REMOVED,
        kind=AuditEvent.Kind.RECORD_CHANGED,
        by=by,
        subject=plan,
        carer=plan.carer,
        need=description,
        lock_version=plan.lock_version,
    )
    return plan


def check_ready_to_agree(plan: SupportPlan) -> dict[str, str]:
    """What must be done before the plan can be agreed, by field (s.25(1))."""
    errors: dict[str, str] = {}
    needs = list(PlanNeed.objects.filter(area=plan.area_id, plan=plan))
    if not needs:
        errors["needs"] = "Add the needs the plan will meet"
    elif any(not need.how_met for need in needs):
        errors["needs"] = "Say how each need will be met"
    if not plan.advice_and_information.strip():
        errors["advice_and_information"] = (
            "Enter the advice and information given on meeting or reducing needs and preventing or delaying them "
            "(Care Act 2014 s.25(1)(f))"
        )
    if needs_budget_approval(plan, budget_total(plan)):
        errors["budget"] = (
            f"A personal budget over £{approval_threshold():,.2f} must be approved by a second person first"
        )
    return errors


@transaction.atomic
def agree_plan(
    plan: SupportPlan,
    *,
    expected_version: int,
    by: User,
    carer_agreed_on: date | None,
    carer_agreement: str,
    people_involved: str,
) -> PlanAgreed:
    """Record the carer's agreement to a draft plan and put it in force (s.25(5)); a previous version is superseded
    and its reviews make way for the new version's. Reviews are scheduled from today (s.27)."""
    plan = locked_draft(plan, expected_version)
    errors = check_ready_to_agree(plan)
    if carer_agreed_on is None:
        errors["carer_agreed_on"] = "Enter the date the carer agreed the plan"
    elif carer_agreed_on > timezone.localdate():
        errors["carer_agreed_on"] = "The date the carer agreed must be today or in the past"
    if not carer_agreement.strip():
        errors["carer_agreement"] = "Say how the carer gave their agreement"
    if not people_involved.strip() and not plan.people_involved.strip():
        errors["people_involved"] = "Say who was involved in preparing the plan (Care Act 2014 s.25(4))"
    if errors:
        raise SupportPlanInvalid(errors)
    superseded = None
    if plan.previous_id is not None:
        superseded = SupportPlan.objects.select_for_update(of=("self",)).get(pk=plan.previous_id)
        superseded.status = SupportPlan.Status.SUPERSEDED
        bump(superseded, by, "status")
        cancel_scheduled_reviews(superseded, by=by, reason=f"Replaced by version {plan.version}")
    plan.status = SupportPlan.Status.AGREED
    plan.carer_agreed_on = carer_agreed_on
    plan.carer_agreement = required_text(carer_agreement, field="carer_agreement", message="")
    if people_involved.strip():
        plan.people_involved = optional_text(people_involved, field="people_involved")
    plan.agreed_at = timezone.now()
    plan.agreed_by = by
    bump(plan, by, "status", "carer_agreed_on", "carer_agreement", "people_involved", "agreed_at", "agreed_by")
    record(
        SupportPlanEvent.PLAN_AGREED,
        kind=AuditEvent.Kind.RECORD_CHANGED,
        by=by,
        subject=plan,
        carer=plan.carer,
        timeline=f"Support plan {plan.reference} version {plan.version} agreed with the carer",
        link=plan.get_absolute_url(),
        version=plan.version,
        superseded=superseded.pk if superseded is not None else None,
    )
    reviews = schedule_reviews_for_agreed_plan(plan, by=by, has_services=has_services(plan))
    return PlanAgreed(plan, superseded, reviews)


def has_services(plan: SupportPlan) -> bool:
    """Whether the council arranges any service in the plan (one of ours, a commissioned one or a direct payment)."""
    return PlanNeed.objects.filter(area=plan.area_id, plan=plan, how_met__in=SERVICE_WAYS).exists()
