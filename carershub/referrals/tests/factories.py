"""Factories for referrals. State-named subclasses say what you get: an open referral waiting in a provider's inbox,
or one the provider accepted. `submitted_referral` makes one the way the service does, routed by the area's rules.

A factory-made referral is in the area of its carer and its provider's inbox. Pass `area`, `provider` and a `carer`
in that area (PersonFactory.create(area=...)) to put it somewhere particular.
"""

from dataclasses import replace
from typing import Any

from django.utils import timezone
from factory.declarations import LazyFunction, SelfAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory

from carershub.accounts.models import User
from carershub.organisations.models import Area
from carershub.organisations.tests.factories import AreaFactory, ProviderFactory
from carershub.people.models import Consent, Involvement
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import AdultCarerFactory, born_years_ago
from carershub.referrals.models import Cohort, Referral, RoutingRule
from carershub.referrals.services.making import submit_referral
from carershub.referrals.services.submission import PersonDetails, ReferralSubmission


class RoutingRuleFactory(DjangoModelFactory[RoutingRule]):
    class Meta:
        model = RoutingRule

    area = SubFactory(AreaFactory)
    cohort = Cohort.ADULT
    provider = SubFactory(ProviderFactory)

    @classmethod
    def _create(cls, model_class: type[RoutingRule], *args: Any, **kwargs: Any) -> RoutingRule:
        rule: RoutingRule = super()._create(model_class, *args, **kwargs)
        rule.provider.areas.add(rule.area)  # a provider serves the area it is routed referrals in
        return rule


class ReferralFactory(DjangoModelFactory[Referral]):
    class Meta:
        model = Referral
        skip_postgeneration_save = True

    area = SubFactory(AreaFactory)
    reference = Sequence(lambda n: f"RTEST{n:05d}")
    source = Referral.Source.SELF
    carer = SubFactory(AdultCarerFactory, area=SelfAttribute("..area"))
    reason = "Caring for my mother, who has dementia, and struggling to keep working."
    urgency = Referral.Urgency.ROUTINE
    cohort = Cohort.ADULT
    provider = SubFactory(ProviderFactory)
    received_at = LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class: type[Referral], *args: Any, **kwargs: Any) -> Referral:
        referral: Referral = super()._create(model_class, *args, **kwargs)
        referral.provider.areas.add(referral.area)
        return referral


class OpenReferralFactory(ReferralFactory):
    """Waiting in the provider's inbox; the provider may see the carer, as after `submit_referral`."""

    status = Referral.Status.OPEN

    @classmethod
    def _create(cls, model_class: type[Referral], *args: Any, **kwargs: Any) -> Referral:
        referral = super()._create(model_class, *args, **kwargs)
        open_involvement(
            referral.carer, referral.provider, reason=Involvement.Reason.REFERRAL_RECEIVED, at=referral.received_at
        )
        return referral


class AcceptedReferralFactory(ReferralFactory):
    """Accepted: the provider has a case open with the carer."""

    status = Referral.Status.ACCEPTED
    decided_at = LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class: type[Referral], *args: Any, **kwargs: Any) -> Referral:
        referral = super()._create(model_class, *args, **kwargs)
        open_involvement(referral.carer, referral.provider, reason=Involvement.Reason.CASE_OPEN, at=referral.decided_at)
        return referral


def adult_carer_submission(area: Area, **changes: Any) -> ReferralSubmission:
    """An adult carer of 52 referring herself: she looks after her mother, who has dementia."""
    submission = ReferralSubmission(
        area=area,
        source=Referral.Source.SELF,
        carer=PersonDetails(
            given_name="Maria",
            family_name="Okafor",
            date_of_birth=born_years_ago(52),
            phone="07700 900123",
            employment_status="employed_part_time",
        ),
        cared_for=PersonDetails(given_name="Grace", family_name="Okafor", date_of_birth=born_years_ago(81)),
        relationship="parent",
        conditions=("dementia",),
        hours_band="20_49",
        reason="Mum has dementia and I am finding it hard to keep working.",
        consent_given_by=Consent.GivenBy.SELF,
    )
    return replace(submission, **changes)


def young_carer_submission(area: Area, **changes: Any) -> ReferralSubmission:
    """A mother referring her son, 12, who looks after her; she gives consent for him."""
    submission = ReferralSubmission(
        area=area,
        source=Referral.Source.FAMILY,
        carer=PersonDetails(
            given_name="Sam",
            family_name="Reid",
            date_of_birth=born_years_ago(12),
            address_line_1="4 Mill Lane",
            postcode="MV1 4AB",
        ),
        cared_for=PersonDetails(given_name="Lisa", family_name="Reid", date_of_birth=born_years_ago(41)),
        relationship="parent",
        conditions=("mental_health",),
        reason="Sam looks after his mum most evenings and is missing school.",
        consent_given_by=Consent.GivenBy.PARENT_OR_GUARDIAN,
        referrer_name="Lisa Reid",
        referrer_email="lisa.reid@example.com",
    )
    return replace(submission, **changes)


def submitted_referral(area: Area, *, submitted_by: User | None = None, **changes: Any) -> Referral:
    """A referral made through `submit_referral` and routed by the area's rules (create RoutingRules first).
    By default an adult carer's self-referral; pass `carer=`, `reason=` and so on to change it."""
    return submit_referral(adult_carer_submission(area, **changes), submitted_by=submitted_by)
