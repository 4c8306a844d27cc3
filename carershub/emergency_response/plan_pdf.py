"""The carer's own copy of their contingency plan as a PDF: the practitioner prints it or gives it to the carer, who
needs no account to keep and read it. Large clear type, one column, in the order a reader needs it: who to call,
the pre-agreed replacement care, then the next 72 hours of needs. The print page and the tagged PDF share one template.
Key safe details are never in it (they are held encrypted by the emergency line and shown only inside an
activation)."""

from dataclasses import dataclass
from datetime import date

from carershub.core.pdf import pdf_from_template
from carershub.emergency_response.rules import format_card_number


@dataclass(frozen=True)
class PrintedContact:
    order: int
    name: str
    relationship: str
    phone: str
    availability: str


@dataclass(frozen=True)
class PrintedPlan:
    """What the carer's copy shows; built from the plan by the view, so nothing else can slip in."""

    carer_name: str
    cared_for_name: str
    status: str
    review_date: date | None
    card_number: str  # "" when the plan has no card in use
    line_phone_number: str  # "" when the area has no emergency line
    contacts: tuple[PrintedContact, ...]
    replacement_care: str
    needs: tuple[tuple[str, str], ...]  # (label, text)

    @property
    def formatted_card_number(self) -> str:
        return format_card_number(self.card_number) if self.card_number else ""


def plan_pdf(plan: PrintedPlan) -> bytes:
    """The carer's copy as a tagged PDF (A4), from the print page's own template (core.pdf)."""
    return pdf_from_template("emergency_response/plan_pdf.html", {"printed": plan})
