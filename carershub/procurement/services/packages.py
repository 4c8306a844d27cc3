"""Package requests and their mini-competitions: draft, publish (inviting every admitted, unsuspended member of the
category serving the area), bid until the deadline, score quality, award through the same pure rule as the public
API, then share the young person's record with the winner once the family consents."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.people.models import Involvement, Person
from carershub.people.selectors import get_person_for_user, has_consent_to_share
from carershub.people.services.involvement import open_involvement
from carershub.procurement.events import ProcurementEvent
from carershub.procurement.models import (
    Bid,
    BidAnswer,
    Category,
    Invitation,
    Membership,
    PackageQuestion,
    PackageRequest,
    Supplier,
)
from carershub.procurement.rules import bid_evaluation
from carershub.procurement.rules.bid_quality import MAX_ANSWER_MARK, bid_quality
from carershub.procurement.selectors import is_buyer_in, suppliers_to_invite

PURPOSE = "Buying a care package for a child or young person"


class PackageChangeRefused(Exception):
    """The change does not fit the package request or bid; the message says why."""


class BidRefused(PackageChangeRefused):
    """A bid that cannot be accepted: late, uninvited, suspended or already decided."""


@dataclass(frozen=True)
class PackagePublished:
    package_request: PackageRequest
    invited: int


@dataclass(frozen=True)
class PackageAwarded:
    package_request: PackageRequest
    evaluation: bid_evaluation.BidEvaluation
    winner: Bid


def _audit(
    package_request: PackageRequest,
    event: ProcurementEvent,
    *,
    by: User | None,
    kind: AuditEvent.Kind = AuditEvent.Kind.RECORD_CHANGED,
    **detail: object,
) -> None:
    record_event(
        kind,
        actor=by,
        subject=package_request,
        area=package_request.area,
        purpose=PURPOSE,
        event=event,
        detail=detail,
    )


@transaction.atomic
def create_package_request(
    category: Category,
    *,
    person: Person,
    age_band: str,
    needs: str,
    pattern: str,
    start_date: date,
    expected_duration_weeks: int,
    quality_weight: int,
    questions: Sequence[tuple[str, int]],
    by: User,
    price_ceiling: Decimal | None = None,
    quality_threshold: Decimal | None = None,
    abnormally_low_ratio: Decimal | None = None,
) -> PackageRequest:
    """Draft a request for one child's or young person's package. The requester must be able to see the person
    (it is their council's child); the need is described without naming them. Question weights sum to 100."""
    if not is_buyer_in(by, category.arrangement) or by.organisation is None:
        raise PackageChangeRefused("Only a council in this arrangement can request a package")
    get_person_for_user(by, person.pk)  # a 404 for anyone the requester may not see
    if not category.areas.filter(pk=person.area_id).exists():
        raise PackageChangeRefused("This category does not serve the young person's area")
    if sum(weight for _, weight in questions) != 100 or not questions:
        raise PackageChangeRefused("The quality questions' weights must add up to 100")
    if not 0 <= quality_weight <= 100:
        raise PackageChangeRefused("The quality weight must be from 0 to 100")
    sequence = PackageRequest.objects.filter(council=by.organisation).count() + 1
    package_request = PackageRequest.objects.create(
        area=person.area,
        arrangement=category.arrangement,
        category=category,
        council=by.organisation,
        person=person,
        reference=f"PR-{by.organisation.pk:03d}-{sequence:05d}",
        age_band=age_band,
        needs=needs,
        pattern=pattern,
        start_date=start_date,
        expected_duration_weeks=expected_duration_weeks,
        price_ceiling=price_ceiling,
        quality_weight=quality_weight,
        quality_threshold=quality_threshold,
        abnormally_low_ratio=abnormally_low_ratio,
        created_by=by,
        updated_by=by,
    )
    PackageQuestion.objects.bulk_create(
        PackageQuestion(package_request=package_request, order=number, text=text, weight=weight)
        for number, (text, weight) in enumerate(questions, start=1)
    )
    _audit(
        package_request,
        ProcurementEvent.PACKAGE_REQUESTED,
        by=by,
        kind=AuditEvent.Kind.RECORD_CREATED,
        person=person.pk,
    )
    return package_request


@transaction.atomic
def publish_package_request(package_request: PackageRequest, *, deadline: datetime, by: User) -> PackagePublished:
    """Open the mini-competition and invite every admitted, unsuspended member serving the area (PCR 2015 reg 34:
    each call-off invites all admitted suppliers in the category)."""
    package_request = PackageRequest.objects.select_for_update().get(pk=package_request.pk)
    if package_request.status != PackageRequest.Status.DRAFT:
        raise PackageChangeRefused("This package request has already been published")
    now = timezone.now()
    if deadline <= now:
        raise PackageChangeRefused("The deadline must be in the future")
    package_request.status = PackageRequest.Status.PUBLISHED
    package_request.deadline = deadline
    package_request.published_at = now
    package_request.version += 1
    package_request.updated_by = by
    package_request.save(update_fields=["status", "deadline", "published_at", "version", "updated_by", "updated_at"])
    invitations = Invitation.objects.bulk_create(
        Invitation(area=package_request.area, package_request=package_request, supplier=supplier, invited_at=now)
        for supplier in suppliers_to_invite(package_request)
    )
    _audit(package_request, ProcurementEvent.PACKAGE_PUBLISHED, by=by, invited=len(invitations))
    return PackagePublished(package_request, len(invitations))


@transaction.atomic
def submit_bid(
    package_request: PackageRequest,
    *,
    supplier: Supplier,
    price: Decimal,
    answers: Mapping[int, str],
    by: User,
) -> Bid:
    """A supplier's weekly price and quality answers, or a change to them, until the deadline. A late bid, a bid
    from a supplier not invited, or from one suspended since, is refused."""
    package_request = PackageRequest.objects.select_for_update().get(pk=package_request.pk)
    if not package_request.is_open_for_bids_at(timezone.now()):
        raise BidRefused("The deadline for bids has passed")
    if not package_request.invitations.filter(supplier=supplier).exists():
        raise BidRefused("You were not invited to bid for this package")
    if not supplier.memberships.filter(
        category=package_request.category_id, status=Membership.Status.ADMITTED
    ).exists():
        raise BidRefused("Your membership of this category is suspended or has ended")
    if price <= 0:
        raise BidRefused("Enter a weekly price above £0")
    questions = {question.pk for question in package_request.questions.all()}
    if set(answers) != questions or not all(text.strip() for text in answers.values()):
        raise BidRefused("Answer every quality question")
    bid, created = Bid.objects.update_or_create(
        package_request=package_request,
        supplier=supplier,
        defaults={"area": package_request.area, "price": price, "submitted_at": timezone.now(), "updated_by": by},
        create_defaults={
            "area": package_request.area,
            "price": price,
            "submitted_at": timezone.now(),
            "created_by": by,
            "updated_by": by,
        },
    )
    for question_id, text in answers.items():
        BidAnswer.objects.update_or_create(bid=bid, question_id=question_id, defaults={"text": text.strip()})
    _audit(package_request, ProcurementEvent.BID_SUBMITTED, by=by, bid=bid.pk, was_new=created)
    return bid


@transaction.atomic
def evaluate_bid(bid: Bid, *, marks: Mapping[int, int], by: User) -> Bid:
    """The council's evaluator marks each quality answer out of 10; the weighted quality (0-100) is stored. Bids
    are evaluated only after the deadline, so no price or mark is seen while suppliers can still change theirs."""
    bid = Bid.objects.select_for_update().select_related("package_request").get(pk=bid.pk)
    package_request = bid.package_request
    if package_request.status != PackageRequest.Status.PUBLISHED:
        raise PackageChangeRefused("Only bids on an open mini-competition can be evaluated")
    if package_request.deadline is None or timezone.now() < package_request.deadline:
        raise PackageChangeRefused("Bids are evaluated after the deadline")
    weights = list(package_request.questions.values_list("pk", "weight"))
    if set(marks) != {question_id for question_id, _ in weights} or not all(
        0 <= mark <= MAX_ANSWER_MARK for mark in marks.values()
    ):
        raise PackageChangeRefused(f"Mark every answer from 0 to {MAX_ANSWER_MARK}")
    bid.quality_marks = {str(key): value for key, value in marks.items()}
    bid.quality = bid_quality(weights, marks)
    bid.evaluated_by = by
    bid.evaluated_at = timezone.now()
    bid.save(update_fields=["quality_marks", "quality", "evaluated_by", "evaluated_at", "updated_at"])
    _audit(package_request, ProcurementEvent.BID_EVALUATED, by=by, bid=bid.pk, quality=str(bid.quality))
    return bid


def evaluation_of(package_request: PackageRequest, bids: Sequence[Bid]) -> bid_evaluation.BidEvaluation:
    """Rank evaluated bids with the pure rule the public API uses (bid ids are the bids' primary keys)."""
    return bid_evaluation.evaluate_bids(
        [bid_evaluation.Bid(str(bid.pk), bid.price, bid.quality or Decimal(0)) for bid in bids],
        quality_weight=package_request.quality_weight,
        quality_threshold=package_request.quality_threshold,
        price_ceiling=package_request.price_ceiling,
        abnormally_low_ratio=package_request.abnormally_low_ratio,
    )


@transaction.atomic
def award_package(package_request: PackageRequest, *, bid: Bid, reasons: str, by: User) -> PackageAwarded:
    """Award to a bid ranked first by the rule, with the reasons recorded. Every bid must be evaluated. When bids
    tie for first the council chooses among them and its reasons say why. Each bidder's rank and total are kept
    to tell the unsuccessful ones their score and the winner's."""
    package_request = PackageRequest.objects.select_for_update().get(pk=package_request.pk)
    if package_request.status != PackageRequest.Status.PUBLISHED:
        raise PackageChangeRefused("This package request is not open to award")
    if package_request.deadline is None or timezone.now() < package_request.deadline:
        raise PackageChangeRefused("A package is awarded after the deadline")
    if not reasons.strip():
        raise PackageChangeRefused("Record the reasons for the award")
    bids = list(package_request.bids.select_for_update().order_by("pk"))
    if not bids or any(not candidate.is_evaluated() for candidate in bids):
        raise PackageChangeRefused("Evaluate every bid before the award")
    evaluation = evaluation_of(package_request, bids)
    outcome = {evaluated.id: evaluated for evaluated in evaluation.bids}
    chosen = outcome.get(str(bid.pk))
    if chosen is None or chosen.rank != 1:
        raise PackageChangeRefused("Award to a bid ranked first")
    for candidate in bids:
        evaluated = outcome[str(candidate.pk)]
        candidate.rank = evaluated.rank
        candidate.total = evaluated.total
        candidate.excluded = evaluated.excluded.value if evaluated.excluded else ""
    Bid.objects.bulk_update(bids, ["rank", "total", "excluded"])
    winner = next(candidate for candidate in bids if candidate.pk == bid.pk)
    package_request.status = PackageRequest.Status.AWARDED
    package_request.awarded_bid = winner
    package_request.award_reasons = reasons.strip()
    package_request.awarded_at = timezone.now()
    package_request.awarded_by = by
    package_request.version += 1
    package_request.save(
        update_fields=[
            "status",
            "awarded_bid",
            "award_reasons",
            "awarded_at",
            "awarded_by",
            "version",
            "updated_at",
        ]
    )
    _audit(package_request, ProcurementEvent.PACKAGE_AWARDED, by=by, bid=winner.pk, total=str(winner.total))
    return PackageAwarded(package_request, evaluation, winner)


@transaction.atomic
def share_with_provider(package_request: PackageRequest, *, by: User) -> PackageRequest:
    """Once awarded, and once the family has agreed to share with the winning provider (recorded on the person's
    record as consent to share), open the provider's involvement so its staff see the young person, and let the
    winner's bid team see who the package is for. Without that consent nothing identifying reaches the supplier."""
    package_request = PackageRequest.objects.select_for_update().select_related("person").get(pk=package_request.pk)
    bid = package_request.awarded_bid
    if package_request.status != PackageRequest.Status.AWARDED or bid is None:
        raise PackageChangeRefused("Share the record only after the award")
    provider = bid.supplier.organisation
    if not has_consent_to_share(package_request.person, provider):
        raise PackageChangeRefused(
            f"Record the family's consent to share with {provider} on the young person's record first"
        )
    open_involvement(package_request.person, provider, reason=Involvement.Reason.CASE_OPEN, opened_by=by)
    package_request.shared_at = timezone.now()
    package_request.save(update_fields=["shared_at", "updated_at"])
    _audit(package_request, ProcurementEvent.PACKAGE_SHARED, by=by, provider=provider.pk)
    return package_request
