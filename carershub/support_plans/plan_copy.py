"""The carer's copy of their support plan (the plan prepared under Care Act 2014 s.25): gathered once, shown as an
accessible page and given as a tagged PDF made from the same template (core.pdf), so a screen reader reads it as it
reads the page and every letter of every name survives."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from carershub.core.pdf import pdf_from_template
from carershub.support_plans.models import PlanNeed, PlanReview, SupportPlan


@dataclass(frozen=True)
class NeedLine:
    description: str
    how_met: str
    detail: str
    cost: Decimal
    direct_payment: str


@dataclass(frozen=True)
class CarerCopy:
    reference: str
    version: int
    status: str
    is_agreed: bool
    carer_name: str
    outcomes_wanted: str
    needs: tuple[NeedLine, ...]
    budget_total: Decimal
    carer_contribution: Decimal
    council_pays: Decimal
    advice_and_information: str
    people_involved: str
    agreed: str
    contingency_plan: str
    organisation: str
    review_due: date | None = None
    review_kind: str = ""
    complaints_details: str = ""


def carer_copy(plan: SupportPlan) -> CarerCopy:
    """What the carer's copy says, read once for the page and the PDF."""
    needs = list(PlanNeed.objects.filter(area=plan.area_id, plan=plan).order_by("order", "pk"))
    total = sum((need.cost for need in needs), Decimal("0.00"))
    lines = tuple(
        NeedLine(
            description=need.description,
            how_met=need.get_how_met_display() if need.how_met else "Not decided yet",
            detail=need.how_met_detail,
            cost=need.cost,
            direct_payment=(
                f"£{need.direct_payment_amount:,.2f}, {need.get_direct_payment_frequency_display().lower()}"
                if need.direct_payment_amount
                else ""
            ),
        )
        for need in needs
    )
    agreed = ""
    if plan.carer_agreed_on is not None:
        agreed = f"Agreed with you on {plan.carer_agreed_on:%-d %B %Y} ({plan.carer_agreement})"
    contingency = ""
    if plan.contingency_plan is not None:
        contingency = f"Your contingency plan for {plan.contingency_plan.cared_for.full_name} is part of this plan."
    review = (
        PlanReview.objects.filter(area=plan.area_id, plan=plan, status=PlanReview.Status.SCHEDULED)
        .order_by("due_on")
        .first()
    )
    return CarerCopy(
        reference=plan.reference,
        version=plan.version,
        status=plan.get_status_display(),
        is_agreed=plan.status in {SupportPlan.Status.AGREED, SupportPlan.Status.SUPERSEDED, SupportPlan.Status.ENDED}
        and plan.carer_agreed_on is not None,
        carer_name=plan.carer.full_name,
        outcomes_wanted=plan.outcomes_wanted,
        needs=lines,
        budget_total=total,
        carer_contribution=plan.carer_contribution,
        council_pays=max(total - plan.carer_contribution, Decimal("0.00")),
        advice_and_information=plan.advice_and_information,
        people_involved=plan.people_involved,
        agreed=agreed,
        contingency_plan=contingency,
        organisation=plan.organisation.name,
        review_due=review.due_on if review is not None else None,
        review_kind=review.get_kind_display().lower() if review is not None else "",
        complaints_details=plan.area.complaints_details,
    )


def carer_copy_pdf(copy: CarerCopy) -> bytes:
    """The carer's copy as a tagged PDF, from the page's own template, in the order of the page."""
    return pdf_from_template("support_plans/copy_pdf.html", {"copy": copy})
