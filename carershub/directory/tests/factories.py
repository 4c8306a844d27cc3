"""Factories for directory entries. `PublishedServiceFactory` is what the public sees; `ServiceFactory` a draft."""

from datetime import time
from decimal import Decimal
from typing import Any, cast

from django.utils import timezone
from factory.declarations import LazyFunction, Sequence, SubFactory
from factory.django import DjangoModelFactory
from factory.helpers import post_generation

from carershub.directory.models import (
    Contact,
    DirectoryOrganisation,
    Language,
    Location,
    Postcode,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from carershub.organisations.tests.factories import AreaFactory


class DirectoryOrganisationFactory(DjangoModelFactory[DirectoryOrganisation]):
    class Meta:
        model = DirectoryOrganisation

    name = Sequence(lambda n: f"Carers Group {n}")
    description = "A community organisation for carers."


class ServiceFactory(DjangoModelFactory[Service]):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    area = SubFactory(AreaFactory)
    organisation = SubFactory(DirectoryOrganisationFactory)
    name = Sequence(lambda n: f"Carers service {n}")
    description = "Support for carers."
    content_modified_at = LazyFunction(timezone.now)

    @post_generation
    def terms(self, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
        """Pass term codes: `terms=["need-breaks", "for-young-carers"]`."""
        if create and extracted:
            cast(Service, self).taxonomy_terms.set(list(TaxonomyTerm.objects.filter(code__in=extracted)))


class PublishedServiceFactory(ServiceFactory):
    publication = Service.Publication.PUBLISHED
    assured_on = LazyFunction(timezone.localdate)


class WithdrawnServiceFactory(ServiceFactory):
    publication = Service.Publication.WITHDRAWN


class LocationFactory(DjangoModelFactory[Location]):
    class Meta:
        model = Location

    organisation = SubFactory(DirectoryOrganisationFactory)
    name = Sequence(lambda n: f"Community Centre {n}")
    address_1 = "1 High Street"
    city = "Merseyford"
    postal_code = "MV1 1AL"
    latitude = Decimal("53.400000")
    longitude = Decimal("-2.980000")
    accessibility = "Step-free entrance and a hearing loop."


class PostcodeFactory(DjangoModelFactory[Postcode]):
    class Meta:
        model = Postcode
        django_get_or_create = ("postcode",)

    postcode = "MV1 1AL"
    district = "MV1"
    latitude = Decimal("53.400000")
    longitude = Decimal("-2.980000")


def furnish(service: Service, *, location: Location | None = None, weekly_on: str = "TU") -> ServiceAtLocation:
    """Give a service a place, a weekly meeting, a contact, a language and a service area (the nested parts)."""
    place = location or LocationFactory.create(organisation=service.organisation)
    link = ServiceAtLocation.objects.create(service=service, location=place)
    Schedule.objects.create(
        service=service,
        service_at_location=link,
        freq=Schedule.Frequency.WEEKLY,
        byday=weekly_on,
        opens_at=time(16, 0),
        closes_at=time(18, 0),
    )
    Contact.objects.create(service=service, name="Duty worker", phone="01632 960100", email="duty@example.org")
    Language.objects.create(service=service, name="English", code="en")
    ServiceArea.objects.create(service=service, name=service.area.name)
    return link
