"""Walking the public "Am I a carer?" journey with the test client, as a person would without JavaScript."""

from datetime import date
from typing import TYPE_CHECKING, Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carershub.core.tests.test_pages import Page, parse
from carershub.identification.views.journey import SESSION_KEY
from carershub.organisations.models import Area
from carershub.people.rules import add_years

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

ADULT = "18_or_over"
UNDER_18 = "under_18"


def url(name: str, area: Area) -> str:
    return reverse(f"identification:{name}", kwargs={"area_slug": area.slug})


def born_years_ago(years: int) -> date:
    return add_years(timezone.localdate(), -years)


def answer_questions(
    client: Client,
    area: Area,
    *,
    looking_after: str = "yes",
    conditions: tuple[str, ...] = ("dementia",),
    care_tasks: tuple[str, ...] = ("medication", "household"),
    age_band: str = ADULT,
) -> None:
    """Answer the four questions, checking each page sends the person on to the next."""
    response = client.post(url("looking_after", area), {"looking_after": looking_after})
    if looking_after != "no":
        assert response["Location"] == url("conditions", area)
        response = client.post(url("conditions", area), {"conditions": list(conditions) or ["none"]})
        assert response["Location"] == url("care_tasks", area)
        response = client.post(url("care_tasks", area), {"care_tasks": list(care_tasks) or ["none"]})
    assert response["Location"] == url("age", area)
    response = client.post(url("age", area), {"age_band": age_band})
    assert response["Location"] == url("result", area)


def form_data(*, young: bool = False, **changes: Any) -> dict[str, Any]:
    """A complete self-referral: an adult caring for their mother, or a 13-year-old helping their mother."""
    born = born_years_ago(13) if young else date(1975, 6, 14)
    data: dict[str, Any] = {
        "given_name": "Sam",
        "family_name": "Rivers",
        "date_of_birth_day": str(born.day),
        "date_of_birth_month": str(born.month),
        "date_of_birth_year": str(born.year),
        "phone": "07700 900 982",
        "email": "",
        "address_line_1": "",
        "address_line_2": "",
        "town": "",
        "postcode": "",
        "contact_channels": ["phone", "sms"],
        "cared_for_given_name": "Jo",
        "cared_for_family_name": "Rivers",
        "cared_for_date_of_birth_day": "2",
        "cared_for_date_of_birth_month": "3",
        "cared_for_date_of_birth_year": "1950" if not young else "1985",
        "relationship": "parent",
        "reason": "Someone to talk to, and a break now and then.",
        "website": "",
    }
    if young:
        data |= {"consent_by": "parent_or_carer", "consent_by_name": "Dana Lee", "consent_by_relationship": "Mum"}
    else:
        data["consent"] = "on"
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def fill_in_form(client: Client, area: Area, **changes: Any) -> "TestResponse":
    young = client.session[SESSION_KEY]["age_band"] == UNDER_18
    return client.post(url("self_referral", area), form_data(young=young, **changes))


def token_on_check_answers(client: Client, area: Area) -> str:
    page = parse(client.get(url("check_answers", area)))
    return page.all("input", name="submission_token")[0].attrs["value"]


def send(client: Client, area: Area, token: str | None = None, **extra: str) -> "TestResponse":
    token = token or token_on_check_answers(client, area)
    return client.post(url("check_answers", area), {"submission_token": token, "website": "", **extra})


def ask_for_support(client: Client, area: Area, *, age_band: str = ADULT, **changes: Any) -> "TestResponse":
    """The whole journey, from the first question to sending the request."""
    answer_questions(client, area, age_band=age_band)
    response = fill_in_form(client, area, **changes)
    assert response.status_code == 302, parse(response).with_class("govuk-error-summary")
    return send(client, area)


def text(response: "TestResponse") -> str:
    return " ".join(parse(response).all("main")[0].text.split())


def heading(page: Page) -> str:
    (h1,) = page.all("h1")
    return " ".join(h1.text.split())


def error_links(page: Page) -> list[tuple[str, str]]:
    summary = page.with_class("govuk-error-summary__list")
    if not summary:
        return []
    return [
        (link.attrs["href"], " ".join(link.text.split()))
        for link in page.all("a")
        if link.attrs.get("href", "").startswith("#") and link.text.strip() in summary[0].text
    ]
