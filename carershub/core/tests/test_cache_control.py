"""Pages and PDFs with personal data are never stored by browsers or proxies (Cache-Control: no-store)."""

from django.test import Client
from django.urls import reverse

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.organisations.models import Area, Organisation
from carershub.people.tests.factories import PersonFactory, working_with


def test_a_persons_record_is_never_stored(
    sign_in: SignIn, practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    person = working_with(PersonFactory.create(area=home_area), carers_centre)

    response = sign_in(practitioner).get(reverse("people:detail", args=[person.pk]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_public_pages_are_not_stored_either(client: Client) -> None:
    # The public forms echo what was typed back on an error: the same rule everywhere is the safe one.
    assert client.get(reverse("core:home"))["Cache-Control"] == "no-store"
