"""The form for referring a carer without an account: its places limited to the area, who may agree, and the
referral it makes."""

from datetime import date
from typing import Any

import pytest
from django.http import QueryDict

from carershub.identification.forms.professional_referral import ProfessionalReferralForm
from carershub.identification.tests.views.journey import born_years_ago
from carershub.organisations.models import Area, GPPractice, School
from carershub.organisations.tests.factories import GPPracticeFactory, SchoolFactory
from carershub.referrals.models import Referral


@pytest.fixture
def school(home_area: Area) -> School:
    return SchoolFactory.create(area=home_area, name="Vale Academy", urn="100001")


@pytest.fixture
def gp_practice(home_area: Area) -> GPPractice:
    return GPPracticeFactory.create(area=home_area, name="Riverside Surgery", ods_code="Y00001")


def _data(born: date | None = date(1968, 6, 14), **changes: str) -> QueryDict:
    data: dict[str, Any] = {
        "referrer_name": "Alex Morgan",
        "referrer_role": "Practice carers lead",
        "referrer_email": "alex.morgan@work.example",
        "source": "gp_practice",
        "gp_practice": "Y00001",
        "given_name": "Pat",
        "family_name": "Lee",
        "phone": "07700 900 123",
        "cared_for_given_name": "Chris",
        "cared_for_family_name": "Lee",
        "relationship": "spouse_or_partner",
        "reason": "Caring round the clock.",
        "urgency": "routine",
        "consent": "on",
        "consent_by": "self",
    }
    if born is not None:
        data |= {
            "date_of_birth_day": str(born.day),
            "date_of_birth_month": str(born.month),
            "date_of_birth_year": str(born.year),
        }
    data.update(changes)
    query = QueryDict(mutable=True)
    query.update(data)
    return query


def test_a_valid_form_makes_a_referral_from_the_chosen_place(
    home_area: Area, school: School, gp_practice: GPPractice
) -> None:
    form = ProfessionalReferralForm(_data(referrer_phone="01632 960 001", school="100001"), area=home_area)

    assert form.is_valid(), form.errors
    submission = form.submission(idempotency_key="refer-a-carer:token")
    assert (submission.area, submission.source, submission.idempotency_key) == (
        home_area,
        Referral.Source.GP_PRACTICE,
        "refer-a-carer:token",
    )
    # The school was chosen, then GP practice answered: only the practice is sent.
    assert (submission.referring_gp_practice, submission.referring_school, submission.hospital_name) == (
        gp_practice,
        None,
        "",
    )
    assert (submission.referrer_name, submission.referrer_role, submission.referrer_email) == (
        "Alex Morgan",
        "Practice carers lead",
        "alex.morgan@work.example",
    )
    assert submission.referrer_phone == "01632960001"
    assert (submission.carer.given_name, submission.carer.date_of_birth, submission.carer.phone) == (
        "Pat",
        date(1968, 6, 14),
        "07700 900 123",
    )
    assert submission.cared_for is not None
    assert (submission.cared_for.given_name, submission.relationship) == ("Chris", "spouse_or_partner")
    assert (submission.consent_given_by, submission.urgency, submission.contact_channels) == ("self", "routine", ())


def test_an_invalid_form_cannot_be_submitted(home_area: Area) -> None:
    form = ProfessionalReferralForm(_data(referrer_email=""), area=home_area)

    assert not form.is_valid()
    with pytest.raises(ValueError, match="Only a valid referral form can be submitted"):
        form.submission(idempotency_key="")


def test_the_lists_hold_only_the_areas_schools_and_practices(
    home_area: Area, neighbour_area: Area, school: School, gp_practice: GPPractice
) -> None:
    SchoolFactory.create(area=neighbour_area, urn="200002")
    GPPracticeFactory.create(area=neighbour_area, ods_code="Z00002")

    form = ProfessionalReferralForm(_data(source="school", school="200002", gp_practice="Z00002"), area=home_area)

    assert list(form.fields["school"].choices) == [("", "Select a school"), ("100001", "Vale Academy")]  # type: ignore[attr-defined]
    assert form.errors == {
        "school": ["Select a school in Home Area"],
        "gp_practice": ["Select a GP practice in Home Area"],
    }


def test_each_place_is_revealed_under_its_answer(home_area: Area) -> None:
    items = ProfessionalReferralForm(_data(source="hospital"), area=home_area).where_from_items()

    assert [
        (
            item["attrs"]["value"],
            item["label"],
            [field.name for field in item["conditionals"]],
            bool(item["attrs"].get("checked")),
        )
        for item in items
    ] == [
        ("school", "School", ["school"], False),
        ("gp_practice", "GP practice", ["gp_practice"], False),
        ("hospital", "Hospital ward or discharge team", ["hospital_name"], True),
        ("family", "Family member or friend", [], False),
    ]
    assert items[2]["conditional_id"] == "conditional-id_source_2"
    # Revealed by our script (assets/js/conditional-reveal.js), not GOV.UK Frontend's, which would put aria-expanded
    # on the radios.
    assert items[2]["attrs"]["data-app-reveals"] == "conditional-id_source_2"
    assert "data-app-reveals" not in items[3]["attrs"]
    assert not [item for item in items if "data-aria-controls" in item["attrs"]]


def test_a_parent_or_guardians_name_is_revealed_under_their_answer(home_area: Area) -> None:
    items = ProfessionalReferralForm(_data(), area=home_area).who_agreed_items()

    assert [[field.name for field in item["conditionals"]] for item in items] == [
        [],
        ["consent_by_name", "consent_by_relationship"],
        [],
    ]


@pytest.mark.parametrize(
    ("years_old", "consent_by", "problem"),
    [
        pytest.param(12, "parent_or_guardian", None, id="child_parent_agrees"),
        pytest.param(12, "competence_judgement", None, id="child_judged_able_to_decide"),
        pytest.param(
            15,
            "self",
            "Select a parent or guardian, or record that the young person was judged competent to decide",
            id="child_agreeing_alone",
        ),
        pytest.param(16, "self", None, id="16_agrees_themselves"),
        pytest.param(
            16, "parent_or_guardian", "The carer is 16 or over, so they need to agree for themselves", id="16_parent"
        ),
        pytest.param(
            40,
            "competence_judgement",
            "The carer is 16 or over, so they need to agree for themselves",
            id="adult_judged",
        ),
        pytest.param(None, "parent_or_guardian", None, id="age_not_known"),
    ],
)
def test_who_may_agree_depends_on_the_carers_age(
    home_area: Area, gp_practice: GPPractice, years_old: int | None, consent_by: str, problem: str | None
) -> None:
    born = born_years_ago(years_old) if years_old is not None else None
    form = ProfessionalReferralForm(_data(born=born, consent_by=consent_by), area=home_area)

    assert form.errors.get("consent_by") == ([problem] if problem else None)


def test_a_school_referral_needs_the_school_and_the_pupils_date_of_birth(home_area: Area) -> None:
    form = ProfessionalReferralForm(_data(born=None, source="school", gp_practice=""), area=home_area)

    assert form.errors == {
        "school": ["Select your school"],
        "date_of_birth": ["Enter the carer's date of birth"],
    }
