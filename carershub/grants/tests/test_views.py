"""The fund's pages: the public application (nothing lost on bad input, one application per form, robots and floods
refused, escaped everywhere) and who may see applications."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.grants.events import GrantsEvent
from carershub.grants.models import Application, FundingRound
from carershub.grants.tests.factories import application_in, fund_of, open_round
from carershub.organisations.models import Area, Organisation

pytestmark = pytest.mark.django_db

APPLICATION_MATRIX = [
    pytest.param("practitioner", True, id="practitioner_of_the_fund"),
    pytest.param("manager", True, id="manager_of_the_fund"),
    pytest.param("other_team_practitioner", False, id="practitioner_of_another_provider"),
    pytest.param("commissioner", False, id="commissioner"),
    pytest.param("neighbour_practitioner", False, id="practitioner_in_another_area"),
]


@pytest.fixture
def funding_round(carers_centre: Organisation, home_area: Area) -> FundingRound:
    return open_round(fund_of(carers_centre, home_area))


def _apply_url(funding_round: FundingRound) -> str:
    return reverse("grants_public:apply", args=[funding_round.fund.slug, funding_round.pk])


def _answers(**changes: str) -> dict[str, str]:
    return {
        "organisation_name": "<script>alert('x')</script> Carers",
        "postcode": "MV1 2AB",
        "contact_name": "Jan Smith",
        "contact_email": "jan@hillside.example",
        "project_title": "Coffee mornings",
        "purpose": "Room hire",
        "amount_requested": "750",
        "carers_benefiting": "25",
        "works_in_area": "on",
        "is_not_for_profit": "on",
        "submission_key": str(uuid.uuid4()),
        **changes,
    }


def test_bad_input_keeps_everything_typed_with_an_error_summary(funding_round: FundingRound) -> None:
    response = Client().post(_apply_url(funding_round), _answers(amount_requested="lots", contact_email="jan"))

    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "Amount you are asking for must be an amount of money" in content
    assert "Enter an email address in the correct format" in content
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Carers" in content
    assert "<script>alert" not in content
    assert not Application.objects.exists()


def test_sending_the_same_form_twice_makes_one_application(funding_round: FundingRound) -> None:
    client = Client()
    answers = _answers()

    first = client.post(_apply_url(funding_round), answers)
    second = client.post(_apply_url(funding_round), answers)

    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1
    assert f"R{funding_round.pk}-0001" in client.get(first["Location"]).content.decode()


def test_a_robot_is_shown_the_confirmation_and_nothing_is_kept(funding_round: FundingRound) -> None:
    response = Client().post(_apply_url(funding_round), _answers(website="http://spam.example"))

    assert response.status_code == 302
    assert not Application.objects.exists()


def test_a_flood_from_one_address_is_refused(funding_round: FundingRound) -> None:
    client = Client()
    for _ in range(10):
        client.post(_apply_url(funding_round), _answers())

    refused = client.post(_apply_url(funding_round), _answers())

    assert refused.status_code == 429
    assert Application.objects.count() == 10


@pytest.mark.parametrize(("persona", "allowed"), APPLICATION_MATRIX)
def test_only_the_funds_organisation_sees_applications(
    request: pytest.FixtureRequest, sign_in: SignIn, funding_round: FundingRound, persona: str, allowed: bool
) -> None:
    application = application_in(funding_round)
    client = sign_in(request.getfixturevalue(persona))

    page = client.get(reverse("grants:application", args=[application.pk]))
    checked = client.post(reverse("grants:check_eligibility", args=[application.pk]))

    application.refresh_from_db()
    if allowed:
        assert (page.status_code, checked.status_code) == (200, 302)
        assert application.status == Application.Status.ELIGIBLE
    else:
        assert (page.status_code, checked.status_code) == (404, 404)
        assert application.status == Application.Status.SUBMITTED
        assert not AuditEvent.objects.filter(event=GrantsEvent.APPLICATION_VIEWED).exists()


def test_public_text_is_escaped_on_the_staff_page(
    sign_in: SignIn, practitioner: User, funding_round: FundingRound
) -> None:
    application = application_in(funding_round, organisation_name="<b>Bold</b> group", purpose="<img src=x>")

    content = sign_in(practitioner).get(reverse("grants:application", args=[application.pk])).content.decode()

    assert "&lt;b&gt;Bold&lt;/b&gt; group" in content
    assert "&lt;img src=x&gt;" in content
    assert re.search(r"<img src=x>", content) is None


def test_checking_an_application_already_scored_says_so_and_changes_nothing(
    sign_in: SignIn, funding_round: FundingRound, manager: User
) -> None:
    application = application_in(funding_round)
    client = sign_in(manager)
    client.post(reverse("grants:check_eligibility", args=[application.pk]))

    again = client.post(reverse("grants:check_eligibility", args=[application.pk]), follow=True)

    application.refresh_from_db()
    assert again.status_code == 200
    assert application.status == Application.Status.ELIGIBLE
    assert "This application has already been checked and scored" in again.content.decode()
