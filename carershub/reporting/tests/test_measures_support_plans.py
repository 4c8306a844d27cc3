"""KPI measures read from support plans, direct payments, plan reviews and short breaks (issue 13 item 7): each
counts only the scope's providers and areas, in one query for any number of periods."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from carershub.accounts.models import User
from carershub.commissioning.kpis.figures import measure_results
from carershub.commissioning.kpis.library import KPI_LIBRARY
from carershub.commissioning.kpis.types import Scope
from carershub.commissioning.rules.rag import Period
from carershub.organisations.models import Organisation
from carershub.support_plans.models import DirectPayment, PlanNeed, PlanReview
from carershub.support_plans.services.reviews import NeedOutcome, complete_review
from carershub.support_plans.services.short_breaks import approve_break, book_break, record_delivery, request_break
from carershub.support_plans.tests.factories import agreed_plan, direct_payment, eligible_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def scope(carers_centre: Organisation) -> Scope:
    return Scope(tuple(carers_centre.areas.values_list("pk", flat=True)), (carers_centre.pk,))


@pytest.fixture
def delivered(carers_centre: Organisation, practitioner: User) -> None:
    """One carer with an agreed plan, a one-off direct payment of £450 paid, two nights' break delivered at £280,
    and the light-touch review completed on time; another carer's plan written by a provider outside the scope."""
    plan = agreed_plan(eligible_assessment(carers_centre, practitioner), practitioner)
    agreement = direct_payment(plan, practitioner)
    DirectPayment.objects.filter(agreement=agreement).update(status="paid", paid_on=timezone.localdate())
    today = timezone.localdate()
    short_break = request_break(
        plan.carer, by=practitioner, plan=plan, kind="planned_regular", estimated_cost=Decimal(300)
    )
    short_break = approve_break(short_break, expected_version=1, by=practitioner).short_break
    short_break = book_break(
        short_break, expected_version=2, by=practitioner, provider=carers_centre, starts_on=today, ends_on=today
    )
    record_delivery(
        short_break, expected_version=3, by=practitioner, delivered_on=today, actual_cost=Decimal(280), nights=2
    )
    review = PlanReview.objects.get(plan=plan, kind="light_touch")
    outcomes = {need.pk: NeedOutcome("Fully Met") for need in PlanNeed.objects.filter(plan=plan)}
    complete_review(review, by=practitioner, decision="continue", outcomes=outcomes, notes="")


@pytest.mark.usefixtures("delivered")
@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        ("carers_with_agreed_plan", 1),
        ("direct_payments_in_payment", 1),
        ("direct_payments_value", Decimal("450.00")),
        ("short_breaks_delivered", 1),
        ("short_break_nights", Decimal(2)),
        ("plan_reviews_on_time", 1),
        ("personal_budget_spend", Decimal("730.00")),
    ],
)
def test_each_measure_counts_the_scopes_records(scope: Scope, measure: str, expected: object) -> None:
    today = timezone.localdate()
    this_year, last_year = (
        Period(today - timedelta(days=30), today),
        Period(today - timedelta(days=400), today - timedelta(days=31)),
    )

    results = measure_results(measure, scope=scope, periods=[this_year, last_year])

    assert [result.value for result in results] == [expected, 0 if isinstance(expected, int) else Decimal(0)]
    assert KPI_LIBRARY[measure].computed


@pytest.mark.usefixtures("delivered")
def test_a_provider_outside_the_scope_counts_nothing(young_carers_service: Organisation) -> None:
    other = Scope(tuple(young_carers_service.areas.values_list("pk", flat=True)), (young_carers_service.pk,))
    today = timezone.localdate()

    assert measure_results("short_breaks_delivered", scope=other, periods=[Period(today, today)])[0].value == 0


@pytest.mark.usefixtures("delivered")
def test_a_measure_is_one_query_however_many_periods(
    scope: Scope, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    today = timezone.localdate()
    periods = [Period(today - timedelta(days=90 * (n + 1)), today - timedelta(days=90 * n)) for n in range(4)]

    with django_assert_num_queries(1):
        measure_results("carers_with_agreed_plan", scope=scope, periods=periods)
