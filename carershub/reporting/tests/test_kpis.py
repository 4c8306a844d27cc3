"""The KPI library: each measure counted from the platform's own records, for the contract's areas and providers."""

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from carershub.accounts.models import User
from carershub.assessments.models import Assessment
from carershub.assessments.tests.factories import AssessmentFactory, CompletedAssessmentFactory
from carershub.commissioning.kpis.figures import compute_figures, measure_results, measure_value, scope_of
from carershub.commissioning.kpis.library import KPI_LIBRARY, measure_for, register_measures
from carershub.commissioning.kpis.types import Scope
from carershub.commissioning.models import Contract
from carershub.commissioning.rules.rag import Period
from carershub.commissioning.services.monitoring import add_kpi
from carershub.commissioning.tests.factories import ContractFactory, LotFactory
from carershub.emergency_response.models import Activation, ContingencyPlan, EmergencyCard
from carershub.emergency_response.services.plans import add_emergency_contact, confirm_plan, create_plan
from carershub.emergency_response.tests.factories import active_plan
from carershub.identification.tests.factories import GPPracticeEngagementFactory
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import GPPracticeFactory
from carershub.people.models import CaringRelationship, Involvement, Person
from carershub.people.tests.factories import (
    AdultCarerFactory,
    CaringRelationshipFactory,
    PersonFactory,
    YoungCarerFactory,
)
from carershub.referrals.models import Cohort, Referral
from carershub.referrals.tests.factories import AcceptedReferralFactory, ReferralFactory
from carershub.reporting.measures.casework import carers_supported, new_carers_by_source

pytestmark = pytest.mark.django_db

Q1 = Period(date(2025, 4, 1), date(2025, 6, 30))
Q2 = Period(date(2025, 7, 1), date(2025, 9, 30))


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def contract(council: Organisation, home_area: Area, carers_centre: Organisation) -> Contract:
    contract = ContractFactory.create(commissioner=council, areas=[home_area])
    LotFactory.create(contract=contract, provider=carers_centre, cohorts=[Cohort.ADULT, Cohort.PARENT])
    return contract


@pytest.fixture
def scope(contract: Contract) -> Scope:
    return scope_of(contract, None)


def involve(person: Person, organisation: Organisation, start: date, end: date | None = None, **kwargs: str) -> None:
    Involvement.objects.create(
        area=person.area,
        person=person,
        organisation=organisation,
        reason=kwargs.get("reason", Involvement.Reason.CASE_OPEN),
        started_at=at(start),
        ended_at=at(end) if end else None,
    )


def values(measure: str, scope: Scope, *periods: Period) -> list[object]:
    return [result.value for result in measure_results(measure, scope=scope, periods=list(periods))]


def test_the_library_names_computed_and_manual_measures() -> None:
    assert KPI_LIBRARY["carers_supported"].computed
    assert KPI_LIBRARY["emergency_support_hours"].computed
    for manual in ("direct_payments", "short_breaks", "group_attendance"):
        assert not KPI_LIBRARY[manual].computed
    assert not KPI_LIBRARY["gp_practices_engaged"].prorated
    assert KPI_LIBRARY["assessment_wait_median_days"].statistic
    assert KPI_LIBRARY["new_carers_from_gp_practice"].label == "New carers identified through GP practices"


def test_scope_is_the_contracts_areas_and_its_lots_providers_and_cohorts(
    contract: Contract, home_area: Area, carers_centre: Organisation, young_carers_service: Organisation
) -> None:
    lot2 = LotFactory.create(contract=contract, provider=young_carers_service, cohorts=[Cohort.YOUNG])
    whole = scope_of(contract, None)
    assert whole.area_ids == (home_area.pk,)
    assert set(whole.provider_ids) == {carers_centre.pk, young_carers_service.pk}
    assert set(whole.cohorts) == {Cohort.ADULT, Cohort.PARENT, Cohort.YOUNG}
    assert scope_of(contract, lot2) == Scope((home_area.pk,), (young_carers_service.pk,), (Cohort.YOUNG,))


def test_carers_supported_counts_different_carers_with_a_case_open_in_the_period(
    scope: Scope,
    home_area: Area,
    neighbour_area: Area,
    carers_centre: Organisation,
    young_carers_service: Organisation,
) -> None:
    carers = AdultCarerFactory.create_batch(3, area=home_area)
    involve(carers[0], carers_centre, date(2025, 1, 10))  # open since before the quarter
    involve(carers[1], carers_centre, date(2025, 5, 1), date(2025, 5, 20))  # opened and closed within it
    involve(carers[1], carers_centre, date(2025, 6, 1))  # a second case: still one carer
    involve(carers[2], carers_centre, date(2025, 3, 1), date(2025, 3, 31))  # closed before the quarter
    involve(carers[2], carers_centre, date(2025, 4, 2), reason=Involvement.Reason.REFERRAL_RECEIVED)  # not support
    involve(AdultCarerFactory.create(area=home_area), young_carers_service, date(2025, 4, 2))  # not this contract
    involve(AdultCarerFactory.create(area=home_area), carers_centre, date(2025, 7, 2))  # next quarter
    assert values("carers_supported", scope, Q1, Q2) == [2, 3]


def test_carers_supported_ignores_other_areas_and_merged_duplicates(
    scope: Scope, home_area: Area, neighbour_area: Area, carers_centre: Organisation
) -> None:
    carers_centre.areas.add(neighbour_area)
    involve(AdultCarerFactory.create(area=neighbour_area), carers_centre, date(2025, 4, 2))
    survivor = AdultCarerFactory.create(area=home_area)
    duplicate = PersonFactory.create(area=home_area, merged_into=survivor)
    involve(survivor, carers_centre, date(2025, 4, 2))
    involve(duplicate, carers_centre, date(2025, 4, 2))
    assert values("carers_supported", scope, Q1) == [1]


def test_young_carers_supported_counts_carers_under_18_in_the_period(
    scope: Scope, home_area: Area, carers_centre: Organisation
) -> None:
    involve(YoungCarerFactory.create(area=home_area), carers_centre, date(2025, 4, 2))
    involve(AdultCarerFactory.create(area=home_area), carers_centre, date(2025, 4, 2))
    turned_18_in_quarter = PersonFactory.create(area=home_area, date_of_birth=date(2007, 5, 1))
    involve(turned_18_in_quarter, carers_centre, date(2025, 4, 2))
    assert values("young_carers_supported", scope, Q1) == [2]


def test_new_carers_identified_are_registered_and_referred_in_the_period_by_source(
    scope: Scope, home_area: Area, carers_centre: Organisation, young_carers_service: Organisation
) -> None:
    def referral(source: str, *, registered: date, received: date, **kwargs: object) -> None:
        carer = AdultCarerFactory.create(area=home_area, created_at=at(registered))
        ReferralFactory.create(
            area=home_area, carer=carer, provider=carers_centre, source=source, received_at=at(received), **kwargs
        )

    referral(Referral.Source.GP_PRACTICE, registered=date(2025, 4, 3), received=date(2025, 4, 3))
    referral(Referral.Source.GP_PRACTICE, registered=date(2025, 5, 3), received=date(2025, 5, 3))
    referral(Referral.Source.SCHOOL, registered=date(2025, 6, 3), received=date(2025, 6, 3), cohort=Cohort.PARENT)
    # Known before the quarter: not new.
    referral(Referral.Source.SELF, registered=date(2024, 6, 3), received=date(2025, 6, 3))
    # A cohort the contract does not serve.
    referral(Referral.Source.SELF, registered=date(2025, 6, 3), received=date(2025, 6, 3), cohort=Cohort.YOUNG)
    assert values("new_carers_identified", scope, Q1, Q2) == [3, 0]
    assert values("new_carers_from_gp_practice", scope, Q1) == [2]
    by_source = new_carers_by_source(scope, [Q1])[0]
    assert by_source[Referral.Source.GP_PRACTICE] == 2
    assert by_source[Referral.Source.SCHOOL] == 1
    assert by_source[Referral.Source.SELF] == 0


def test_referrals_accepted_within_the_days_allowed(
    scope: Scope, home_area: Area, carers_centre: Organisation, settings: object
) -> None:
    received = at(date(2025, 5, 1))
    for days in (0, 6, 7, 8):
        AcceptedReferralFactory.create(
            area=home_area, provider=carers_centre, received_at=received, decided_at=received + timedelta(days=days)
        )
    ReferralFactory.create(area=home_area, provider=carers_centre, received_at=received)  # still open
    assert values("referrals_accepted_within_days", scope, Q1) == [3]


def test_gp_practices_engaged_counts_different_practices(
    scope: Scope, home_area: Area, carers_centre: Organisation, young_carers_service: Organisation
) -> None:
    practice, other = GPPracticeFactory.create_batch(2, area=home_area)
    for day in (date(2025, 4, 5), date(2025, 5, 5)):
        GPPracticeEngagementFactory.create(gp_practice=practice, organisation=carers_centre, occurred_on=day)
    GPPracticeEngagementFactory.create(gp_practice=other, organisation=carers_centre, occurred_on=date(2025, 7, 5))
    GPPracticeEngagementFactory.create(
        gp_practice=other, organisation=young_carers_service, occurred_on=date(2025, 5, 5)
    )
    assert values("gp_practices_engaged", scope, Q1, Q2) == [1, 1]


def test_assessments_completed_and_their_waits(scope: Scope, home_area: Area, carers_centre: Organisation) -> None:
    for wait in (10, 20, 30, 40, 50, 60):
        completed = date(2025, 5, 1) + timedelta(days=wait % 7)
        CompletedAssessmentFactory.create(
            carer__area=home_area,
            organisation=carers_centre,
            requested_on=completed - timedelta(days=wait),
            completed_on=completed,
        )
    AssessmentFactory.create(carer__area=home_area, organisation=carers_centre)  # in progress
    assert values("assessments_completed", scope, Q1, Q2) == [6, 0]
    median = measure_results("assessment_wait_median_days", scope=scope, periods=[Q1, Q2])
    assert median[0].value == Decimal(35)
    assert median[0].base == 6
    assert median[1].value is None
    assert values("assessment_wait_p90_days", scope, Q1) == [60]


def test_contingency_plans_and_emergency_activations(
    scope: Scope, home_area: Area, carers_centre: Organisation, practitioner: User
) -> None:
    carer = AdultCarerFactory.create(area=home_area)
    involve(carer, carers_centre, date(2025, 1, 1))
    plan = active_plan(carer, by=practitioner)
    today = timezone.localdate()
    this_quarter = Period(today.replace(day=1), today)
    card = plan.cards.get()
    for support in (Decimal("3.50"), Decimal("12.00")):
        Activation.objects.create(
            area=home_area,
            plan=plan,
            card=card,
            reason="Carer taken to hospital",
            opened_at=timezone.now(),
            opened_by=practitioner,
            call_received_at=timezone.now(),
            support_hours=support,
            outcome=Activation.Outcome.REPLACEMENT_CARE,
            closed_at=timezone.now(),
        )
    assert values("contingency_plans_active", scope, this_quarter) == [1]
    assert values("emergency_activations", scope, this_quarter) == [2]
    hours = measure_results("emergency_support_hours", scope=scope, periods=[this_quarter])[0]
    assert hours.value == Decimal("15.50")
    assert hours.base == 2


def test_contingency_plans_count_the_plans_in_force_during_each_period(
    scope: Scope, home_area: Area, carers_centre: Organisation, practitioner: User
) -> None:
    def plan_in_force(card_issued: date, withdrawn: date | None = None) -> None:
        carer = AdultCarerFactory.create(area=home_area)
        involve(carer, carers_centre, date(2025, 1, 1))
        plan = active_plan(carer, by=practitioner)
        EmergencyCard.objects.filter(plan=plan).update(issued_at=at(card_issued))
        if withdrawn is not None:
            ContingencyPlan.objects.filter(pk=plan.pk).update(
                status=ContingencyPlan.Status.WITHDRAWN, withdrawn_at=at(withdrawn)
            )

    plan_in_force(date(2025, 3, 1))  # in force throughout
    plan_in_force(date(2025, 3, 1), withdrawn=date(2025, 8, 15))  # withdrawn after Q1, during Q2
    plan_in_force(date(2025, 3, 1), withdrawn=date(2025, 10, 2))  # withdrawn after both
    plan_in_force(date(2025, 2, 1), withdrawn=date(2025, 3, 20))  # withdrawn before Q1 started
    plan_in_force(date(2025, 8, 1))  # made active during Q2
    plan_in_force(date(2025, 10, 1))  # made active after both
    assert values("contingency_plans_active", scope, Q1, Q2) == [3, 4]


def test_contingency_plans_count_only_while_a_provider_works_with_the_carer(
    scope: Scope, home_area: Area, carers_centre: Organisation, practitioner: User
) -> None:
    carer = AdultCarerFactory.create(area=home_area)
    involve(carer, carers_centre, date(2025, 1, 1), date(2025, 6, 20))  # the case closed before Q2
    plan = active_plan(carer, by=practitioner)
    EmergencyCard.objects.filter(plan=plan).update(issued_at=at(date(2025, 2, 1)))
    assert values("contingency_plans_active", scope, Q2) == [0]
    assert values("contingency_plans_active", scope, Q1) == [1]


def test_manual_measures_have_no_computed_value(contract: Contract) -> None:
    assert measure_value("short_breaks", contract=contract, lot=None, start=Q1.start, end=Q1.end) is None


def test_a_contract_with_no_provider_yet_has_delivered_nothing(council: Organisation, home_area: Area) -> None:
    contract = ContractFactory.create(commissioner=council, areas=[home_area])
    assert measure_value("carers_supported", contract=contract, lot=None, start=Q1.start, end=Q1.end) == 0


def test_each_measure_is_one_query_for_any_number_of_periods(
    scope: Scope, home_area: Area, carers_centre: Organisation, django_assert_max_num_queries: object
) -> None:
    for _ in range(5):
        involve(AdultCarerFactory.create(area=home_area), carers_centre, date(2025, 4, 2))
    for code, definition in KPI_LIBRARY.items():
        if not definition.computed:
            continue
        with django_assert_max_num_queries(1):  # type: ignore[operator]
            measure_results(code, scope=scope, periods=[Q1, Q2, Period(date(2025, 10, 1), date(2025, 12, 31))])


def test_dashboards_may_reuse_recent_figures_but_returns_count_afresh(
    django_assert_num_queries: DjangoAssertNumQueries, db: None
) -> None:
    """A county contract's live counts take about a second: dashboards reuse figures a few minutes old."""
    scope = Scope(area_ids=(1,), provider_ids=(1,))
    periods = [Period(date(2026, 4, 1), date(2026, 6, 30))]
    measure_results("carers_supported", scope=scope, periods=periods, max_age_seconds=300)
    with django_assert_num_queries(0):
        measure_results("carers_supported", scope=scope, periods=periods, max_age_seconds=300)
    with django_assert_num_queries(1):
        measure_results("carers_supported", scope=scope, periods=periods)


def test_a_carer_with_contingency_plans_for_two_people_counts_once(
    scope: Scope, home_area: Area, carers_centre: Organisation, practitioner: User
) -> None:
    # Seed 001 §1.25: "Manage contingency plans for 500 carers per annum" counts carers, not plans.
    carer = AdultCarerFactory.create(area=home_area)
    involve(carer, carers_centre, date(2025, 1, 1))
    active_plan(carer, by=practitioner)
    second = CaringRelationshipFactory.create(
        carer=carer, relationship=CaringRelationship.Relationship.SPOUSE_OR_PARTNER
    )
    plan = create_plan(carer, cared_for=second.cared_for, by=practitioner, replacement_care="Neighbour for a day")
    for number in (1, 2):
        add_emergency_contact(
            plan,
            by=practitioner,
            name=f"Contact {number}",
            relationship="Sister",
            phone=f"07700 900 20{number}",
            consent_given=True,
            accepted_role=True,
        )
    confirm_plan(plan, by=practitioner, review_date=timezone.localdate() + timedelta(days=300))
    today = timezone.localdate()

    assert ContingencyPlan.objects.filter(carer=carer).count() == 2
    assert values("contingency_plans_active", scope, Period(today.replace(day=1), today)) == [1]
    assert KPI_LIBRARY["contingency_plans_active"].unit == "carers"


def test_an_assessment_kpi_counts_only_the_kinds_of_assessment_it_names(
    scope: Scope, home_area: Area, carers_centre: Organisation
) -> None:
    # Seed 001 §1.25 "Complete 340 Carers Assessments per year", and §2.4: "A separate contract exists for the
    # provision of Young Carers Assessments". Coventry's KPI counts Care Act carer's assessments only.
    for kind in (Assessment.Kind.CARERS, Assessment.Kind.CARERS, Assessment.Kind.YOUNG_CARERS_NEEDS):
        CompletedAssessmentFactory.create(
            carer__area=home_area, organisation=carers_centre, kind=kind, completed_on=date(2025, 5, 1)
        )

    carers_only = replace(scope, assessment_kinds=(Assessment.Kind.CARERS,))

    assert values("assessments_completed", carers_only, Q1) == [2]
    assert values("assessments_completed", scope, Q1) == [3]


def test_a_kpi_set_to_carers_assessments_reports_only_them(
    contract: Contract, home_area: Area, carers_centre: Organisation, commissioner: User
) -> None:
    kpi = add_kpi(
        contract,
        measure="assessments_completed",
        annual_target=Decimal(340),
        by=commissioner,
        assessment_kinds=[Assessment.Kind.CARERS],
    )
    for kind in (Assessment.Kind.CARERS, Assessment.Kind.PARENT_CARERS_NEEDS):
        CompletedAssessmentFactory.create(
            carer__area=home_area, organisation=carers_centre, kind=kind, completed_on=date(2025, 5, 1)
        )

    figures = compute_figures(contract, [kpi], [Q1])[kpi.pk]

    assert figures[0].base == 1
    assert str(kpi) == "Carers' assessments completed (carer's assessment only)"


def test_reporting_registers_a_measure_for_every_computed_kpi_and_none_for_those_entered() -> None:
    for code, definition in KPI_LIBRARY.items():
        assert (measure_for(code) is not None) == definition.computed, code


def test_a_measure_for_a_code_the_library_does_not_compute_is_refused() -> None:
    with pytest.raises(ValueError, match="not a computed measure"):
        register_measures({"short_breaks": carers_supported})
    with pytest.raises(ValueError, match="not a computed measure"):
        register_measures({"no_such_measure": carers_supported})
    assert measure_for("short_breaks") is None
