"""Who may see which organisation: your own; administrators and commissioners see their areas' organisations."""

import pytest
from django.http import Http404

from carershub.accounts.models import User
from carershub.organisations.models import Organisation
from carershub.organisations.selectors import get_organisation_for_user, organisations_visible_to


def test_a_practitioner_sees_only_their_own_organisation(
    practitioner: User, carers_centre: Organisation, young_carers_service: Organisation, council: Organisation
) -> None:
    assert list(organisations_visible_to(practitioner)) == [carers_centre]


def test_administrators_and_commissioners_see_every_organisation_in_their_area_and_no_other(
    administrator: User,
    commissioner: User,
    carers_centre: Organisation,
    young_carers_service: Organisation,
    council: Organisation,
    neighbour_provider: Organisation,
) -> None:
    expected = {carers_centre, young_carers_service, council}
    assert set(organisations_visible_to(administrator)) == expected
    assert set(organisations_visible_to(commissioner)) == expected


def test_an_organisation_serving_two_areas_is_listed_once(
    administrator: User, carers_centre: Organisation, neighbour_area: object, council: Organisation
) -> None:
    carers_centre.areas.add(neighbour_area)  # type: ignore[arg-type]
    assert list(organisations_visible_to(administrator).order_by("name")) == [carers_centre, council]


def test_a_deactivated_account_sees_nothing(practitioner: User) -> None:
    practitioner.is_active = False
    assert not organisations_visible_to(practitioner).exists()


@pytest.mark.parametrize("slug", ["home-young-carers", "no-such-organisation"], ids=["forbidden", "missing"])
def test_forbidden_and_missing_organisations_are_the_same_404(
    practitioner: User, young_carers_service: Organisation, slug: str
) -> None:
    with pytest.raises(Http404) as raised:
        get_organisation_for_user(practitioner, slug)
    assert str(raised.value) == "No organisation found"
