"""Factories for areas and organisations. State-named subclasses say what kind of organisation you get."""

from typing import Any, ClassVar

from factory.declarations import Sequence, SubFactory
from factory.django import DjangoModelFactory
from factory.helpers import post_generation

from carershub.organisations.models import Area, GPPractice, Organisation, School


class AreaFactory(DjangoModelFactory[Area]):
    class Meta:
        model = Area
        django_get_or_create: ClassVar[tuple[str, ...]] = ("slug",)

    name = Sequence(lambda n: f"Test Area {n}")
    slug = Sequence(lambda n: f"test-area-{n}")
    ons_code = Sequence(lambda n: f"E0899{n:04d}")


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        django_get_or_create: ClassVar[tuple[str, ...]] = ("slug",)
        skip_postgeneration_save = True

    name = Sequence(lambda n: f"Test Organisation {n}")
    slug = Sequence(lambda n: f"test-organisation-{n}")
    kind = Organisation.Kind.PROVIDER

    @post_generation
    def areas(self, create: bool, extracted: list[Area] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.areas.set(extracted)


class ProviderFactory(OrganisationFactory):
    kind = Organisation.Kind.PROVIDER


class CouncilAdultSocialCareFactory(OrganisationFactory):
    kind = Organisation.Kind.COUNCIL_ADULT_SOCIAL_CARE


class GPPracticeFactory(DjangoModelFactory[GPPractice]):
    class Meta:
        model = GPPractice

    area = SubFactory(AreaFactory)
    name = Sequence(lambda n: f"Test Surgery {n}")
    ods_code = Sequence(lambda n: f"T{n:05d}")
    postcode = "MV1 1AA"
    order = Sequence(lambda n: n)


class SchoolFactory(DjangoModelFactory[School]):
    class Meta:
        model = School

    area = SubFactory(AreaFactory)
    name = Sequence(lambda n: f"Test School {n}")
    urn = Sequence(lambda n: f"8{n:05d}")
    phase = School.Phase.PRIMARY
    postcode = "MV1 1AA"
