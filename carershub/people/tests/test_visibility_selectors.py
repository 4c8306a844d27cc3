"""Who may see whose record: involvement, the council's area, deactivated staff and organisations, merged records."""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.organisations.models import Area, Organisation
from carershub.organisations.selectors import area_ids_of
from carershub.people.models import Involvement, Person
from carershub.people.selectors import (
    PERSON_RECORD_ROLES,
    get_person_for_user,
    people_visible_to,
    person_is_visible,
    search_people,
)
from carershub.people.services.involvement import end_involvement, open_involvement
from carershub.people.services.merges import merge_people
from carershub.people.tests.factories import PersonFactory


@pytest.fixture
def council_practitioner(council: Organisation) -> User:
    return create_staff_user(
        council,
        email="council-practitioner@test.example",
        full_name="Council Practitioner",
        roles=[Role.PRACTITIONER],
        created_by=None,
    )


def fresh(user: User) -> User:
    """The user as a new request would load them, with no roles or organisation cached."""
    return User.objects.get(pk=user.pk)


# Who may see whom


@pytest.mark.parametrize(
    ("persona", "may_see"),
    [
        pytest.param("practitioner", True, id="practitioner_in_the_involved_organisation"),
        pytest.param("manager", True, id="manager_in_the_involved_organisation"),
        pytest.param("council_practitioner", True, id="council_practitioner_with_the_statutory_duty"),
        pytest.param("other_team_practitioner", False, id="practitioner_in_another_team_without_involvement"),
        pytest.param("commissioner", False, id="commissioner"),
        pytest.param("administrator", False, id="administrator"),
        pytest.param("neighbour_practitioner", False, id="practitioner_in_another_area"),
    ],
)
def test_person_record_authorisation(
    request: pytest.FixtureRequest, referred_carer: Person, persona: str, may_see: bool
) -> None:
    user: User = request.getfixturevalue(persona)

    assert list(people_visible_to(user)) == ([referred_carer] if may_see else [])
    if may_see:
        assert get_person_for_user(user, referred_carer.pk) == referred_carer
    else:
        with pytest.raises(Http404, match="No person found"):
            get_person_for_user(user, referred_carer.pk)


def test_forbidden_and_missing_people_are_the_same_404(referred_carer: Person, other_team_practitioner: User) -> None:
    with pytest.raises(Http404) as forbidden:
        get_person_for_user(other_team_practitioner, referred_carer.pk)
    with pytest.raises(Http404) as missing:
        get_person_for_user(other_team_practitioner, referred_carer.pk + 1000)
    assert str(forbidden.value) == str(missing.value) == "No person found"


def test_a_provider_loses_sight_of_a_person_when_its_involvement_ends(
    referred_carer: Person, carers_centre: Organisation, practitioner: User
) -> None:
    end_involvement(referred_carer, carers_centre, reason=Involvement.Reason.REFERRAL_RECEIVED)
    assert not people_visible_to(practitioner).exists()


def test_an_organisation_that_only_referred_a_person_does_not_see_their_record(
    referred_carer: Person, young_carers_service: Organisation, other_team_practitioner: User
) -> None:
    open_involvement(referred_carer, young_carers_service, reason=Involvement.Reason.REFERRER)

    assert not people_visible_to(other_team_practitioner).exists()
    with pytest.raises(Http404, match="No person found"):
        get_person_for_user(other_team_practitioner, referred_carer.pk)


def test_the_council_sees_everyone_in_its_area_and_nobody_elsewhere(
    council_practitioner: User, home_area: Area, neighbour_area: Area
) -> None:
    at_home = PersonFactory.create(area=home_area)
    PersonFactory.create(area=neighbour_area)
    assert list(people_visible_to(council_practitioner)) == [at_home]


def test_an_involvement_in_another_area_gives_no_sight_of_a_person(
    neighbour_practitioner: User, neighbour_provider: Organisation, home_area: Area
) -> None:
    person = PersonFactory.create(area=home_area)
    # Written directly: the service refuses this, but visibility must not depend on that alone.
    Involvement.objects.create(
        area=home_area,
        person=person,
        organisation=neighbour_provider,
        reason=Involvement.Reason.CASE_OPEN,
        started_at=timezone.now(),
    )
    assert not people_visible_to(neighbour_practitioner).exists()


def test_deactivated_staff_and_organisations_see_nobody(
    referred_carer: Person, practitioner: User, manager: User, carers_centre: Organisation
) -> None:
    practitioner.is_active = False
    assert not people_visible_to(practitioner).exists()
    carers_centre.is_active = False
    carers_centre.save(update_fields=["is_active"])
    assert not people_visible_to(fresh(manager)).exists()


def test_merged_duplicates_are_hidden(referred_carer: Person, practitioner: User, carers_centre: Organisation) -> None:
    duplicate = PersonFactory.create(area=referred_carer.area, given_name="Aisha", family_name="Khan")
    open_involvement(duplicate, carers_centre, reason=Involvement.Reason.REFERRAL_RECEIVED)
    merge_people(duplicate, into=referred_carer, merged_by=practitioner)

    assert list(people_visible_to(practitioner)) == [referred_carer]
    assert search_people(practitioner, "Aisha Khan") == [referred_carer]
    with pytest.raises(Http404):
        get_person_for_user(practitioner, duplicate.pk)


def test_only_practitioners_and_managers_see_person_records() -> None:
    assert {Role.PRACTITIONER, Role.MANAGER} == PERSON_RECORD_ROLES


def test_people_visible_to_is_one_query(referred_carer: Person, practitioner: User, council_practitioner: User) -> None:
    for user in (fresh(practitioner), fresh(council_practitioner)):
        # The roles and organisation are loaded once per request, whoever asks first.
        assert user.roles
        assert user.organisation
        assert area_ids_of(user)  # and so are the ids of its areas
        with CaptureQueriesContext(connection) as queries:
            assert list(people_visible_to(user)) == [referred_carer]
        assert len(queries) == 1


def test_rows_about_a_person_are_visible_exactly_when_the_persons_record_is(
    referred_carer: Person,
    practitioner: User,
    council_practitioner: User,
    other_team_practitioner: User,
    neighbour_practitioner: User,
    commissioner: User,
    carers_centre: Organisation,
    young_carers_service: Organisation,
    neighbour_area: Area,
) -> None:
    """`person_is_visible` (the condition lists of plans, payments and contacts use) answers as `people_visible_to`
    for everyone: involved, only referring, ended, merged, elsewhere, the council and those who see no records."""
    referred_only = PersonFactory.create(area=referred_carer.area)
    open_involvement(referred_only, young_carers_service, reason=Involvement.Reason.REFERRER)
    open_involvement(referred_only, carers_centre, reason=Involvement.Reason.REFERRER)
    ended = PersonFactory.create(area=referred_carer.area)
    open_involvement(ended, carers_centre, reason=Involvement.Reason.REFERRAL_RECEIVED)
    end_involvement(ended, carers_centre, reason=Involvement.Reason.REFERRAL_RECEIVED)
    duplicate = PersonFactory.create(area=referred_carer.area)
    open_involvement(duplicate, carers_centre, reason=Involvement.Reason.REFERRAL_RECEIVED)
    merge_people(duplicate, into=referred_carer, merged_by=practitioner)
    PersonFactory.create(area=neighbour_area)
    everyone = Person.objects.all()
    assert everyone.count() == 5

    for user in (practitioner, council_practitioner, other_team_practitioner, neighbour_practitioner, commissioner):
        user = fresh(user)
        expected = set(people_visible_to(user).values_list("pk", flat=True))
        assert set(everyone.filter(person_is_visible(user, "pk")).values_list("pk", flat=True)) == expected
    assert expected == set()  # the commissioner sees no records
    assert set(everyone.filter(person_is_visible(fresh(practitioner), "pk")).values_list("pk", flat=True)) == {
        referred_carer.pk
    }
