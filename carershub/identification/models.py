"""Finding carers where they show up: what carers' services do with GP practices and schools to identify them."""

from typing import ClassVar

from django.db import models

from carershub.core.models import AreaScopedModel
from carershub.organisations.models import GPPractice, School


class EngagementActivity(AreaScopedModel):
    """One piece of work with an identification partner (a GP practice or a school): a visit, staff training, an
    awareness event, a review of the practice's carers register. Commissioners count practices engaged from it."""

    class Kind(models.TextChoices):
        VISIT = "visit", "Visit"
        TRAINING = "training", "Training for staff"
        AWARENESS_EVENT = "awareness_event", "Awareness event"
        CARERS_REGISTER_REVIEW = "carers_register_review", "Carers register review"
        OTHER = "other", "Other"

    # Indexed by the partial indexes below, which lead with the partner.
    gp_practice = models.ForeignKey(
        GPPractice,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engagement_activities",
        db_index=False,
    )
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="engagement_activities", db_index=False
    )
    # The organisation that did the work (usually a commissioned carers' service).
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField()
    kind = models.CharField(max_length=30, choices=Kind.choices)
    carers_identified = models.PositiveIntegerField(default=0)
    notes = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "engagement activities"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(gp_practice__isnull=False, school__isnull=True)
                | models.Q(gp_practice__isnull=True, school__isnull=False),
                name="engagement_with_one_partner",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            # Commissioning KPIs: GP practices a provider engaged with in a period.
            models.Index(
                fields=["organisation", "occurred_on"],
                condition=models.Q(gp_practice__isnull=False),
                name="engagement_org_gp_idx",
            ),
            # The partner pages read each partner's log newest first, and the partner lists aggregate per partner.
            models.Index(
                fields=["gp_practice", "-occurred_on"],
                condition=models.Q(gp_practice__isnull=False),
                name="engagement_gp_practice_idx",
            ),
            models.Index(
                fields=["school", "-occurred_on"],
                condition=models.Q(school__isnull=False),
                name="engagement_school_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.partner} on {self.occurred_on:%d %B %Y}"

    @property
    def partner(self) -> GPPractice | School:
        """The GP practice or school this activity was with."""
        partner = self.gp_practice if self.gp_practice_id is not None else self.school
        if partner is None:
            raise ValueError("An engagement activity is with a GP practice or a school.")
        return partner
