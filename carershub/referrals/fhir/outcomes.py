"""FHIR error and success responses: OperationOutcome and application/fhir+json."""

import json
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse

from carershub.referrals.fhir.codes import FHIR_JSON


@dataclass(frozen=True)
class Issue:
    code: str  # FHIR issue-type: invalid, required, value, not-found, business-rule, not-supported
    diagnostics: str
    expression: str = ""


class FhirRequestRefused(Exception):
    """The message cannot become a referral; the issues say why and where."""

    def __init__(self, status: int, *issues: Issue) -> None:
        super().__init__(issues)
        self.status = status
        self.issues = issues


def refuse(status: int, code: str, diagnostics: str, expression: str = "") -> FhirRequestRefused:
    return FhirRequestRefused(status, Issue(code, diagnostics, expression))


def operation_outcome(status: int, issues: tuple[Issue, ...] | list[Issue]) -> HttpResponse:
    """A FHIR OperationOutcome response listing each issue with the FHIRPath of what it is about."""
    body = {
        "resourceType": "OperationOutcome",
        "issue": [
            {"severity": "error", "code": issue.code, "diagnostics": issue.diagnostics}
            | ({"expression": [issue.expression]} if issue.expression else {})
            for issue in issues
        ],
    }
    return HttpResponse(json.dumps(body), status=status, content_type=FHIR_JSON)


def fhir_response(resource: dict[str, Any], status: int) -> HttpResponse:
    return HttpResponse(json.dumps(resource), status=status, content_type=FHIR_JSON)
