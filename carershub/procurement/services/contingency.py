"""Buying outside the mini-competition and keeping watch on providers: spot purchases (a short-term contingency,
justified and approved by someone other than the requester), packages continuing with providers who have not
joined, and provider reviews and quality concerns shared with every participating council."""

from datetime import date
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation
from carershub.procurement.events import ProcurementEvent
from carershub.procurement.models import (
    Category,
    ContinuingPackage,
    PackageRequest,
    ProviderReview,
    PurchasingArrangement,
    SpotPurchase,
    Supplier,
)
from carershub.procurement.selectors import is_buyer_in


class ContingencyRefused(Exception):
    """The spot purchase, review or decision cannot be recorded; the message says why."""


def _audit(subject: models.Model, event: ProcurementEvent, *, by: User, **detail: object) -> None:
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=subject,
        purpose="Buying care outside a mini-competition, and provider quality",
        event=event,
        detail=detail,
    )


@transaction.atomic
def request_spot_purchase(
    *,
    provider: Organisation,
    reason: str,
    justification: str,
    weekly_price: Decimal,
    start_date: date,
    by: User,
    package_request: PackageRequest | None = None,
) -> SpotPurchase:
    """Ask to buy a package outside the arrangement. Only with a recorded justification (the seed: spot purchase
    is a short-term contingency, not a long-term legally sound route)."""
    council = by.organisation
    if council is None or not council.holds_statutory_duty() or not by.roles & {Role.PRACTITIONER, Role.COMMISSIONER}:
        raise ContingencyRefused("Only council staff can request a spot purchase")
    if reason not in SpotPurchase.Reason.values:
        raise ContingencyRefused("Select the reason for buying outside the arrangement")
    if not justification.strip():
        raise ContingencyRefused("Explain why a spot purchase is needed")
    if weekly_price <= 0:
        raise ContingencyRefused("Enter a weekly price above £0")
    if package_request is not None and package_request.council_id != council.pk:
        raise ContingencyRefused("That package request is another council's")
    area = package_request.area if package_request is not None else council.areas.order_by("pk").first()
    if area is None:
        raise ContingencyRefused("The council serves no area")
    spot_purchase = SpotPurchase.objects.create(
        area=area,
        council=council,
        provider=provider,
        package_request=package_request,
        reason=reason,
        justification=justification.strip(),
        weekly_price=weekly_price,
        start_date=start_date,
        requested_by=by,
        created_by=by,
        updated_by=by,
    )
    _audit(spot_purchase, ProcurementEvent.SPOT_PURCHASE_REQUESTED, by=by, reason=reason)
    return spot_purchase


@transaction.atomic
def decide_spot_purchase(spot_purchase: SpotPurchase, *, approve: bool, note: str, by: User) -> SpotPurchase:
    """Approve or refuse, as a commissioner or manager of the same council who is not the requester."""
    spot_purchase = SpotPurchase.objects.select_for_update().get(pk=spot_purchase.pk)
    if spot_purchase.status != SpotPurchase.Status.REQUESTED:
        raise ContingencyRefused("This spot purchase has already been decided")
    if by.pk == spot_purchase.requested_by_id:
        raise ContingencyRefused("Someone other than the requester must approve a spot purchase")
    if by.organisation_id != spot_purchase.council_id or not by.roles & {Role.COMMISSIONER, Role.MANAGER}:
        raise ContingencyRefused("A commissioner or manager of the council approves spot purchases")
    if not approve and not note.strip():
        raise ContingencyRefused("Say why the spot purchase is refused")
    spot_purchase.status = SpotPurchase.Status.APPROVED if approve else SpotPurchase.Status.REFUSED
    spot_purchase.decided_by = by
    spot_purchase.decided_at = timezone.now()
    spot_purchase.decision_note = note.strip()
    spot_purchase.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    _audit(spot_purchase, ProcurementEvent.SPOT_PURCHASE_DECIDED, by=by, approved=approve)
    return spot_purchase


@transaction.atomic
def record_provider_review(
    arrangement: PurchasingArrangement,
    *,
    supplier: Supplier,
    kind: str,
    summary: str,
    by: User,
    rating: str = "",
) -> ProviderReview:
    """A council's review of, or concern about, a supplier, which every council in the arrangement sees."""
    if not is_buyer_in(by, arrangement) or by.organisation is None:
        raise ContingencyRefused("Only a council in this arrangement can record a review")
    if not summary.strip():
        raise ContingencyRefused("Summarise the review, without personal details")
    review = ProviderReview.objects.create(
        arrangement=arrangement,
        supplier=supplier,
        council=by.organisation,
        kind=kind,
        rating=rating,
        summary=summary.strip(),
        recorded_on=timezone.localdate(),
        created_by=by,
    )
    _audit(review, ProcurementEvent.PROVIDER_REVIEW_RECORDED, by=by, kind=kind)
    return review


@transaction.atomic
def review_continuing_package(package: ContinuingPackage, *, outcome: str, by: User) -> ContinuingPackage:
    """Decide whether a package with a provider outside the arrangement continues: until reviewed it does (the
    seed, para 3.2, to minimise disruption to the young person)."""
    package = ContinuingPackage.objects.select_for_update().get(pk=package.pk)
    if by.organisation_id != package.council_id:
        raise ContingencyRefused("Only the council that buys the package reviews it")
    if outcome not in ContinuingPackage.Outcome.values:
        raise ContingencyRefused("Select the outcome of the review")
    package.reviewed_on = timezone.localdate()
    package.outcome = outcome
    package.updated_by = by
    package.save(update_fields=["reviewed_on", "outcome", "updated_by", "updated_at"])
    _audit(package, ProcurementEvent.CONTINUING_PACKAGE_REVIEWED, by=by, outcome=outcome)
    return package


@transaction.atomic
def record_continuing_package(
    *,
    provider: Organisation,
    category: Category,
    weekly_price: Decimal,
    started_on: date,
    review_due_on: date,
    by: User,
) -> ContinuingPackage:
    """Record a package with a provider that has not joined the arrangement: it continues until reviewed."""
    council = by.organisation
    if council is None or not is_buyer_in(by, category.arrangement):
        raise ContingencyRefused("Only a council in the arrangement records its continuing packages")
    if review_due_on < started_on:
        raise ContingencyRefused("The review is due after the package started")
    if weekly_price <= 0:
        raise ContingencyRefused("Enter a weekly price above £0")
    area = council.areas.order_by("pk").first()
    if area is None:
        raise ContingencyRefused("The council serves no area")
    package = ContinuingPackage.objects.create(
        area=area,
        council=council,
        provider=provider,
        category=category,
        weekly_price=weekly_price,
        started_on=started_on,
        review_due_on=review_due_on,
        created_by=by,
        updated_by=by,
    )
    _audit(package, ProcurementEvent.CONTINUING_PACKAGE_RECORDED, by=by)
    return package
