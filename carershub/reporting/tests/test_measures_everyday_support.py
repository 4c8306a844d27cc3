"""Everyday support's KPI measures, counted from contacts, registers, training, the fund and feedback, for the
contract's areas and providers, one query per measure whatever the number of periods."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from carershub.accounts.models import User
from carershub.commissioning.kpis.figures import measure_results, scope_of
from carershub.commissioning.kpis.library import KPI_LIBRARY
from carershub.commissioning.kpis.types import Scope
from carershub.commissioning.rules.rag import Period
from carershub.commissioning.tests.factories import ContractFactory, LotFactory
from carershub.grants.models import Award, Payment
from carershub.grants.tests.factories import application_in, fund_of, open_round
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Person
from carershub.referrals.models import Cohort
from carershub.support.models import (
    Attendance,
    Contact,
    FeedbackResponse,
    GroupSession,
    TrainingAttendance,
    TrainingCourse,
    TrainingSession,
)
from carershub.support.tests.factories import SupportGroupFactory, carer_of, kind

pytestmark = pytest.mark.django_db

Q1 = Period(date(2025, 4, 1), date(2025, 6, 30))
Q2 = Period(date(2025, 7, 1), date(2025, 9, 30))


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


@pytest.fixture
def scope(council: Organisation, home_area: Area, carers_centre: Organisation) -> Scope:
    contract = ContractFactory.create(commissioner=council, areas=[home_area])
    LotFactory.create(contract=contract, provider=carers_centre, cohorts=[Cohort.ADULT])
    return scope_of(contract, None)


def _contact(carer: Person, organisation: Organisation, by: User, day: date, code: str, minutes: int | None) -> None:
    Contact.objects.create(
        area=carer.area,
        carer=carer,
        organisation=organisation,
        contacted_on=day,
        kind=kind(code),
        channel="phone",
        minutes=minutes,
        worker=by,
    )


def values(measure: str, scope: Scope) -> list[object]:
    return [result.value for result in measure_results(measure, scope=scope, periods=[Q1, Q2])]


def test_contacts_count_by_kind_and_hours(
    scope: Scope, practitioner: User, other_team_practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    ada, ben = carer_of(carers_centre, home_area), carer_of(carers_centre, home_area)
    _contact(ada, carers_centre, practitioner, date(2025, 4, 10), "information_and_advice", 15)
    _contact(ada, carers_centre, practitioner, date(2025, 5, 10), "signposting", None)
    _contact(ben, carers_centre, practitioner, date(2025, 7, 10), "counselling", 50)
    _contact(ben, carers_centre, practitioner, date(2025, 8, 10), "counselling", 40)
    # Another provider's contact is not this contract's work.
    _contact(ben, other_team_practitioner.organisation, other_team_practitioner, date(2025, 8, 11), "counselling", 60)  # type: ignore[arg-type]

    assert values("carers_given_information_and_advice", scope) == [1, 0]
    assert values("one_to_one_contacts", scope) == [0, 2]
    assert values("one_to_one_hours", scope) == [Decimal("0.0"), Decimal("1.5")]
    assert values("carers_supported_any_way", scope) == [1, 1]


def test_group_attendance_counts_carers_once_and_sessions_with_a_register(
    scope: Scope, practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    group = SupportGroupFactory.create(area=home_area, organisation=carers_centre, first_starts_at=at(Q1.start))
    sessions = [
        GroupSession.objects.create(
            area=home_area,
            group=group,
            starts_at=at(day),
            ends_at=at(day) + timedelta(hours=2),
            venue="Hall",
            capacity=10,
            register_taken_at=at(day),
        )
        for day in (date(2025, 4, 8), date(2025, 4, 15), date(2025, 7, 8))
    ]
    ada, ben = carer_of(carers_centre, home_area), carer_of(carers_centre, home_area)
    for session, carers in zip(sessions, ([ada, ben], [ada], [ben]), strict=True):
        for carer in carers:
            Attendance.objects.create(area=home_area, session=session, carer=carer)

    assert values("group_carers_attending", scope) == [2, 1]
    assert values("group_sessions_held", scope) == [2, 1]
    assert values("carers_supported_any_way", scope) == [2, 1]


def test_fund_awarded_and_paid(scope: Scope, manager: User, carers_centre: Organisation, home_area: Area) -> None:
    funding_round = open_round(fund_of(carers_centre, home_area))
    award = Award.objects.create(
        application=application_in(funding_round),
        amount=Decimal("750.50"),
        awarded_on=date(2025, 5, 1),
        reasons="Good",
        decided_by=manager,
    )
    Payment.objects.create(award=award, amount=Decimal(500), paid_on=date(2025, 5, 20))
    Payment.objects.create(award=award, amount=Decimal("250.50"), paid_on=date(2025, 8, 20))

    assert values("fund_awarded", scope) == [Decimal("750.50"), Decimal(0)]
    assert values("fund_spent", scope) == [Decimal(500), Decimal("250.50")]


def test_professionals_trained_by_sector_and_satisfaction(
    scope: Scope, carers_centre: Organisation, home_area: Area
) -> None:
    course = TrainingCourse.objects.create(
        area=home_area, organisation=carers_centre, title="Awareness", audience="professionals"
    )
    session = TrainingSession.objects.create(area=home_area, course=course, held_on=date(2025, 5, 5), venue="Hall")
    for sector, name, count in (("school", "Hillside", 18), ("gp_practice", "Surgery", 6), ("hospital", "General", 4)):
        TrainingAttendance.objects.create(
            area=home_area, session=session, sector=sector, organisation_name=name, attendees=count
        )
    for rating in (5, 4, 4, 2, 5, 1):
        FeedbackResponse.objects.create(
            area=home_area,
            organisation=carers_centre,
            service="group",
            source="paper",
            satisfaction=rating,
            would_recommend="yes",
            answered_on=date(2025, 6, 1),
        )

    assert values("professionals_trained", scope) == [28, 0]
    assert values("school_staff_trained", scope) == [18, 0]
    assert values("gp_staff_trained", scope) == [6, 0]
    assert values("satisfaction", scope) == [Decimal(67), None]
    assert KPI_LIBRARY["satisfaction"].statistic


@pytest.mark.parametrize(
    "measure",
    [
        "carers_supported_any_way",
        "carers_given_information_and_advice",
        "one_to_one_contacts",
        "one_to_one_hours",
        "group_carers_attending",
        "group_sessions_held",
        "fund_awarded",
        "fund_spent",
        "professionals_trained",
        "satisfaction",
    ],
)
def test_each_measure_is_one_query_for_any_number_of_periods(
    scope: Scope, django_assert_num_queries: DjangoAssertNumQueries, measure: str
) -> None:
    quarters = [
        Period(date(2024, 4, 1) + timedelta(days=91 * n), date(2024, 6, 30) + timedelta(days=91 * n)) for n in range(6)
    ]
    with django_assert_num_queries(1):
        measure_results(measure, scope=scope, periods=quarters)
