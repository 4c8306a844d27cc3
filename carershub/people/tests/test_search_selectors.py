"""Finding people (only those the user may see, in a constant number of queries) and likely duplicates."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Involvement, Person
from carershub.people.selectors import find_likely_duplicates, search_people
from carershub.people.services.involvement import open_involvement
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


# Search


@pytest.fixture
def searchable(home_area: Area) -> list[Person]:
    return [
        PersonFactory.create(
            area=home_area,
            given_name="Aisha",
            family_name="Khan",
            nhs_number="9990000018",
            postcode="MV1 2AB",
            phone="07700900123",
            date_of_birth=date(1980, 5, 17),
        ),
        PersonFactory.create(
            area=home_area,
            given_name="Robert",
            preferred_name="Bobby",
            family_name="McKenzie-Smith",
            nhs_number="9990000026",
            postcode="MV3 4CD",
            phone="+33123456789",
            date_of_birth=date(2011, 1, 4),
        ),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("9990000018", ["Khan"], id="nhs_number"),
        pytest.param(" 999 000 0026 ", ["McKenzie-Smith"], id="nhs_number_with_spaces"),
        pytest.param("999-000-0026", ["McKenzie-Smith"], id="nhs_number_with_hyphens"),
        pytest.param("mv12ab", ["Khan"], id="postcode_lower_case_without_a_space"),
        pytest.param("MV3 4CD", ["McKenzie-Smith"], id="postcode"),
        pytest.param("17/5/1980", ["Khan"], id="date_of_birth_day_month_year"),
        pytest.param("04/01/2011", ["McKenzie-Smith"], id="date_of_birth_with_leading_zeros"),
        pytest.param("2011-01-04", ["McKenzie-Smith"], id="date_of_birth_iso"),
        pytest.param("31/2/1980", [], id="not_a_real_date"),
        pytest.param("07700 900123", ["Khan"], id="phone_national"),
        pytest.param("+44 7700 900123", ["Khan"], id="phone_international"),
        pytest.param("447700900123", ["Khan"], id="phone_with_44_and_no_plus"),
        pytest.param("7700900123", ["Khan"], id="phone_without_the_0"),
        pytest.param("+33 1 23 45 67 89", ["McKenzie-Smith"], id="phone_abroad"),
        pytest.param("aisha", ["Khan"], id="given_name_lower_case"),
        pytest.param("KHA", ["Khan"], id="start_of_family_name"),
        pytest.param("bob", ["McKenzie-Smith"], id="start_of_preferred_name"),
        pytest.param("rob mck", ["McKenzie-Smith"], id="every_word_starts_a_name"),
        pytest.param("aisha smith", [], id="one_word_matches_no_name"),
        pytest.param("isha", [], id="middle_of_a_name"),
        pytest.param("   ", [], id="nothing"),
    ],
)
def test_search_people_by_each_identifier(
    council_practitioner: User, searchable: list[Person], query: str, expected: list[str]
) -> None:
    assert [person.family_name for person in search_people(council_practitioner, query)] == expected


def test_search_people_finds_only_people_the_user_may_see(
    searchable: list[Person], practitioner: User, carers_centre: Organisation
) -> None:
    aisha, _ = searchable
    open_involvement(aisha, carers_centre, reason=Involvement.Reason.CASE_OPEN)
    assert search_people(practitioner, "MV") == []  # not a postcode, and no name starts "mv"
    assert search_people(practitioner, "9990000026") == []
    assert search_people(practitioner, "Khan") == [aisha]


def test_search_people_orders_by_family_name_then_given_name_and_stops_at_the_limit(
    council_practitioner: User, home_area: Area
) -> None:
    for given_name, family_name in [("Zara", "Adams"), ("Amir", "Baker"), ("Adam", "Adams")]:
        PersonFactory.create(area=home_area, given_name=given_name, family_name=family_name)

    found = search_people(council_practitioner, "a")
    assert [person.full_name for person in found] == ["Adam Adams", "Zara Adams", "Amir Baker"]
    assert [person.full_name for person in search_people(council_practitioner, "a", limit=2)] == [
        "Adam Adams",
        "Zara Adams",
    ]


def _search_queries(user: User, query: str) -> tuple[int, int]:
    user = fresh(user)
    with CaptureQueriesContext(connection) as queries:
        found = search_people(user, query)
    return len(found), len(queries)


def test_search_people_takes_the_same_number_of_queries_for_2_and_30_matches(
    council_practitioner: User, home_area: Area
) -> None:
    for number in range(2):
        PersonFactory.create(area=home_area, given_name=f"Wren{number}", family_name="Quill")
    for number in range(30):
        PersonFactory.create(area=home_area, given_name=f"Zeb{number}", family_name="Ortolan")

    few_found, few_queries = _search_queries(council_practitioner, "Quill")
    many_found, many_queries = _search_queries(council_practitioner, "Ortolan")

    assert (few_found, many_found) == (2, 30)
    assert few_queries == many_queries


# Duplicates


def test_find_likely_duplicates_by_nhs_number_or_by_name_date_of_birth_and_postcode(
    home_area: Area, neighbour_area: Area, practitioner: User
) -> None:
    same_nhs_number = PersonFactory.create(area=home_area, family_name="Other", nhs_number="9990000018")
    same_details = PersonFactory.create(
        area=home_area, given_name="Aysha", family_name="KHAN", date_of_birth=date(1980, 5, 17), postcode="MV1 2AB"
    )
    PersonFactory.create(  # a different initial: a sibling, not a duplicate
        area=home_area, given_name="Bilal", family_name="Khan", date_of_birth=date(1980, 5, 17), postcode="MV1 2AB"
    )
    PersonFactory.create(area=neighbour_area, nhs_number="9990000018")
    merged = PersonFactory.create(area=home_area, family_name="Khan", nhs_number="9990000018")
    merge_people(merged, into=same_nhs_number, merged_by=practitioner)

    found = find_likely_duplicates(
        home_area,
        nhs_number="999 000 0018",
        given_name="aisha",
        family_name="Khan ",
        date_of_birth=date(1980, 5, 17),
        postcode="mv12ab",
    )

    assert found == [same_details, same_nhs_number]


def test_find_likely_duplicates_needs_an_nhs_number_or_all_of_name_date_of_birth_and_postcode(
    home_area: Area,
) -> None:
    PersonFactory.create(area=home_area, family_name="Khan", date_of_birth=date(1980, 5, 17), postcode="MV1 2AB")
    assert find_likely_duplicates(home_area, family_name="Khan", date_of_birth=date(1980, 5, 17)) == []
    assert find_likely_duplicates(home_area) == []
