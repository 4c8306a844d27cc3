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
