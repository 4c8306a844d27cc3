"""What the support plan pages share: the casework check, audit of views, and service errors beside fields."""

from typing import Any

from django.forms import Form
from django.http import Http404

from carershub.accounts.models import Role, User
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.people.models import Person
from carershub.support_plans.events import Event


def require_team_role(request: AuthenticatedHttpRequest) -> None:
    # Casework pages: anyone else gets the same 404 as for a page that does not exist.
    if not request.user.has_role(Role.PRACTITIONER, Role.MANAGER):
        raise Http404


def record_view(user: User, event: Event, *, carer: Person, purpose: str = "", **detail: Any) -> None:
    """Audit a page that shows a carer's support (DESIGN.md: every view of person data is recorded)."""
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        subject=carer,
        area=carer.area,
        purpose=purpose or event.label,
        detail={"event": event.value, **detail},
    )


def add_errors(form: Form, errors: dict[str, str]) -> None:
    """A service's errors beside the fields they are about; any other problem goes in the error summary."""
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)


STALE_MESSAGE = (
    "Someone else changed this since you opened it, so nothing was saved. Check what they changed, then make your "
    "change again."
)
