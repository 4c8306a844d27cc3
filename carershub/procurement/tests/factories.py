"""Factories for procurement. A factory-made arrangement is a live PCR 2015 DPS on 2+1+1, led by a council, with
admission windows every 6 months; categories, questions, suppliers and memberships are made separately:

    arrangement = ArrangementFactory.create(lead_authority=council)
    category = CategoryFactory.create(arrangement=arrangement, areas=[home_area])
    supplier = SupplierFactory.create(organisation=provider)
    MembershipFactory.create(supplier=supplier, category=category)   # admitted, with its application
"""

from datetime import timedelta
from typing import Any, ClassVar, cast

from django.utils import timezone
from factory.declarations import LazyAttribute, LazyFunction, Sequence, SubFactory
from factory.django import DjangoModelFactory
from factory.helpers import post_generation

from carershub.organisations.tests.factories import CouncilAdultSocialCareFactory, ProviderFactory
from carershub.procurement.models import (
    AdmissionWindow,
    Application,
    ArrangementParticipant,
    Category,
    Membership,
    PurchasingArrangement,
    Question,
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
