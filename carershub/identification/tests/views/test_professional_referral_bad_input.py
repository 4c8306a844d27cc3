"""Bad input on the professional referral form: shown at the field with what was entered kept, places from another
area refused, and a young person judged able to decide agreeing for themselves."""

from typing import Any

import pytest
from django.test import Client

from carershub.core.tests.test_pages import TITLE_END, parse
from carershub.identification.tests.views.journey import born_years_ago, error_links
from carershub.identification.tests.views.professional_journey import SESSION_KEY, fill_in_form, form_data, refer
from carershub.organisations.models import Area
from carershub.organisations.tests.factories import GPPracticeFactory, SchoolFactory
from carershub.people.models import Consent
from carershub.referrals.models import Referral


@pytest.mark.parametrize(
    ("source", "changes", "expected"),
    [
        pytest.param(
            "gp_practice",
            {"referrer_name": "", "referrer_role": "", "referrer_email": ""},
            [
                ("#id_referrer_name", "Enter your full name"),
                ("#id_referrer_role", "Enter your role"),
                ("#id_referrer_email", "Enter your work email address"),
            ],
            id="who_you_are_missing",
        ),
        pytest.param(
            "gp_practice",
            {"referrer_email": "alex.work.example", "referrer_phone": "12"},
            [
                ("#id_referrer_email", "Enter an email address in the correct format, like name@example.com"),
                (
                    "#id_referrer_phone",
                    "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
                ),
            ],
            id="referrer_email_and_phone_wrong",
        ),
        pytest.param(
            "gp_practice",
            {"source": ""},
            [("#id_source_0", "Select where you are referring from")],
            id="no_source",
        ),
        pytest.param(
            "school",
            {"school": "", "date_of_birth_day": "", "date_of_birth_month": "", "date_of_birth_year": ""},
            [("#id_school", "Select your school"), ("#id_date_of_birth_day", "Enter the carer's date of birth")],
            id="school_without_school_or_date_of_birth",
        ),
        pytest.param(
            "gp_practice",
            {"gp_practice": ""},
            [("#id_gp_practice", "Select your GP practice")],
            id="no_gp_practice",
        ),
        pytest.param(
            "hospital",
            {"hospital_name": " "},
            [("#id_hospital_name", "Enter the hospital and the ward or team")],
            id="no_hospital",
        ),
        pytest.param(
            "gp_practice",
            {"phone": ""},
            [("#id_phone", "Enter a phone number, an email address or a postal address for the carer")],
            id="no_way_to_contact_the_carer",
        ),
        pytest.param(
            "gp_practice",
            {"address_line_1": "1 High Street"},
            [("#id_town", "Enter town or city"), ("#id_postcode", "Enter postcode")],
            id="half_an_address",
        ),
        pytest.param(
            "gp_practice",
            {"date_of_birth_day": "30", "date_of_birth_month": "2"},
            [("#id_date_of_birth_day", "The carer's date of birth must be a real date")],
            id="impossible_date",
        ),
        pytest.param(
            "school",
            {"date_of_birth_year": str(born_years_ago(3).year)},
            [("#id_date_of_birth_day", "A carer must be at least 5 years old")],
            id="too_young_to_be_a_carer",
        ),
        pytest.param(
            "gp_practice",
            {
                "cared_for_given_name": "Pat",
                "cared_for_family_name": "Lee",
                "cared_for_date_of_birth_day": "14",
                "cared_for_date_of_birth_month": "6",
                "cared_for_date_of_birth_year": "1968",
            },
            [("#id_cared_for_given_name", "The person being cared for must be someone other than the carer")],
            id="caring_for_themselves",
        ),
        pytest.param(
            "gp_practice",
            {"relationship": "", "reason": "", "urgency": ""},
            [
                ("#id_relationship_0", "Select who the person they care for is to the carer"),
                ("#id_reason", "Enter why the carer needs support"),
                ("#id_urgency_0", "Select how urgent this is"),
            ],
            id="relationship_reason_and_urgency_missing",
        ),
        pytest.param(
            "gp_practice",
            {"consent": None, "consent_by": ""},
            [
                (
                    "#id_consent",
                    "Select the box to confirm that the carer, or their parent or guardian, agreed",
                ),
                ("#id_consent_by_0", "Select who agreed"),
            ],
            id="no_agreement",
        ),
        pytest.param(
            "school",
            {"consent_by": "self"},
            [
                (
                    "#id_consent_by_0",
                    "Select a parent or guardian, or record that the young person was judged competent to decide",
                )
            ],
            id="under_16_agreeing_alone_without_a_competence_judgement",
        ),
        pytest.param(
            "gp_practice",
            {"consent_by": "parent_or_guardian"},
            [("#id_consent_by_0", "The carer is 16 or over, so they need to agree for themselves")],
            id="adult_with_a_parent_agreeing",
        ),
    ],
)
def test_bad_input_is_shown_at_the_field_with_what_was_entered_kept(
    routed_area: Area,
    places: None,
    client: Client,
    source: str,
    changes: dict[str, Any],
    expected: list[tuple[str, str]],
) -> None:
    response = fill_in_form(client, routed_area, source, **changes)

    assert response.status_code == 200
    page = parse(response)
    assert page.title() == f"Error: Refer a carer{TITLE_END}"
    assert error_links(page) == expected
    for href, _message in expected:
        assert len([e for e in page.elements if e.attrs.get("id") == href[1:]]) == 1
    assert page.all("input", name="family_name")[0].attrs["value"] == "Lee"
    assert page.all("textarea", name="reason")[0].text.strip() == form_data(source, **changes)["reason"]
    assert "referral" not in client.session.get(SESSION_KEY, {})
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        pytest.param("school", "200002", "Select a school in Home Area", id="school"),
        pytest.param("gp_practice", "Z00002", "Select a GP practice in Home Area", id="gp_practice"),
    ],
)
def test_a_school_or_practice_from_another_area_is_refused_at_the_field(
    routed_area: Area, places: None, neighbour_area: Area, client: Client, field: str, value: str, message: str
) -> None:
    SchoolFactory.create(area=neighbour_area, name="Far School", urn="200002")
    GPPracticeFactory.create(area=neighbour_area, name="Far Surgery", ods_code="Z00002")

    response = fill_in_form(client, routed_area, "school" if field == "school" else "gp_practice", **{field: value})

    assert error_links(parse(response)) == [(f"#id_{field}", message)]
    assert not Referral.objects.exists()


def test_a_young_person_judged_able_to_decide_can_agree_for_themselves(
    routed_area: Area, places: None, client: Client
) -> None:
    refer(client, routed_area, "school", consent_by="competence_judgement")

    carer = Referral.objects.get().carer
    assert set(Consent.objects.filter(person=carer).values_list("given_by", flat=True)) == {"competence_judgement"}
