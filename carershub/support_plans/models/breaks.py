"""Short breaks for carers."""

from typing import ClassVar, Final

from django.conf import settings
from django.db import models
from django.urls import reverse

from carershub.core.models import AreaScopedModel, ReferenceData
from carershub.support_plans.models.plans import SupportPlan


class ShortBreakKind(ReferenceData):
    """A kind of short break (planned regular, one-off, My Time...). Councils name and offer their breaks
    differently and no statute or return fixes the list, so it is the council's own; `code` never changes. One
    code drives behaviour: an `emergency` break is opened from the emergency activation that needed it."""

    EMERGENCY: Final = "emergency"

    code = models.SlugField(max_length=50, unique=True)

    class Meta(ReferenceData.Meta):
        verbose_name = "kind of short break"
        verbose_name_plural = "kinds of short break"

    def is_emergency(self) -> bool:
        return self.code == self.EMERGENCY


class ShortBreak(AreaScopedModel):
    """A short break for a carer: requested, approved against the plan's budget, booked with a provider, then
    delivered or cancelled."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        APPROVED = "approved", "Approved"
        BOOKED = "booked", "Booked"
        DELIVERED = "delivered", "Delivered"
        CANCELLED = "cancelled", "Cancelled"

    carer = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="short_breaks")
    plan = models.ForeignKey(SupportPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="short_breaks")
    activation = models.ForeignKey(
        "emergency_response.Activation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    # Points at the entry by its code, which never changes: renaming the entry changes how the break is shown,
    # never which kind it is.
    kind = models.ForeignKey(
        ShortBreakKind, to_field="code", db_column="kind", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    description = models.TextField(blank=True)
    estimated_cost = models.DecimalField(max_digits=12, decimal_places=2)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    budget_override_reason = models.TextField(blank=True)
    provider = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    hours = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    nights = models.PositiveSmallIntegerField(null=True, blank=True)
    actual_cost = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    delivered_on = models.DateField(null=True, blank=True)
    cancelled_reason = models.TextField(blank=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(estimated_cost__gte=0), name="break_cost_not_negative"),
            models.CheckConstraint(
                condition=~models.Q(status="cancelled") | ~models.Q(cancelled_reason=""),
                name="cancelled_break_has_a_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["booked", "delivered"]) | models.Q(provider__isnull=False),
                name="booked_break_has_a_provider",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="delivered")
                | (models.Q(actual_cost__isnull=False) & models.Q(delivered_on__isnull=False)),
                name="delivered_break_has_cost_and_date",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["organisation", "status", "delivered_on"], name="break_team_idx"),
            models.Index(fields=["carer", "-created_at"], name="break_carer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind.name} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("support_plans:short_break", args=[self.pk])
