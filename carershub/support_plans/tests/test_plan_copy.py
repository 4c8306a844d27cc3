"""The carer's copy of the plan: what it says, and a PDF that keeps every letter of a name (the Roboto Unicode font
the assessment's written record uses)."""

from decimal import Decimal

import pytest

from carershub.accounts.models import User
from carershub.organisations.models import Organisation
from carershub.people.tests.factories import AdultCarerFactory
from carershub.support_plans.plan_copy import carer_copy, carer_copy_pdf
from carershub.support_plans.tests.factories import agreed_plan, draft_plan, eligible_assessment

pytestmark = pytest.mark.django_db


def test_the_copy_names_the_needs_budget_and_agreement(carers_centre: Organisation, practitioner: User) -> None:
    plan = agreed_plan(eligible_assessment(carers_centre, practitioner), practitioner)

    copy = carer_copy(plan)

    assert copy.is_agreed
    assert [(line.description, line.how_met, line.direct_payment) for line in copy.needs] == [
        ("Engaging in recreational activities", "A direct payment", "£450.00, one-off"),
        ("Developing and maintaining family or other personal relationships", "The carer's own network", ""),
    ]
    assert (copy.budget_total, copy.council_pays) == (Decimal("450.00"), Decimal("450.00"))
    assert copy.agreed.startswith("Agreed with you on ")


def test_the_pdf_keeps_every_letter_of_a_name(carers_centre: Organisation, practitioner: User) -> None:
    carer = AdultCarerFactory.create(area=carers_centre.areas.get(), given_name="Zoë", family_name="Łukasz-Ğökçe")
    plan = agreed_plan(eligible_assessment(carers_centre, practitioner, carer=carer), practitioner)

    pdf = carer_copy_pdf(carer_copy(plan), compress=False)

    assert pdf.startswith(b"%PDF")
    assert b"/FontFile2" in pdf  # the Unicode font is embedded
    for code in (b"<0141>", b"<011E>", b"<00F6>", b"<00E7>"):  # Ł, Ğ, ö, ç map back to themselves, not "?"
        assert code in pdf


def test_a_draft_copy_says_it_is_not_agreed(carers_centre: Organisation, practitioner: User) -> None:
    plan = draft_plan(eligible_assessment(carers_centre, practitioner), practitioner)

    copy = carer_copy(plan)

    assert not copy.is_agreed
    assert copy.agreed == ""
