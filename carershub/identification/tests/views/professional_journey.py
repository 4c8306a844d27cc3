"""Walking the professional referral journey with the test client: a complete referral from a school, a GP practice,
a hospital or family, filled in and sent from check your answers."""

from datetime import date
from typing import TYPE_CHECKING, Any

from django.test import Client

from carershub.core.tests.test_pages import parse
from carershub.identification.tests.views.journey import born_years_ago, url
from carershub.identification.views.professional_referral import PAGES
from carershub.organisations.models import Area

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


SESSION_KEY = PAGES.session_key


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
