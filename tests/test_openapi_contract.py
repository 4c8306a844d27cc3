"""The whole OpenAPI document, exercised: schemathesis generates requests from every operation's declared inputs
(valid and invalid) and checks each answer against what the document promises: no server error, no undeclared
status code or content type, no body that breaks its schema, and invalid input refused. Examples are bounded so
`make test` stays quick."""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Err, Ok
from schemathesis.specs.openapi.checks import positive_data_acceptance

from carershub.organisations.models import ApiKey, Organisation
from carershub.organisations.services import create_api_key

pytestmark = pytest.mark.django_db
# Per operation; bounded so the whole document is covered in well under a minute.
EXAMPLES = 8


@pytest.fixture
def api_schema(db: None) -> Iterator[schemathesis.schemas.BaseSchema]:
    # As Django's test client does: a request must not close the test's database connection (its transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(carers_centre: Organisation) -> dict[str, str]:
    _, referrals = create_api_key(carers_centre, name="contract test", created_by=None, scope=ApiKey.Scope.REFERRALS)
    return {"Authorization": f"Bearer {referrals}"}


def test_every_operation_answers_as_its_openapi_document_says(
    api_schema: schemathesis.schemas.BaseSchema, bearer: dict[str, str]
) -> None:
    failures: dict[str, str] = {}
    results = list(api_schema.get_all_operations())
    invalid = [result.err() for result in results if isinstance(result, Err)]
    assert not invalid, f"The OpenAPI document itself is invalid: {invalid}"
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) > 10  # the document was read, so the checks below are not vacuous
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def answers_as_documented(case: schemathesis.Case[Any]) -> None:
            # A request can match the schema and still be refused for a business reason (an area the caller does not
            # serve); that 400 is the documented answer, not a schema mismatch.
            # A WSGI server always gives the client's address (the rate limits count by it); the test client must too.
            case.call_and_validate(
                headers=bearer, excluded_checks=[positive_data_acceptance], environ_base={"REMOTE_ADDR": "192.0.2.10"}
            )

        try:
            answers_as_documented()
        except Exception as failure:  # collected: one run reports every operation that fails
            failures[operation.label] = str(failure)[:2000]
    assert not failures, "\n\n".join(f"{label}:\n{message}" for label, message in failures.items())
