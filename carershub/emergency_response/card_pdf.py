"""The printable emergency card: credit-card size (ID-1, 85.6 x 54 mm), front and back.

It carries the area's 24/7 number and the card number only: no name, no address, nothing about the carer or the
person they care for, so a lost card tells a finder nothing but who to call.
"""

from carershub.core.pdf import pdf_from_template
from carershub.emergency_response.rules import format_card_number


def card_pdf(*, card_number: str, line_phone_number: str) -> bytes:
    """The card as a tagged PDF: page 1 the front, page 2 the back."""
    return pdf_from_template(
        "emergency_response/card_pdf.html",
        {"card_number": format_card_number(card_number), "line_phone_number": line_phone_number},
    )
