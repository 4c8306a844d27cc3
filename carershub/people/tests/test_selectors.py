"""Who may see whose record, finding people, and the facts the category rules work on."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.organisations.models import Area, Organisation
from carershub.organisations.selectors import area_ids_of
from carershub.organisations.tests.factories import OrganisationFactory
from carershub.people.models import CaringRelationship, Consent, Involvement, Person
from carershub.people.rules import CarerCategory, carer_categories
from carershub.people.selectors import (
    PERSON_RECORD_ROLES,
    carer_facts,
    find_likely_duplicates,
    get_person_for_user,
    has_consent_to_share,
    people_turning_18_between,
    people_visible_to,
    search_people,
    timeline_for,
)
from carershub.people.services import (
    add_timeline_entry,
    end_involvement,
    merge_people,
    open_involvement,
    unmerge_person,
)
from carershub.people.tests.factories import (
    AdultCarerFactory,
    CaredForPersonFactory,
    CaringRelationshipFactory,
    ConsentFactory,
    PersonFactory,
    YoungCarerFactory,
    born_years_ago,
)


@pytest.fixture
def council_practitioner(council: Organisation) -> User:
    return create_staff_user(
        council,
        email="council-practitioner@test.example",
        full_name="Council Practitioner",
        roles=[Role.PRACTITIONER],
        created_by=None,
    )


@pytest.fixture
def referred_carer(home_area: Area, carers_centre: Organisation) -> Person:
    """Aisha Khan, referred to the carers centre (its involvement is the referral, not yet an open case)."""
    person = PersonFactory.create(area=home_area, given_name="Aisha", family_name="Khan")
    open_involvement(person, carers_centre, reason=Involvement.Reason.REFERRAL_RECEIVED)
    return person


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


# Consent to share


@pytest.mark.parametrize(
    ("consent", "shares_with"),
    [
        pytest.param({"organisation_slug": "home-carers-centre"}, {"carers_centre"}, id="named_provider"),
        pytest.param({"recipient_kind": "provider"}, {"carers_centre", "young_carers_service"}, id="every_provider"),
        pytest.param({"recipient_kind": "council"}, {"council", "childrens_services"}, id="both_council_kinds"),
        pytest.param({"recipient_kind": "gp_practice"}, set(), id="gp_practice_is_no_organisation_here"),
    ],
)
def test_has_consent_to_share_with_a_named_organisation_or_every_organisation_of_its_kind(
    referred_carer: Person,
    carers_centre: Organisation,
    young_carers_service: Organisation,
    council: Organisation,
    home_area: Area,
    consent: dict[str, str],
    shares_with: set[str],
) -> None:
    organisations = {
        "carers_centre": carers_centre,
        "young_carers_service": young_carers_service,
        "council": council,
        "childrens_services": OrganisationFactory.create(
            kind=Organisation.Kind.COUNCIL_CHILDRENS_SERVICES, areas=[home_area]
        ),
        "icb": OrganisationFactory.create(kind=Organisation.Kind.ICB, areas=[home_area]),
    }
    slug = consent.get("organisation_slug")
    ConsentFactory.create(
        person=referred_carer,
        scope=Consent.Scope.SHARE,
        organisation=Organisation.objects.get(slug=slug) if slug else None,
        recipient_kind=consent.get("recipient_kind", ""),
    )

    assert {
        name for name, organisation in organisations.items() if has_consent_to_share(referred_carer, organisation)
    } == (shares_with)


def test_withdrawn_and_other_consents_do_not_let_information_be_shared(
    referred_carer: Person, carers_centre: Organisation
) -> None:
    ConsentFactory.create(
        person=referred_carer,
        scope=Consent.Scope.SHARE,
        organisation=carers_centre,
        withdrawn_at=timezone.now(),
    )
    ConsentFactory.create(person=referred_carer, scope=Consent.Scope.REGISTRATION)
    ConsentFactory.create(person=referred_carer, scope=Consent.Scope.CONTACT, channel=Consent.Channel.SMS)
    assert not has_consent_to_share(referred_carer, carers_centre)


def test_consent_recorded_on_a_merged_duplicate_counts(
    referred_carer: Person, carers_centre: Organisation, practitioner: User
) -> None:
    duplicate = PersonFactory.create(area=referred_carer.area)
    ConsentFactory.create(person=duplicate, scope=Consent.Scope.SHARE, organisation=carers_centre)
    assert not has_consent_to_share(referred_carer, carers_centre)

    merge_people(duplicate, into=referred_carer, merged_by=practitioner)

    assert has_consent_to_share(referred_carer, carers_centre)


# Facts for the category rules


def test_carer_facts_for_a_young_carer_give_the_young_carer_category(home_area: Area) -> None:
    young_carer = YoungCarerFactory.create(area=home_area)
    facts = carer_facts(young_carer, on=timezone.localdate())
    assert facts.age == 12
    assert [relationship.cared_for_age for relationship in facts.relationships] == [41]
    assert carer_categories(facts) == {CarerCategory.YOUNG_CARER}


def test_carer_facts_for_a_working_adult_carer(home_area: Area) -> None:
    adult_carer = AdultCarerFactory.create(area=home_area)
    facts = carer_facts(adult_carer, on=timezone.localdate())
    assert carer_categories(facts) == {CarerCategory.ADULT_CARER, CarerCategory.WORKING_CARER}


def test_carer_facts_read_current_caring_as_a_carer_in_two_queries(home_area: Area) -> None:
    parent = PersonFactory.create(area=home_area, date_of_birth=born_years_ago(38), employment_status="self_employed")
    disabled_child = PersonFactory.create(area=home_area, date_of_birth=born_years_ago(9))
    grandmother = CaredForPersonFactory.create(area=home_area, date_of_birth=None)
    CaringRelationshipFactory.create(
        carer=parent,
        cared_for=disabled_child,
        relationship=CaringRelationship.Relationship.CHILD,
        has_parental_responsibility=True,
        conditions=[CaringRelationship.Condition.AUTISM],
    )
    CaringRelationshipFactory.create(
        carer=parent, cared_for=grandmother, ended_on=timezone.localdate() - timedelta(days=1)
    )
    CaringRelationshipFactory.create(carer=grandmother, cared_for=parent)  # cared for by someone: not caring

    with CaptureQueriesContext(connection) as queries:
        facts = carer_facts(parent, on=timezone.localdate())

    assert len(queries) == 2  # the merged duplicates' ids, then the rows by index
    assert (facts.age, facts.employment_status) == (38, "self_employed")
    assert [(fact.cared_for_age, fact.relationship) for fact in facts.relationships] == [(9, "child")]
    assert facts.relationships[0].has_parental_responsibility
    assert facts.relationships[0].cared_for_has_conditions
    assert carer_categories(facts) == {
        CarerCategory.ADULT_CARER,
        CarerCategory.PARENT_CARER,
        CarerCategory.WORKING_CARER,
    }


def test_carer_facts_on_a_past_day_include_caring_that_ended_later(home_area: Area) -> None:
    caring = CaringRelationshipFactory.create(
        carer__area=home_area, carer__date_of_birth=date(2000, 1, 1), ended_on=date(2026, 1, 1)
    )
    assert carer_facts(caring.carer, on=date(2025, 12, 31)).age == 25
    assert len(carer_facts(caring.carer, on=date(2025, 12, 31)).relationships) == 1
    assert carer_facts(caring.carer, on=date(2026, 1, 1)).relationships == ()


# Timeline and transition


def test_timeline_for_includes_merged_duplicates_newest_first_in_two_queries(
    referred_carer: Person, practitioner: User, carers_centre: Organisation
) -> None:
    duplicate = PersonFactory.create(area=referred_carer.area)
    now = timezone.now()
    add_timeline_entry(
        referred_carer, kind="note", summary="First contact", actor=practitioner, at=now - timedelta(days=3)
    )
    add_timeline_entry(duplicate, kind="note", summary="Phoned the line", at=now - timedelta(days=2))
    add_timeline_entry(PersonFactory.create(area=referred_carer.area), kind="note", summary="Someone else", at=now)
    merge_people(duplicate, into=referred_carer, merged_by=practitioner)

    with CaptureQueriesContext(connection) as queries:
        entries = [(entry.summary, entry.organisation, entry.actor) for entry in timeline_for(referred_carer)]

    assert len(queries) == 2  # the merged duplicates' ids, then the rows by index
    assert entries == [
        ("A duplicate record of " + str(duplicate) + " was merged into this one", carers_centre, practitioner),
        ("Merged into another record of Aisha Khan", carers_centre, practitioner),
        ("Phoned the line", None, None),
        ("First contact", carers_centre, practitioner),
    ]


def test_people_turning_18_between_two_days_both_included(home_area: Area, neighbour_area: Area) -> None:
    on_the_first_day = PersonFactory.create(area=home_area, date_of_birth=date(2008, 4, 1))
    on_the_last_day = PersonFactory.create(area=home_area, date_of_birth=date(2008, 4, 30))
    leap_day = PersonFactory.create(area=home_area, date_of_birth=date(2008, 2, 29))  # 18 on 1 March 2026
    PersonFactory.create(area=home_area, date_of_birth=date(2008, 5, 1))
    PersonFactory.create(area=home_area, date_of_birth=date(2008, 2, 28))
    PersonFactory.create(area=home_area, date_of_birth=None)
    PersonFactory.create(area=neighbour_area, date_of_birth=date(2008, 4, 15))

    assert list(people_turning_18_between(home_area, date(2026, 4, 1), date(2026, 4, 30))) == [
        on_the_first_day,
        on_the_last_day,
    ]
    assert list(people_turning_18_between(home_area, date(2026, 3, 1), date(2026, 3, 1))) == [leap_day]


def test_a_provider_keeps_seeing_a_carer_after_its_record_is_merged_into_another(
    practitioner: User, carers_centre: Organisation, home_area: Area, manager: User
) -> None:
    """The provider worked with the duplicate; after the merge that work is with the surviving record."""
    duplicate = PersonFactory.create(area=home_area, given_name="Sam", family_name="Duplicate")
    survivor = PersonFactory.create(area=home_area, given_name="Sam", family_name="Survivor")
    open_involvement(duplicate, carers_centre, reason=Involvement.Reason.CASE_OPEN)

    merge_people(duplicate, into=survivor, merged_by=manager)

    assert list(people_visible_to(practitioner)) == [survivor]


def test_unmerging_ends_what_the_merge_carried_over(
    practitioner: User, carers_centre: Organisation, home_area: Area, manager: User
) -> None:
    duplicate = PersonFactory.create(area=home_area, given_name="Sam", family_name="Duplicate")
    survivor = PersonFactory.create(area=home_area, given_name="Sam", family_name="Survivor")
    open_involvement(duplicate, carers_centre, reason=Involvement.Reason.CASE_OPEN)
    merge_people(duplicate, into=survivor, merged_by=manager)

    unmerge_person(duplicate, unmerged_by=manager, reason="Different people")

    assert list(people_visible_to(practitioner)) == [duplicate]


def test_a_parent_of_a_child_whose_record_says_disabled_is_a_parent_carer_without_a_condition_on_the_caring(
    home_area: Area,
) -> None:
    # Children Act 1989 s.17ZD: a parent carer cares for a disabled child. The child's own record can say so (the
    # editable record's disability question), as a condition recorded on the caring can.
    parent = AdultCarerFactory.create(area=home_area, date_of_birth=timezone.localdate() - timedelta(days=40 * 366))
    child = CaredForPersonFactory.create(
        area=home_area,
        date_of_birth=timezone.localdate() - timedelta(days=9 * 366),
        disability=Person.Disability.YES,
    )
    CaringRelationshipFactory.create(
        carer=parent,
        cared_for=child,
        relationship=CaringRelationship.Relationship.CHILD,
        has_parental_responsibility=True,
    )

    facts = carer_facts(parent, on=timezone.localdate())

    assert CarerCategory.PARENT_CARER in carer_categories(facts)
