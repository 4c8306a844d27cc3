"""Who in an organisation works with a carer: allocations of a carer's case to a worker."""

from typing import ClassVar

from django.conf import settings
from django.db import models

from carershub.core.models import AreaScopedModel


class Allocation(AreaScopedModel):
    """A carer's case with an organisation, allocated to one of its workers. Reallocating ends the current one and
    starts another, so who held the case when stays on record."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="allocations")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations")
    allocated_at = models.DateTimeField()
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["person", "organisation"],
                condition=models.Q(ended_at__isnull=True),
                name="one_current_allocation_per_organisation",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            # "My work": a worker's current carers.
            models.Index(fields=["worker"], condition=models.Q(ended_at__isnull=True), name="allocation_worker_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} allocated to {self.worker}"


class CaseClosure(AreaScopedModel):
    """An organisation closing its case with a carer: the open-case involvement it ended and why. Closing keeps the
    history (the involvement, allocations and timeline stay); a manager reopening it opens a new involvement and
    marks this closure reopened, so each closed spell stays on record."""

    class Reason(models.TextChoices):
        NEEDS_MET = "needs_met", "Support complete: the carer's needs are met"
        NO_LONGER_CARING = "no_longer_caring", "No longer caring"
        DECLINED = "declined", "The carer declined further support"
        NO_CONTACT = "no_contact", "Could not make contact with the carer"
        MOVED_AWAY = "moved_away", "Moved out of the area"
        CARER_DIED = "carer_died", "The carer has died"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="case_closures")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    involvement = models.ForeignKey("people.Involvement", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.TextField(blank=True)
    closed_at = models.DateTimeField()
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["person", "organisation"],
                condition=models.Q(reopened_at__isnull=True),
                name="one_closure_not_reopened_per_organisation",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            # A manager's list of the organisation's recently closed cases.
            models.Index(
                fields=["organisation", "closed_at"],
                condition=models.Q(reopened_at__isnull=True),
                name="case_closure_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} closed its case with {self.person}"
