"""What the written record says, read from a real assessment: the law that gives it (the Children Act for a young
carer or parent carer, not the Care Act's s.13), what happens next, the next review, and the council's complaints
route."""

from datetime import timedelta

import pytest
from django.utils import timezone

from carershub.assessments.models import Assessment, Review
from carershub.assessments.tests.factories import CompletedAssessmentFactory
from carershub.assessments.written_record import written_record

pytestmark = pytest.mark.django_db


def test_a_carer_s_record_cites_the_care_act_and_says_a_support_plan_comes_next() -> None:
    record = written_record(CompletedAssessmentFactory.create())

    assert "Care Act 2014 s.13(2)" in record.legal_basis
    assert "support plan" in record.next_steps[0]
    assert "Care Act 2014 s.24 and s.25" in record.next_steps[0]


def test_a_young_carer_s_record_cites_the_children_act_not_the_care_act() -> None:
    record = written_record(CompletedAssessmentFactory.create(kind=Assessment.Kind.YOUNG_CARERS_NEEDS))

    assert "Children Act 1989 s.17ZA" in record.legal_basis
    assert "Care Act" not in record.legal_basis
    assert "Children Act 1989 s.17ZC" in record.next_steps[0]


def test_a_parent_carer_s_record_cites_the_children_act() -> None:
    record = written_record(CompletedAssessmentFactory.create(kind=Assessment.Kind.PARENT_CARERS_NEEDS))

    assert "Children Act 1989 s.17ZD" in record.legal_basis
    assert "Children Act 1989 s.17ZF" in record.next_steps[0]


def test_the_record_gives_the_next_scheduled_review_and_the_area_s_complaints_route() -> None:
    assessment = CompletedAssessmentFactory.create()
    assessment.area.complaints_details = "Call 0151 000 0000 and ask for the complaints team."
    assessment.area.save()
    today = timezone.localdate()
    for kind, days, status in (
        (Review.Kind.ANNUAL, 300, Review.Status.SCHEDULED),
        (Review.Kind.LIGHT_TOUCH, 50, Review.Status.SCHEDULED),
        (Review.Kind.ON_REQUEST, 10, Review.Status.CANCELLED),
    ):
        Review.objects.create(
            area=assessment.area, assessment=assessment, kind=kind, due_on=today + timedelta(days=days), status=status
        )

    record = written_record(assessment)

    assert (record.review_due, record.review_kind) == (today + timedelta(days=50), "light-touch review")
    assert record.complaints_details == "Call 0151 000 0000 and ask for the complaints team."
