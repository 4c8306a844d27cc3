"""What the page tests share: addresses, a page's words, the audit of views, and a recorded determination."""

import html
import re
from typing import Any

from django.urls import reverse

from carershub.accounts.models import User
from carershub.assessments.models import Assessment
from carershub.assessments.services.determination import record_determination
from carershub.assessments.tests.assessment.helpers import complete_sections, eligible_answers
from carershub.core.models import AuditEvent

REASONS = "Caring every night has left her exhausted and she has cut her hours at work."


def url(name: str, assessment: Assessment, **kwargs: Any) -> str:
    return reverse(f"assessments:{name}", kwargs={"reference": assessment.reference, **kwargs})


def page_text(content: str) -> str:
    """A page's words as a person reads them: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())


def viewed(assessment: Assessment) -> int:
    return AuditEvent.objects.filter(
        kind=AuditEvent.Kind.RECORD_VIEWED, subject_type="assessments.assessment", subject_id=str(assessment.pk)
    ).count()


def determined(assessment: Assessment, by: User) -> Assessment:
    complete_sections(assessment, by=by, answers=eligible_answers())
    return record_determination(
        assessment,
        answers={"significant_impact": "yes", "wellbeing_domains": ["health"], "reasons": REASONS},
        by=by,
    )
