"""Spot purchases and continuing packages through the pages (approved by someone else, reviewed by their council
only), and suppliers' membership applications (private to each supplier; a moderator may set aside a discretionary
exclusion ground)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import CouncilAdultSocialCareFactory
from carershub.procurement.models import Application, SpotPurchase
from carershub.procurement.tests.conftest import Consortium, staff
from carershub.procurement.tests.pages import nothing_recorded_since

pytestmark = pytest.mark.django_db


def test_a_spot_purchase_is_approved_by_someone_else_through_the_pages(
    sign_in: SignIn, social_worker: User, commissioner: User, carers_centre: Organisation
) -> None:
    requester = sign_in(social_worker)
    start = timezone.localdate()
    requester.post(
        reverse("procurement:spot_purchase_new"),
        {
            "provider": carers_centre.pk,
            "reason": SpotPurchase.Reason.NO_COMPLIANT_BID,
            "justification": "Every bid was over the ceiling",
            "weekly_price": "1,300.00",
            "start_date_day": start.day,
            "start_date_month": start.month,
            "start_date_year": start.year,
        },
    )
    purchase = SpotPurchase.objects.get()
    decide = reverse("procurement:spot_purchase_decide", args=[purchase.pk])
    approver = sign_in(commissioner)
    events = AuditEvent.objects.count()

    assert requester.get(decide).status_code == 404
    assert nothing_recorded_since(events)
    approver.post(decide, {"decision": "approve", "note": "Four weeks"})
    purchase.refresh_from_db()
    report = approver.get(reverse("procurement:spot_purchases")).content.decode()

    assert (purchase.status, purchase.decided_by) == (SpotPurchase.Status.APPROVED, commissioner)
    assert "No compliant bid" in report


def test_a_supplier_cannot_open_another_suppliers_application(sign_in: SignIn, consortium: Consortium) -> None:
    application = consortium.memberships[0].application
    client = sign_in(consortium.supplier_users[1])
    events = AuditEvent.objects.count()

    response = client.get(reverse("procurement:application", args=[application.pk]))

    assert response.status_code == 404
    assert nothing_recorded_since(events)
    assert Application.objects.get(pk=application.pk).status == Application.Status.ADMITTED


def test_a_continuing_package_is_recorded_and_reviewed_by_its_council_only(
    sign_in: SignIn, consortium: Consortium, commissioner: User, carers_centre: Organisation
) -> None:
    client = sign_in(commissioner)
    today = timezone.localdate()
    client.post(
        reverse("procurement:continuing_new"),
        {
            "provider": carers_centre.pk,
            "category": consortium.category.pk,
            "weekly_price": "800",
            "started_on_day": today.day,
            "started_on_month": today.month,
            "started_on_year": today.year - 1,
            "review_due_on_day": today.day,
            "review_due_on_month": today.month,
            "review_due_on_year": today.year,
        },
    )
    from carershub.procurement.models import ContinuingPackage

    package = ContinuingPackage.objects.get()
    review = reverse("procurement:continuing_review", args=[package.pk])
    other = sign_in(staff(CouncilAdultSocialCareFactory.create(), "else@test.example", Role.COMMISSIONER))
    events = AuditEvent.objects.count()

    assert other.get(review).status_code == 404
    assert nothing_recorded_since(events)
    client.post(review, {"outcome": "retender"})
    package.refresh_from_db()
    assert package.outcome == "retender"


def test_a_moderator_may_set_aside_a_discretionary_exclusion_ground(
    sign_in: SignIn, consortium: Consortium, commissioner: User, second_assessor: User, home_area: Area
) -> None:
    from carershub.organisations.tests.factories import ProviderFactory
    from carershub.procurement.models import Question
    from carershub.procurement.services.membership import (
        record_evaluation,
        register_supplier,
        save_answers,
        start_application,
        submit_application,
    )
    from carershub.procurement.tests.factories import QuestionFactory

    insolvency = QuestionFactory.create(
        arrangement=consortium.arrangement,
        kind=Question.Kind.DISCRETIONARY_EXCLUSION,
        text="In administration in the last 3 years?",
        weight=0,
        max_mark=0,
        minimum_mark=0,
    )
    organisation = ProviderFactory.create(name="Rowan Care", slug="rowan-care", areas=[home_area])
    user = staff(organisation, "rowan@test.example", Role.SUPPLIER)
    supplier = register_supplier(organisation, is_sole_trader=False, regulator="cqc", by=user)
    application = start_application(supplier, category=consortium.category, by=user)
    exclusion, requirement, safeguarding, workforce = consortium.questions
    answers: dict[int, tuple[str, bool | None]] = {
        exclusion.pk: ("", False),
        requirement.pk: ("", True),
        safeguarding.pk: ("Trained staff", None),
        workforce.pk: ("Stable team", None),
        insolvency.pk: ("Administration ended in 2024 with a new board", True),
    }
    application = save_answers(
        application, answers=answers, regulator_rating="good", regulator_rating_date=None, expected_version=1, by=user
    )
    submit_application(application, by=user)
    for assessor in (commissioner, second_assessor):
        record_evaluation(
            application,
            marks={safeguarding.pk: 4, workforce.pk: 4},
            passes={requirement.pk: True},
            rating_checked_on=None,
            by=assessor,
        )

    sign_in(commissioner).post(
        reverse("procurement:application_moderate", args=[application.pk]),
        {
            f"question_{requirement.pk}": "yes",
            f"question_{safeguarding.pk}": "4",
            f"question_{workforce.pk}": "4",
            f"set_aside_{insolvency.pk}": "on",
            "note": "Evidence of a new board and audited accounts since administration.",
        },
    )

    application.refresh_from_db()
    assert application.status == Application.Status.ADMITTED
    assert "audited accounts" in application.decision_reasons
