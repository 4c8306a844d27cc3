"""Referring a carer without an account: the way in, the form with its sections and revealed questions (and the
same queries however many schools), and check your answers."""

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carershub.core.tests.test_pages import TITLE_END, assert_keeps_to_the_content_security_policy, parse
from carershub.identification.tests.views.journey import born_years_ago, heading, url
from carershub.identification.tests.views.professional_journey import fill_in_form
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import AreaFactory, GPPracticeFactory, SchoolFactory
from carershub.referrals.models import Cohort, RoutingRule


def test_the_am_i_a_carer_start_page_offers_professionals_the_referral_form(routed_area: Area, client: Client) -> None:
    page = parse(client.get(url("start_in_area", routed_area)))

    (link,) = [a for a in page.all("a") if a.attrs.get("href") == url("refer", routed_area)]
    assert link.text == "Refer someone"
    assert "Are you a professional?" in [" ".join(h2.text.split()) for h2 in page.all("h2")]


def test_the_way_in_goes_straight_to_the_form_when_one_area_takes_referrals(routed_area: Area, client: Client) -> None:
    response = client.get(reverse("identification:refer_start"))

    assert response["Location"] == url("refer", routed_area)


def test_the_way_in_lists_the_areas_when_several_take_referrals(
    routed_area: Area, neighbour_area: Area, neighbour_provider: Organisation, client: Client
) -> None:
    RoutingRule.objects.create(area=neighbour_area, cohort=Cohort.ADULT, provider=neighbour_provider)
    AreaFactory.create(name="Area Without Routing", slug="unrouted")

    response = client.get(reverse("identification:refer_start"))

    page = parse(response)
    assert heading(page) == "Refer a carer"
    links = [(a.attrs["href"], a.text) for a in page.all("a", **{"class": "govuk-link"})]
    assert links == [(url("refer", routed_area), "Home Area"), (url("refer", neighbour_area), "Neighbour Area")]
    assert_keeps_to_the_content_security_policy(response)


def test_an_unknown_area_is_page_not_found(db: None, client: Client) -> None:
    assert client.get(reverse("identification:refer", kwargs={"area_slug": "nowhere"})).status_code == 404


def test_the_form_asks_who_you_are_where_from_about_the_carer_and_who_agreed(
    routed_area: Area, places: None, client: Client
) -> None:
    response = client.get(url("refer", routed_area))

    page = parse(response)
    assert page.title() == f"Refer a carer{TITLE_END}"
    assert heading(page) == "Refer a carer"
    assert page.with_class("govuk-back-link")[0].attrs["href"] == url("start_in_area", routed_area)
    headings = [" ".join(h2.text.split()) for h2 in page.all("h2") if "govuk-error-summary__title" not in h2.attrs]
    assert headings[:6] == [
        "About you",
        "Where are you referring from?",
        "The carer",
        "The person they care for",
        "Why they need support",
        "Agreement to the referral",
    ]
    labels = [" ".join(label.text.split()) for label in page.all("label")]
    for label in [
        "Your full name",
        "Your role",
        "Your work email address",
        "Your phone number (optional)",
        "School",
        "GP practice",
        "Hospital ward or discharge team",
        "Family member or friend",
        "Hospital and ward or team",
        "The carer (or, for a child under 16, their parent or guardian) has agreed to this referral and to their "
        "information being shared with the carers' service",
        "The carer",
        "A parent or guardian",
        "The young person, judged able to decide",
        "Routine",
        "Within a week",
        "Urgent (caring role at risk of breaking down)",
    ]:
        assert label in labels
    assert_keeps_to_the_content_security_policy(response)


def test_each_place_is_asked_for_under_its_answer_and_always_shown(
    routed_area: Area, places: None, client: Client
) -> None:
    page = parse(client.get(url("refer", routed_area)))

    # No script-driven reveal: it would put aria-expanded on radio inputs, which ARIA does not allow.
    assert not [radio for radio in page.all("input", name="source") if "data-aria-controls" in radio.attrs]
    for conditional_id, field in [
        ("conditional-id_source_0", "school"),
        ("conditional-id_source_1", "gp_practice"),
        ("conditional-id_source_2", "hospital_name"),
    ]:
        (conditional,) = [e for e in page.elements if e.attrs.get("id") == conditional_id]
        assert conditional.attrs["class"] == "govuk-radios__conditional"
        assert [e for e in page.elements if e.attrs.get("name") == field]


def test_the_school_and_practice_lists_hold_only_the_areas_own_open_ones(
    routed_area: Area, places: None, neighbour_area: Area, client: Client
) -> None:
    SchoolFactory.create(area=neighbour_area, name="Far School", urn="200002")
    SchoolFactory.create(area=routed_area, name="Closed School", urn="100009", disabled_on=date(2020, 8, 31))
    GPPracticeFactory.create(area=neighbour_area, name="Far Surgery", ods_code="Z00002")

    page = parse(client.get(url("refer", routed_area)))

    options = {name: [(o.attrs["value"], o.text) for o in _options(page, name)] for name in ("school", "gp_practice")}
    assert options == {
        "school": [("", "Select a school"), ("100001", "Vale Academy")],
        "gp_practice": [("", "Select a GP practice"), ("Y00001", "Riverside Surgery")],
    }


def _options(page: Any, select_name: str) -> list[Any]:
    """The options of one select: those between its start and the next select's."""
    elements = page.elements
    start = next(i for i, e in enumerate(elements) if e.tag == "select" and e.attrs.get("name") == select_name)
    following = elements[start + 1 :]
    end = next((i for i, e in enumerate(following) if e.tag == "select"), len(following))
    return [e for e in following[:end] if e.tag == "option"]


def test_the_carers_contact_boxes_are_not_filled_in_with_the_referrers_own_details(
    routed_area: Area, client: Client
) -> None:
    page = parse(client.get(url("refer", routed_area)))

    autocomplete = {
        name: page.all("input", name=name)[0].attrs["autocomplete"]
        for name in (
            "referrer_name",
            "referrer_email",
            "referrer_phone",
            "phone",
            "email",
            "address_line_1",
            "postcode",
        )
    }
    assert autocomplete == {
        "referrer_name": "name",
        "referrer_email": "email",
        "referrer_phone": "tel",
        "phone": "off",
        "email": "off",
        "address_line_1": "off",
        "postcode": "off",
    }


@pytest.mark.parametrize("schools", [3, 40])
def test_the_form_takes_the_same_queries_however_many_schools_the_area_has(
    routed_area: Area, client: Client, schools: int
) -> None:
    SchoolFactory.create_batch(schools, area=routed_area)
    GPPracticeFactory.create_batch(schools, area=routed_area)

    with CaptureQueriesContext(connection) as shown:
        page = parse(client.get(url("refer", routed_area)))
    with CaptureQueriesContext(connection) as shown_with_errors:
        fill_in_form(client, routed_area, "school", school="", consent=None)

    assert len(page.all("option")) == 2 * (schools + 1)
    # The area, its schools and its GP practices, shown as a list each.
    assert (len(shown), len(shown_with_errors)) == (3, 3)


def test_check_your_answers_shows_what_was_entered_with_links_to_change_it(
    routed_area: Area, places: None, client: Client
) -> None:
    fill_in_form(client, routed_area, "school", email="kai.lee@home.example", referrer_phone="01632 960 001")

    response = client.get(url("refer_check_answers", routed_area))

    page = parse(response)
    assert heading(page) == "Check your answers before sending the referral"
    rows = [
        (" ".join(key.text.split()), " ".join(value.text.split()))
        for key, value in zip(
            page.with_class("govuk-summary-list__key"), page.with_class("govuk-summary-list__value"), strict=True
        )
    ]
    born = born_years_ago(12)
    assert rows == [
        ("Name", "Alex Morgan"),
        ("Role", "Pastoral lead"),
        ("Email address", "alex.morgan@work.example"),
        ("Phone number", "01632960001"),
        ("Referring from", "School"),
        ("School", "Vale Academy"),
        ("Name", "Kai Lee"),
        ("Date of birth", f"{born.day} {born:%B %Y}"),
        ("NHS number", "Not given"),
        ("Phone number", "07700 900 123"),
        ("Email address", "kai.lee@home.example"),
        ("Address", "Not given"),
        ("Name", "Jo Lee"),
        ("Date of birth", "Not given"),
        ("Who they are to the carer", "Parent"),
        ("Why they need support", "Looks after mum most evenings; tired in class."),
        ("How urgent", "Within a week"),
        (
            "Agreed",
            "The carer (or, for a child under 16, their parent or guardian) has agreed to this referral and to their "
            "information being shared with the carers' service",
        ),
        ("Who agreed", "A parent or guardian Dana Lee (Mother)"),
    ]
    change_links = [a.attrs["href"] for a in page.all("a") if " ".join(a.text.split()).startswith("Change")]
    assert f"{url('refer', routed_area)}#id_school" in change_links
    assert f"{url('refer', routed_area)}#id_date_of_birth_day" in change_links
    assert f"{url('refer', routed_area)}#id_consent_by_0" in change_links
    assert_keeps_to_the_content_security_policy(response)


def test_changing_an_answer_shows_the_form_with_what_was_entered(
    routed_area: Area, places: None, client: Client
) -> None:
    fill_in_form(client, routed_area, "hospital")

    page = parse(client.get(url("refer", routed_area)))

    assert page.all("input", name="hospital_name")[0].attrs["value"] == "Vale General Hospital, Ward 12"
    assert [radio.attrs["value"] for radio in page.all("input", name="source") if "checked" in radio.attrs] == [
        "hospital"
    ]
    (conditional,) = [e for e in page.elements if e.attrs.get("id") == "conditional-id_source_2"]
    assert conditional.attrs["class"] == "govuk-radios__conditional"


def test_check_your_answers_without_a_form_filled_in_goes_to_the_form(routed_area: Area, client: Client) -> None:
    assert client.get(url("refer_check_answers", routed_area))["Location"] == url("refer", routed_area)
