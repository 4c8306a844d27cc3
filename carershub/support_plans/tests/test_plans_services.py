"""Support plans: started from an eligible assessment with its needs (Care Act 2014 s.24-25), the personal budget
and its second-person approval (s.26), agreement with the carer (s.25(5)), versions, stale edits and the end."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from carershub.accounts.models import User
from carershub.assessments.models import Assessment
from carershub.assessments.tests.factories import CompletedAssessmentFactory
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation
from carershub.people.models import TimelineEntry
from carershub.support_plans.models import PlanNeed, PlanReview, SupportPlan
from carershub.support_plans.services.budget import approve_budget
from carershub.support_plans.services.common import NotPermitted, StaleEdit, SupportPlanInvalid, WrongStatus
from carershub.support_plans.services.plans import NeedDetails, agree_plan, save_need, start_plan, update_plan
from carershub.support_plans.services.versions import end_plan, start_revision
from carershub.support_plans.tests.factories import agreed_plan, break_need, draft_plan, eligible_assessment

pytestmark = pytest.mark.django_db


def _agree(plan: SupportPlan, by: User, **changes: object) -> SupportPlan:
    arguments: dict[str, object] = {
        "carer_agreed_on": timezone.localdate(),
        "carer_agreement": "Signed at a home visit",
        "people_involved": "",
    } | changes
    return agree_plan(plan, expected_version=plan.lock_version, by=by, **arguments).plan  # type: ignore[arg-type]


def test_a_plan_starts_with_the_needs_the_determination_found(assessment: Assessment, practitioner: User) -> None:
    started = start_plan(assessment, by=practitioner)

    assert started.was_new
    plan = started.plan
    assert (plan.status, plan.version, plan.carer, plan.organisation) == (
        SupportPlan.Status.DRAFT,
        1,
        assessment.carer,
        practitioner.organisation,
    )
    assert list(PlanNeed.objects.filter(plan=plan).values_list("outcome_code", "description")) == [
        ("recreation", "Engaging in recreational activities"),
        ("relationships", "Developing and maintaining family or other personal relationships"),
    ]
    event = AuditEvent.objects.get(subject_type="support_plans.supportplan", subject_id=str(plan.pk))
    assert (event.kind, event.event) == (AuditEvent.Kind.RECORD_CREATED, "support_plans.plan_started")
    assert TimelineEntry.objects.filter(person=assessment.carer, kind="support_plans.plan_started").count() == 1


def test_starting_twice_returns_the_same_plan(assessment: Assessment, practitioner: User) -> None:
    first = start_plan(assessment, by=practitioner)
    second = start_plan(assessment, by=practitioner)

    assert (second.plan, second.was_new) == (first.plan, False)
    assert SupportPlan.objects.count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"eligible": False}, id="ineligible"),
        pytest.param(
            {"status": Assessment.Status.AWAITING_SIGN_OFF, "completed_on": None, "signed_off_at": None},
            id="not_signed_off",
        ),
    ],
)
def test_no_plan_is_started_from_an_ineligible_or_unsigned_assessment(
    carers_centre: Organisation, practitioner: User, changes: dict[str, object]
) -> None:
    assessment = eligible_assessment(carers_centre, practitioner, **changes)

    with pytest.raises(WrongStatus):
        start_plan(assessment, by=practitioner)

    assert not SupportPlan.objects.exists()
    assert not AuditEvent.objects.filter(subject_type="support_plans.supportplan").exists()


def test_a_need_met_by_a_direct_payment_names_its_amount_and_frequency(
    assessment: Assessment, practitioner: User
) -> None:
    plan = start_plan(assessment, by=practitioner).plan
    details = NeedDetails(description="A break", how_met="direct_payment", cost=Decimal("100.00"))

    with pytest.raises(SupportPlanInvalid) as raised:
        save_need(plan, expected_version=plan.lock_version, by=practitioner, details=details)

    assert set(raised.value.errors) == {"direct_payment_amount", "direct_payment_frequency", "cld_service_type"}


def test_a_direct_payment_need_is_coded_for_the_client_level_data_return(
    assessment: Assessment, practitioner: User
) -> None:
    plan = start_plan(assessment, by=practitioner).plan

    need = save_need(plan, expected_version=plan.lock_version, by=practitioner, details=break_need())

    assert (need.cld_service_type, need.cld_delivery_mechanism) == ("Carer Support: Direct to Carer", "Direct Payment")


def test_a_stale_edit_is_refused_and_changes_nothing(assessment: Assessment, practitioner: User, manager: User) -> None:
    plan = start_plan(assessment, by=practitioner).plan
    seen = plan.lock_version
    save_need(plan, expected_version=seen, by=manager, details=break_need())

    with pytest.raises(StaleEdit):
        update_plan(
            plan,
            expected_version=seen,
            by=practitioner,
            outcomes_wanted="Overwrite",
            advice_and_information="",
            people_involved="",
            carer_contribution=Decimal("0"),
            contingency_plan=None,
        )

    plan.refresh_from_db()
    assert plan.outcomes_wanted == ""
    assert plan.lock_version == seen + 1


def test_a_plan_cannot_be_agreed_without_the_carers_agreement(assessment: Assessment, practitioner: User) -> None:
    plan = draft_plan(assessment, practitioner)

    with pytest.raises(SupportPlanInvalid) as raised:
        _agree(plan, practitioner, carer_agreed_on=None, carer_agreement="  ")

    assert set(raised.value.errors) == {"carer_agreed_on", "carer_agreement"}
    plan.refresh_from_db()
    assert plan.status == SupportPlan.Status.DRAFT
    assert not PlanReview.objects.exists()


def test_a_plan_needs_advice_and_every_need_met_before_it_is_agreed(assessment: Assessment, practitioner: User) -> None:
    plan = start_plan(assessment, by=practitioner).plan

    with pytest.raises(SupportPlanInvalid) as raised:
        _agree(plan, practitioner)

    assert set(raised.value.errors) == {"needs", "advice_and_information", "people_involved"}


@override_settings(CARERSHUB_PERSONAL_BUDGET_APPROVAL_THRESHOLD=Decimal("400.00"))
def test_a_budget_over_the_threshold_needs_a_second_persons_approval(
    assessment: Assessment, practitioner: User, manager: User
) -> None:
    plan = draft_plan(assessment, practitioner, cost="450.00")

    with pytest.raises(SupportPlanInvalid) as raised:
        _agree(plan, practitioner)
    assert "budget" in raised.value.errors

    with pytest.raises(NotPermitted):
        approve_budget(plan, expected_version=plan.lock_version, by=practitioner)  # no permission

    plan = approve_budget(plan, expected_version=plan.lock_version, by=manager)
    assert (plan.budget_approved_total, plan.budget_approved_by) == (Decimal("450.00"), manager)
    assert _agree(plan, practitioner).status == SupportPlan.Status.AGREED


@override_settings(CARERSHUB_PERSONAL_BUDGET_APPROVAL_THRESHOLD=Decimal("400.00"))
def test_the_plans_author_cannot_approve_its_budget_even_as_a_manager(
    carers_centre: Organisation, manager: User
) -> None:
    plan = draft_plan(eligible_assessment(carers_centre, manager), manager)

    with pytest.raises(NotPermitted):
        approve_budget(plan, expected_version=plan.lock_version, by=manager)

    plan.refresh_from_db()
    assert plan.budget_approved_at is None
    assert not AuditEvent.objects.filter(event="support_plans.personal_budget_approved").exists()


@override_settings(CARERSHUB_PERSONAL_BUDGET_APPROVAL_THRESHOLD=Decimal("400.00"))
def test_changing_a_cost_after_approval_needs_approval_again(
    assessment: Assessment, practitioner: User, manager: User
) -> None:
    plan = draft_plan(assessment, practitioner, cost="450.00")
    plan = approve_budget(plan, expected_version=plan.lock_version, by=manager)
    need = PlanNeed.objects.get(plan=plan, how_met="direct_payment")
    save_need(plan, expected_version=plan.lock_version, by=practitioner, details=break_need("900.00"), need=need)
    plan.refresh_from_db()

    with pytest.raises(SupportPlanInvalid) as raised:
        _agree(plan, practitioner)

    assert "budget" in raised.value.errors


def test_agreeing_schedules_a_light_touch_review_and_an_annual_one(assessment: Assessment, practitioner: User) -> None:
    # Care Act 2014 s.27 (statutory guidance ch.13): light-touch 6-8 weeks after the plan starts, then at least
    # every 12 months. Reviews belong to the plan, counted from its agreement (issue 11 item 8).
    plan = agreed_plan(assessment, practitioner)

    today = timezone.localdate()
    reviews = list(PlanReview.objects.filter(plan=plan).order_by("due_on").values_list("kind", "due_on"))
    assert reviews[0] == (PlanReview.Kind.LIGHT_TOUCH, today + timedelta(weeks=7))
    assert reviews[1][0] == PlanReview.Kind.ANNUAL
    assert 365 <= (reviews[1][1] - today).days <= 366
    assert plan.agreed_by == practitioner


def test_a_plan_arranging_no_service_schedules_no_review(assessment: Assessment, practitioner: User) -> None:
    # Care Act 2014 s.27: nothing the council provides, nothing to review (issue 11 item 8).
    plan = start_plan(assessment, by=practitioner).plan
    for need in PlanNeed.objects.filter(plan=plan):
        plan.refresh_from_db()
        details = NeedDetails(description=need.description, how_met="universal", how_met_detail="Library groups")
        save_need(plan, expected_version=plan.lock_version, by=practitioner, details=details, need=need)
    plan.refresh_from_db()
    plan = update_plan(
        plan,
        expected_version=plan.lock_version,
        by=practitioner,
        outcomes_wanted="",
        advice_and_information="Groups and the carers' line",
        people_involved="The carer",
        carer_contribution=Decimal("0"),
        contingency_plan=None,
    )

    assert _agree(plan, practitioner).status == SupportPlan.Status.AGREED
    assert not PlanReview.objects.exists()


def test_revising_an_agreed_plan_makes_version_2_and_keeps_version_1_readable(
    assessment: Assessment, practitioner: User
) -> None:
    first = agreed_plan(assessment, practitioner)

    second = start_revision(first, by=practitioner, reason="Sister has moved away").plan
    assert start_revision(first, by=practitioner, reason="again").plan == second  # a double click

    assert (second.reference, second.version, second.status, second.previous) == (
        first.reference,
        2,
        SupportPlan.Status.DRAFT,
        first,
    )
    assert PlanNeed.objects.filter(plan=second).count() == PlanNeed.objects.filter(plan=first).count() == 2
    first.refresh_from_db()
    assert first.status == SupportPlan.Status.AGREED  # in force until version 2 is agreed

    _agree(second, practitioner)

    first.refresh_from_db()
    assert first.status == SupportPlan.Status.SUPERSEDED
    assert first.carer_agreement == "Signed at a home visit"
    assert set(PlanReview.objects.filter(plan=first).values_list("status", flat=True)) == {"cancelled"}
    assert PlanReview.objects.filter(plan=second, status="scheduled").count() == 2


def test_an_agreed_plan_cannot_be_changed_in_place(assessment: Assessment, practitioner: User) -> None:
    plan = agreed_plan(assessment, practitioner)

    with pytest.raises(WrongStatus):
        save_need(plan, expected_version=plan.lock_version, by=practitioner, details=break_need("1.00"))

    assert not PlanNeed.objects.filter(plan=plan, cost=Decimal("1.00")).exists()


def test_ending_a_plan_stops_its_annual_reviews(assessment: Assessment, practitioner: User) -> None:
    # Care Act 2014 s.27: the reviews are of the plan, so they stop when it ends (issue 11 item 8).
    plan = agreed_plan(assessment, practitioner)

    plan = end_plan(
        plan,
        expected_version=plan.lock_version,
        by=practitioner,
        reason="Carer moved away",
        ended_on=timezone.localdate(),
    )

    assert (plan.status, plan.end_reason) == (SupportPlan.Status.ENDED, "Carer moved away")
    assert not PlanReview.objects.filter(plan=plan, status="scheduled").exists()


def test_a_plan_is_started_only_from_its_own_assessment_kind_once(
    carers_centre: Organisation, practitioner: User
) -> None:
    assessment = CompletedAssessmentFactory.create(
        organisation=carers_centre,
        assessor=practitioner,
        carer=eligible_assessment(carers_centre, practitioner).carer,
        kind=Assessment.Kind.YOUNG_CARERS_NEEDS,
        decision={"s17zc_a": "yes"},
    )

    plan = start_plan(assessment, by=practitioner).plan

    assert list(PlanNeed.objects.filter(plan=plan).values_list("description", flat=True)) == [
        "Needs identified in the assessment"
    ]
