"""The printable emergency card: credit-card size (ID-1, 85.6 x 54 mm), front and back.

It carries the area's 24/7 number and the card number only: no name, no address, nothing about the carer or the
person they care for, so a lost card tells a finder nothing but who to call.
"""

from fpdf import FPDF

from carershub.emergency_response.rules import format_card_number

CARD_SIZE_MM = (85.6, 54.0)


def card_pdf(*, card_number: str, line_phone_number: str, compress: bool = True) -> bytes:
    """The card as PDF bytes: page 1 the front, page 2 the back."""
    pdf = FPDF(orientation="portrait", unit="mm", format=CARD_SIZE_MM)
    pdf.compress = compress
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(5, 5, 5)
    pdf.set_title("Carer's emergency card")

    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 7, "I am a carer", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8.5)
    pdf.multi_cell(
        0,
        4,
        "Someone relies on me for care. If I am ill, injured or cannot be contacted, please call the 24-hour "
        "carers emergency line and give the card number on the back.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 8)
    pdf.cell(0, 4, "24-hour carers emergency line", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 9, line_phone_number, new_x="LMARGIN", new_y="NEXT")

    pdf.add_page()
    pdf.set_font("Helvetica", "", 8)
    pdf.cell(0, 5, "Carers emergency card number", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 20)
    pdf.cell(0, 12, format_card_number(card_number), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    pdf.cell(0, 4, "Call the 24-hour line:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 7, line_phone_number, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 7)
    pdf.multi_cell(0, 3.5, "The line holds the emergency plan. This card carries no personal details.")
    return bytes(pdf.output())
