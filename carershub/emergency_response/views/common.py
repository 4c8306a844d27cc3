"""What the emergency response pages share: the plan's needs as a responder reads them, and recording a view of a
plan."""

from django.http import Http404
from django.utils.text import capfirst

from carershub.accounts.models import Role
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.emergency_response.events import EmergencyEvent
from carershub.emergency_response.models import ContingencyPlan
from carershub.emergency_response.services.common import PLANNING_PURPOSE
from carershub.emergency_response.services.plans import PLAN_DETAIL_FIELDS


def needs_of(plan: ContingencyPlan) -> list[tuple[str, str]]:
    """The plan's "next 72 hours" sections as (label, text), in the order a responder reads them."""
    return [
        # capfirst, not str.capitalize, which would lower-case the rest ("GP" would read "Gp").
        (capfirst(str(getattr(ContingencyPlan._meta.get_field(name), "verbose_name", name))), getattr(plan, name))
        for name in PLAN_DETAIL_FIELDS
        if name != "replacement_care"
    ]


def audit_plan_view(request: AuthenticatedHttpRequest, plan: ContingencyPlan) -> None:
    """A practitioner saw the plan (its page, or a form to change it)."""
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=request.user,
        subject=plan.carer,
        area=plan.area,
        purpose=PLANNING_PURPOSE,
        detail={"contingency_plan": plan.pk},
        event=EmergencyEvent.PLAN_VIEWED,
    )


def require_responder(request: AuthenticatedHttpRequest) -> None:
    if not request.user.has_role(Role.EMERGENCY_RESPONDER):
        raise Http404
