"""The building blocks every public referral form shares: the hidden field for robots and the text boxes."""

import pytest
from django.http import QueryDict

from carershub.identification.forms.public_referral import email_field, honeypot_filled, phone_field, text_field


@pytest.mark.parametrize(
    ("value", "filled"),
    [
        pytest.param("", False, id="empty"),
        pytest.param("   ", False, id="spaces"),
        pytest.param("http://spam.example", True, id="filled"),
    ],
)
def test_the_honeypot_counts_as_filled_only_with_something_in_it(value: str, filled: bool) -> None:
    assert honeypot_filled(QueryDict(f"website={value}")) is filled


def test_a_honeypot_missing_from_the_post_is_not_filled() -> None:
    assert honeypot_filled(QueryDict("")) is False


def test_a_text_field_is_optional_unless_it_says_what_to_do_when_empty() -> None:
    optional = text_field("Address line 2 (optional)", autocomplete="address-line2")
    required = text_field("Your role", autocomplete="organization-title", required_message="Enter your role")

    assert (optional.required, required.required) == (False, True)
    assert required.error_messages["required"] == "Enter your role"
    assert optional.error_messages["max_length"] == "Address line 2 must be 100 characters or fewer"


def test_a_text_field_names_its_own_length_and_width() -> None:
    field = text_field("Hospital and ward or team", autocomplete="off", max_length=150, width="20")

    assert field.max_length == 150
    assert field.error_messages["max_length"] == "Hospital and ward or team must be 150 characters or fewer"
    assert field.widget.attrs == {
        "autocomplete": "off",
        "spellcheck": "false",
        "class": "govuk-input--width-20",
        "maxlength": "150",
    }


def test_phone_and_email_fields_say_what_is_wrong_in_govuk_words() -> None:
    phone = phone_field("Your phone number (optional)", max_length=20)
    email = email_field("Your work email address", required_message="Enter your work email address")

    assert (phone.required, phone.widget.input_type) == (False, "tel")
    assert phone.error_messages["max_length"] == "Your phone number must be 20 characters or fewer"
    assert email.error_messages["required"] == "Enter your work email address"
    assert email.error_messages["invalid"] == "Enter an email address in the correct format, like name@example.com"
