"""Calling the public rules API at /api/v1/rules/ in tests, and reading the errors it names."""

import json
from typing import Any

from django.test import Client

PROBLEM = "application/problem+json"


def post(path: str, body: Any, *, client: Client | None = None) -> tuple[int, str, dict[str, Any]]:
    response = (client or Client()).post(f"/api/v1/rules/{path}", json.dumps(body), content_type="application/json")
    return response.status_code, response["Content-Type"], json.loads(response.content)


def error_fields(body: dict[str, Any]) -> set[str]:
    return {error["field"] for error in body["errors"]}


def eligibility_body(**changes: Any) -> dict[str, Any]:
    """A carer who cannot manage their own meals without help and is worn down by it."""
    return {
        "necessary_care": True,
        "health_at_risk": False,
        "outcomes": {"nutrition": ["without_assistance", "pain_distress_anxiety"]},
        "significant_impact_on_wellbeing": True,
    } | changes
