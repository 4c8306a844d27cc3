"""Health check and request correlation."""

import json
from unittest import mock

from django.db.utils import OperationalError
from django.test import Client


def test_healthz_answers_ok_when_the_database_answers(db: None) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_does_not(db: None) -> None:
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable", "database": "unreachable"}


def test_every_response_carries_a_request_id_and_a_sane_incoming_one_is_kept(db: None) -> None:
    generated = Client().get("/healthz")["X-Request-ID"]
    assert len(generated) == 32
    assert Client().get("/healthz", headers={"X-Request-ID": "lb-1234abcd"})["X-Request-ID"] == "lb-1234abcd"
    assert Client().get("/healthz", headers={"X-Request-ID": "<script>"})["X-Request-ID"] != "<script>"
