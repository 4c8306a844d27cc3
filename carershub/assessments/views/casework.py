"""What every staff page about one assessment shares: casework roles only, the audit of each view, and a section's
answers in the words its form shows."""

from typing import Any

from django.forms import Form
from django.http import Http404

from carershub.accounts.models import Role
from carershub.assessments.events import AssessmentEvent
from carershub.assessments.models import Assessment
from carershub.assessments.sections import sections_for
from carershub.assessments.selectors.assessment import get_assessment_for_user, may_work_on, section_rows
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent

CASEWORK_ROLES = (Role.PRACTITIONER, Role.MANAGER)


def require_casework(request: AuthenticatedHttpRequest) -> None:
    """A practitioner or manager, or the same 404 as for a page that does not exist."""
    if not request.user.has_role(*CASEWORK_ROLES):
        raise Http404


def assessment_to_work_on(request: AuthenticatedHttpRequest, reference: str) -> Assessment:
    """The assessment a practitioner or manager of its organisation changes; another organisation's assessment is
    readable on its page but never changed here, so it is the same 404 as one that does not exist."""
    require_casework(request)
    assessment = get_assessment_for_user(request.user, reference)
    if not may_work_on(request.user, assessment):
        raise Http404
    return assessment


def viewed(request: AuthenticatedHttpRequest, assessment: Assessment, purpose: str) -> None:
    """Audit a page showing the assessment; `purpose` says which page, so why it was read."""
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=request.user,
        subject=assessment,
        area=assessment.area,
        purpose=purpose,
        detail={"assessment": assessment.reference, "carer": assessment.carer_id},
        event=AssessmentEvent.VIEWED,
    )


def answer_lines(form_class: type[Form], answers: dict[str, Any]) -> list[tuple[str, str]]:
    """A section's answers as (question, answer) pairs in the words the form shows."""
    form = form_class(initial=answers)
    lines = []
    for name, field in form.fields.items():
        value = answers.get(name)
        if value in (None, "", []):
            shown = "Not answered"
        else:
            choices = {str(key): str(label) for key, label in getattr(field, "choices", [])}
            if isinstance(value, list):
                shown = "; ".join(choices.get(str(item), str(item)) for item in value)
            else:
                shown = choices.get(str(value), str(value))
        lines.append((str(field.label), shown))
    return lines


def summary(assessment: Assessment) -> list[tuple[Any, list[tuple[str, str]]]]:
    """Every section of the assessment with its answers, in task list order (check answers and sign-off)."""
    rows = {row.key: row for row in section_rows(assessment)}
    return [
        (definition, answer_lines(definition.form_class, rows[definition.key].answers))
        for definition in sections_for(assessment.kind)
    ]
