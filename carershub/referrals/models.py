"""One referral pathway across every provider ("no wrong door"): referrals, routing rules and transfers."""

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from carershub.core.models import AreaScopedModel, BaseModel
from carershub.referrals.rules import RouteRule


class Cohort(models.TextChoices):
    """Which service a carer belongs to. Areas route each cohort to a provider (e.g. South Tees lots 1 and 2)."""

    ADULT = "adult", "Adult carers"
    YOUNG = "young", "Young carers (under 18)"
    YOUNG_ADULT = "young_adult", "Young adult carers (16 to 25)"
    PARENT = "parent", "Parent carers"
    KINSHIP = "kinship", "Kinship carers"


class RoutingRule(BaseModel):
    """In an area, referrals of this cohort go to this provider; optionally only for carers of these ages, so a
    council can send one cohort to a provider in each lot (young adult carers of 16-17 to the young carers' lot,
    of 18-25 to the adult carers' lot)."""

    area = models.ForeignKey("organisations.Area", on_delete=models.PROTECT, related_name="routing_rules")
    cohort = models.CharField(max_length=20, choices=Cohort.choices)
    provider = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    from_age = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty for no lower age.")
    to_age = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty for no upper age.")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["area", "cohort"],
                condition=models.Q(from_age__isnull=True, to_age__isnull=True),
                name="one_provider_per_cohort_per_area",
            ),
            models.UniqueConstraint(
                fields=["area", "cohort", "from_age", "to_age"], name="one_provider_per_cohort_and_ages_per_area"
            ),
            models.CheckConstraint(
                condition=models.Q(from_age__isnull=True)
                | models.Q(to_age__isnull=True)
                | models.Q(from_age__lte=models.F("to_age")),
                name="routing_ages_in_order",
            ),
        ]

    def clean(self) -> None:
        # Two rules for the same cohort and age would make routing depend on which was found first.
        mine = RouteRule(self.cohort, 0, self.from_age, self.to_age)
        others = RoutingRule.objects.filter(area_id=self.area_id, cohort=self.cohort).exclude(pk=self.pk)
        for other in others:
            theirs = RouteRule(other.cohort, 0, other.from_age, other.to_age)
            if mine.is_by_age == theirs.is_by_age and _ages_overlap(mine, theirs):
                raise ValidationError(f"Another rule already routes {self.get_cohort_display().lower()} of these ages")

    def __str__(self) -> str:
        ages = ""
        if self.from_age is not None or self.to_age is not None:
            ages = f" aged {self.from_age or 0} to {self.to_age if self.to_age is not None else 'any'}"
        return f"{self.area}: {self.get_cohort_display()}{ages} to {self.provider}"

    def as_rule(self) -> RouteRule:
        return RouteRule(self.cohort, self.provider_id, self.from_age, self.to_age)


def _ages_overlap(first: RouteRule, second: RouteRule) -> bool:
    low = max(first.from_age or 0, second.from_age or 0)
    high = min(first.to_age if first.to_age is not None else 200, second.to_age if second.to_age is not None else 200)
    return low <= high


class Referral(AreaScopedModel):
    """A request for support for a carer, from wherever they were met, routed to one provider."""

    class Source(models.TextChoices):
        SELF = "self", "The carer themselves"
        GP_PRACTICE = "gp_practice", "GP practice"
        HOSPITAL = "hospital", "Hospital ward or discharge team"
        SCHOOL = "school", "School or college"
        SOCIAL_WORKER = "social_worker", "Council social worker"
        PROVIDER = "provider", "Another provider"
        FAMILY = "family", "Family member or friend"

    class Urgency(models.TextChoices):
        ROUTINE = "routine", "Routine"
        SOON = "soon", "Within a week"
        URGENT = "urgent", "Urgent (caring role at risk of breaking down)"

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a decision"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    reference = models.CharField(max_length=12, unique=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    carer = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    cared_for = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_as_cared_for"
    )
    # The carer as the referrer named them, whatever record they were matched to. An organisation reading its
    # referral back through the API gets these, never the stored record, so it learns nothing it did not send.
    carer_name_as_referred = models.CharField(max_length=301, blank=True)
    carer_nhs_number_as_referred = models.CharField(max_length=10, blank=True)
    reason = models.TextField()
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    cohort = models.CharField(max_length=20, choices=Cohort.choices)
    provider = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    # Who referred. Professional referrals name their organisation, practice or school.
    referrer_name = models.CharField(max_length=150, blank=True)
    referrer_role = models.CharField(max_length=100, blank=True)
    referrer_email = models.EmailField(blank=True)
    referrer_phone = models.CharField(max_length=20, blank=True)
    referring_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referring_gp_practice = models.ForeignKey(
        "organisations.GPPractice", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    referring_school = models.ForeignKey(
        "organisations.School", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    hospital_name = models.CharField(max_length=150, blank=True)

    # The same form or API call sent twice (double click, retry) carries the same key and makes one referral.
    idempotency_key = models.CharField(max_length=64, blank=True)

    # The carer's record is not yet open to the provider: the referral carried no consent to share it, or named the
    # carer by NHS number alone (nobody the consent can be checked against). The provider sees the referral as sent;
    # the record opens when the carer's consent is recorded or a manager overrides with a reason (UK GDPR Art 9).
    awaits_consent_to_share = models.BooleanField(default=False)
    # Why a manager opened the record without the carer's consent (kept here and in the audit log).
    consent_override_reason = models.TextField(blank=True)

    received_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rejection_reason = models.TextField(blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["area", "idempotency_key"], condition=~models.Q(idempotency_key=""), name="referral_idempotent"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(rejection_reason=""),
                name="rejection_has_a_reason",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            # The inbox: a provider's referrals by status, newest first.
            models.Index(fields=["provider", "status", "-received_at"], name="referral_inbox_idx"),
            # Commissioning KPIs: a provider's referrals received in a period, whatever their status.
            models.Index(fields=["provider", "received_at"], name="referral_provider_received_idx"),
            # The API list, newest first, one index per side of "received or made by this organisation": each
            # side reads only a page's worth of rows in order (api_selectors.referral_list_page_for_api_key).
            models.Index(fields=["provider", "-received_at", "-id"], name="referral_provider_newest_idx"),
            models.Index(fields=["referring_organisation", "-received_at", "-id"], name="referral_referrer_newest_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("referrals:detail", args=[self.reference])

    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Transfer(AreaScopedModel):
    """A referral moved from one provider to another. Without the carer's consent to share with the new provider
    it needs the override permission and a recorded reason."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="transfers")
    from_provider = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    to_provider = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    consent_overridden = models.BooleanField(default=False)
    override_reason = models.TextField(blank=True)
    transferred_at = models.DateTimeField()
    transferred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        permissions = (("override_consent", "Can transfer a referral without the carer's consent, giving a reason"),)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(consent_overridden=False) | ~models.Q(override_reason=""),
                name="override_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.referral} to {self.to_provider}"
