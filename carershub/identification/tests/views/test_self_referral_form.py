"""Asking for support: the self-referral form (adult and young carer, and who agrees for a young carer), check your
answers, and nothing personal in an address."""

import pytest
from django.test import Client

from carershub.core.tests.test_pages import parse
from carershub.identification.tests.views.journey import (
    UNDER_18,
    answer_questions,
    born_years_ago,
    error_links,
    fill_in_form,
    heading,
    send,
    text,
    url,
)
from carershub.identification.views.journey import SESSION_KEY
from carershub.organisations.models import Area
from carershub.people.models import Consent
from carershub.referrals.models import Referral


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
