"""The service navigation offers each member of staff the parts of the service their roles use, and no others."""

import pytest
from django.urls import reverse

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.accounts.tests.personas import SignIn
from carershub.core.tests.test_pages import parse
from carershub.organisations.models import Organisation


@pytest.fixture
def responder(carers_centre: Organisation) -> User:
    return create_staff_user(
        carers_centre,
        email="responder@test.example",
        full_name="Rob Responder",
        roles=[Role.EMERGENCY_RESPONDER],
        created_by=None,
        password="correct horse battery staple",
    )


def menu_for(user: User, sign_in: SignIn) -> list[str]:
    page = parse(sign_in(user).get(reverse("core:home")))
    return [" ".join(item.text.split()) for item in page.with_class("govuk-service-navigation__item")]


def test_an_emergency_responder_is_offered_only_the_card_lookup(responder: User, sign_in: SignIn) -> None:
    assert menu_for(responder, sign_in) == ["Home", "Emergency card lookup"]


def test_a_practitioner_is_offered_casework_and_no_commissioning_or_organisations(
    practitioner: User, sign_in: SignIn
) -> None:
    assert menu_for(practitioner, sign_in) == [
        "Home",
        "My work",
        "Referrals",
        "Find a person",
        "Assessments",
        "Contingency plans",
        "Support plans",
        "Identification partners",
        "Everyday support",
    ]


def test_a_commissioner_is_offered_commissioning_and_no_casework(commissioner: User, sign_in: SignIn) -> None:
    assert menu_for(commissioner, sign_in) == [
        "Home",
        "Commissioning",
        "Identification partners",
        "Organisations",
        "Buying care",
    ]


def test_an_administrator_is_offered_organisations_and_directory_entries_only(
    administrator: User, sign_in: SignIn
) -> None:
    assert menu_for(administrator, sign_in) == ["Home", "Organisations", "Directory entries"]
