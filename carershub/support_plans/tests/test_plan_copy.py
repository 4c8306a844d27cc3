"""The carer's copy of the plan: what it says, and a tagged PDF (PDF/UA-1) from the same template that keeps every
letter of a name, says when the plan is reviewed and how to complain."""

from decimal import Decimal

import pytest

from carershub.accounts.models import User
from carershub.core.tests.pdf_checks import read_tagged_pdf
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


def test_the_pdf_is_tagged_and_keeps_every_letter_of_a_name(carers_centre: Organisation, practitioner: User) -> None:
    area = carers_centre.areas.get()
    area.complaints_details = "Call the Mersey Vale complaints team on 0151 000 0000."
    area.save()
    carer = AdultCarerFactory.create(area=area, given_name="Zoë", family_name="Łukasz-Ğökçe")
    plan = agreed_plan(eligible_assessment(carers_centre, practitioner, carer=carer), practitioner)

    pdf = read_tagged_pdf(carer_copy_pdf(carer_copy(plan)))

    assert pdf.title == f"Support plan {plan.reference}, version {plan.version}"
    assert pdf.language == "en-GB"
    assert {"H1", "H2"} <= pdf.structure
    assert "Your support plan: Zoë Łukasz-Ğökçe" in pdf.text
    assert "When your plan is reviewed" in pdf.text
    assert "Call the Mersey Vale complaints team on 0151 000 0000." in pdf.text
    assert "Local Government and Social Care Ombudsman" in pdf.text


def test_a_draft_copy_says_it_is_not_agreed(carers_centre: Organisation, practitioner: User) -> None:
    plan = draft_plan(eligible_assessment(carers_centre, practitioner), practitioner)

    copy = carer_copy(plan)

    assert not copy.is_agreed
    assert copy.agreed == ""
