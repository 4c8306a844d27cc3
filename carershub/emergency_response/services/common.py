"""What every step of a plan's life shares: the refusals and locking a plan while it is changed."""

from typing import Final

from carershub.core.errors import FieldErrors
from carershub.emergency_response.models import ContingencyPlan

# The audit log's purpose column: a responder's reason is kept to its width.
PURPOSE_LENGTH: Final = 255
# Why a practitioner works with the carer's data in this app (the audit's purpose).
PLANNING_PURPOSE: Final = "contingency planning"


class PlanInvalid(FieldErrors):
    """The change to a plan, card or activation cannot be made as given: a message per field saying what to fix."""


class ActivationClosed(Exception):
    """A closed activation is a record of what happened: it cannot be changed."""


def lock_plan(plan: ContingencyPlan) -> ContingencyPlan:
    """The plan, locked for the rest of the transaction (with its carer and cared-for person)."""
    return ContingencyPlan.objects.select_for_update(of=("self",)).select_related("carer", "cared_for").get(pk=plan.pk)
