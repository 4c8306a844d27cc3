"""The JSON API: organisation API keys, problem+json errors, OpenAPI."""

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from carershub.core.models import AuditEvent
from carershub.organisations.models import ApiKey, Area, Organisation
from carershub.organisations.services import create_api_key, revoke_api_key
from carershub.organisations.tests.factories import GPPracticeFactory

PROBLEM = "application/problem+json"


@pytest.fixture
def key(carers_centre: Organisation) -> str:
    _, plain_text = create_api_key(carers_centre, name="case system", created_by=None)
    return plain_text


def get(path: str, key: str | None = None) -> tuple[int, str, dict[str, Any]]:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = Client().get(path, headers=headers)
    return response.status_code, response["Content-Type"], json.loads(response.content)


def test_create_api_key_command_prints_the_key_once_and_stores_only_a_digest(carers_centre: Organisation) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_key", organisation=carers_centre.slug, name="call centre", stdout=out, stderr=err)
    plain_text = out.getvalue().strip()

    api_key = ApiKey.objects.get()
    assert plain_text.startswith(f"chk_{api_key.prefix}_")
    secret = plain_text.split("_", 2)[2]
    assert secret not in api_key.secret_hash
    assert len(api_key.secret_hash) == 64
    assert "will not be shown again" in err.getvalue()
    created = AuditEvent.objects.get(kind=AuditEvent.Kind.API_KEY_CREATED)
    assert (created.subject_id, created.event) == (str(api_key.pk), "organisations.api_key_created")
    assert get("/api/v1/organisation", plain_text)[0] == 200


def test_create_api_key_command_makes_a_referrals_key_unless_told_otherwise(carers_centre: Organisation) -> None:
    referrals_err, emergency_err = io.StringIO(), io.StringIO()
    call_command(
        "create_api_key", organisation=carers_centre.slug, name="a", stdout=io.StringIO(), stderr=referrals_err
    )
    call_command(
        "create_api_key",
        organisation=carers_centre.slug,
        name="b",
        scope="emergency-cards",
        stdout=io.StringIO(),
        stderr=emergency_err,
    )
    assert dict(ApiKey.objects.values_list("name", "scope")) == {"a": "referrals", "b": "emergency_cards"}
    assert "scope Referrals" in referrals_err.getvalue()
    assert "scope Emergency cards" in emergency_err.getvalue()
    created = AuditEvent.objects.filter(kind=AuditEvent.Kind.API_KEY_CREATED).order_by("id")
    assert [event.detail["scope"] for event in created] == ["referrals", "emergency_cards"]


def test_create_api_key_command_refuses_an_unknown_scope(carers_centre: Organisation) -> None:
    with pytest.raises(CommandError, match="invalid choice: 'everything'"):
        call_command("create_api_key", "--scope", "everything", organisation=carers_centre.slug, name="x")
    assert not ApiKey.objects.exists()


@pytest.mark.parametrize(
    "path",
    ["/api/v1/referrals", "/api/v1/referrals/REF-NONE", "/api/v1/gp-practices?area=home-area"],
    ids=["referrals_list", "referral", "gp_practices"],
)
def test_an_emergency_cards_key_gets_404_from_the_referral_apis(
    carers_centre: Organisation, home_area: Area, path: str
) -> None:
    _, emergency_key = create_api_key(
        carers_centre, name="call centre", created_by=None, scope=ApiKey.Scope.EMERGENCY_CARDS
    )
    before = AuditEvent.objects.count()
    status, content_type, body = get(path, emergency_key)
    assert (status, content_type, body["title"]) == (404, PROBLEM, "Not found")
    assert AuditEvent.objects.count() == before  # nothing was read, so no view is recorded


def test_an_emergency_cards_key_cannot_send_a_fhir_service_request(carers_centre: Organisation) -> None:
    _, emergency_key = create_api_key(
        carers_centre, name="call centre", created_by=None, scope=ApiKey.Scope.EMERGENCY_CARDS
    )
    response = Client().post(
        "/api/v1/fhir/ServiceRequest",
        data={"resourceType": "ServiceRequest"},
        content_type="application/fhir+json",
        headers={"Authorization": f"Bearer {emergency_key}"},
    )
    assert response.status_code == 404
    assert not AuditEvent.objects.exclude(kind=AuditEvent.Kind.API_KEY_CREATED).exists()


def test_a_key_of_any_scope_can_ask_which_organisation_it_belongs_to(carers_centre: Organisation) -> None:
    _, emergency_key = create_api_key(
        carers_centre, name="call centre", created_by=None, scope=ApiKey.Scope.EMERGENCY_CARDS
    )
    status, _, body = get("/api/v1/organisation", emergency_key)
    assert (status, body["slug"]) == (200, "home-carers-centre")


def test_create_api_key_command_names_an_unknown_organisation(db: None) -> None:
    with pytest.raises(CommandError, match="No active organisation has the slug 'nobody'"):
        call_command("create_api_key", organisation="nobody", name="x", stdout=io.StringIO())
    assert not ApiKey.objects.exists()


def test_a_key_answers_for_its_own_organisation(key: str, carers_centre: Organisation, home_area: Area) -> None:
    status, _, body = get("/api/v1/organisation", key)
    assert status == 200
    assert body == {
        "name": "Home Carers Centre",
        "slug": "home-carers-centre",
        "kind": "provider",
        "ods_code": "",
        "areas": [{"name": "Home Area", "slug": "home-area", "ons_code": home_area.ons_code}],
    }


@pytest.mark.parametrize(
    "presented",
    ["", "chk_wrongprefix_secret", "not-a-key"],
    ids=["no_key", "unknown_key", "malformed_key"],
)
def test_requests_without_a_live_key_get_a_401_problem(key: str, presented: str) -> None:
    status, content_type, body = get("/api/v1/organisation", presented or None)
    assert (status, content_type) == (401, PROBLEM)
    assert body["title"] == "An API key is required"
    assert body["status"] == 401


def test_a_key_with_the_wrong_secret_is_refused(key: str) -> None:
    label, prefix, _secret = key.split("_", 2)
    tampered = f"{label}_{prefix}_{'x' * 43}"
    assert get("/api/v1/organisation", tampered)[0] == 401


def test_a_revoked_key_stops_working_at_once(key: str) -> None:
    revoke_api_key(ApiKey.objects.get(), revoked_by=None)
    assert get("/api/v1/organisation", key)[0] == 401
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.API_KEY_REVOKED).event == "organisations.api_key_revoked"


def test_a_key_of_a_deactivated_organisation_is_refused(key: str, carers_centre: Organisation) -> None:
    carers_centre.is_active = False
    carers_centre.save(update_fields=["is_active"])
    assert get("/api/v1/organisation", key)[0] == 401


def test_gp_practices_are_listed_for_the_keys_own_area(key: str, home_area: Area, neighbour_area: Area) -> None:
    GPPracticeFactory.create(area=home_area, name="B Surgery", ods_code="B00001", postcode="MV1 2AB")
    GPPracticeFactory.create(area=home_area, name="A Surgery", ods_code="A00001", postcode="MV1 3CD")
    GPPracticeFactory.create(area=neighbour_area, name="Elsewhere", ods_code="C00001")

    status, _, body = get("/api/v1/gp-practices?area=home-area&page_size=1", key)

    assert status == 200
    assert body == {
        "total_items": 2,
        "page": 1,
        "page_size": 1,
        "items": [{"ods_code": "A00001", "name": "A Surgery", "postcode": "MV1 3CD"}],
    }


def test_another_areas_practices_are_a_404_problem(key: str, neighbour_area: Area) -> None:
    status, content_type, body = get("/api/v1/gp-practices?area=neighbour-area", key)
    assert (status, content_type, body["title"]) == (404, PROBLEM, "Not found")


@pytest.mark.parametrize(
    ("query", "field"),
    [("area=home-area&page=first", "page"), ("area=home-area&page=0", "page"), ("page=1", "area")],
    ids=["wrong_type", "out_of_range", "missing"],
)
def test_bad_parameters_are_a_400_problem_naming_the_field(key: str, query: str, field: str) -> None:
    status, content_type, body = get(f"/api/v1/gp-practices?{query}", key)
    assert (status, content_type) == (400, PROBLEM)
    assert [error["field"] for error in body["errors"]] == [field]
    assert field in str(body["detail"])


def test_openapi_document_describes_the_api(db: None) -> None:
    status, _, body = get("/api/openapi.json")
    assert status == 200
    assert body["info"]["title"] == "Carers Hub API"
    assert {"/api/v1/organisation", "/api/v1/gp-practices"} <= set(body["paths"])
