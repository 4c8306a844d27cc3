"""Referring a carer without an account: the way in, the form with its sections and revealed questions, check your
answers, sending (routed by the area's rules) and its protections, and bad input."""

import logging
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.fixtures import Settings

from carershub.accounts.models import User
from carershub.core.tests.test_pages import TITLE_END, assert_keeps_to_the_content_security_policy, parse
from carershub.identification.tests.views.journey import ask_for_support, born_years_ago, error_links, heading, text
from carershub.identification.views.professional_referral import PAGES
from carershub.identification.views.public_referral import SUBMISSIONS_PER_HOUR
from carershub.organisations.models import Area, GPPractice, Organisation, School
from carershub.organisations.tests.factories import AreaFactory, GPPracticeFactory, SchoolFactory
from carershub.people.models import Consent, Person
from carershub.referrals.models import Cohort, Referral, RoutingRule
from carershub.referrals.services.decisions import accept_referral

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

SESSION_KEY = PAGES.session_key


def url(name: str, area: Area) -> str:
    return reverse(f"identification:{name}", kwargs={"area_slug": area.slug})


@pytest.fixture
def school(home_area: Area) -> School:
    return SchoolFactory.create(area=home_area, name="Vale Academy", urn="100001", phase=School.Phase.SECONDARY)


@pytest.fixture
def gp_practice(home_area: Area) -> GPPractice:
    return GPPracticeFactory.create(area=home_area, name="Riverside Surgery", ods_code="Y00001")


@pytest.fixture
def places(school: School, gp_practice: GPPractice) -> None:
    """The home area's school and GP practice."""


def form_data(source: str = "gp_practice", /, **changes: Any) -> dict[str, Any]:
    """A complete referral. From a school: a 12-year-old helping their mother, agreed by a parent. From anywhere
    else: a 57-year-old looking after their husband, who agreed themselves."""
    young = source == "school"
    born = born_years_ago(12) if young else date(1968, 6, 14)
    data: dict[str, Any] = {
        "referrer_name": "Alex Morgan",
        "referrer_role": "Pastoral lead" if young else "Practice carers lead",
        "referrer_email": "alex.morgan@work.example",
        "referrer_phone": "",
        "source": source,
        "school": "100001" if source == "school" else "",
        "gp_practice": "Y00001" if source == "gp_practice" else "",
        "hospital_name": "Vale General Hospital, Ward 12" if source == "hospital" else "",
        "given_name": "Kai" if young else "Pat",
        "family_name": "Lee",
        "date_of_birth_day": str(born.day),
        "date_of_birth_month": str(born.month),
        "date_of_birth_year": str(born.year),
        "phone": "07700 900 123",
        "email": "",
        "address_line_1": "",
        "address_line_2": "",
        "town": "",
        "postcode": "",
        "cared_for_given_name": "Jo" if young else "Chris",
        "cared_for_family_name": "Lee",
        "cared_for_date_of_birth_day": "",
        "cared_for_date_of_birth_month": "",
        "cared_for_date_of_birth_year": "",
        "relationship": "parent" if young else "spouse_or_partner",
        "reason": "Looks after mum most evenings; tired in class."
        if young
        else "Caring round the clock since a stroke.",
        "urgency": "soon",
        "consent": "on",
        "consent_by": "parent_or_guardian" if young else "self",
        "consent_by_name": "Dana Lee" if young else "",
        "consent_by_relationship": "Mother" if young else "",
        "website": "",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def fill_in_form(client: Client, area: Area, source: str = "gp_practice", /, **changes: Any) -> "TestResponse":
    return client.post(url("refer", area), form_data(source, **changes))


def token_on_check_answers(client: Client, area: Area) -> str:
    page = parse(client.get(url("refer_check_answers", area)))
    return page.all("input", name="submission_token")[0].attrs["value"]


def send(client: Client, area: Area, token: str | None = None, **extra: str) -> "TestResponse":
    token = token or token_on_check_answers(client, area)
    return client.post(url("refer_check_answers", area), {"submission_token": token, "website": "", **extra})


def refer(client: Client, area: Area, source: str = "gp_practice", /, **changes: Any) -> "TestResponse":
    """The whole journey: fill in the form, then send it from check your answers."""
    response = fill_in_form(client, area, source, **changes)
    assert response.status_code == 302, parse(response).with_class("govuk-error-summary")
    return send(client, area)


# --- The way in ----------------------------------------------------------------------------------------------------


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


# --- The form ------------------------------------------------------------------------------------------------------


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


# --- Check your answers --------------------------------------------------------------------------------------------


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


# --- Sending -------------------------------------------------------------------------------------------------------


def test_a_school_referring_a_12_year_old_reaches_the_young_carers_service(
    routed_area: Area, school: School, young_carers_service: Organisation, client: Client
) -> None:
    response = refer(client, routed_area, "school")

    assert response["Location"] == url("refer_confirmation", routed_area)
    referral = Referral.objects.get()
    assert (referral.source, referral.referring_school, referral.referring_gp_practice, referral.hospital_name) == (
        Referral.Source.SCHOOL,
        school,
        None,
        "",
    )
    assert (referral.cohort, referral.provider) == (Cohort.YOUNG, young_carers_service)
    assert (referral.referrer_name, referral.referrer_role, referral.referrer_email, referral.referrer_phone) == (
        "Alex Morgan",
        "Pastoral lead",
        "alex.morgan@work.example",
        "",
    )
    assert (referral.urgency, referral.created_by, referral.area) == (Referral.Urgency.SOON, None, routed_area)
    assert referral.idempotency_key.startswith("refer-a-carer:")
    carer = referral.carer
    assert (carer.given_name, carer.family_name, carer.date_of_birth, carer.phone) == (
        "Kai",
        "Lee",
        born_years_ago(12),
        "07700900123",
    )
    assert set(Consent.objects.filter(person=carer).values_list("given_by", flat=True)) == {"parent_or_guardian"}
    assert not Consent.objects.filter(person=carer, scope=Consent.Scope.CONTACT).exists()


def test_a_gp_practice_referring_an_adult_reaches_the_adult_carers_service(
    routed_area: Area, gp_practice: GPPractice, carers_centre: Organisation, client: Client
) -> None:
    refer(client, routed_area, "gp_practice", referrer_phone="+44 1632 960 001")

    referral = Referral.objects.get()
    assert (referral.source, referral.referring_gp_practice, referral.referring_school) == (
        Referral.Source.GP_PRACTICE,
        gp_practice,
        None,
    )
    assert (referral.cohort, referral.provider) == (Cohort.ADULT, carers_centre)
    assert referral.referrer_phone == "01632960001"
    assert referral.reason == "Caring round the clock since a stroke."
    assert set(Consent.objects.filter(person=referral.carer).values_list("given_by", flat=True)) == {"self"}


@pytest.mark.parametrize(
    ("source", "hospital_name"),
    [
        pytest.param("hospital", "Vale General Hospital, Ward 12", id="hospital"),
        pytest.param("family", "", id="family"),
    ],
)
def test_hospitals_and_families_refer_without_naming_a_school_or_practice(
    routed_area: Area, places: None, carers_centre: Organisation, client: Client, source: str, hospital_name: str
) -> None:
    # A school and a practice chosen before switching to another answer are not sent.
    refer(client, routed_area, source, school="100001", gp_practice="Y00001")

    referral = Referral.objects.get()
    assert (referral.source, referral.hospital_name, referral.provider) == (source, hospital_name, carers_centre)
    assert (referral.referring_school, referral.referring_gp_practice) == (None, None)


def test_the_confirmation_shows_the_reference_in_a_panel_and_what_happens_next(
    routed_area: Area, places: None, client: Client
) -> None:
    response = client.get(refer(client, routed_area)["Location"])

    page = parse(response)
    assert page.title() == f"Referral sent{TITLE_END}"
    (panel,) = page.with_class("govuk-panel--confirmation")
    assert " ".join(panel.text.split()) == f"Referral sent The reference number is {Referral.objects.get().reference}"
    words = text(response)
    assert "will contact the carer within 10 working days" in words
    assert "We will email you when the service has decided about the referral." in words
    assert "it goes to the top of the service's list of referrals to decide, ahead of all others" in words
    assert page.with_class("govuk-back-link") == []
    assert_keeps_to_the_content_security_policy(response)


def test_the_confirmation_gives_the_services_contact_details(
    routed_area: Area, places: None, client: Client, settings: Settings
) -> None:
    settings.CARERSHUB_SERVICE_CONTACT = {"phone": "0117 496 0456", "email": "carers@vale.example", "hours": "9 to 5"}

    response = client.get(refer(client, routed_area)["Location"])

    words = text(response)
    assert "Phone: 0117 496 0456" in words
    assert "Email: carers@vale.example" in words
    assert 'href="tel:01174960456"' in response.content.decode()


def test_without_contact_details_the_confirmation_points_to_the_directory(
    routed_area: Area, places: None, client: Client, settings: Settings
) -> None:
    settings.CARERSHUB_SERVICE_CONTACT = {"phone": "", "email": "", "hours": ""}

    response = client.get(refer(client, routed_area)["Location"])

    assert f"Find the carers' support service in {routed_area.name} in the directory of local support" in text(response)
    assert f'href="{reverse("find_support:search")}"' in response.content.decode()


def test_sending_forgets_the_answers_and_keeps_only_the_reference(
    routed_area: Area, places: None, client: Client
) -> None:
    refer(client, routed_area)

    stored = client.session[SESSION_KEY]
    assert set(stored) == {"area", "submitted"}
    assert set(stored["submitted"]) == {"token", "reference"}
    assert "Pat" not in str(dict(client.session))
    assert client.get(url("refer_check_answers", routed_area))["Location"] == url("refer", routed_area)


def test_the_referrer_is_emailed_the_outcome(
    routed_area: Area,
    gp_practice: GPPractice,
    practitioner: User,
    client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    refer(client, routed_area)

    with django_capture_on_commit_callbacks(execute=True):
        accept_referral(Referral.objects.get(), accepted_by=practitioner)

    (email,) = mail.outbox
    assert email.to == ["alex.morgan@work.example"]
    assert "Please record the patient as a carer in their GP record" in email.body


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


# --- Bad input -----------------------------------------------------------------------------------------------------


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


def test_self_referrals_and_referrals_by_others_are_limited_separately(
    routed_area: Area, places: None, client: Client
) -> None:
    for _ in range(SUBMISSIONS_PER_HOUR):
        refer(client, routed_area)

    response = ask_for_support(client, routed_area)

    assert response["Location"] == reverse("identification:confirmation", kwargs={"area_slug": routed_area.slug})
