"""A professional referral's protections: one referral per form (however often it is sent), a hidden field for
robots, a limit per address kept apart from self-referrals', and an area with no provider for the carer."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from carershub.core.tests.test_pages import parse
from carershub.identification.tests.views.journey import ask_for_support, heading, text, url
from carershub.identification.tests.views.professional_journey import (
    SESSION_KEY,
    fill_in_form,
    refer,
    send,
    token_on_check_answers,
)
from carershub.identification.views.public_referral import SUBMISSIONS_PER_HOUR
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Person
from carershub.referrals.models import Cohort, Referral, RoutingRule


def test_sending_the_same_page_twice_makes_one_referral(routed_area: Area, places: None, client: Client) -> None:
    fill_in_form(client, routed_area)
    token = token_on_check_answers(client, routed_area)

    first = send(client, routed_area, token)
    second = send(client, routed_area, token)

    assert first["Location"] == second["Location"] == url("refer_confirmation", routed_area)
    referral = Referral.objects.get()
    assert referral.reference in text(client.get(url("refer_confirmation", routed_area)))


def test_a_resent_request_with_the_same_token_gets_the_referral_already_made(
    routed_area: Area, places: None, client: Client
) -> None:
    # As if two tabs of the same visit both pressed send: the second still holds the answers and the token.
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


def test_a_token_from_another_visit_sends_nothing(routed_area: Area, places: None, client: Client) -> None:
    fill_in_form(client, routed_area)

    response = send(client, routed_area, token="made-up-token")

    assert response["Location"] == url("refer_check_answers", routed_area)
    assert not Referral.objects.exists()


@pytest.mark.parametrize("where", ["form", "check_answers"])
def test_a_filled_honeypot_shows_the_confirmation_but_makes_nothing(
    routed_area: Area, places: None, client: Client, caplog: pytest.LogCaptureFixture, where: str
) -> None:
    fill_in_form(client, routed_area, website="http://spam.example" if where == "form" else "")
    token = token_on_check_answers(client, routed_area)

    with caplog.at_level(logging.WARNING, logger="carershub.identification"):
        response = send(client, routed_area, token, website="http://spam.example" if where == "check_answers" else "")

    assert response["Location"] == url("refer_confirmation", routed_area)
    assert "The reference number is" in text(client.get(url("refer_confirmation", routed_area)))
    assert not Referral.objects.exists()
    assert not Person.objects.exists()
    assert [record.getMessage() for record in caplog.records if record.name.startswith("carershub")] == [
        "Professional referral ignored: the hidden field was filled in (area home-area)"
    ]


def test_the_honeypot_is_hidden_from_people_and_out_of_reach(routed_area: Area, client: Client) -> None:
    page = parse(client.get(url("refer", routed_area)))

    (honeypot,) = page.all("input", name="website")
    assert (honeypot.attrs["autocomplete"], honeypot.attrs["tabindex"], honeypot.attrs["value"]) == ("off", "-1", "")


def test_too_many_referrals_from_one_address_are_refused_and_make_nothing(
    routed_area: Area, places: None, client: Client
) -> None:
    for _ in range(SUBMISSIONS_PER_HOUR):
        assert refer(client, routed_area)["Location"] == url("refer_confirmation", routed_area)
    assert Referral.objects.count() == SUBMISSIONS_PER_HOUR

    response = refer(client, routed_area)

    assert response.status_code == 429
    assert heading(parse(response)) == "Sorry, there have been too many referrals"
    assert Referral.objects.count() == SUBMISSIONS_PER_HOUR
    other_address = Client(REMOTE_ADDR="192.0.2.99")
    assert refer(other_address, routed_area)["Location"] == url("refer_confirmation", routed_area)


def test_an_area_with_no_provider_for_the_carer_asks_the_referrer_to_phone_and_logs_an_error(
    home_area: Area, places: None, young_carers_service: Organisation, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    RoutingRule.objects.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)

    with caplog.at_level(logging.ERROR, logger="carershub.identification"):
        response = refer(client, home_area)

    assert response.status_code == 503
    assert heading(parse(response)) == "Sorry, you cannot refer a carer online at the moment"
    assert not Referral.objects.exists()
    assert [r.getMessage() for r in caplog.records if r.name.startswith("carershub.identification")] == [
        "Professional referral could not be routed: Home Area has no provider for adult"
    ]
    assert "Lee" not in caplog.text


def test_self_referrals_and_referrals_by_others_are_limited_separately(
    routed_area: Area, places: None, client: Client
) -> None:
    for _ in range(SUBMISSIONS_PER_HOUR):
        refer(client, routed_area)

    response = ask_for_support(client, routed_area)

    assert response["Location"] == reverse("identification:confirmation", kwargs={"area_slug": routed_area.slug})
