"""Support plans: their part of `seed_demo`. Plans for the demo's signed-off eligible carer's assessments, made
through the services so each has the shape the pages expect: an agreed plan with a one-off direct payment for a
break (paid) and a delivered short break, an agreed plan with a monthly direct payment whose light-touch review is
overdue, a draft, and one assessment left without a plan to start one from. The live measures get Coventry's targets
(about 70 direct payments and short breaks for 50 to 60 carers a year, seed 001 §1.25) on every demo contract.
"""

from datetime import timedelta
from decimal import Decimal
from typing import Final

from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.assessments.models import Assessment
from carershub.commissioning.models import Contract
from carershub.commissioning.services.monitoring import add_kpi
from carershub.core.seeding import SeedContext
from carershub.organisations.models import Organisation
from carershub.support_plans.models import HowMet, PlanNeed, PlanReview, SupportPlan
from carershub.support_plans.services.budget import approval_threshold, approve_budget
from carershub.support_plans.services.direct_payments import AgreementTerms, record_payment, set_up_direct_payment
from carershub.support_plans.services.plans import NeedDetails, agree_plan, save_need, start_plan, update_plan
from carershub.support_plans.services.short_breaks import approve_break, book_break, record_delivery, request_break

PRACTITIONER: Final = "practitioner@carershub.example"
MANAGER: Final = "manager@carershub.example"
COVENTRY_TARGETS: Final = (
    ("direct_payments_in_payment", Decimal(70)),
    ("short_breaks_delivered", Decimal(55)),
)


def seed(context: SeedContext) -> None:
    practitioner = User.objects.filter(email=PRACTITIONER).first()
    if practitioner is not None and not SupportPlan.objects.exists():
        assessments = list(
            Assessment.objects.filter(
                status=Assessment.Status.COMPLETED, eligible=True, kind=Assessment.Kind.CARERS, assessor=practitioner
            ).order_by("pk")
        )
        made = [_plan(assessment, practitioner, index) for index, assessment in enumerate(assessments[:-1])]
        context.log(f"support plans: {len([plan for plan in made if plan])} plans")
    for contract in Contract.objects.order_by("pk"):
        _add_targets(contract)


def _plan(assessment: Assessment, by: User, index: int) -> SupportPlan | None:
    state = index % 3
    plan = start_plan(assessment, by=by).plan
    needs = list(PlanNeed.objects.filter(plan=plan).order_by("order"))
    frequency = "one_off" if state == 0 else "monthly"
    amount = Decimal("450.00") if state == 0 else Decimal("1200.00")
    first = NeedDetails(
        description=needs[0].description,
        how_met=HowMet.DIRECT_PAYMENT,
        how_met_detail="A direct payment for a break of the carer's choosing"
        if state == 0
        else "A monthly direct payment for a sitting service",
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
    if state == 2:
        return plan  # left as a draft
    manager = User.objects.filter(email=MANAGER).first()
    if amount > approval_threshold() and manager is not None:
        # Over the threshold: a manager who did not write the plan approves the budget.
        plan = approve_budget(plan, expected_version=plan.lock_version, by=manager)
    today = timezone.localdate()
    plan = agree_plan(
        plan,
        expected_version=plan.lock_version,
        by=by,
        carer_agreed_on=today,
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
            signed_on=today,
            holding="prepaid_card" if state == 0 else "bank_account",
            payee_reference=f"DP-{plan.reference}",
            starts_on=today,
            ends_on=today + timedelta(days=364),
            cost_centre="ASC-CARERS-01",
            funder="Adult social care",
        ),
    ).agreement
    record_payment(agreement.payments.order_by("number")[0], by=by, paid_on=today)
    if state == 0:
        _delivered_break(plan, by, provider)
    else:
        # Shown overdue on the team's list: as if the plan had been agreed two months ago.
        PlanReview.objects.filter(plan=plan, kind=PlanReview.Kind.LIGHT_TOUCH).update(due_on=today - timedelta(days=5))
    return plan


def _delivered_break(plan: SupportPlan, by: User, provider: Organisation) -> None:
    today = timezone.localdate()
    short_break = request_break(
        plan.carer,
        by=by,
        plan=plan,
        kind="planned_regular",
        estimated_cost=Decimal("300.00"),
        description="Two nights' respite at a care home",
    )
    short_break = approve_break(short_break, expected_version=short_break.lock_version, by=by).short_break
    short_break = book_break(
        short_break, expected_version=short_break.lock_version, by=by, provider=provider, starts_on=today, ends_on=today
    )
    record_delivery(
        short_break,
        expected_version=short_break.lock_version,
        by=by,
        delivered_on=today,
        actual_cost=Decimal("280.00"),
        nights=2,
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
