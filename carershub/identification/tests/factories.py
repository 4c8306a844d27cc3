"""Factories for engagement activities. State-named subclasses say which kind of partner the work was with."""

from datetime import timedelta

from django.utils import timezone
from factory.declarations import LazyAttribute, LazyFunction, SubFactory
from factory.django import DjangoModelFactory

from carershub.identification.models import EngagementActivity
from carershub.organisations.tests.factories import GPPracticeFactory, ProviderFactory, SchoolFactory


class EngagementActivityFactory(DjangoModelFactory[EngagementActivity]):
    """A visit a month ago, by a provider. Pass `organisation` when its areas matter."""

    class Meta:
        model = EngagementActivity
        abstract = True

    area = LazyAttribute(lambda activity: (activity.gp_practice or activity.school).area)
    organisation = SubFactory(ProviderFactory)
    occurred_on = LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    kind = EngagementActivity.Kind.VISIT
    carers_identified = 0


class GPPracticeEngagementFactory(EngagementActivityFactory):
    gp_practice = SubFactory(GPPracticeFactory)
    school = None


class SchoolEngagementFactory(EngagementActivityFactory):
    gp_practice = None
    school = SubFactory(SchoolFactory)
    kind = EngagementActivity.Kind.AWARENESS_EVENT
