"""Reading identification partners: only your areas' partners, with the last twelve months of engagement."""

from datetime import date, timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from carershub.accounts.models import User
from carershub.identification.selectors import (
    areas_taking_self_referrals,
    engaged_gp_practice_count,
    engagement_by_area,
    get_gp_practice_for_user,
    get_school_for_user,
    gp_practices_in,
    partners_for,
    schools_in,
    twelve_months_before,
)
from carershub.identification.tests.factories import GPPracticeEngagementFactory, SchoolEngagementFactory
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import AreaFactory, GPPracticeFactory, SchoolFactory
from carershub.referrals.models import Cohort, RoutingRule


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(date(2025, 5, 24), date(2024, 5, 25), id="ordinary_day"),
        pytest.param(date(2025, 1, 1), date(2024, 1, 2), id="new_year"),
        pytest.param(date(2024, 2, 29), date(2023, 3, 2), id="leap_day"),
    ],
)
def test_twelve_months_before_is_the_first_day_of_the_year_ending_today(today: date, expected: date) -> None:
    assert twelve_months_before(today) == expected


def test_partners_for_annotates_each_partner_with_its_last_twelve_months(
    practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    today = timezone.localdate()
    engaged = GPPracticeFactory.create(area=home_area, name="Engaged Surgery", order=1)
    lapsed = GPPracticeFactory.create(area=home_area, name="Lapsed Surgery", order=2)
    never = GPPracticeFactory.create(area=home_area, name="Never Surgery", order=3)
    for days_ago, identified in [(10, 4), (200, 2), (400, 9)]:
        GPPracticeEngagementFactory.create(
            gp_practice=engaged,
            organisation=carers_centre,
            occurred_on=today - timedelta(days=days_ago),
            carers_identified=identified,
        )
    GPPracticeEngagementFactory.create(
        gp_practice=lapsed, organisation=carers_centre, occurred_on=today - timedelta(days=500), carers_identified=3
    )
    school = SchoolFactory.create(area=home_area)
    SchoolEngagementFactory.create(school=school, organisation=carers_centre, carers_identified=5)

    partners = partners_for(practitioner)

    figures = [
        (p.name, p.last_engaged_on, p.activities_last_year, p.carers_identified_last_year)
        for p in partners.gp_practices
    ]
    assert figures == [
        ("Engaged Surgery", today - timedelta(days=10), 2, 6),
        ("Lapsed Surgery", today - timedelta(days=500), 0, 0),
        ("Never Surgery", None, 0, 0),
    ]
    assert [(s.pk, s.activities_last_year, s.carers_identified_last_year) for s in partners.schools] == [
        (school.pk, 1, 5)
    ]
    assert partners.areas == [home_area]
    assert partners.since == twelve_months_before(today)
    assert never.pk in {p.pk for p in partners.gp_practices}
    (headline,) = engagement_by_area(partners)
    assert (headline.area, headline.engaged_gp_practices, headline.gp_practices) == (home_area, 1, 3)


def test_partners_for_leaves_out_other_areas_and_closed_partners(
    practitioner: User, home_area: Area, neighbour_area: Area
) -> None:
    open_practice = GPPracticeFactory.create(area=home_area)
    GPPracticeFactory.create(area=home_area, disabled_on=timezone.localdate())
    GPPracticeFactory.create(area=neighbour_area)
    SchoolFactory.create(area=neighbour_area)

    partners = partners_for(practitioner)

    assert [practice.pk for practice in partners.gp_practices] == [open_practice.pk]
    assert partners.schools == []


@pytest.mark.parametrize("persona", ["administrator", "neighbour_practitioner"])
def test_partners_for_shows_nothing_of_the_area_to_others(
    request: pytest.FixtureRequest, home_area: Area, persona: str
) -> None:
    user: User = request.getfixturevalue(persona)
    GPPracticeFactory.create(area=home_area)

    assert partners_for(user).gp_practices == []


def test_engaged_gp_practice_count_counts_open_practices_with_activity_since_the_date(
    carers_centre: Organisation, home_area: Area, neighbour_area: Area
) -> None:
    today = timezone.localdate()
    since = today - timedelta(days=365)
    twice = GPPracticeFactory.create(area=home_area)
    once_on_the_day = GPPracticeFactory.create(area=home_area)
    before = GPPracticeFactory.create(area=home_area)
    closed = GPPracticeFactory.create(area=home_area, disabled_on=today)
    GPPracticeFactory.create(area=home_area)
    elsewhere = GPPracticeFactory.create(area=neighbour_area)
    for practice, days_ago in [(twice, 1), (twice, 30), (once_on_the_day, 365), (before, 366), (closed, 5)]:
        GPPracticeEngagementFactory.create(
            gp_practice=practice, organisation=carers_centre, occurred_on=today - timedelta(days=days_ago)
        )
    GPPracticeEngagementFactory.create(gp_practice=elsewhere, occurred_on=today)

    assert engaged_gp_practice_count(home_area, since) == 2


def test_a_partner_in_another_area_is_a_404_like_a_missing_one(neighbour_practitioner: User, home_area: Area) -> None:
    practice = GPPracticeFactory.create(area=home_area)
    school = SchoolFactory.create(area=home_area)

    with pytest.raises(Http404):
        get_gp_practice_for_user(neighbour_practitioner, practice.ods_code)
    with pytest.raises(Http404):
        get_school_for_user(neighbour_practitioner, school.urn)
    with pytest.raises(Http404):
        get_gp_practice_for_user(neighbour_practitioner, "NOSUCH")


def test_areas_taking_self_referrals_are_those_with_a_routing_rule(
    carers_centre: Organisation, home_area: Area
) -> None:
    AreaFactory.create(name="Unrouted Area", slug="unrouted")
    RoutingRule.objects.create(area=home_area, cohort=Cohort.ADULT, provider=carers_centre)
    RoutingRule.objects.create(area=home_area, cohort=Cohort.YOUNG, provider=carers_centre)

    assert list(areas_taking_self_referrals()) == [home_area]


def test_schools_in_an_area_are_its_open_schools_a_to_z(home_area: Area, neighbour_area: Area) -> None:
    # A referrer looks for their school by name (issue 12): the list reads A to Z, whatever the reference order.
    today = timezone.localdate()
    abbey = SchoolFactory.create(area=home_area, name="Abbey School", order=2)
    zion = SchoolFactory.create(area=home_area, name="Zion School", order=1)
    closing = SchoolFactory.create(area=home_area, name="closing School", order=3, disabled_on=today + timedelta(1))
    SchoolFactory.create(area=home_area, name="Closed School", order=0, disabled_on=today)
    SchoolFactory.create(area=neighbour_area, name="Far School", order=0)

    assert list(schools_in(home_area, today=today)) == [abbey, closing, zion]


def test_gp_practices_in_an_area_are_its_open_practices(home_area: Area, neighbour_area: Area) -> None:
    today = timezone.localdate()
    practice = GPPracticeFactory.create(area=home_area, name="Riverside Surgery")
    GPPracticeFactory.create(area=home_area, name="Closed Surgery", disabled_on=today - timedelta(days=1))
    GPPracticeFactory.create(area=neighbour_area, name="Far Surgery")

    assert list(gp_practices_in(home_area)) == [practice]
