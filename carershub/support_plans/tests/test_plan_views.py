"""Support plan pages: the journey from assessment to agreed plan, stale edits, the carer's copy, versions and
revisions; who may see what (404 for everyone outside the carer's organisations and council, commissioners included,
with nothing recorded); audit of every view; constant queries on the lists and the plan page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.assessments.models import Assessment
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation
from carershub.support_plans.models import DirectPayment, PlanNeed, PlanReview, SupportPlan
from carershub.support_plans.services.plans import agree_plan
from carershub.support_plans.services.versions import start_revision
from carershub.support_plans.tests.factories import (
    agreed_plan,
    direct_payment,
    draft_plan,
    eligible_assessment,
    support_plan_records,
)
from carershub.support_plans.tests.pages import date_typed

pytestmark = pytest.mark.django_db


def test_a_practitioner_starts_fills_and_agrees_a_plan(
    sign_in: SignIn, practitioner: User, assessment: Assessment
) -> None:
    client = sign_in(practitioner)

    response = client.post(reverse("support_plans:start", args=[assessment.reference]))
    plan = SupportPlan.objects.get(assessment=assessment)
    assert response["Location"] == plan.get_absolute_url()
    need = PlanNeed.objects.filter(plan=plan).order_by("order").first()
    assert need is not None

    response = client.post(
        reverse("support_plans:need", args=[plan.reference, 1, need.pk]),
        {
            "lock_version": plan.lock_version,
            "description": need.description,
            "how_met": "direct_payment",
            "how_met_detail": "A short break",
            "cost": "450.00",
            "direct_payment_amount": "450.00",
            "direct_payment_frequency": "one_off",
            "cld_service_type": "Carer Support: Direct to Carer",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    other = PlanNeed.objects.filter(plan=plan).order_by("order")[1]
    client.post(
        reverse("support_plans:need_remove", args=[plan.reference, 1, other.pk]), {"lock_version": plan.lock_version}
    )
    plan.refresh_from_db()
    client.post(
        reverse("support_plans:edit", args=[plan.reference, 1]),
        {
            "lock_version": plan.lock_version,
            "advice_and_information": "Carers' groups",
            "people_involved": "The carer",
            "carer_contribution": "0",
        },
    )
    plan.refresh_from_db()
    response = client.post(
        reverse("support_plans:agree", args=[plan.reference, 1]),
        {
            "lock_version": plan.lock_version,
            "carer_agreement": "Signed",
            **date_typed("carer_agreed_on", timezone.localdate()),
        },
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == SupportPlan.Status.AGREED
    page = client.get(plan.get_absolute_url())
    assert b"Set up the direct payment" in page.content


def test_agreeing_without_the_carers_agreement_shows_the_errors_beside_the_fields(
    sign_in: SignIn, practitioner: User, assessment: Assessment
) -> None:
    plan = draft_plan(assessment, practitioner)

    response = sign_in(practitioner).post(
        reverse("support_plans:agree", args=[plan.reference, 1]), {"lock_version": plan.lock_version}
    )

    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    plan.refresh_from_db()
    assert plan.status == SupportPlan.Status.DRAFT


def test_a_stale_form_saves_nothing_and_says_so(sign_in: SignIn, practitioner: User, assessment: Assessment) -> None:
    plan = draft_plan(assessment, practitioner)
    client = sign_in(practitioner)

    response = client.post(
        reverse("support_plans:edit", args=[plan.reference, 1]),
        {"lock_version": plan.lock_version - 1, "outcomes_wanted": "Overwrite", "carer_contribution": "0"},
        follow=True,
    )

    assert b"Someone else changed this" in response.content
    plan.refresh_from_db()
    assert plan.outcomes_wanted == "Time to myself once a month"


def test_the_carers_copy_and_pdf_are_given_and_audited(
    sign_in: SignIn, practitioner: User, carers_centre: Organisation
) -> None:
    assessment = eligible_assessment(carers_centre, practitioner)
    assessment.carer.given_name = "Zoë"
    assessment.carer.family_name = "Łukasiewicz-Nguyễn"
    assessment.carer.save(update_fields=["given_name", "family_name"])
    plan = agreed_plan(assessment, practitioner)
    client = sign_in(practitioner)

    page = client.get(reverse("support_plans:copy", args=[plan.reference, 1]))
    pdf = client.get(reverse("support_plans:copy_pdf", args=[plan.reference, 1]))

    assert "Zoë Łukasiewicz-Nguyễn" in page.content.decode()
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert pdf.content.startswith(b"%PDF")
    formats = AuditEvent.objects.filter(event="support_plans.plan_copy_given").values_list("detail__format", flat=True)
    assert sorted(formats) == ["html", "pdf"]


@pytest.mark.parametrize("outsider", ["other_team_practitioner", "neighbour_practitioner", "commissioner"])
def test_outsiders_get_404_on_every_support_page_and_nothing_is_recorded(
    request: pytest.FixtureRequest,
    sign_in: SignIn,
    outsider: str,
    practitioner: User,
    carers_centre: Organisation,
    assessment: Assessment,
) -> None:
    records = support_plan_records(assessment.carer, carers_centre, practitioner)
    reference, version = records["support_plans.reference"], records["version"]
    client: Client = sign_in(request.getfixturevalue(outsider))
    urls = [
        reverse("support_plans:detail", args=[reference, version]),
        reverse("support_plans:copy", args=[reference, version]),
        reverse("support_plans:copy_pdf", args=[reference, version]),
        reverse("support_plans:direct_payment", args=[records["agreement_id"]]),
        reverse("support_plans:short_break", args=[records["break_id"]]),
        reverse("support_plans:review", args=[records["support_plans.review_id"]]),
    ]
    events = AuditEvent.objects.count()

    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert assessment.carer.family_name.encode() not in response.content
    response = client.post(
        reverse("support_plans:payment_made", args=[records["payment_id"]]), date_typed("paid_on", timezone.localdate())
    )

    assert response.status_code == 404
    assert AuditEvent.objects.count() == events
    assert not DirectPayment.objects.filter(status="paid").exists()


def test_the_council_sees_a_providers_plan(
    sign_in: SignIn, practitioner: User, council: Organisation, assessment: Assessment
) -> None:
    from carershub.assessments.tests.factories import staff_member

    plan = agreed_plan(assessment, practitioner)

    assert sign_in(staff_member(council)).get(plan.get_absolute_url()).status_code == 200


def test_the_plan_page_is_audited_and_lists_the_versions(
    sign_in: SignIn, practitioner: User, assessment: Assessment
) -> None:
    plan = agreed_plan(assessment, practitioner)

    response = sign_in(practitioner).get(plan.get_absolute_url())

    assert response.status_code == 200
    event = AuditEvent.objects.get(event="support_plans.plan_viewed")
    assert (event.kind, event.actor, event.subject_id) == (
        AuditEvent.Kind.RECORD_VIEWED,
        practitioner,
        str(plan.carer_id),
    )


def test_the_team_list_costs_the_same_queries_however_many_plans(
    sign_in: SignIn,
    practitioner: User,
    carers_centre: Organisation,
    django_assert_num_queries: DjangoAssertNumQueries,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    agreed_plan(eligible_assessment(carers_centre, practitioner), practitioner)
    client = sign_in(practitioner)
    url = reverse("support_plans:list")
    client.get(url)
    with django_assert_max_num_queries(30) as captured:
        assert client.get(url).status_code == 200
    for _ in range(3):
        plan = agreed_plan(eligible_assessment(carers_centre, practitioner), practitioner)
        PlanNeed.objects.filter(plan=plan).update(cost=Decimal("1"))

    with django_assert_num_queries(len(captured.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_persons_record_shows_plans_and_breaks(sign_in: SignIn, practitioner: User, assessment: Assessment) -> None:
    plan = agreed_plan(assessment, practitioner)

    response = sign_in(practitioner).get(reverse("people:detail", args=[plan.carer_id]))

    assert response.status_code == 200
    assert f"Support plan {plan.reference}, version 1".encode() in response.content
    assert b"Request a short break" in response.content


def test_the_plan_page_costs_the_same_queries_however_many_needs_and_reviews(
    sign_in: SignIn,
    practitioner: User,
    assessment: Assessment,
    django_assert_num_queries: DjangoAssertNumQueries,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    plan = agreed_plan(assessment, practitioner)
    client = sign_in(practitioner)
    client.get(plan.get_absolute_url())
    with django_assert_max_num_queries(40) as captured:
        client.get(plan.get_absolute_url())
    for number in range(5):
        PlanNeed.objects.create(
            area=plan.area, plan=plan, order=10 + number, description=f"Need {number}", how_met="universal"
        )
    for _ in range(3):
        PlanReview.objects.create(area=plan.area, plan=plan, kind="on_request", due_on=timezone.localdate())

    with django_assert_num_queries(len(captured.captured_queries)):
        assert client.get(plan.get_absolute_url()).status_code == 200


def test_overdue_plan_reviews_show_on_the_teams_assessment_list(
    sign_in: SignIn, practitioner: User, assessment: Assessment
) -> None:
    plan = agreed_plan(assessment, practitioner)
    review = PlanReview.objects.get(plan=plan, kind="light_touch")
    PlanReview.objects.filter(pk=review.pk).update(due_on=timezone.localdate() - timedelta(days=3))

    response = sign_in(practitioner).get(reverse("assessments:list"))

    html = response.content.decode()
    assert "Support plan reviews due" in html
    assert f"Light-touch review of {plan.reference}" in html
    assert "Overdue" in html
    event = AuditEvent.objects.filter(purpose="assessment list").latest("pk")
    assert event.detail["plan_reviews"] == [review.pk]


def test_an_agreed_version_offers_no_form_to_change_it_in_place(
    sign_in: SignIn, practitioner: User, assessment: Assessment
) -> None:
    plan = agreed_plan(assessment, practitioner)
    client = sign_in(practitioner)

    for name in ("edit", "need_add", "agree"):
        response = client.get(reverse(f"support_plans:{name}", args=[plan.reference, plan.version]))
        assert response.status_code == 302
        assert response["Location"] == plan.get_absolute_url()


def test_a_revised_plan_does_not_offer_a_second_direct_payment_for_the_same_need(
    sign_in: SignIn, practitioner: User, assessment: Assessment
) -> None:
    first = agreed_plan(assessment, practitioner)
    direct_payment(first, practitioner)
    second = start_revision(first, by=practitioner, reason="New sitting service").plan
    second = agree_plan(
        second,
        expected_version=second.lock_version,
        by=practitioner,
        carer_agreed_on=timezone.localdate(),
        carer_agreement="Signed",
        people_involved="",
    ).plan

    response = sign_in(practitioner).get(second.get_absolute_url())

    assert b"Set up the direct payment" not in response.content
    assert b"Engaging in recreational activities: \xc2\xa3450.00" in response.content
