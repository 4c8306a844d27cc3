"""What the public forms offer and accept: "None of these" is exclusive, the relationships fit the carer's age, the
school and GP practice lists read A to Z with no two options alike, and a professional may give the carer's NHS
number, whose check digit is checked."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.http import QueryDict
from django.utils import timezone

from carershub.identification.forms.professional_referral import ProfessionalReferralForm
from carershub.identification.forms.questions import NONE_OF_THESE, CareTasksForm, ConditionsForm
from carershub.identification.forms.self_referral import SelfReferralForm
from carershub.organisations.models import Area
from carershub.organisations.tests.factories import GPPracticeFactory, SchoolFactory
from carershub.people.rules import add_years


def _referral(**changes: str) -> QueryDict:
    born = date(1968, 6, 14)
    data: dict[str, Any] = {
        "referrer_name": "Alex Morgan",
        "referrer_role": "Practice carers lead",
        "referrer_email": "alex.morgan@work.example",
        "source": "family",
        "given_name": "Pat",
        "family_name": "Lee",
        "date_of_birth_day": str(born.day),
        "date_of_birth_month": str(born.month),
        "date_of_birth_year": str(born.year),
        "phone": "07700 900 123",
        "cared_for_given_name": "Chris",
        "cared_for_family_name": "Lee",
        "relationship": "spouse_or_partner",
        "reason": "Caring round the clock.",
        "urgency": "routine",
        "consent": "on",
        "consent_by": "self",
    }
    data.update(changes)
    query = QueryDict(mutable=True)
    query.update(data)
    return query


def _born(years_ago: int, field: str = "date_of_birth") -> dict[str, str]:
    born = add_years(timezone.localdate(), -years_ago) - timedelta(days=10)
    return {f"{field}_day": str(born.day), f"{field}_month": str(born.month), f"{field}_year": str(born.year)}


@pytest.mark.parametrize("form_class", [ConditionsForm, CareTasksForm])
def test_none_of_these_unticks_the_other_answers(form_class: type[ConditionsForm | CareTasksForm]) -> None:
    items = form_class()[form_class.field_name].choice_items  # type: ignore[attr-defined]

    # GOV.UK Frontend's Checkboxes unticks the others when an "exclusive" box is ticked, and it when they are.
    assert [(item["attrs"]["value"], item["attrs"].get("data-behaviour")) for item in items][-1] == (
        NONE_OF_THESE,
        "exclusive",
    )
    assert {item["attrs"].get("data-behaviour") for item in items[:-1]} == {None}


def test_a_young_carer_is_offered_only_relationships_that_fit_their_age(home_area: Area) -> None:
    young = SelfReferralForm(area=home_area, young=True).fields["relationship"]
    adult = SelfReferralForm(area=home_area, young=False).fields["relationship"]

    offered = [value for value, _ in young.choices]  # type: ignore[attr-defined]
    assert "parent" in offered
    assert "sibling" in offered
    assert not {"spouse_or_partner", "child", "grandchild"} & set(offered)
    assert {"spouse_or_partner", "child", "grandchild"} <= {value for value, _ in adult.choices}  # type: ignore[attr-defined]


def test_a_referral_of_a_carer_under_18_cannot_name_their_partner_or_child(home_area: Area) -> None:
    form = ProfessionalReferralForm(
        _referral(relationship="spouse_or_partner", consent_by="parent_or_guardian", **_born(12)), area=home_area
    )

    assert form.errors["relationship"] == ["The carer is under 18: select who the person is to them, or select Other"]


@pytest.mark.parametrize(
    ("relationship", "cared_for_age", "problem"),
    [
        ("parent", 30, "a parent or grandparent is older than the carer"),
        ("child", 80, "a son, daughter or grandchild is younger than the carer"),
        ("parent", 80, ""),
        ("child", 20, ""),
    ],
)
def test_who_the_person_is_fits_which_of_the_two_is_older(
    home_area: Area, relationship: str, cared_for_age: int, problem: str
) -> None:
    form = ProfessionalReferralForm(
        _referral(relationship=relationship, **_born(cared_for_age, "cared_for_date_of_birth")), area=home_area
    )

    expected = [f"Check who the person is to the carer: {problem}"] if problem else []
    assert form.errors.get("relationship", []) == expected


def test_schools_and_practices_read_a_to_z_and_two_of_the_same_name_are_told_apart(home_area: Area) -> None:
    SchoolFactory.create(area=home_area, name="Vale Academy", urn="100003", order=1, postcode="MV1 1AA")
    SchoolFactory.create(area=home_area, name="Abbey Primary", urn="100001", order=2, postcode="MV1 2BB")
    SchoolFactory.create(area=home_area, name="St Mary's Primary", urn="100004", order=3, postcode="MV2 1AA")
    SchoolFactory.create(area=home_area, name="St Mary's Primary", urn="100005", order=4, postcode="MV3 1AA")
    GPPracticeFactory.create(area=home_area, name="Riverside Surgery", ods_code="Y00002", order=1)
    GPPracticeFactory.create(area=home_area, name="Abbey Medical Centre", ods_code="Y00001", order=2)

    form = ProfessionalReferralForm(area=home_area)

    assert [label for _, label in form.fields["school"].choices][1:] == [  # type: ignore[attr-defined]
        "Abbey Primary",
        "St Mary's Primary (MV2 1AA)",
        "St Mary's Primary (MV3 1AA)",
        "Vale Academy",
    ]
    assert [label for _, label in form.fields["gp_practice"].choices][1:] == [  # type: ignore[attr-defined]
        "Abbey Medical Centre",
        "Riverside Surgery",
    ]


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("943 476 5918", "Enter a valid NHS number: check each digit against a letter from the NHS"),
        ("943 476 591", "NHS number must be 10 digits"),
        ("NHS 9434765919", "NHS number must be 10 digits"),
    ],
)
def test_an_nhs_number_with_a_wrong_check_digit_is_refused(home_area: Area, typed: str, error: str) -> None:
    form = ProfessionalReferralForm(_referral(nhs_number=typed), area=home_area)

    assert form.errors["nhs_number"] == [error]


def test_the_nhs_number_is_optional_and_goes_with_the_carer(home_area: Area) -> None:
    without = ProfessionalReferralForm(_referral(), area=home_area)
    with_number = ProfessionalReferralForm(_referral(nhs_number="943-476-5919"), area=home_area)

    assert without.is_valid(), without.errors
    assert with_number.is_valid(), with_number.errors
    assert without.submission(idempotency_key="a").carer.nhs_number == ""
    assert with_number.submission(idempotency_key="b").carer.nhs_number == "9434765919"
