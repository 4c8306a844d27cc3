"""Consent to share, the facts the category rules work on, the timeline, and people turning 18."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from carershub.accounts.models import User
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import OrganisationFactory
from carershub.people.models import CaringRelationship, Consent, Involvement, Person
from carershub.people.rules import CarerCategory, carer_categories
from carershub.people.selectors import (
    carer_facts,
    has_consent_to_share,
    people_turning_18_between,
    people_visible_to,
    timeline_for,
)
from carershub.people.services.involvement import open_involvement
from carershub.people.services.merges import merge_people, unmerge_person
from carershub.people.services.timeline import add_timeline_entry
from carershub.people.tests.factories import (
    AdultCarerFactory,
    CaredForPersonFactory,
    CaringRelationshipFactory,
    ConsentFactory,
    PersonFactory,
    YoungCarerFactory,
    born_years_ago,
)

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
