"""The personal budget (Care Act 2014 s.26): its total, and the second person's approval above the threshold."""

from decimal import Decimal
from typing import Final

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.support_plans.events import SupportPlanEvent
from carershub.support_plans.models import PlanNeed, SupportPlan
from carershub.support_plans.services.common import NotPermitted, bump, locked_draft, record

DEFAULT_APPROVAL_THRESHOLD: Final = Decimal("1000.00")
APPROVE_BUDGET_PERMISSION: Final = "support_plans.approve_personal_budget"


def approval_threshold() -> Decimal:
    """Personal budgets above this need a second person's approval (a deployment setting)."""
    return Decimal(str(getattr(settings, "CARERSHUB_PERSONAL_BUDGET_APPROVAL_THRESHOLD", DEFAULT_APPROVAL_THRESHOLD)))


def budget_total(plan: SupportPlan) -> Decimal:
    """The personal budget (s.26): the cost to the council of meeting the needs in the plan."""
    total = PlanNeed.objects.filter(area=plan.area_id, plan=plan).aggregate(total=Sum("cost"))["total"]
    return total if total is not None else Decimal("0.00")


def needs_budget_approval(plan: SupportPlan, total: Decimal) -> bool:
    return total > approval_threshold() and plan.budget_approved_total != total


def may_approve_budget(user: User, plan: SupportPlan) -> bool:
    """A second person with the permission: never the person who wrote the plan."""
    return user.has_perm(APPROVE_BUDGET_PERMISSION) and user.pk != plan.created_by_id


@transaction.atomic
def approve_budget(plan: SupportPlan, *, expected_version: int, by: User) -> SupportPlan:
    """Approve a draft plan's personal budget as it stands. Needed when it is above the approval threshold; changing
    a cost afterwards needs approval again."""
    plan = locked_draft(plan, expected_version)
    if not may_approve_budget(by, plan):
        raise NotPermitted("A personal budget is approved by someone with the permission who did not write the plan")
    total = budget_total(plan)
    plan.budget_approved_total = total
    plan.budget_approved_at = timezone.now()
    plan.budget_approved_by = by
    bump(plan, by, "budget_approved_total", "budget_approved_at", "budget_approved_by")
    record(
        SupportPlanEvent.BUDGET_APPROVED,
        kind=AuditEvent.Kind.RECORD_CHANGED,
        by=by,
        subject=plan,
        carer=plan.carer,
        timeline=f"Personal budget of £{total:,.2f} approved for support plan {plan.reference}",
        link=plan.get_absolute_url(),
        total=str(total),
    )
    return plan
