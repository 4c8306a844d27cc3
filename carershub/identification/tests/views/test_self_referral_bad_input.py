"""Bad input on the self-referral form: shown at the field, with what was entered kept."""

from typing import Any

import pytest
from django.test import Client

from carershub.core.tests.test_pages import TITLE_END, parse
from carershub.identification.tests.views.journey import answer_questions, error_links, fill_in_form
from carershub.identification.views.journey import SESSION_KEY
from carershub.organisations.models import Area
from carershub.referrals.models import Referral


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"phone": "", "contact_channels": ["letter"]},
            [("#id_phone", "Enter a phone number, an email address or a postal address, so that we can contact you")],
            id="no_way_to_contact",
        ),
        pytest.param(
            {"date_of_birth_day": "30", "date_of_birth_month": "2"},
            [("#id_date_of_birth_day", "Date of birth must be a real date")],
            id="impossible_date",
        ),
        pytest.param(
            {"consent": None},
            [("#id_consent", "Select the box to say you agree, so that we can help you")],
            id="no_consent",
        ),
        pytest.param(
            {"email": "sam.example.com", "contact_channels": ["email"]},
            [("#id_email", "Enter an email address in the correct format, like name@example.com")],
            id="email_without_at",
        ),
        pytest.param(
            {"phone": "12", "postcode": "nowhere", "address_line_1": "1 High Street", "town": "Vale"},
            [
                ("#id_phone", "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"),
                ("#id_postcode", "Enter a real postcode"),
            ],
            id="phone_and_postcode_the_people_service_refuses",
        ),
        pytest.param(
            {"email": "sam@example.com", "contact_channels": ["letter"]},
            [("#id_address_line_1", "Enter your address, or choose another way for us to contact you")],
            id="letter_without_an_address",
        ),
        pytest.param(
            {"date_of_birth_year": "2015"},
            [("#id_date_of_birth_day", "Check your date of birth: you told us you are 18 or over")],
            id="too_young_for_the_adult_form",
        ),
        pytest.param(
            {
                "cared_for_given_name": "Sam",
                "cared_for_family_name": "Rivers",
                "cared_for_date_of_birth_day": "14",
                "cared_for_date_of_birth_month": "6",
                "cared_for_date_of_birth_year": "1975",
            },
            [("#id_cared_for_given_name", "The person you look after must be someone other than you")],
            id="caring_for_themselves",
        ),
        pytest.param(
            # A right-to-left override makes "Rivers" show as something else; a zero-width space hides in a street.
            {
                "cared_for_family_name": "Ri\u202esrev",
                "address_line_1": "1 High\u200bStreet",
                "town": "Vale",
                "postcode": "MV1 2AB",
            },
            [
                (
                    "#id_address_line_1",
                    "Remove the hidden formatting characters (for example, pasted text direction marks)",
                ),
                (
                    "#id_cared_for_family_name",
                    "Remove the hidden formatting characters (for example, pasted text direction marks)",
                ),
            ],
            id="hidden_formatting_characters",
        ),
    ],
)
def test_bad_input_is_shown_at_the_field_with_what_was_entered_kept(
    routed_area: Area, client: Client, changes: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    answer_questions(client, routed_area)

    response = fill_in_form(client, routed_area, **changes)

    assert response.status_code == 200
    page = parse(response)
    assert page.title() == f"Error: Ask for support{TITLE_END}"
    assert error_links(page) == expected
    for href, _message in expected:
        assert len([e for e in page.elements if e.attrs.get("id") == href[1:]]) == 1
    assert page.all("input", name="given_name")[0].attrs["value"] == "Sam"
    assert page.all("textarea", name="reason")[0].text.strip() == "Someone to talk to, and a break now and then."
    assert "referral" not in client.session[SESSION_KEY]
    assert not Referral.objects.exists()
