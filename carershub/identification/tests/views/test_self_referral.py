"""Asking for support: the self-referral form (adult and young carer), check your answers, sending and its
protections (one referral per form, a hidden field for robots, a limit per address), and bad input."""

import logging
from typing import Any

import pytest
from django.test import Client

from carershub.core.tests.test_pages import TITLE_END, assert_keeps_to_the_content_security_policy, parse
from carershub.identification.tests.views.journey import (
    ADULT,
    UNDER_18,
    answer_questions,
    ask_for_support,
    born_years_ago,
    error_links,
    fill_in_form,
    heading,
    send,
    text,
    token_on_check_answers,
    url,
)
from carershub.identification.views.journey import SESSION_KEY
from carershub.identification.views.self_referral import SUBMISSIONS_PER_HOUR
from carershub.organisations.models import Area, Organisation
from carershub.people.models import CaringRelationship, Consent, Person
from carershub.referrals.models import Cohort, Referral, RoutingRule


def test_under_18s_get_the_young_carer_form(routed_area: Area, client: Client) -> None:
    answer_questions(client, routed_area, age_band=UNDER_18)

    response = client.get(url("self_referral", routed_area))

    page = parse(response)
    assert heading(page) == "Ask for help"
    words = text(response)
    assert "A grown-up can help you fill this in." in words
    assert "Who will see your answers" in words
    assert "someone you live with" in words
    labels = [" ".join(label.text.split()) for label in page.all("label")]
    assert "Your first name" in labels
    assert "My parent, or another grown-up who looks after me, agrees" in labels
    assert "I understand what this means, and I agree" in labels
    assert not page.all("input", name="consent")
    assert "carer's assessment" not in words


def test_adults_are_asked_to_tick_that_they_agree(routed_area: Area, client: Client) -> None:
    answer_questions(client, routed_area)

    page = parse(client.get(url("self_referral", routed_area)))

    (consent,) = page.all("input", name="consent")
    label = page.all("label", **{"for": consent.attrs["id"]})[0]
    assert " ".join(label.text.split()) == (
        "I agree to Carers Hub and the carers' support services in Home Area holding my information and contacting me"
    )
    assert not page.all("input", name="consent_by")


# --- Check your answers --------------------------------------------------------------------------------------------


def test_check_your_answers_shows_what_was_entered_with_links_to_change_it(routed_area: Area, client: Client) -> None:
    answer_questions(client, routed_area)
    fill_in_form(client, routed_area, email="sam@example.com", contact_channels=["email"])

    page = parse(client.get(url("check_answers", routed_area)))

    rows = [
        (" ".join(key.text.split()), " ".join(value.text.split()))
        for key, value in zip(
            page.with_class("govuk-summary-list__key"), page.with_class("govuk-summary-list__value"), strict=True
        )
    ]
    assert rows == [
        ("Do you look after someone who could not manage without you?", "Yes"),
        ("Why they need help", "Dementia"),
        ("What you help with", "Medication Cooking, cleaning and shopping"),
        ("How old you are", "18 or over"),
        ("Name", "Sam Rivers"),
        ("Date of birth", "14 June 1975"),
        ("Phone number", "07700 900 982"),
        ("Email address", "sam@example.com"),
        ("Address", "Not given"),
        ("How to contact you", "Email"),
        ("Name", "Jo Rivers"),
        ("Date of birth", "2 March 1950"),
        ("Who they are to you", "Parent"),
        ("What you would like", "Someone to talk to, and a break now and then."),
        (
            "You agreed",
            "I agree to Carers Hub and the carers' support services in Home Area holding my information and "
            "contacting me",
        ),
    ]
    change_links = [a.attrs["href"] for a in page.all("a") if " ".join(a.text.split()).startswith("Change")]
    assert f"{url('conditions', routed_area)}?change=1" in change_links
    assert f"{url('self_referral', routed_area)}#id_date_of_birth_day" in change_links


def test_changing_an_answer_from_check_your_answers_comes_back_to_it(routed_area: Area, client: Client) -> None:
    answer_questions(client, routed_area)
    fill_in_form(client, routed_area)

    response = client.post(f"{url('care_tasks', routed_area)}?change=1", {"care_tasks": ["finances"]})

    assert response["Location"] == url("check_answers", routed_area)
    assert client.session[SESSION_KEY]["care_tasks"] == ["finances"]


def test_changing_how_old_you_are_sends_you_back_to_the_form_to_say_who_agrees(
    routed_area: Area, client: Client
) -> None:
    answer_questions(client, routed_area)
    fill_in_form(client, routed_area)
    client.post(f"{url('age', routed_area)}?change=1", {"age_band": UNDER_18})

    response = client.get(url("check_answers", routed_area))

    assert response["Location"] == url("self_referral", routed_area)
    page = parse(client.get(url("self_referral", routed_area)))
    assert ("#id_date_of_birth_day", "Check when you were born: you told us you are under 18") in error_links(page)
    assert ("#id_consent_by_0", "Select who agrees") in error_links(page)


# --- Sending -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age_band", "provider", "cohort"),
    [
        pytest.param(ADULT, "carers_centre", Cohort.ADULT, id="adult_carer"),
        pytest.param(UNDER_18, "young_carers_service", Cohort.YOUNG, id="young_carer"),
    ],
)
def test_sending_makes_one_referral_routed_by_the_areas_rules(
    request: pytest.FixtureRequest, routed_area: Area, client: Client, age_band: str, provider: str, cohort: str
) -> None:
    response = ask_for_support(client, routed_area, age_band=age_band)

    assert response["Location"] == url("confirmation", routed_area)
    referral = Referral.objects.get()
    assert referral.provider == request.getfixturevalue(provider)
    assert (referral.area, referral.cohort, referral.source) == (routed_area, cohort, Referral.Source.SELF)
    assert referral.reason == "Someone to talk to, and a break now and then."
    assert referral.created_by is None
    carer = referral.carer
    assert (carer.given_name, carer.family_name, carer.phone) == ("Sam", "Rivers", "07700900982")
    assert referral.cared_for is not None
    relationship = CaringRelationship.objects.get(carer=carer)
    assert (relationship.cared_for, relationship.relationship) == (referral.cared_for, "parent")
    assert (relationship.conditions, relationship.care_tasks) == (["dementia"], ["medication", "household"])
    contact = Consent.objects.filter(person=carer, scope=Consent.Scope.CONTACT).order_by("channel")
    assert [consent.channel for consent in contact] == ["phone", "sms"]
    expected_given_by = "self" if age_band == ADULT else "parent_or_guardian"
    assert set(Consent.objects.filter(person=carer).values_list("given_by", flat=True)) == {expected_given_by}
    assert referral.idempotency_key.startswith("self-referral:")


def test_the_confirmation_shows_the_referrals_reference_and_what_happens_next(
    routed_area: Area, client: Client
) -> None:
    response = client.get(ask_for_support(client, routed_area)["Location"])

    page = parse(response)
    reference = Referral.objects.get().reference
    (panel,) = page.with_class("govuk-panel--confirmation")
    assert " ".join(panel.text.split()) == f"Request sent Your reference number is {reference}"
    assert "will contact you within 10 working days" in text(response)
    assert page.with_class("govuk-back-link") == []
    assert_keeps_to_the_content_security_policy(response)


def test_sending_forgets_the_answers_and_keeps_only_the_reference(routed_area: Area, client: Client) -> None:
    ask_for_support(client, routed_area)

    stored = client.session[SESSION_KEY]
    assert set(stored) == {"area", "submitted"}
    assert set(stored["submitted"]) == {"token", "reference", "young"}
    assert "Sam" not in str(dict(client.session))
    assert client.get(url("self_referral", routed_area))["Location"] == url("looking_after", routed_area)


def test_sending_the_same_page_twice_makes_one_referral(routed_area: Area, client: Client) -> None:
    answer_questions(client, routed_area)
    fill_in_form(client, routed_area)
    token = token_on_check_answers(client, routed_area)

    first = send(client, routed_area, token)
    second = send(client, routed_area, token)

    assert first["Location"] == second["Location"] == url("confirmation", routed_area)
    referral = Referral.objects.get()
    assert referral.reference in text(client.get(url("confirmation", routed_area)))


def test_a_resent_request_with_the_same_token_gets_the_referral_already_made(routed_area: Area, client: Client) -> None:
    # As if two tabs of the same visit both pressed send: the second still holds the answers and the token.
    answer_questions(client, routed_area)
    fill_in_form(client, routed_area)
    token = token_on_check_answers(client, routed_area)
    answers = dict(client.session[SESSION_KEY])
    send(client, routed_area, token)
    session = client.session
    session[SESSION_KEY] = answers
    session.save()

    send(client, routed_area, token)

    referral = Referral.objects.get()
    assert client.session[SESSION_KEY]["submitted"]["reference"] == referral.reference


def test_a_token_from_another_visit_sends_nothing(routed_area: Area, client: Client) -> None:
    answer_questions(client, routed_area)
    fill_in_form(client, routed_area)

    response = send(client, routed_area, token="made-up-token")

    assert response["Location"] == url("check_answers", routed_area)
    assert not Referral.objects.exists()


@pytest.mark.parametrize("where", ["self_referral", "check_answers"])
def test_a_filled_honeypot_shows_the_confirmation_but_makes_nothing(
    routed_area: Area, client: Client, caplog: pytest.LogCaptureFixture, where: str
) -> None:
    answer_questions(client, routed_area)
    fill_in_form(client, routed_area, website="http://spam.example" if where == "self_referral" else "")
    token = token_on_check_answers(client, routed_area)

    with caplog.at_level(logging.WARNING, logger="carershub.identification"):
        response = send(client, routed_area, token, website="http://spam.example" if where == "check_answers" else "")

    assert response["Location"] == url("confirmation", routed_area)
    confirmation = client.get(url("confirmation", routed_area))
    assert "Your reference number is" in text(confirmation)
    assert not Referral.objects.exists()
    assert not Person.objects.exists()
    assert [record.getMessage() for record in caplog.records if record.name.startswith("carershub")] == [
        "Self-referral ignored: the hidden field was filled in (area home-area)"
    ]


def test_the_honeypot_is_hidden_from_people_and_out_of_reach(routed_area: Area, client: Client) -> None:
    answer_questions(client, routed_area)

    page = parse(client.get(url("self_referral", routed_area)))

    (honeypot,) = page.all("input", name="website")
    assert (honeypot.attrs["autocomplete"], honeypot.attrs["tabindex"], honeypot.attrs["value"]) == ("off", "-1", "")
    wrapper = next(
        e for e in page.elements if e.attrs.get("aria-hidden") == "true" and "Leave this field empty" in e.text
    )
    assert "govuk-visually-hidden" in wrapper.attrs["class"]


def test_too_many_requests_from_one_address_are_refused_and_make_nothing(routed_area: Area, client: Client) -> None:
    for _ in range(SUBMISSIONS_PER_HOUR):
        assert ask_for_support(client, routed_area)["Location"] == url("confirmation", routed_area)
    assert Referral.objects.count() == SUBMISSIONS_PER_HOUR

    response = ask_for_support(client, routed_area)

    assert response.status_code == 429
    assert heading(parse(response)) == "Sorry, there have been too many requests"
    assert Referral.objects.count() == SUBMISSIONS_PER_HOUR
    other_address = Client(REMOTE_ADDR="192.0.2.99")
    assert ask_for_support(other_address, routed_area)["Location"] == url("confirmation", routed_area)


def test_an_area_with_no_provider_for_the_carer_asks_them_to_phone_and_logs_an_error(
    home_area: Area, carers_centre: Organisation, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    RoutingRule.objects.create(area=home_area, cohort=Cohort.YOUNG, provider=carers_centre)

    with caplog.at_level(logging.ERROR, logger="carershub.identification"):
        response = ask_for_support(client, home_area)

    assert response.status_code == 503
    assert heading(parse(response)) == "Sorry, you cannot ask for support online at the moment"
    assert "Phone Home Area Council and ask for the carers' support service." in text(response)
    assert not Referral.objects.exists()
    ours = [record for record in caplog.records if record.name.startswith("carershub.identification")]
    assert [record.getMessage() for record in ours] == [
        "Self-referral could not be routed: Home Area has no provider for adult"
    ]
    assert "Rivers" not in caplog.text
    assert "07700" not in caplog.text


# --- Bad input -----------------------------------------------------------------------------------------------------


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


@pytest.mark.parametrize(
    ("years_old", "consent_by", "given_by"),
    [
        pytest.param(13, "parent_or_carer", "parent_or_guardian", id="under_16_parent_agrees"),
        pytest.param(13, "self", "pending_competence", id="under_16_agrees_themselves_waiting_for_a_judgement"),
        pytest.param(16, "self", "self", id="16_agrees_themselves"),
    ],
)
def test_young_carers_say_who_agrees(
    routed_area: Area, client: Client, years_old: int, consent_by: str, given_by: str
) -> None:
    born = born_years_ago(years_old)
    answer_questions(client, routed_area, age_band=UNDER_18)
    response = fill_in_form(
        client,
        routed_area,
        consent_by=consent_by,
        date_of_birth_day=str(born.day),
        date_of_birth_month=str(born.month),
        date_of_birth_year=str(born.year),
    )
    assert response.status_code == 302

    send(client, routed_area)

    carer = Referral.objects.get().carer
    assert set(Consent.objects.filter(person=carer).values_list("given_by", flat=True)) == {given_by}


def test_a_16_year_old_cannot_rely_on_a_parent_agreeing(routed_area: Area, client: Client) -> None:
    born = born_years_ago(16)
    answer_questions(client, routed_area, age_band=UNDER_18)

    response = fill_in_form(
        client,
        routed_area,
        consent_by="parent_or_carer",
        date_of_birth_day=str(born.day),
        date_of_birth_month=str(born.month),
        date_of_birth_year=str(born.year),
    )

    assert error_links(parse(response)) == [("#id_consent_by_0", "You are 16 or over, so you need to agree yourself")]


def test_a_grown_up_agreeing_for_a_child_says_who_they_are_and_is_recorded(routed_area: Area, client: Client) -> None:
    born = born_years_ago(12)
    answer_questions(client, routed_area, age_band=UNDER_18)
    dates = {
        "date_of_birth_day": str(born.day),
        "date_of_birth_month": str(born.month),
        "date_of_birth_year": str(born.year),
    }

    unnamed = fill_in_form(client, routed_area, consent_by_name="", consent_by_relationship="", **dates)

    assert error_links(parse(unnamed)) == [
        ("#id_consent_by_name", "Enter the name of the grown-up who agrees for you"),
        ("#id_consent_by_relationship", "Enter who the grown-up who agrees is to you, like mum"),
    ]
    assert not Referral.objects.exists()

    assert fill_in_form(client, routed_area, **dates).status_code == 302
    send(client, routed_area)

    consent = Consent.objects.get(person=Referral.objects.get().carer, scope=Consent.Scope.SHARE)
    assert (consent.given_by, consent.given_by_name, consent.given_by_relationship) == (
        "parent_or_guardian",
        "Dana Lee",
        "Mum",
    )


def test_nothing_personal_goes_into_an_address(routed_area: Area, client: Client) -> None:
    answer_questions(client, routed_area)
    response = fill_in_form(client, routed_area)
    locations = [response["Location"], send(client, routed_area)["Location"]]

    assert all("Sam" not in location and "Rivers" not in location for location in locations)
    assert locations == [url("check_answers", routed_area), url("confirmation", routed_area)]
