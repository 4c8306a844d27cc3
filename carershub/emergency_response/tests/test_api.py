"""GET /api/v1/emergency-cards/{number}: for the keys of the organisation that runs the area's line, with a reason
that is recorded; problem+json for everything else; never the key safe."""

import json
from typing import Any

import pytest
from django.test import Client

from carershub.core.models import AuditEvent
from carershub.emergency_response.models import EmergencyCard, EmergencyLine
from carershub.emergency_response.services.cards import FAILED_LOOKUP_LIMIT
from carershub.organisations.models import ApiKey, Organisation
from carershub.organisations.services import create_api_key

PROBLEM = "application/problem+json"


def key_for(organisation: Organisation, scope: ApiKey.Scope = ApiKey.Scope.EMERGENCY_CARDS) -> str:
    _, plain_text = create_api_key(
        organisation, name=f"{organisation.slug} {scope} system", created_by=None, scope=scope
    )
    return plain_text


def get(path: str, key: str) -> tuple[int, str, dict[str, Any]]:
    response = Client().get(path, headers={"Authorization": f"Bearer {key}"})
    return response.status_code, response["Content-Type"], json.loads(response.content)


@pytest.fixture
def line_key(line: EmergencyLine) -> str:
    return key_for(line.organisation)


def test_the_line_reads_what_to_do_now_with_a_recorded_reason(card: EmergencyCard, line_key: str) -> None:
    status, _, body = get(f"/api/v1/emergency-cards/{card.number}?reason=Call%20from%20A%26E", line_key)
    assert status == 200
    assert body["card_number"] == card.number
    assert body["card_number_formatted"] == card.formatted_number
    assert body["emergency_line_phone_number"] == "0808 157 0100"
    assert [contact["name"] for contact in body["contacts"]] == ["Contact 1", "Contact 2"]
    assert body["needs"]["medication"] == "Blister pack in the kitchen cupboard"
    assert body["replacement_care"] == "Brightwater Home Care for up to 72 hours"
    assert body["open_activation"] is False
    assert "4791" not in json.dumps(body)  # never the key safe
    event = AuditEvent.objects.get(detail__break_the_glass=True)
    assert event.kind == AuditEvent.Kind.EMERGENCY_PLAN_OPENED
    assert event.purpose == "Call from A&E"
    assert event.api_key is not None
    assert event.api_key.organisation == card.plan.area.emergency_line.organisation
    assert event.subject_id == str(card.plan.carer_id)


def test_a_reason_is_required(card: EmergencyCard, line_key: str) -> None:
    status, content_type, body = get(f"/api/v1/emergency-cards/{card.number}", line_key)
    assert (status, content_type) == (400, PROBLEM)
    assert body["errors"][0]["field"] == "reason"
    assert not AuditEvent.objects.filter(detail__break_the_glass=True).exists()


def test_an_unknown_number_is_a_404_problem_and_is_logged(card: EmergencyCard, line_key: str) -> None:
    status, content_type, body = get("/api/v1/emergency-cards/1234567897?reason=test", line_key)
    assert (status, content_type) == (404, PROBLEM)
    assert body["detail"] == "There is no active plan with this card number."
    assert AuditEvent.objects.get(detail__result="unknown").detail["card_number"] == "1234567897"


def test_a_mistyped_number_is_a_400_naming_the_number(card: EmergencyCard, line_key: str) -> None:
    wrong = card.number[:-1] + str((int(card.number[-1]) + 1) % 10)
    status, content_type, body = get(f"/api/v1/emergency-cards/{wrong}?reason=test", line_key)
    assert (status, content_type) == (400, PROBLEM)
    assert body["errors"] == [{"field": "number", "message": "Check the card number: it has a mistake in it."}]


def test_a_withdrawn_card_is_gone(card: EmergencyCard, line_key: str) -> None:
    EmergencyCard.objects.filter(pk=card.pk).update(status=EmergencyCard.Status.WITHDRAWN)
    status, _, body = get(f"/api/v1/emergency-cards/{card.number}?reason=test", line_key)
    assert status == 410
    assert "contacts" not in body


def test_keys_of_other_organisations_get_404(card: EmergencyCard, carers_centre: Organisation) -> None:
    status, content_type, _ = get(f"/api/v1/emergency-cards/{card.number}?reason=test", key_for(carers_centre))
    assert (status, content_type) == (404, PROBLEM)
    assert not AuditEvent.objects.filter(detail__break_the_glass=True).exists()


def test_a_referrals_key_of_the_lines_own_organisation_gets_404_and_nothing_is_looked_up(
    card: EmergencyCard, line: EmergencyLine
) -> None:
    referrals_key = key_for(line.organisation, ApiKey.Scope.REFERRALS)
    before = AuditEvent.objects.count()
    for _ in range(FAILED_LOOKUP_LIMIT + 1):
        status, content_type, body = get(f"/api/v1/emergency-cards/{card.number}?reason=test", referrals_key)
        assert (status, content_type, body["title"]) == (404, PROBLEM, "Not found")
        assert "contacts" not in body
    # Nothing was looked up, viewed or counted: no lookup or view event, no flag.
    assert AuditEvent.objects.count() == before
    # The line's emergency-cards key still works (the refused key did not pause anything).
    assert get(f"/api/v1/emergency-cards/{card.number}?reason=Call", key_for(line.organisation))[0] == 200


def test_no_key_is_a_401(card: EmergencyCard) -> None:
    response = Client().get(f"/api/v1/emergency-cards/{card.number}?reason=test")
    assert response.status_code == 401


def test_repeated_failures_pause_the_key(card: EmergencyCard, line_key: str) -> None:
    for _ in range(FAILED_LOOKUP_LIMIT):
        get("/api/v1/emergency-cards/1234567897?reason=test", line_key)
    status, _, _ = get(f"/api/v1/emergency-cards/{card.number}?reason=test", line_key)
    assert status == 429
    assert AuditEvent.objects.filter(detail__flagged="repeated_failed_card_lookups").count() == 1
