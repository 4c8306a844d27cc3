"""The carer's own copy of their contingency plan as a PDF: the practitioner prints it or gives it to the carer, who
needs no account to keep and read it. Large clear type, one column, in the order a reader needs it: who to call,
the pre-agreed replacement care, then the next 72 hours of needs. Key safe details are never in it (they are held
encrypted by the emergency line and shown only inside an activation)."""

from dataclasses import dataclass
from datetime import date
from typing import Final

from fpdf import FPDF

from carershub.emergency_response.rules import format_card_number

# The PDF's core font covers Latin-1 only; these are the characters people type that it lacks.
_LATIN_1_SUBSTITUTES: Final = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u2022": "-",
    }
)


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


def _latin_1(text: str) -> str:
    return text.translate(_LATIN_1_SUBSTITUTES).encode("latin-1", "replace").decode("latin-1")


class _PlanPdf(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=9)
        self.cell(0, 10, f"Page {self.page_no()}", align="C")


def plan_pdf(plan: PrintedPlan, *, compress: bool = True) -> bytes:
    """The carer's copy as PDF bytes (A4)."""
    pdf = _PlanPdf(format="A4")
    pdf.set_compression(compress)
    pdf.set_title(_latin_1(f"Emergency plan for {plan.cared_for_name}"))
    pdf.set_author("Carers Hub")
    pdf.set_lang("en-GB")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    width = pdf.epw

    def heading(text: str, size: int = 15) -> None:
        pdf.set_font("Helvetica", style="B", size=size)
        pdf.multi_cell(width, 8, _latin_1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def paragraph(text: str, *, bold: bool = False) -> None:
        pdf.set_font("Helvetica", style="B" if bold else "", size=12)
        pdf.multi_cell(width, 6, _latin_1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    heading("My emergency plan", 20)
    paragraph(f"{plan.carer_name}, carer of {plan.cared_for_name}")
    if plan.card_number and plan.line_phone_number:
        paragraph(
            f"If I cannot care, call the 24-hour carers emergency line on {plan.line_phone_number} and give card "
            f"number {format_card_number(plan.card_number)}.",
            bold=True,
        )
    heading("Who to call, in this order")
    for contact in plan.contacts:
        availability = f". {contact.availability}" if contact.availability else ""
        paragraph(f"{contact.order}. {contact.name} ({contact.relationship}): {contact.phone}{availability}")
    if not plan.contacts:
        paragraph("No contacts recorded yet")
    heading("If nobody can step in: pre-agreed replacement care")
    paragraph(plan.replacement_care or "Not recorded")
    heading(f"What {plan.cared_for_name} needs in the next 72 hours")
    for label, text in plan.needs:
        pdf.set_font("Helvetica", style="B", size=12)
        pdf.multi_cell(width, 6, _latin_1(label), new_x="LMARGIN", new_y="NEXT")
        paragraph(text or "Not recorded")
    review = f"; review by {plan.review_date.day} {plan.review_date:%B %Y}" if plan.review_date else ""
    paragraph(
        f"Plan {plan.status.lower()}{review}. Key safe details are held securely by the emergency line and are not "
        "printed. Keep this copy somewhere your emergency contacts can find it."
    )
    return bytes(pdf.output())
