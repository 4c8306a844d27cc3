"""The carer's copy of their support plan (the plan prepared under Care Act 2014 s.25): gathered once, shown as an
accessible page and given as a PDF made the way the assessment's written record is (fpdf2 with a Unicode font, so
every letter of every name survives)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from fpdf import FPDF

from carershub.assessments.written_record import unicode_font_files
from carershub.support_plans.models import PlanNeed, SupportPlan

DRAFT_MARK: Final = "Draft \u2013 not agreed yet"


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
    )


class _CopyPdf(FPDF):
    family = "Helvetica"

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(self.family, size=9)
        self.cell(0, 10, f"Page {self.page_no()}", align="C")


def _latin_1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def carer_copy_pdf(copy: CarerCopy, *, compress: bool = True) -> bytes:
    """The carer's copy as a PDF: plain layout, large clear type, in the order of the page."""
    fonts = unicode_font_files()
    pdf = _CopyPdf(format="A4")
    if fonts is not None:
        pdf.add_font(fonts.family, style="", fname=str(fonts.regular))
        pdf.add_font(fonts.family, style="B", fname=str(fonts.bold))
        pdf.family = fonts.family
    plain = (lambda text: text) if fonts is not None else _latin_1
    family = pdf.family
    pdf.set_compression(compress)
    pdf.set_title(plain(f"Support plan {copy.reference}, version {copy.version}"))
    pdf.set_author("Carers Hub")
    pdf.set_lang("en-GB")
    pdf.add_page()
    pdf.set_auto_page_break(auto=True, margin=20)
    width = pdf.epw

    def heading(text: str, size: int = 14) -> None:
        pdf.set_font(family, style="B", size=size)
        pdf.multi_cell(width, 8, plain(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def paragraph(text: str) -> None:
        pdf.set_font(family, size=12)
        pdf.multi_cell(width, 6, plain(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    def row(label: str, value: str) -> None:
        if value:
            pdf.set_font(family, style="B", size=12)
            pdf.multi_cell(width, 6, plain(label), new_x="LMARGIN", new_y="NEXT")
            paragraph(value)

    if not copy.is_agreed:
        heading(DRAFT_MARK.upper(), 16)
    heading(f"Your support plan: {copy.carer_name}", 18)
    row("Reference", f"{copy.reference}, version {copy.version} ({copy.status.lower()})")
    row("Written by", copy.organisation)
    row("What you want to achieve", copy.outcomes_wanted)
    heading("Your needs and how they will be met")
    for line in copy.needs:
        row(line.description, f"{line.how_met}. {line.detail}".strip())
        if line.direct_payment:
            paragraph(f"Direct payment: {line.direct_payment}")
    heading("Your personal budget")
    paragraph(f"The cost of meeting your needs: £{copy.budget_total:,.2f}")
    paragraph(f"You pay: £{copy.carer_contribution:,.2f}")
    paragraph(f"The council pays: £{copy.council_pays:,.2f}")
    row("Advice and information", copy.advice_and_information)
    row("Contingency plan", copy.contingency_plan)
    row("Who was involved", copy.people_involved)
    row("Your agreement", copy.agreed)
    return bytes(pdf.output())
