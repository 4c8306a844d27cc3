"""Package requests and mini-competitions: invitations to every admitted, unsuspended member serving the area, bids
until the deadline, quality scoring, award through the bid-evaluation rule with reasons, and the young person shared
with the winner only after award and the family's consent."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import ProviderFactory
from carershub.people.models import Consent, Person
from carershub.people.selectors import people_visible_to
from carershub.people.services.consent import record_consent
from carershub.procurement.events import ProcurementEvent
from carershub.procurement.models import Bid, Invitation, Membership, PackageRequest
from carershub.procurement.selectors import young_person_for_supplier
from carershub.procurement.services.membership import suspend_membership
from carershub.procurement.services.packages import (
    BidRefused,
    PackageChangeRefused,
    award_package,
    create_package_request,
    evaluate_bid,
    publish_package_request,
    share_with_provider,
    submit_bid,
)
from carershub.procurement.tests.conftest import Consortium, staff
from carershub.procurement.tests.factories import MembershipFactory, SupplierFactory

pytestmark = pytest.mark.django_db


def draft(consortium: Consortium, social_worker: User, child: Person, **changes: object) -> PackageRequest:
    arguments: dict[str, object] = {
        "person": child,
        "age_band": PackageRequest.AgeBand.AGE_11_TO_15,
        "needs": "Autism and epilepsy; needs two carers for personal care",
        "pattern": "Three after-school sessions of 3 hours a week",
        "start_date": timezone.localdate() + timedelta(days=28),
        "expected_duration_weeks": 52,
        "quality_weight": 60,
        "questions": [("How will you meet the need?", 70), ("How will you keep the same workers?", 30)],
        "price_ceiling": Decimal("1200.00"),
        "quality_threshold": Decimal(40),
        "abnormally_low_ratio": Decimal("0.80"),
        "by": social_worker,
    } | changes
    return create_package_request(consortium.category, **arguments)  # type: ignore[arg-type]


def published(consortium: Consortium, social_worker: User, child: Person) -> PackageRequest:
    package_request = draft(consortium, social_worker, child)
    return publish_package_request(
        package_request, deadline=timezone.now() + timedelta(days=10), by=social_worker
    ).package_request


def answers(package_request: PackageRequest) -> dict[int, str]:
    return {question.pk: "We will" for question in package_request.questions.all()}


def close(package_request: PackageRequest) -> None:
    """Time passes: the deadline is now behind us."""
    PackageRequest.objects.filter(pk=package_request.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    package_request.refresh_from_db()


def three_bids(consortium: Consortium, package_request: PackageRequest) -> list[Bid]:
    prices = ("950.00", "1250.00", "1100.00")
    return [
        submit_bid(package_request, supplier=supplier, price=Decimal(price), answers=answers(package_request), by=user)
        for supplier, user, price in zip(consortium.suppliers, consortium.supplier_users, prices, strict=True)
    ]


def test_a_request_names_no_one_and_publishing_invites_every_admitted_member_in_the_area(
    consortium: Consortium, social_worker: User, child: Person, home_area: Area, neighbour_area: Area
) -> None:
    suspend_membership(consortium.memberships[2], reason="Quality concern under investigation", by=social_worker)
    elsewhere = SupplierFactory.create(organisation=ProviderFactory.create(areas=[neighbour_area]))
    MembershipFactory.create(supplier=elsewhere, category=consortium.category)

    result = publish_package_request(
        draft(consortium, social_worker, child), deadline=timezone.now() + timedelta(days=10), by=social_worker
    )

    assert result.invited == 2
    assert set(Invitation.objects.values_list("supplier", flat=True)) == {s.pk for s in consortium.suppliers[:2]}
    assert child.family_name not in result.package_request.needs


def test_only_a_council_in_the_arrangement_can_request(
    consortium: Consortium, neighbour_practitioner: User, child: Person
) -> None:
    with pytest.raises(PackageChangeRefused):
        draft(consortium, neighbour_practitioner, child)

    assert not PackageRequest.objects.exists()


def test_question_weights_must_add_up_to_100(consortium: Consortium, social_worker: User, child: Person) -> None:
    with pytest.raises(PackageChangeRefused, match="add up to 100"):
        draft(consortium, social_worker, child, questions=[("Only one", 50)])

    assert not PackageRequest.objects.exists()


def test_a_late_bid_is_refused(consortium: Consortium, social_worker: User, child: Person) -> None:
    package_request = published(consortium, social_worker, child)
    close(package_request)

    with pytest.raises(BidRefused, match="deadline"):
        submit_bid(
            package_request,
            supplier=consortium.suppliers[0],
            price=Decimal("900.00"),
            answers=answers(package_request),
            by=consortium.supplier_users[0],
        )

    assert not Bid.objects.exists()


def test_a_supplier_suspended_after_the_invitation_cannot_bid(
    consortium: Consortium, social_worker: User, child: Person
) -> None:
    package_request = published(consortium, social_worker, child)
    suspend_membership(consortium.memberships[0], reason="Safeguarding concern", by=social_worker)

    with pytest.raises(BidRefused, match="suspended"):
        submit_bid(
            package_request,
            supplier=consortium.suppliers[0],
            price=Decimal("900.00"),
            answers=answers(package_request),
            by=consortium.supplier_users[0],
        )

    assert not Bid.objects.exists()


def test_an_uninvited_supplier_cannot_bid(consortium: Consortium, social_worker: User, child: Person) -> None:
    package_request = published(consortium, social_worker, child)
    outsider = SupplierFactory.create()

    with pytest.raises(BidRefused, match="not invited"):
        submit_bid(
            package_request, supplier=outsider, price=Decimal("1"), answers=answers(package_request), by=social_worker
        )

    assert not Bid.objects.exists()


def test_a_bid_can_be_changed_until_the_deadline(consortium: Consortium, social_worker: User, child: Person) -> None:
    package_request = published(consortium, social_worker, child)
    supplier, user = consortium.suppliers[0], consortium.supplier_users[0]
    submit_bid(package_request, supplier=supplier, price=Decimal("990.00"), answers=answers(package_request), by=user)

    submit_bid(package_request, supplier=supplier, price=Decimal("950.00"), answers=answers(package_request), by=user)

    assert Bid.objects.get().price == Decimal("950.00")


def test_award_needs_every_bid_evaluated_and_reasons(
    consortium: Consortium, social_worker: User, child: Person
) -> None:
    package_request = published(consortium, social_worker, child)
    bids = three_bids(consortium, package_request)
    close(package_request)
    first, second = package_request.questions.all()
    evaluate_bid(bids[0], marks={first.pk: 7, second.pk: 8}, by=social_worker)

    with pytest.raises(PackageChangeRefused, match="Evaluate every bid"):
        award_package(package_request, bid=bids[0], reasons="Best value", by=social_worker)
    for bid in bids[1:]:
        evaluate_bid(bid, marks={first.pk: 9, second.pk: 9}, by=social_worker)
    with pytest.raises(PackageChangeRefused, match="reasons"):
        award_package(package_request, bid=bids[2], reasons=" ", by=social_worker)

    package_request.refresh_from_db()
    assert package_request.status == PackageRequest.Status.PUBLISHED


def test_bids_are_not_evaluated_before_the_deadline(consortium: Consortium, social_worker: User, child: Person) -> None:
    package_request = published(consortium, social_worker, child)
    bid = three_bids(consortium, package_request)[0]
    first, second = package_request.questions.all()

    with pytest.raises(PackageChangeRefused, match="after the deadline"):
        evaluate_bid(bid, marks={first.pk: 7, second.pk: 8}, by=social_worker)

    bid.refresh_from_db()
    assert bid.quality is None


def test_the_award_follows_the_rule_and_tells_every_bidder_their_score(
    consortium: Consortium, social_worker: User, child: Person
) -> None:
    package_request = published(consortium, social_worker, child)
    alder, birch, cedar = three_bids(consortium, package_request)
    close(package_request)
    first, second = package_request.questions.all()
    # Alder: 70 x 7/10 + 30 x 8/10 = 49 + 24 = 73.00; Birch (over the ceiling): 95; Cedar: 70 x 9/10 + 30 x 9/10 = 90.
    evaluate_bid(alder, marks={first.pk: 7, second.pk: 8}, by=social_worker)
    evaluate_bid(birch, marks={first.pk: 10, second.pk: 8}, by=social_worker)
    evaluate_bid(cedar, marks={first.pk: 9, second.pk: 9}, by=social_worker)

    with pytest.raises(PackageChangeRefused, match="ranked first"):
        award_package(package_request, bid=alder, reasons="Cheapest", by=social_worker)
    awarded = award_package(package_request, bid=cedar, reasons="Highest total", by=social_worker)

    assert awarded.evaluation.winner == str(cedar.pk)
    outcome = {bid.pk: (bid.rank, bid.total, bid.excluded) for bid in Bid.objects.all()}
    # Cedar 54.00 + 40 x 950/1100 = 34.55 -> 88.55; Alder 43.80 + 40.00 = 83.80; Birch over the ceiling.
    assert outcome == {
        cedar.pk: (1, Decimal("88.55"), ""),
        alder.pk: (2, Decimal("83.80"), ""),
        birch.pk: (None, None, "over_price_ceiling"),
    }
    assert awarded.package_request.award_reasons == "Highest total"
    assert AuditEvent.objects.filter(event=ProcurementEvent.PACKAGE_AWARDED).count() == 1


def test_the_winner_sees_the_young_person_only_after_award_and_consent(
    consortium: Consortium, social_worker: User, child: Person, council: Organisation
) -> None:
    package_request = published(consortium, social_worker, child)
    bids = three_bids(consortium, package_request)
    close(package_request)
    first, second = package_request.questions.all()
    for bid, mark in zip(bids, (7, 9, 9), strict=True):
        evaluate_bid(bid, marks={first.pk: mark, second.pk: mark}, by=social_worker)
    winner = bids[2]
    winner_user = consortium.supplier_users[2]
    assert young_person_for_supplier(winner_user, package_request) is None
    carer_at_winner = staff(winner.supplier.organisation, "care-worker@test.example", Role.PRACTITIONER)
    award_package(package_request, bid=winner, reasons="Highest total", by=social_worker)
    package_request.refresh_from_db()

    assert young_person_for_supplier(winner_user, package_request) is None
    assert child not in people_visible_to(carer_at_winner)
    with pytest.raises(PackageChangeRefused, match="consent"):
        share_with_provider(package_request, by=social_worker)

    record_consent(
        child,
        scope=Consent.Scope.SHARE,
        given_by=Consent.GivenBy.PARENT_OR_GUARDIAN,
        given_by_name="Jo Zebedee",
        given_by_relationship="Mother",
        organisation=winner.supplier.organisation,
        recorded_by=social_worker,
    )
    share_with_provider(package_request, by=social_worker)
    package_request.refresh_from_db()

    assert young_person_for_supplier(winner_user, package_request) == child
    assert young_person_for_supplier(consortium.supplier_users[0], package_request) is None
    # The provider's own care workers now see the young person's record through an open involvement.
    assert child in people_visible_to(carer_at_winner)


def test_withdrawn_consent_hides_the_young_person_again(
    consortium: Consortium, social_worker: User, child: Person
) -> None:
    package_request = published(consortium, social_worker, child)
    bid = submit_bid(
        package_request,
        supplier=consortium.suppliers[0],
        price=Decimal("900.00"),
        answers=answers(package_request),
        by=consortium.supplier_users[0],
    )
    close(package_request)
    first, second = package_request.questions.all()
    evaluate_bid(bid, marks={first.pk: 8, second.pk: 8}, by=social_worker)
    award_package(package_request, bid=bid, reasons="Only compliant bid", by=social_worker)
    consent = record_consent(
        child,
        scope=Consent.Scope.SHARE,
        given_by=Consent.GivenBy.PARENT_OR_GUARDIAN,
        given_by_name="Jo Zebedee",
        organisation=consortium.suppliers[0].organisation,
        recorded_by=social_worker,
    )
    share_with_provider(package_request, by=social_worker)
    package_request.refresh_from_db()
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now())

    assert young_person_for_supplier(consortium.supplier_users[0], package_request) is None


def test_a_removed_member_is_not_invited(consortium: Consortium, social_worker: User, child: Person) -> None:
    Membership.objects.filter(pk=consortium.memberships[0].pk).update(status=Membership.Status.REMOVED)

    result = publish_package_request(
        draft(consortium, social_worker, child), deadline=timezone.now() + timedelta(days=3), by=social_worker
    )

    assert result.invited == 2
