"""Support plans: their part of `seed_demo`. About sixty plans at the carers' centre (a few at "small" scale, five
times as many at "county"), each from a signed-off eligible carer's assessment and made through the services so it
has the shape the pages expect: agreed plans with one-off direct payments for a break, a course or equipment (paid)
and regular ones begun some months ago (the payments due so far paid), short breaks requested, booked and
delivered, light-touch reviews coming due and one overdue, one plan revised into its version 2, a few drafts, and
one assessment left without a plan to start one from. The live measures get Coventry's targets
(about 70 direct payments and short breaks for 50 to 60 carers a year, seed 001 §1.25) on every demo contract.
"""

from datetime import timedelta
from decimal import Decimal
from typing import Final

from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.assessments.demo import signed_off_eligible
from carershub.assessments.models import Assessment
from carershub.commissioning.models import Contract
from carershub.commissioning.services.monitoring import add_kpi
from carershub.core.seeding import SeedContext
from carershub.organisations.models import Organisation
from carershub.support_plans.models import HowMet, PaymentHolding, PlanNeed, PlanReview, SupportPlan
from carershub.support_plans.services.budget import approval_threshold, approve_budget
from carershub.support_plans.services.direct_payments import AgreementTerms, record_payment, set_up_direct_payment
from carershub.support_plans.services.plans import NeedDetails, agree_plan, save_need, start_plan, update_plan
from carershub.support_plans.services.short_breaks import approve_break, book_break, record_delivery, request_break
from carershub.support_plans.services.versions import start_revision

PRACTITIONER: Final = "practitioner@carershub.example"
MANAGER: Final = "manager@carershub.example"
# Coventry's carers' centre: about 70 direct payments and 50 to 60 short breaks a year (seed 001 §1.25), so the
# demo has some sixty agreed plans.
PLANS: Final = 60
COVENTRY_TARGETS: Final = (
    # A level, not a flow: Coventry asks for a plan for every eligible assessed carer; the demo centre has ~60.
    ("carers_with_agreed_plan", Decimal(PLANS)),
    ("direct_payments_in_payment", Decimal(70)),
    ("short_breaks_delivered", Decimal(55)),
)


def seed(context: SeedContext) -> None:
    practitioner = User.objects.filter(email=PRACTITIONER).first()
    if practitioner is not None and not SupportPlan.objects.exists():
        eligible = Assessment.objects.filter(
            status=Assessment.Status.COMPLETED, eligible=True, kind=Assessment.Kind.CARERS, assessor=practitioner
        ).order_by("pk")
        # The last of the assessments signed off so far stays without a plan, for the "start a plan" journey.
        assessments = list(eligible)[:-1]
        assessments += signed_off_eligible(count=context.sized(demo=PLANS, county=PLANS * 5))
        made = [_plan(assessment, practitioner, index) for index, assessment in enumerate(assessments)]
        plans = [plan for plan in made if plan]
        agreed = [plan for plan in plans if plan.status == SupportPlan.Status.AGREED]
        if len(agreed) >= 2:
            _revise(agreed[0], practitioner)
            # One light-touch review shown overdue on the team's list: as if that plan had been agreed two months ago.
            overdue_on = timezone.localdate() - timedelta(days=5)
            PlanReview.objects.filter(plan=agreed[1], kind=PlanReview.Kind.LIGHT_TOUCH).update(due_on=overdue_on)
        context.log(f"support plans: {len(plans)} plans")
    for contract in Contract.objects.order_by("pk"):
        _add_targets(contract)


# Each plan takes one of these shapes in turn: (direct payment frequency, amount, how the money is held, its short
# break: kind and how far it went, or none).
_SHAPES: Final = (
    ("one_off", Decimal("450.00"), "prepaid_card", ("one_off_planned", "delivered")),
    ("monthly", Decimal("1200.00"), "bank_account", None),
    ("one_off", Decimal("300.00"), "prepaid_card", ("my_time", "requested")),
    ("monthly", Decimal("960.00"), "managed_account", ("planned_regular", "booked")),
    ("one_off", Decimal("500.00"), "bank_account", ("planned_regular", "delivered")),
    ("one_off", Decimal("350.00"), "prepaid_card", ("replacement_care", "delivered")),
)
_PURPOSES: Final = (
    "A direct payment for a break of the carer's choosing",
    "A regular direct payment for a sitting service",
    "A direct payment for a course: a college evening class",
    "A regular direct payment for a personal assistant two mornings a week",
    "A direct payment for a short holiday with a friend",
    "A direct payment for a gym membership and a laptop",
)


def _plan(assessment: Assessment, by: User, index: int) -> SupportPlan | None:
    shape = index % len(_SHAPES)
    frequency, amount, holding, short_break = _SHAPES[shape]
    plan = start_plan(assessment, by=by).plan
    needs = list(PlanNeed.objects.filter(plan=plan).order_by("order"))
    first = NeedDetails(
        description=needs[0].description,
        how_met=HowMet.DIRECT_PAYMENT,
        how_met_detail=_PURPOSES[shape],
        cost=amount,
        direct_payment_amount=amount,
        direct_payment_frequency=frequency,
        cld_service_type="Carer Support: Direct to Carer",
    )
    save_need(plan, expected_version=plan.lock_version, by=by, details=first, need=needs[0])
    for need in needs[1:]:
        plan.refresh_from_db()
        details = NeedDetails(
            description=need.description, how_met=HowMet.UNIVERSAL, how_met_detail="The carers' centre's peer group"
        )
        save_need(plan, expected_version=plan.lock_version, by=by, details=details, need=need)
    plan.refresh_from_db()
    plan = update_plan(
        plan,
        expected_version=plan.lock_version,
        by=by,
        outcomes_wanted="A full night's sleep twice a week, and time for myself.",
        advice_and_information="Carers' peer group on Tuesdays; benefits check; the carers' emergency card.",
        people_involved="The carer, and her sister by phone",
        carer_contribution=Decimal("0.00"),
        contingency_plan=None,
    )
    if index % 15 == 7:
        return plan  # left as a draft
    manager = User.objects.filter(email=MANAGER).first()
    if amount > approval_threshold() and manager is not None:
        # Over the threshold: a manager who did not write the plan approves the budget.
        plan = approve_budget(plan, expected_version=plan.lock_version, by=manager)
    today = timezone.localdate()
    # Regular payments began some months ago, so several have been paid; one-off payments are paid at once.
    starts_on = today - timedelta(days=30 * (1 + index % 5)) if frequency != "one_off" else today
    plan = agree_plan(
        plan,
        expected_version=plan.lock_version,
        by=by,
        carer_agreed_on=starts_on,
        carer_agreement="Signed at a home visit",
        people_involved="",
    ).plan
    provider = by.organisation
    if provider is None:
        return plan
    agreement = set_up_direct_payment(
        plan,
        PlanNeed.objects.get(plan=plan, how_met=HowMet.DIRECT_PAYMENT),
        by=by,
        terms=AgreementTerms(
            signed_on=starts_on,
            holding=PaymentHolding.objects.get(code=holding),
            payee_reference=f"DP-{plan.reference}",
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=364),
            cost_centre="ASC-CARERS-01",
            funder="Adult social care",
        ),
    ).agreement
    for payment in agreement.payments.filter(due_on__lte=today).order_by("number"):
        record_payment(payment, by=by, paid_on=payment.due_on)
    if short_break is not None:
        _break(plan, by, provider, kind=short_break[0], stage=short_break[1], index=index)
    return plan


def _break(plan: SupportPlan, by: User, provider: Organisation, *, kind: str, stage: str, index: int) -> None:
    """A short break taken as far as `stage`: requested, booked (approved with a provider and dates) or delivered."""
    today = timezone.localdate()
    nights = 1 + index % 2
    short_break = request_break(
        plan.carer,
        by=by,
        plan=plan,
        kind=kind,
        estimated_cost=Decimal(150 * nights),
        description=f"{nights} nights' respite at a care home" if nights > 1 else "A night's respite at a care home",
    )
    if stage == "requested":
        return
    short_break = approve_break(short_break, expected_version=short_break.lock_version, by=by).short_break
    starts_on = today + timedelta(days=14) if stage == "booked" else today - timedelta(days=7 + index % 20)
    ends_on = starts_on + timedelta(days=nights)
    short_break = book_break(
        short_break,
        expected_version=short_break.lock_version,
        by=by,
        provider=provider,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    if stage == "booked":
        return
    record_delivery(
        short_break,
        expected_version=short_break.lock_version,
        by=by,
        delivered_on=ends_on,
        actual_cost=Decimal(140 * nights),
        nights=nights,
    )


def _revise(plan: SupportPlan, by: User) -> None:
    """Revise one agreed plan into its version 2 (s.27(4)): the carer's circumstances changed; version 1 stays
    readable."""
    draft = start_revision(plan, by=by, reason="The carer has started a new job and needs breaks at weekends.").plan
    revision = update_plan(
        draft,
        expected_version=draft.lock_version,
        by=by,
        outcomes_wanted="Weekends free for rest, now that I work during the week.",
        advice_and_information=draft.advice_and_information,
        people_involved=draft.people_involved,
        carer_contribution=draft.carer_contribution,
        contingency_plan=None,
    )
    agree_plan(
        revision,
        expected_version=revision.lock_version,
        by=by,
        carer_agreed_on=timezone.localdate(),
        carer_agreement="Agreed by phone; signed copy posted",
        people_involved="",
    )


def _add_targets(contract: Contract) -> None:
    commissioner = (
        User.objects.filter(organisation=contract.commissioner, groups__name=Role.COMMISSIONER.value, is_active=True)
        .order_by("pk")
        .first()
    )
    if commissioner is None:
        return
    existing = set(contract.kpis.filter(lot__isnull=True).values_list("measure", flat=True))
    for measure, target in COVENTRY_TARGETS:
        if measure not in existing:
            add_kpi(contract, measure=measure, annual_target=target, by=commissioner)
