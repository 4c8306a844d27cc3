"""Spot purchases (justified, approved by someone else), continuing packages and shared provider reviews."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import CouncilAdultSocialCareFactory
from carershub.procurement.models import ArrangementParticipant, ContinuingPackage, ProviderReview, SpotPurchase
from carershub.procurement.selectors import reviews_visible_to
from carershub.procurement.services.arrangements import join_arrangement
from carershub.procurement.services.contingency import (
    ContingencyRefused,
    decide_spot_purchase,
    record_provider_review,
    request_spot_purchase,
    review_continuing_package,
)
from carershub.procurement.tests.conftest import Consortium, staff

pytestmark = pytest.mark.django_db


def spot(social_worker: User, provider: Organisation, **changes: object) -> SpotPurchase:
    arguments: dict[str, object] = {
        "provider": provider,
        "reason": SpotPurchase.Reason.URGENCY,
        "justification": "Placement broke down overnight; no member could start within 48 hours",
        "weekly_price": Decimal("1350.00"),
        "start_date": timezone.localdate(),
        "by": social_worker,
    } | changes
    return request_spot_purchase(**arguments)  # type: ignore[arg-type]


def test_a_spot_purchase_needs_a_justification(social_worker: User, carers_centre: Organisation) -> None:
    with pytest.raises(ContingencyRefused, match="Explain"):
        spot(social_worker, carers_centre, justification="  ")

    assert not SpotPurchase.objects.exists()


def test_the_requester_cannot_approve_their_own_spot_purchase(
    social_worker: User, commissioner: User, carers_centre: Organisation
) -> None:
    requested = spot(social_worker, carers_centre)
    manager_and_requester = requested.requested_by
    manager_and_requester.groups.add(*commissioner.groups.all())

    with pytest.raises(ContingencyRefused, match="other than the requester"):
        decide_spot_purchase(requested, approve=True, note="", by=social_worker)

    approved = decide_spot_purchase(requested, approve=True, note="Agreed for 4 weeks", by=commissioner)
    assert (approved.status, approved.decided_by) == (SpotPurchase.Status.APPROVED, commissioner)


def test_another_councils_commissioner_cannot_approve(
    social_worker: User, carers_centre: Organisation, neighbour_area: Area
) -> None:
    other = CouncilAdultSocialCareFactory.create(areas=[neighbour_area])
    requested = spot(social_worker, carers_centre)

    with pytest.raises(ContingencyRefused):
        decide_spot_purchase(requested, approve=True, note="", by=staff(other, "else@test.example", Role.COMMISSIONER))

    requested.refresh_from_db()
    assert requested.status == SpotPurchase.Status.REQUESTED


def test_a_provider_cannot_request_a_spot_purchase(practitioner: User, carers_centre: Organisation) -> None:
    with pytest.raises(ContingencyRefused):
        spot(practitioner, carers_centre)

    assert not SpotPurchase.objects.exists()


def test_reviews_are_shared_with_every_council_in_the_arrangement_and_no_one_else(
    consortium: Consortium, commissioner: User, neighbour_area: Area
) -> None:
    partner = CouncilAdultSocialCareFactory.create(areas=[neighbour_area])
    join_arrangement(
        consortium.arrangement,
        organisation=partner,
        kind=ArrangementParticipant.Kind.COUNCIL,
        joined_on=timezone.localdate(),
        by=commissioner,
    )
    partner_commissioner = staff(partner, "partner@test.example", Role.COMMISSIONER)
    outsider = staff(
        CouncilAdultSocialCareFactory.create(areas=[neighbour_area]), "outsider@test.example", Role.COMMISSIONER
    )

    review = record_provider_review(
        consortium.arrangement,
        supplier=consortium.suppliers[0],
        kind=ProviderReview.Kind.QUALITY_CONCERN,
        rating=ProviderReview.Rating.REQUIRES_IMPROVEMENT,
        summary="Three missed visits in March",
        by=commissioner,
    )

    assert list(reviews_visible_to(partner_commissioner)) == [review]
    assert not reviews_visible_to(outsider).exists()
    assert not reviews_visible_to(consortium.supplier_users[0]).exists()


def test_a_continuing_package_is_reviewed_by_its_own_council(
    consortium: Consortium,
    commissioner: User,
    carers_centre: Organisation,
    council: Organisation,
    home_area: Area,
    neighbour_practitioner: User,
) -> None:
    package = ContinuingPackage.objects.create(
        area=home_area,
        council=council,
        provider=carers_centre,
        category=consortium.category,
        weekly_price=Decimal("800.00"),
        started_on=timezone.localdate() - timedelta(days=400),
        review_due_on=timezone.localdate() + timedelta(days=30),
    )
    with pytest.raises(ContingencyRefused):
        review_continuing_package(package, outcome=ContinuingPackage.Outcome.END, by=neighbour_practitioner)

    reviewed = review_continuing_package(package, outcome=ContinuingPackage.Outcome.CONTINUE, by=commissioner)

    assert (reviewed.outcome, reviewed.reviewed_on) == ("continue", timezone.localdate())
