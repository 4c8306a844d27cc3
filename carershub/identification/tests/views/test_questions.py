"""The public "Am I a carer?" questions, driven page by page with the test client: the way in, every page's GOV.UK
shape, the questions and their branches, and the results (with the young carer wording)."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from carershub.core.tests.test_pages import TITLE_END, assert_keeps_to_the_content_security_policy, parse
from carershub.identification.tests.views.journey import (
    UNDER_18,
    answer_questions,
    error_links,
    fill_in_form,
    heading,
    text,
    url,
)
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import AreaFactory
from carershub.referrals.models import Cohort, RoutingRule

# --- The way in ----------------------------------------------------------------------------------------------------


def test_the_way_in_goes_straight_to_the_start_page_when_one_area_takes_self_referrals(
    routed_area: Area, client: Client
) -> None:
    response = client.get(reverse("identification:start"))

    assert response.status_code == 302
    assert response["Location"] == url("start_in_area", routed_area)


def test_the_way_in_lists_the_areas_when_several_take_self_referrals(
    routed_area: Area, neighbour_provider: Organisation, neighbour_area: Area, client: Client
) -> None:
    RoutingRule.objects.create(area=neighbour_area, cohort=Cohort.ADULT, provider=neighbour_provider)
    AreaFactory.create(name="Area Without Routing", slug="unrouted")

    response = client.get(reverse("identification:start"))

    assert response.status_code == 200
    links = [(a.attrs["href"], a.text) for a in parse(response).all("a", **{"class": "govuk-link"})]
    assert links == [
        (url("start_in_area", routed_area), "Home Area"),
        (url("start_in_area", neighbour_area), "Neighbour Area"),
    ]


def test_the_start_page_says_who_it_is_for_and_what_they_can_get(routed_area: Area, client: Client) -> None:
    response = client.get(url("start_in_area", routed_area))

    page = parse(response)
    assert page.title() == f"Am I a carer?{TITLE_END}"
    words = text(response)
    for phrase in [
        "family member, partner or friend who could not manage without them",
        "Caring is unpaid",
        "Children and young people can be carers too",
        "a carer's assessment",
        "breaks from caring",
        "groups where you can meet other carers",
        "help to plan for an emergency",
        "support for young carers",
    ]:
        assert phrase in words
    (start,) = page.with_class("govuk-button--start")
    assert (start.attrs["href"], " ".join(start.text.split())) == (url("looking_after", routed_area), "Start now")


def test_an_unknown_area_is_page_not_found(db: None, client: Client) -> None:
    assert client.get(reverse("identification:start_in_area", kwargs={"area_slug": "nowhere"})).status_code == 404


# --- Every page ----------------------------------------------------------------------------------------------------

JOURNEY = [
    # (page, its title, where its back link goes)
    ("start_in_area", "Am I a carer?", None),
    ("looking_after", "Do you look after, or help, someone who could not manage without you?", "start_in_area"),
    ("conditions", "Why do they need help?", "looking_after"),
    ("care_tasks", "What do you help with?", "conditions"),
    ("age", "How old are you?", "care_tasks"),
    ("result", "You are probably a carer", "age"),
    ("self_referral", "Ask for support", "result"),
    ("check_answers", "Check your answers before sending", "self_referral"),
]


@pytest.mark.parametrize(("page_name", "title", "back"), JOURNEY)
def test_every_page_is_a_govuk_page_with_one_heading_and_a_back_link(
    routed_area: Area, client: Client, page_name: str, title: str, back: str | None
) -> None:
    answer_questions(client, routed_area)
    fill_in_form(client, routed_area)

    response = client.get(url(page_name, routed_area))

    assert response.status_code == 200
    page = parse(response)
    assert page.title() == f"{title}{TITLE_END}"
    assert heading(page) == title
    back_links = [link.attrs["href"] for link in page.with_class("govuk-back-link")]
    assert back_links == ([url(back, routed_area)] if back else [])
    assert [" ".join(name.text.split()) for name in page.with_class("govuk-service-navigation__service-name")] == [
        "Carers Hub"
    ]
    assert response["Cache-Control"].startswith("max-age=0, no-cache, no-store")
    assert_keeps_to_the_content_security_policy(response)


def test_each_question_is_the_legend_of_its_fieldset(routed_area: Area, client: Client) -> None:
    page = parse(client.get(url("looking_after", routed_area)))

    (legend,) = page.all("legend")
    assert "govuk-fieldset__legend--l" in legend.attrs["class"]
    assert page.with_class("govuk-fieldset__heading")[0].tag == "h1"
    assert [radio.attrs["value"] for radio in page.all("input", type="radio")] == ["yes", "no", "not_sure"]
    assert [" ".join(button.text.split()) for button in page.all("button")] == ["Continue"]


def test_a_question_left_unanswered_shows_an_error_summary_linking_to_the_first_answer(
    routed_area: Area, client: Client
) -> None:
    response = client.post(url("looking_after", routed_area), {})

    page = parse(response)
    assert page.title() == f"Error: Do you look after, or help, someone who could not manage without you?{TITLE_END}"
    assert error_links(page) == [("#id_looking_after_0", "Select yes, no or I'm not sure")]
    assert len(page.all("input", id="id_looking_after_0")) == 1


def test_none_of_these_cannot_be_chosen_with_another_answer(routed_area: Area, client: Client) -> None:
    client.post(url("looking_after", routed_area), {"looking_after": "yes"})

    response = client.post(url("conditions", routed_area), {"conditions": ["dementia", "none"]})

    assert error_links(parse(response)) == [
        ("#id_conditions_0", "Select why they need help, or select 'None of these'")
    ]


# --- Branching -----------------------------------------------------------------------------------------------------


def test_no_to_the_first_question_skips_to_how_old_you_are(routed_area: Area, client: Client) -> None:
    response = client.post(url("looking_after", routed_area), {"looking_after": "no"})

    assert response["Location"] == url("age", routed_area)
    page = parse(client.get(url("age", routed_area)))
    assert [link.attrs["href"] for link in page.with_class("govuk-back-link")] == [url("looking_after", routed_area)]


@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_yes_or_not_sure_goes_on_to_why_they_need_help(routed_area: Area, client: Client, answer: str) -> None:
    response = client.post(url("looking_after", routed_area), {"looking_after": answer})

    assert response["Location"] == url("conditions", routed_area)


@pytest.mark.parametrize(
    ("answers", "title"),
    [
        pytest.param({"looking_after": "yes"}, "You are probably a carer", id="yes"),
        pytest.param({"looking_after": "not_sure"}, "You are probably a carer", id="not_sure_with_reason_and_task"),
        pytest.param(
            {"looking_after": "not_sure", "care_tasks": ()},
            "You might not be a carer, but you can still ask for advice",
            id="not_sure_without_a_task",
        ),
        pytest.param({"looking_after": "no"}, "You might not be a carer, but you can still ask for advice", id="no"),
    ],
)
def test_the_result_follows_the_answers(routed_area: Area, client: Client, answers: dict[str, Any], title: str) -> None:
    answer_questions(client, routed_area, **answers)

    response = client.get(url("result", routed_area))

    page = parse(response)
    assert heading(page) == title
    (ask,) = [link for link in page.all("a") if link.attrs.get("href") == url("self_referral", routed_area)]
    assert " ".join(ask.text.split()) == "Ask for support"
    assert "a carer's assessment" in text(response)


def test_arriving_part_way_through_goes_to_the_first_unanswered_question(routed_area: Area, client: Client) -> None:
    assert client.get(url("check_answers", routed_area))["Location"] == url("looking_after", routed_area)
    client.post(url("looking_after", routed_area), {"looking_after": "yes"})
    assert client.get(url("self_referral", routed_area))["Location"] == url("conditions", routed_area)


# --- Young carers --------------------------------------------------------------------------------------------------


def test_under_18s_get_the_young_carer_result(routed_area: Area, client: Client) -> None:
    answer_questions(client, routed_area, age_band=UNDER_18)

    response = client.get(url("result", routed_area))

    assert heading(parse(response)) == "You are probably a young carer"
    words = text(response)
    assert "You are not on your own." in words
    assert "A grown-up can help you fill in the form." in words
    assert "young carer's needs assessment" in words
