"""Who in an organisation works with a carer: allocations of a carer's case to a worker, closures of the case, and
the tasks the carer's worker has to do."""

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from carershub.core.models import AreaScopedModel, ReferenceData


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


class CaseClosureReason(ReferenceData):
    """Why a carer's case closed. Councils word and offer these differently and no statute or return fixes the list,
    so it is the council's own (docs/code-lists.md, ADR 0010); `code` never changes."""

    code = models.SlugField(unique=True)

    class Meta(ReferenceData.Meta):
        verbose_name = "reason for closing a case"
        verbose_name_plural = "reasons for closing a case"


class CaseClosure(AreaScopedModel):
    """An organisation closing its case with a carer: the open-case involvement it ended and why. Closing keeps the
    history (the involvement, allocations and timeline stay); a manager reopening it opens a new involvement and
    marks this closure reopened, so each closed spell stays on record."""

    class Reason(models.TextChoices):
        """The codes of the six reasons every council was given (seeded by migration 0006); a council renames,
        reorders, switches off or adds entries in CaseClosureReason. No code drives behaviour today."""

        NEEDS_MET = "needs_met", "Support complete: the carer's needs are met"
        NO_LONGER_CARING = "no_longer_caring", "No longer caring"
        DECLINED = "declined", "The carer declined further support"
        NO_CONTACT = "no_contact", "Could not make contact with the carer"
        MOVED_AWAY = "moved_away", "Moved out of the area"
        CARER_DIED = "carer_died", "The carer has died"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="case_closures")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    involvement = models.ForeignKey("people.Involvement", on_delete=models.PROTECT, related_name="+")
    # The entry by its code (the column keeps its name and values): renaming an entry never rewrites a closure.
    reason = models.ForeignKey(
        "caseloads.CaseClosureReason", on_delete=models.PROTECT, to_field="code", db_column="reason", related_name="+"
    )
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


class Task(AreaScopedModel):
    """Something an organisation's worker has to do for a carer, and where that came from: the worker allocated the
    carer's case when it was made, or the organisation's team (nobody: `worker` is empty) when nobody was. Done once,
    with who did it and a short note; a done task stays on record."""

    class Kind(models.TextChoices):
        OFFER_CARERS_ASSESSMENT = "offer_carers_assessment", "Offer a carer's assessment"
        REVIEW_PLANS = "review_plans", "Review the support and contingency plan"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="tasks")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    text = models.TextField()
    due_on = models.DateField()
    # Where the task came from. The emergency line's activations are the one source so far.
    activation = models.ForeignKey(
        "emergency_response.Activation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_note = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(done_at__isnull=True, done_by__isnull=True)
                | models.Q(done_at__isnull=False, done_by__isnull=False),
                name="task_done_by_someone",
            ),
            # An activation's follow-up gives each organisation one task of each kind, however it is announced.
            models.UniqueConstraint(
                fields=["activation", "organisation", "kind"], name="one_task_per_activation_organisation_and_kind"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            # "My work": the worker's open tasks, soonest due first.
            models.Index(
                fields=["worker", "due_on"], condition=models.Q(done_at__isnull=True), name="task_open_worker_idx"
            ),
            # The team view: the organisation's open tasks nobody has, and its overdue ones, soonest due first.
            models.Index(
                fields=["organisation", "due_on"], condition=models.Q(done_at__isnull=True), name="task_open_team_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.person}"

    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, today: date) -> bool:
        return self.done_at is None and self.due_on < today

    def source_url(self) -> str:
        """Where the task came from, as its worker can see it: an activation is listed on its contingency plan (the
        activation's own screen is the emergency line's)."""
        if self.activation is None:
            return ""
        return reverse("emergency_response:plan", args=[self.activation.plan_id])
