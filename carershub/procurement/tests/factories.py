"""Factories for procurement. A factory-made arrangement is a live PCR 2015 DPS on 2+1+1, led by a council, with
admission windows every 6 months; categories, questions, suppliers and memberships are made separately:

    arrangement = ArrangementFactory.create(lead_authority=council)
    category = CategoryFactory.create(arrangement=arrangement, areas=[home_area])
    supplier = SupplierFactory.create(organisation=provider)
    MembershipFactory.create(supplier=supplier, category=category)   # admitted, with its application
"""

from datetime import timedelta
from decimal import Decimal
from typing import Any, ClassVar, cast

from django.utils import timezone
from factory.declarations import LazyAttribute, LazyFunction, Sequence, SubFactory
from factory.django import DjangoModelFactory
from factory.helpers import post_generation

from carershub.accounts.models import User
from carershub.organisations.models import Area
from carershub.organisations.tests.factories import AreaFactory, CouncilAdultSocialCareFactory, ProviderFactory
from carershub.people.tests.factories import PersonFactory
from carershub.procurement.models import (
    AdmissionWindow,
    Application,
    ArrangementParticipant,
    Bid,
    Category,
    ContinuingPackage,
    Membership,
    PackageRequest,
    PurchasingArrangement,
    Question,
    SpotPurchase,
    Supplier,
)


class ArrangementFactory(DjangoModelFactory[PurchasingArrangement]):
    class Meta:
        model = PurchasingArrangement
        skip_postgeneration_save = True

    reference = Sequence(lambda n: f"DPS{n:04d}")
    title = "Care and support for children and young people"
    regime = PurchasingArrangement.Regime.PCR_2015_DPS
    lead_authority = SubFactory(CouncilAdultSocialCareFactory)
    status = PurchasingArrangement.Status.LIVE
    start_date = LazyFunction(lambda: timezone.localdate() - timedelta(days=200))
    initial_term_years = 2
    extension_years: ClassVar[list[int]] = [1, 1]
    admission = PurchasingArrangement.Admission.FIXED_WINDOWS
    window_interval_months = 6
    ocid = LazyAttribute(lambda arrangement: f"ocds-carershub-{arrangement.reference}")

    @post_generation
    def lead_participant(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            arrangement = cast(PurchasingArrangement, self)
            ArrangementParticipant.objects.create(
                arrangement=arrangement,
                organisation=arrangement.lead_authority,
                kind=ArrangementParticipant.Kind.LEAD,
                joined_on=arrangement.start_date,
            )


class CategoryFactory(DjangoModelFactory[Category]):
    class Meta:
        model = Category
        skip_postgeneration_save = True

    arrangement = SubFactory(ArrangementFactory)
    name = Sequence(lambda n: f"Children's care and support packages {n}")

    @post_generation
    def areas(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            cast(Category, self).areas.set(extracted)


class WindowFactory(DjangoModelFactory[AdmissionWindow]):
    """An admission window open today."""

    class Meta:
        model = AdmissionWindow

    arrangement = SubFactory(ArrangementFactory)
    opens_on = LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    closes_on = LazyFunction(lambda: timezone.localdate() + timedelta(days=20))
    assessment_date = LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class QuestionFactory(DjangoModelFactory[Question]):
    class Meta:
        model = Question

    arrangement = SubFactory(ArrangementFactory)
    order = Sequence(int)
    kind = Question.Kind.SCORED
    text = Sequence(lambda n: f"Describe how you safeguard children ({n})")
    weight = 50
    max_mark = 5
    minimum_mark = 2


class SupplierFactory(DjangoModelFactory[Supplier]):
    class Meta:
        model = Supplier

    organisation = SubFactory(ProviderFactory)
    regulator = Supplier.Regulator.OFSTED


class AdmittedApplicationFactory(DjangoModelFactory[Application]):
    class Meta:
        model = Application

    supplier = SubFactory(SupplierFactory)
    category = SubFactory(CategoryFactory)
    window = LazyAttribute(lambda application: WindowFactory.create(arrangement=application.category.arrangement))
    status = Application.Status.ADMITTED
    regulator_rating = Application.Rating.GOOD
    decided_at = LazyFunction(timezone.now)


class MembershipFactory(DjangoModelFactory[Membership]):
    """An admitted member of a category."""

    class Meta:
        model = Membership

    supplier = SubFactory(SupplierFactory)
    category = SubFactory(CategoryFactory)
    application = LazyAttribute(
        lambda membership: AdmittedApplicationFactory.create(supplier=membership.supplier, category=membership.category)
    )
    admitted_on = LazyFunction(timezone.localdate)


def one_of_everything(area: Area | None = None) -> dict[str, str]:
    """For the privacy walk: one of each procurement record a URL can name, belonging to a council in `area` (a new
    one by default) and about a child there, with the path values that name them."""
    area = area or AreaFactory.create(name="Walk Area", slug="walk-area")
    council = CouncilAdultSocialCareFactory.create(name="Walk Council", slug="walk-council", areas=[area])
    arrangement = ArrangementFactory.create(lead_authority=council, reference="DPS-WALK")
    category = CategoryFactory.create(arrangement=arrangement, areas=[area])
    membership = MembershipFactory.create(category=category, supplier=SupplierFactory.create())
    child = PersonFactory.create(area=area, family_name="Walkchild")
    package_request = PackageRequest.objects.create(
        area=area,
        arrangement=arrangement,
        category=category,
        council=council,
        person=child,
        reference="PR-WALK-1",
        status=PackageRequest.Status.PUBLISHED,
        age_band=PackageRequest.AgeBand.AGE_11_TO_15,
        needs="Walk needs",
        pattern="Weekly",
        start_date=timezone.localdate(),
        expected_duration_weeks=10,
        quality_weight=60,
        deadline=timezone.now() - timedelta(days=1),
    )
    bid = Bid.objects.create(
        area=area,
        package_request=package_request,
        supplier=membership.supplier,
        price=Decimal("500.00"),
        submitted_at=timezone.now() - timedelta(days=2),
    )
    spot_purchase = SpotPurchase.objects.create(
        area=area,
        council=council,
        provider=membership.supplier.organisation,
        reason=SpotPurchase.Reason.URGENCY,
        justification="Walk",
        weekly_price=Decimal("600.00"),
        start_date=timezone.localdate(),
        requested_by=User.objects.create_user("walk-requester@test.example", full_name="Walk", organisation=council),
    )
    partner = ArrangementParticipant.objects.create(
        arrangement=arrangement,
        organisation=CouncilAdultSocialCareFactory.create(name="Walk Partner", slug="walk-partner", areas=[area]),
        kind=ArrangementParticipant.Kind.COUNCIL,
        joined_on=timezone.localdate(),
    )
    continuing = ContinuingPackage.objects.create(
        area=area,
        council=council,
        provider=membership.supplier.organisation,
        category=category,
        weekly_price=Decimal("700.00"),
        started_on=timezone.localdate(),
        review_due_on=timezone.localdate(),
    )
    return {
        "continuing_package_id": str(continuing.pk),
        "procurement.reference": package_request.reference,
        "participant_id": str(partner.pk),
        "procurement.arrangement_reference": arrangement.reference,
        "application_id": str(membership.application.pk),
        "membership_id": str(membership.pk),
        "bid_id": str(bid.pk),
        "category_id": str(category.pk),
        "spot_purchase_id": str(spot_purchase.pk),
    }
