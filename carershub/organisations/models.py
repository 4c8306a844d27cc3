"""Areas (the tenant), the organisations that work in them, and reference places (GP practices, schools)."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from carershub.core.models import BaseModel, ReferenceData


class Area(BaseModel):
    """A commissioning council's area. Every person-level row carries one; it is the unit of tenancy."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    # ONS local authority district/county code, e.g. E08000014 for Sefton.
    ons_code = models.CharField("ONS code", max_length=9, unique=True)
    # How to complain to the council, printed on every written record a carer is given (the Local Authority Social
    # Services and National Health Service Complaints (England) Regulations 2009 require a complaints procedure).
    complaints_details = models.TextField(
        blank=True,
        help_text="How to complain to the council: the team, phone, email and web address, in plain English.",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(BaseModel):
    """A council department, NHS body, commissioned provider or consortium lead. It may serve several areas."""

    class Kind(models.TextChoices):
        COUNCIL_ADULT_SOCIAL_CARE = "council_adult_social_care", "Council adult social care"
        COUNCIL_CHILDRENS_SERVICES = "council_childrens_services", "Council children's services"
        ICB = "icb", "Integrated care board"
        PROVIDER = "provider", "Provider"
        CONSORTIUM_LEAD = "consortium_lead", "Consortium lead"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    areas = models.ManyToManyField(Area, related_name="organisations")
    ods_code = models.CharField("ODS code", max_length=10, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", args=[self.slug])

    def holds_statutory_duty(self) -> bool:
        """Councils keep the statutory duty for carers in their area even when they delegate (Care Act s.79)."""
        return self.kind in {self.Kind.COUNCIL_ADULT_SOCIAL_CARE, self.Kind.COUNCIL_CHILDRENS_SERVICES}


class GPPractice(ReferenceData):
    """A GP practice in an area: a source of carer referrals and a KPI ("GP practices engaged")."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="gp_practices")
    ods_code = models.CharField("ODS code", max_length=10, unique=True)
    postcode = models.CharField(max_length=8)

    class Meta(ReferenceData.Meta):
        verbose_name = "GP practice"


class School(ReferenceData):
    """A school in an area: where most young carers are identified."""

    class Phase(models.TextChoices):
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"
        ALL_THROUGH = "all_through", "All-through"
        SPECIAL = "special", "Special"
        COLLEGE = "college", "Sixth form or further education college"

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="schools")
    # Unique reference number from Get Information about Schools.
    urn = models.CharField("URN", max_length=8, unique=True)
    phase = models.CharField(max_length=20, choices=Phase.choices)
    postcode = models.CharField(max_length=8)


class ApiKey(models.Model):
    """An organisation's key for the JSON API. Only a SHA-256 digest of the secret is stored. Each key has one
    scope (least privilege): a referral system's key cannot read emergency cards, nor a call centre's referrals."""

    class Scope(models.TextChoices):
        REFERRALS = "referrals", "Referrals (referrals, FHIR ServiceRequest, GP practices)"
        EMERGENCY_CARDS = "emergency_cards", "Emergency cards (the 24/7 line's call-centre system)"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="api_keys")
    name = models.CharField(max_length=100)
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.REFERRALS)
    # The public part of the key, used to find the row; the secret part is checked against `secret_hash`.
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API key"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_key_per_name",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    def is_active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        return self.scope == scope
