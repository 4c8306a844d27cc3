"""Sending a self-referral: one referral routed by the area's rules, the confirmation, the answers forgotten, and
its protections (one referral per form, a hidden field for robots, a limit per address, an area with no provider)."""

import logging

import pytest
from django.test import Client

from carershub.core.tests.test_pages import assert_keeps_to_the_content_security_policy, parse
from carershub.identification.tests.views.journey import (
    ADULT,
    UNDER_18,
    answer_questions,
    ask_for_support,
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
