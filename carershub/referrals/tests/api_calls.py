"""Calling the referrals API as an organisation's system would, and the request bodies the tests send."""

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client

from carershub.organisations.models import Organisation
from carershub.organisations.services import create_api_key
from carershub.people.tests.factories import born_years_ago

PROBLEM = "application/problem+json"
as_json = DjangoJSONEncoder().default
CARER_NHS_NUMBER = "9434765919"


def key_for(organisation: Organisation) -> str:
    _, plain_text = create_api_key(organisation, name=f"{organisation.slug} system", created_by=None)
    return plain_text


def post(body: Any, key: str, *, idempotency_key: str = "") -> tuple[int, str, dict[str, Any]]:
    headers = {"Authorization": f"Bearer {key}"}
    if idempotency_key:
        headers["Idempotency-Key"] = idempotency_key
    response = Client().post("/api/v1/referrals", json.dumps(body), content_type="application/json", headers=headers)
    return response.status_code, response["Content-Type"], json.loads(response.content)


def get(path: str, key: str) -> tuple[int, str, dict[str, Any]]:
    response = Client().get(path, headers={"Authorization": f"Bearer {key}"})
    return response.status_code, response["Content-Type"], json.loads(response.content)


def referral_body(**changes: Any) -> dict[str, Any]:
    """A council social worker refers a woman of 66 caring for her husband after his stroke."""
    body: dict[str, Any] = {
        "area": "home-area",
        "source": "social_worker",
        "carer": {
            "given_name": "Joy",
            "family_name": "Smith",
            "date_of_birth": born_years_ago(66).isoformat(),
            "nhs_number": CARER_NHS_NUMBER,
            "contact": {"phone": "07700 900982", "postcode": "MV1 2AB"},
        },
        "cared_for": {
            "given_name": "Arthur",
            "family_name": "Smith",
            "date_of_birth": born_years_ago(70).isoformat(),
            "relationship": "spouse_or_partner",
            "conditions": ["physical_disability"],
        },
        "reason": "Caring for her husband since his stroke and not sleeping.",
        "urgency": "soon",
        "consent_given_by": "self",
        "contact_channels": ["phone"],
        "referrer": {"name": "Sam Patel", "role": "Social worker", "email": "sam.patel@council.example"},
    }
    return body | changes


def child_carer_body() -> dict[str, Any]:
    return referral_body(
        carer={
            "given_name": "Kai",
            "family_name": "Reid",
            "date_of_birth": born_years_ago(12).isoformat(),
            "contact": {"address_line_1": "4 Mill Lane", "postcode": "MV1 4AB"},
        },
        cared_for={
            "given_name": "Lisa",
            "family_name": "Reid",
            "date_of_birth": born_years_ago(41).isoformat(),
            "relationship": "parent",
        },
        consent_given_by="parent_or_guardian",
        consent_given_by_name="Lisa Reid",
        consent_given_by_relationship="Mother",
    )
