"""Ways to get support plans in a known state, made through the services (so every invariant holds): an eligible
assessment, a draft plan with a need met by a direct payment, an agreed plan, a direct payment agreement."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from carershub.accounts.models import User
from carershub.assessments.models import Assessment
from carershub.assessments.tests.factories import CompletedAssessmentFactory
from carershub.organisations.models import Organisation
from carershub.people.models import Person
from carershub.people.tests.factories import AdultCarerFactory
from carershub.support_plans.models import DirectPaymentAgreement, HowMet, PaymentHolding, PlanNeed, SupportPlan
from carershub.support_plans.services.direct_payments import AgreementTerms, set_up_direct_payment
from carershub.support_plans.services.plans import NeedDetails, agree_plan, save_need, start_plan, update_plan
from carershub.support_plans.services.short_breaks import request_break


def eligible_assessment(organisation: Organisation, assessor: User, **kwargs: object) -> Assessment:
    """A signed-off carer's assessment finding the carer cannot achieve two outcomes (reg 3(2)(b))."""
    area = organisation.areas.first()
    return CompletedAssessmentFactory.create(
        carer=kwargs.pop("carer", None) or AdultCarerFactory.create(area=area),
        organisation=organisation,
        assessor=assessor,
        decision={"unable_outcomes": ["recreation", "relationships"]},
        **kwargs,
    )


def break_need(cost: str = "450.00", frequency: str = "one_off") -> NeedDetails:
    return NeedDetails(
        description="Engaging in recreational activities",
        how_met=HowMet.DIRECT_PAYMENT,
        how_met_detail="A week's break at the coast",
        cost=Decimal(cost),
        direct_payment_amount=Decimal(cost),
        direct_payment_frequency=frequency,
        cld_service_type="Carer Support: Direct to Carer",
    )


def draft_plan(assessment: Assessment, by: User, *, cost: str = "450.00", frequency: str = "one_off") -> SupportPlan:
    """A draft plan whose first need is met by a direct payment and second by the carer's own network."""
    plan = start_plan(assessment, by=by).plan
    first, second = PlanNeed.objects.filter(plan=plan).order_by("order")
    save_need(plan, expected_version=plan.lock_version, by=by, details=break_need(cost, frequency), need=first)
    plan.refresh_from_db()
    own_network = NeedDetails(
        description=second.description, how_met=HowMet.OWN_NETWORK, how_met_detail="Sister visits"
    )
    save_need(plan, expected_version=plan.lock_version, by=by, details=own_network, need=second)
    plan.refresh_from_db()
    return update_plan(
        plan,
        expected_version=plan.lock_version,
        by=by,
        outcomes_wanted="Time to myself once a month",
        advice_and_information="Carers' groups in the area; the carers' emergency card.",
        people_involved="The carer and their sister",
        carer_contribution=Decimal("0.00"),
        contingency_plan=None,
    )


def agreed_plan(assessment: Assessment, by: User, **kwargs: str) -> SupportPlan:
    plan = draft_plan(assessment, by, **kwargs)
    return agree_plan(
        plan,
        expected_version=plan.lock_version,
        by=by,
        carer_agreed_on=timezone.localdate(),
        carer_agreement="Signed at a home visit",
        people_involved="",
    ).plan


def terms(*, starts_on: date | None = None, months: int = 12) -> AgreementTerms:
    start = starts_on or timezone.localdate()
    return AgreementTerms(
        signed_on=timezone.localdate(),
        holding=PaymentHolding.objects.get(code="prepaid_card"),
        payee_reference="PAYEE-001",
        starts_on=start,
        ends_on=start + timedelta(days=30 * months),
        cost_centre="CC-CARERS",
        funder="Adult social care",
    )


def direct_payment(plan: SupportPlan, by: User, **kwargs: object) -> DirectPaymentAgreement:
    need = PlanNeed.objects.get(plan=plan, how_met=HowMet.DIRECT_PAYMENT)
    return set_up_direct_payment(plan, need, by=by, terms=terms(**kwargs)).agreement  # type: ignore[arg-type]


def support_plan_records(carer: Person, organisation: Organisation, by: User) -> dict[str, str]:
    """One of every support plan record a URL can name, for the carer: the privacy walk fills URLs with these."""
    assessment = eligible_assessment(organisation, by, carer=carer)
    plan = agreed_plan(assessment, by)
    agreement = direct_payment(plan, by)
    short_break = request_break(carer, by=by, plan=plan, kind="one_off_planned", estimated_cost=Decimal("10.00"))
    return {
        "support_plans.reference": plan.reference,
        "version": str(plan.version),
        "need_id": str(agreement.need_id),
        "assessment_reference": assessment.reference,
        "agreement_id": str(agreement.pk),
        "payment_id": str(agreement.payments.order_by("number")[0].pk),
        "support_plans.review_id": str(plan.reviews.order_by("pk")[0].pk),
        "break_id": str(short_break.pk),
    }
