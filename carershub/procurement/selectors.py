"""Who may see what in procurement. Anything outside the answer is a 404, exactly like a missing record.

- Staff of a council or health partner currently in an arrangement see the arrangement; its commissioners assess
  applications, and the lead authority's commissioners set the questionnaire and decide.
- A council sees only its own package requests, bids on them and spot purchases; never another council's prices.
- A supplier sees the live arrangements, its own applications, the package requests it was invited to and its own
  bids; never another supplier's bid, and never who a child is before award and the family's consent.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.organisations.models import Organisation
from carershub.people.models import Person
from carershub.people.selectors import has_consent_to_share
from carershub.procurement.models import (
    Application,
    ArrangementParticipant,
    Bid,
    ContinuingPackage,
    Membership,
    PackageRequest,
    ProviderReview,
    PurchasingArrangement,
    SpotPurchase,
    Supplier,
)

# Council staff who buy packages: the social worker who knows the child, their manager, and commissioners.
BUYER_ROLES = frozenset({Role.PRACTITIONER, Role.MANAGER, Role.COMMISSIONER})
# Councils buy; health partners (ICBs) may opt in; a consortium lead may run the arrangement.
BUYING_KINDS = frozenset(
    {
        Organisation.Kind.COUNCIL_ADULT_SOCIAL_CARE,
        Organisation.Kind.COUNCIL_CHILDRENS_SERVICES,
        Organisation.Kind.ICB,
        Organisation.Kind.CONSORTIUM_LEAD,
    }
)


def _is_active_staff(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.organisation_id is not None)


def supplier_of(user: User) -> Supplier | None:
    """The supplier the user bids for, if they hold the supplier role in a registered supplier organisation."""
    organisation_id = user.organisation_id
    if not _is_active_staff(user) or organisation_id is None or not user.has_role(Role.SUPPLIER):
        return None
    return Supplier.objects.select_related("organisation").filter(organisation_id=organisation_id).first()


def is_buying_organisation_staff(user: User) -> bool:
    """Staff of a council, ICB or consortium lead with a buying role: who may have procurement pages at all."""
    organisation = user.organisation if _is_active_staff(user) else None
    return (
        organisation is not None
        and organisation.kind in BUYING_KINDS
        and bool(user.roles & BUYER_ROLES)
        and not user.has_role(Role.SUPPLIER)
    )


def _current_participations(user: User) -> QuerySet[ArrangementParticipant]:
    return ArrangementParticipant.objects.filter(organisation_id=user.organisation_id or 0, left_on__isnull=True)


def arrangements_visible_to(user: User) -> QuerySet[PurchasingArrangement]:
    """Arrangements the user's organisation takes part in; for a supplier, every live arrangement (to apply to)."""
    if not _is_active_staff(user):
        return PurchasingArrangement.objects.none()
    if supplier_of(user) is not None:
        return PurchasingArrangement.objects.filter(status=PurchasingArrangement.Status.LIVE)
    if not user.roles & BUYER_ROLES:
        return PurchasingArrangement.objects.none()
    return PurchasingArrangement.objects.filter(pk__in=_current_participations(user).values("arrangement_id"))


def get_arrangement_for_user(user: User, reference: str) -> PurchasingArrangement:
    arrangement = arrangements_visible_to(user).select_related("lead_authority").filter(reference=reference).first()
    if arrangement is None:
        raise Http404("No arrangement found")
    return arrangement


def is_assessor(user: User, arrangement: PurchasingArrangement) -> bool:
    """Commissioners of any authority currently in the arrangement assess applications (the seed: evaluation is
    shared across the region)."""
    return (
        _is_active_staff(user)
        and user.has_role(Role.COMMISSIONER)
        and _current_participations(user).filter(arrangement=arrangement).exists()
    )


def is_lead_commissioner(user: User, arrangement: PurchasingArrangement) -> bool:
    """The lead authority's commissioners set the questionnaire, moderate and decide, and run the arrangement."""
    return (
        _is_active_staff(user)
        and user.has_role(Role.COMMISSIONER)
        and user.organisation_id == arrangement.lead_authority_id
    )


def is_buyer_in(user: User, arrangement: PurchasingArrangement) -> bool:
    return (
        _is_active_staff(user)
        and bool(user.roles & BUYER_ROLES)
        and _current_participations(user).filter(arrangement=arrangement).exists()
    )


def applications_visible_to(user: User) -> QuerySet[Application]:
    """A supplier's own applications; for assessors, the submitted applications to their arrangements."""
    applications = Application.objects.select_related("supplier__organisation", "category__arrangement", "window")
    supplier = supplier_of(user)
    if supplier is not None:
        return applications.filter(supplier=supplier)
    if not _is_active_staff(user) or not user.has_role(Role.COMMISSIONER):
        return Application.objects.none()
    return applications.filter(
        category__arrangement__in=_current_participations(user).values("arrangement_id"),
    ).exclude(status=Application.Status.DRAFT)


def get_application_for_user(user: User, application_id: int) -> Application:
    application = applications_visible_to(user).filter(pk=application_id).first()
    if application is None:
        raise Http404("No application found")
    return application


def memberships_of(supplier: Supplier) -> QuerySet[Membership]:
    return supplier.memberships.select_related("category__arrangement").order_by("category__name")


def package_requests_visible_to(user: User) -> QuerySet[PackageRequest]:
    """A council's own package requests; for a supplier, those it was invited to (never drafts)."""
    requests = PackageRequest.objects.select_related("category", "arrangement", "council", "area")
    supplier = supplier_of(user)
    if supplier is not None:
        return requests.filter(invitations__supplier=supplier).exclude(status=PackageRequest.Status.DRAFT)
    if not _is_active_staff(user) or not user.roles & BUYER_ROLES:
        return PackageRequest.objects.none()
    return requests.filter(council_id=user.organisation_id)


def get_package_request_for_user(user: User, reference: str) -> PackageRequest:
    package_request = package_requests_visible_to(user).filter(reference=reference).first()
    if package_request is None:
        raise Http404("No package request found")
    return package_request


def bids_on(package_request: PackageRequest) -> QuerySet[Bid]:
    """Every bid on a request: for the council that asked, never for a supplier."""
    return package_request.bids.select_related("supplier__organisation").order_by("submitted_at", "pk")


def own_bid(supplier: Supplier, package_request: PackageRequest) -> Bid | None:
    return package_request.bids.filter(supplier=supplier).first()


def winning_bid_summary(package_request: PackageRequest) -> Bid | None:
    """The winner's score, which every unsuccessful bidder is told (not its price: that is the council's)."""
    if package_request.status != PackageRequest.Status.AWARDED:
        return None
    return package_request.awarded_bid


def young_person_for_supplier(user: User, package_request: PackageRequest) -> Person | None:
    """Who the package is for, only for the winner's staff, only once the council has shared the record after
    award, and only while the family's consent to share with the winner stands (UK GDPR Art 6; the consent model of
    the people app)."""
    supplier = supplier_of(user)
    bid = package_request.awarded_bid
    if supplier is None or bid is None or bid.supplier_id != supplier.pk or package_request.shared_at is None:
        return None
    person = package_request.person
    if not has_consent_to_share(person, supplier.organisation):
        return None
    return person


def invitations_for(supplier: Supplier) -> QuerySet[PackageRequest]:
    """Package requests a supplier was invited to, newest first, each with `has_bid` (whether it has bid)."""
    return (
        PackageRequest.objects.filter(invitations__supplier=supplier)
        .exclude(status=PackageRequest.Status.DRAFT)
        .select_related("category", "council")
        .annotate(has_bid=Exists(Bid.objects.filter(package_request=OuterRef("pk"), supplier=supplier)))
        .order_by("-published_at", "-pk")
    )


def open_invitations_for(supplier: Supplier) -> QuerySet[PackageRequest]:
    return invitations_for(supplier).filter(status=PackageRequest.Status.PUBLISHED, deadline__gt=timezone.now())


def spot_purchases_visible_to(user: User) -> QuerySet[SpotPurchase]:
    if not _is_active_staff(user) or not user.roles & BUYER_ROLES or supplier_of(user) is not None:
        return SpotPurchase.objects.none()
    return SpotPurchase.objects.filter(council_id=user.organisation_id).select_related(
        "provider", "requested_by", "decided_by"
    )


def reviews_visible_to(user: User) -> QuerySet[ProviderReview]:
    """Provider reviews and quality concerns are shared with every authority in the arrangement (the seed)."""
    if not _is_active_staff(user) or not user.roles & BUYER_ROLES or supplier_of(user) is not None:
        return ProviderReview.objects.none()
    return ProviderReview.objects.filter(
        arrangement__in=_current_participations(user).values("arrangement_id")
    ).select_related("supplier__organisation", "council")


def councils_in(arrangement: PurchasingArrangement) -> QuerySet[ArrangementParticipant]:
    return arrangement.participants.select_related("organisation").order_by("joined_on", "pk")


def suppliers_to_invite(package_request: PackageRequest) -> QuerySet[Supplier]:
    """Every admitted, unsuspended member of the category whose organisation serves the request's area."""
    return Supplier.objects.filter(
        Q(memberships__category=package_request.category, memberships__status=Membership.Status.ADMITTED)
        & Q(organisation__areas=package_request.area_id)
        & Q(organisation__is_active=True)
    ).distinct()


def members_of(arrangement: PurchasingArrangement) -> QuerySet[Supplier]:
    """Every supplier that has been a member of one of the arrangement's categories, with its memberships."""
    return (
        Supplier.objects.filter(memberships__category__arrangement=arrangement)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(category__arrangement=arrangement).select_related(
                    "category", "application"
                ),
            )
        )
        .distinct()
        .order_by("organisation__name")
    )


@dataclass(frozen=True)
class AwardsRow:
    council: str
    category: str
    awarded: int
    weekly_value: Decimal


def awards_by_council(arrangement: PurchasingArrangement) -> list[AwardsRow]:
    """Packages awarded through the arrangement by council and category, with their total weekly value: the
    published award values (open data), never the bids that lost or a council's price ceiling."""
    rows = (
        PackageRequest.objects.filter(arrangement=arrangement, status=PackageRequest.Status.AWARDED)
        .values("council__name", "category__name")
        .annotate(awarded=Count("pk"), weekly_value=Sum("awarded_bid__price"))
        .order_by("council__name", "category__name")
    )
    return [
        AwardsRow(row["council__name"], row["category__name"], row["awarded"], row["weekly_value"] or Decimal(0))
        for row in rows
    ]


@dataclass(frozen=True)
class SpotPurchaseReportRow:
    council: str
    reason: str
    requested: int
    approved: int
    weekly_value_approved: Decimal


def spot_purchase_report(user: User) -> list[SpotPurchaseReportRow]:
    """Spot purchases by council and reason. A council sees its own; the lead authority of an arrangement also
    sees those of the councils in it, to watch that spot purchase stays a contingency."""
    if not _is_active_staff(user) or supplier_of(user) is not None:
        return []
    led = PurchasingArrangement.objects.filter(lead_authority_id=user.organisation_id or 0)
    councils = ArrangementParticipant.objects.filter(arrangement__in=led, left_on__isnull=True).values(
        "organisation_id"
    )
    rows = (
        SpotPurchase.objects.filter(Q(council_id=user.organisation_id) | Q(council_id__in=councils))
        .values("council__name", "reason")
        .annotate(
            requested=Count("pk"),
            approved=Count("pk", filter=Q(status=SpotPurchase.Status.APPROVED)),
            value=Sum("weekly_price", filter=Q(status=SpotPurchase.Status.APPROVED)),
        )
        .order_by("council__name", "reason")
    )
    return [
        SpotPurchaseReportRow(
            row["council__name"],
            SpotPurchase.Reason(row["reason"]).label,
            row["requested"],
            row["approved"],
            row["value"] or Decimal(0),
        )
        for row in rows
    ]


def packages_about(user: User, person: Person) -> QuerySet[PackageRequest]:
    """Package requests for the person that the user's organisation made, or was awarded and has been shared."""
    if not _is_active_staff(user):
        return PackageRequest.objects.none()
    organisation_id = user.organisation_id or 0
    return (
        PackageRequest.objects.filter(person=person)
        .filter(
            Q(council_id=organisation_id)
            | Q(awarded_bid__supplier__organisation_id=organisation_id, shared_at__isnull=False)
        )
        .select_related("category", "council", "awarded_bid__supplier__organisation")
        .order_by("-created_at", "-pk")
    )


def may_request_package_for(user: User, person: Person) -> bool:
    """Council staff who can see the person, in an arrangement with a category serving their area."""
    if not _is_active_staff(user) or supplier_of(user) is not None or not user.roles & BUYER_ROLES:
        return False
    return (
        ArrangementParticipant.objects.filter(organisation_id=user.organisation_id or 0, left_on__isnull=True)
        .filter(arrangement__categories__areas=person.area_id, arrangement__status=PurchasingArrangement.Status.LIVE)
        .exists()
    )


def continuing_packages_of(user: User) -> QuerySet[ContinuingPackage]:
    """The council's packages with providers outside the arrangement, the next review first."""
    if not is_buying_organisation_staff(user):
        return ContinuingPackage.objects.none()
    return (
        ContinuingPackage.objects.filter(council_id=user.organisation_id or 0)
        .select_related("provider", "category")
        .order_by("reviewed_on", "review_due_on", "pk")
    )
