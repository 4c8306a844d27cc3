"""What the support plan pages share: the casework check and the audit of views."""

from typing import Any, Final

from django.http import Http404

from carershub.accounts.models import Role, User
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.people.models import Person
from carershub.support_plans.events import SupportPlanEvent

# Why each page opened the carer's record: the audit trail's purpose (the event says which page it was).
_PURPOSE_OF_VIEW: Final = {
    SupportPlanEvent.PLAN_VIEWED: "support planning",
    SupportPlanEvent.PLAN_COPY_GIVEN: "giving the carer a copy of their support plan",
    SupportPlanEvent.BREAK_VIEWED: "arranging a short break",
}


def require_team_role(request: AuthenticatedHttpRequest) -> None:
    # Casework pages: anyone else gets the same 404 as for a page that does not exist.
    if not request.user.has_role(Role.PRACTITIONER, Role.MANAGER):
        raise Http404


def record_view(user: User, event: SupportPlanEvent, *, carer: Person, **detail: Any) -> None:
    """Audit a page that shows a carer's support (DESIGN.md: every view of person data is recorded)."""
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        subject=carer,
        area=carer.area,
        purpose=_PURPOSE_OF_VIEW[event],
        detail=detail,
        event=event,
    )


STALE_MESSAGE = (
    "Someone else changed this since you opened it, so nothing was saved. Check what they changed, then make your "
    "change again."
)
