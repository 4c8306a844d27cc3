"""Plan reviews (Care Act 2014 s.27): an outcome per need, continue / revise / end, on request, and reminders."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation
from carershub.support_plans.models import PlanNeed, PlanReview, ReviewedNeed, SupportPlan
from carershub.support_plans.services.common import SupportPlanInvalid, WrongStatus
from carershub.support_plans.services.reviews import (
    NeedOutcome,
    complete_review,
    remind_of_due_plan_reviews,
    request_review,
)
from carershub.support_plans.tests.factories import agreed_plan, eligible_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(carers_centre: Organisation, practitioner: User) -> SupportPlan:
    return agreed_plan(eligible_assessment(carers_centre, practitioner), practitioner)


def _light_touch(plan: SupportPlan) -> PlanReview:
    return PlanReview.objects.get(plan=plan, kind=PlanReview.Kind.LIGHT_TOUCH)


def _outcomes(plan: SupportPlan, achieved: str = "Fully Met") -> dict[int, NeedOutcome]:
    return {need.pk: NeedOutcome(achieved) for need in PlanNeed.objects.filter(plan=plan)}


def test_a_review_records_an_outcome_for_each_need_and_continues_the_plan(
    plan: SupportPlan, practitioner: User
) -> None:
    review = _light_touch(plan)
    outcomes = _outcomes(plan)
    first_need = min(outcomes)
    outcomes[first_need] = NeedOutcome("Partially Met", "Try a longer break")

    completed = complete_review(review, by=practitioner, decision="continue", outcomes=outcomes, notes="Going well")

    review.refresh_from_db()
    assert (review.status, review.decision, review.cld_outcome) == ("completed", "continue", "No change in package")
    assert ReviewedNeed.objects.get(review=review, need_id=first_need).changes == "Try a longer break"
    assert ReviewedNeed.objects.filter(review=review).count() == 2
    assert completed.next_review is None  # the annual review is already within 12 months
    assert completed.revision is None


def test_completing_the_annual_review_schedules_the_next_within_12_months(
    plan: SupportPlan, practitioner: User
) -> None:
    annual = PlanReview.objects.get(plan=plan, kind=PlanReview.Kind.ANNUAL)
    complete_review(_light_touch(plan), by=practitioner, decision="continue", outcomes=_outcomes(plan), notes="")

    completed = complete_review(annual, by=practitioner, decision="continue", outcomes=_outcomes(plan), notes="")

    assert completed.next_review is not None
    assert completed.next_review.kind == PlanReview.Kind.ANNUAL
    assert 365 <= (completed.next_review.due_on - timezone.localdate()).days <= 366


def test_a_review_deciding_to_revise_starts_version_2(plan: SupportPlan, practitioner: User) -> None:
    completed = complete_review(
        _light_touch(plan),
        by=practitioner,
        decision="revise",
        outcomes=_outcomes(plan, "Not Met"),
        notes="",
        revision_reason="The break did not happen",
    )

    assert completed.revision is not None
    assert (completed.revision.version, completed.revision.status) == (2, SupportPlan.Status.DRAFT)
    assert completed.review.cld_outcome == "Progress to Support Planning / Services"


def test_a_review_deciding_to_end_ends_the_plan_and_its_reviews(plan: SupportPlan, practitioner: User) -> None:
    complete_review(
        _light_touch(plan), by=practitioner, decision="end", outcomes=_outcomes(plan), notes="", end_reason="Met"
    )

    plan.refresh_from_db()
    assert plan.status == SupportPlan.Status.ENDED
    assert not PlanReview.objects.filter(plan=plan, status="scheduled").exists()


def test_a_review_needs_an_outcome_for_every_need(plan: SupportPlan, practitioner: User) -> None:
    review = _light_touch(plan)
    outcomes = _outcomes(plan)
    outcomes.pop(min(outcomes))

    with pytest.raises(SupportPlanInvalid) as raised:
        complete_review(review, by=practitioner, decision="revise", outcomes=outcomes, notes="")

    assert set(raised.value.errors) == {f"achieved_{min(_outcomes(plan))}", "revision_reason"}
    review.refresh_from_db()
    assert review.status == "scheduled"
    assert not ReviewedNeed.objects.exists()


def test_a_review_is_recorded_once(plan: SupportPlan, practitioner: User) -> None:
    review = _light_touch(plan)
    complete_review(review, by=practitioner, decision="continue", outcomes=_outcomes(plan), notes="")

    with pytest.raises(WrongStatus):
        complete_review(review, by=practitioner, decision="continue", outcomes=_outcomes(plan), notes="")

    assert ReviewedNeed.objects.count() == 2


def test_a_review_on_request_is_due_within_two_weeks_and_a_repeat_is_the_same(
    plan: SupportPlan, practitioner: User
) -> None:
    # Care Act 2014 s.27(1)(b): a review on a reasonable request by or on behalf of the carer.
    review = request_review(plan, by=practitioner, reason="Cared-for person now in hospital")

    assert request_review(plan, by=practitioner, reason="again") == review
    assert (review.kind, review.due_on) == (PlanReview.Kind.ON_REQUEST, timezone.localdate() + timedelta(days=14))
    assert AuditEvent.objects.filter(event="support_plans.review_requested").count() == 1


def test_reminders_go_once_to_the_plans_author_naming_no_one(
    plan: SupportPlan, practitioner: User, django_capture_on_commit_callbacks: Any
) -> None:
    PlanReview.objects.filter(plan=plan, kind="light_touch").update(due_on=timezone.localdate() + timedelta(days=3))

    with django_capture_on_commit_callbacks(execute=True):
        assert remind_of_due_plan_reviews() == 1
        assert remind_of_due_plan_reviews() == 0

    assert [message.to for message in mail.outbox] == [[practitioner.email]]
    assert plan.reference in mail.outbox[0].subject
    assert plan.carer.family_name not in mail.outbox[0].body
