"""The fund's awards as 360Giving 1.4.3 data validate against the official schemas (tests/schemas/360giving-1.4.3),
at a stable public address and as a download, with nothing personal in them."""

import json
import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]  # no stubs installed
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from carershub.accounts.models import User
from carershub.grants.models import FundingRound
from carershub.grants.services.applications import check_application_eligibility
from carershub.grants.services.awards import decide_application, record_payment
from carershub.grants.services.panel import declare_interest, score_application
from carershub.grants.tests.factories import application_in, fund_of, open_round, seat
from carershub.organisations.models import Area, Organisation

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[3] / "tests" / "schemas" / "360giving-1.4.3"
# The 1.4.3 package schema names the grant schema by its 1.4.2 address; both resolve to the vendored 1.4.3 schema.
GRANT_SCHEMA_ADDRESSES = (
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json",
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-schema.json",
)


# RFC 3339 date-time (jsonschema's own check needs the rfc3339-validator package, which is not installed). The
# schema's dates are "oneOf" a date pattern or this format, so without the check a plain date would match both.
RFC3339_DATE_TIME = re.compile(
    r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$"
)


def is_date_time(instance: object) -> bool:
    return not isinstance(instance, str) or bool(RFC3339_DATE_TIME.match(instance))


formats = FormatChecker()
formats.checks("date-time")(is_date_time)


@cache
def validator() -> Draft202012Validator:
    package = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text())
    # The schemas declare their dialect as "http://json-schema.org/draft/2020-12/schema" (http, not https), which
    # the referencing library does not recognise; they are 2020-12 schemas, so they are read as such.
    grant = DRAFT202012.create_resource(json.loads((SCHEMAS / "360-giving-schema.json").read_text()))
    registry: Registry[Any] = Registry().with_resources([(address, grant) for address in GRANT_SCHEMA_ADDRESSES])
    return Draft202012Validator(package, registry=registry, format_checker=formats)


@pytest.fixture
def awarded(carers_centre: Organisation, home_area: Area, manager: User, practitioner: User) -> FundingRound:
    funding_round = open_round(fund_of(carers_centre, home_area))
    seat(funding_round, manager, moderator=True)
    seat(funding_round, practitioner)
    for charity, company, amount in (("1123456", "", "700.50"), ("", "", "400")):
        application = check_application_eligibility(
            application_in(funding_round, charity_number=charity, company_number=company, contact_name="Jan Smith"),
            by=manager,
        )
        for member in (manager, practitioner):
            declare_interest(application, by=member, has_conflict=False)
            score_application(application, by=member, scores={c.pk: 4 for c in funding_round.scoring_criteria.all()})
        award = decide_application(application, by=manager, award=True, amount=Decimal(amount), reasons="Good").award
        assert award is not None
        record_payment(award, by=manager, amount=Decimal(100), paid_on=award.awarded_on)
    return funding_round


def test_the_package_validates_against_the_official_schema(awarded: FundingRound) -> None:
    response = Client().get(reverse("grants_public:360giving", args=["community-carers-fund"]))
    package = response.json()

    errors = sorted(validator().iter_errors(package), key=lambda error: list(error.path))
    assert [error.message for error in errors] == []
    assert response["Content-Type"] == "application/json"
    grants = {grant["id"]: grant for grant in package["grants"]}
    # Application references are R<round>-<number>: the round's id differs between databases.
    prefix = f"360G-carershubtest-R{awarded.pk}"
    assert set(grants) == {f"{prefix}-0001", f"{prefix}-0002"}
    first = grants[f"{prefix}-0001"]
    assert first["amountAwarded"] == 700.5
    assert first["amountDisbursed"] == 100
    assert first["recipientOrganization"][0]["id"] == "GB-CHC-1123456"
    assert grants[f"{prefix}-0002"]["recipientOrganization"][0]["id"] == f"360G-carershubtest-ORG-R{awarded.pk}-0002"


def test_nothing_personal_is_published(awarded: FundingRound) -> None:
    body = Client().get(reverse("grants_public:360giving", args=["community-carers-fund"])).content.decode()

    assert "Jan Smith" not in body
    assert "jan@hillside.example" not in body
    assert "MV1 2AB" not in body


def test_the_download_is_a_file_at_the_same_address(awarded: FundingRound) -> None:
    response = Client().get(reverse("grants_public:360giving", args=["community-carers-fund"]) + "?download")

    assert response["Content-Disposition"] == 'attachment; filename="community-carers-fund-360giving.json"'
    assert validator().is_valid(response.json())
    assert not validator().is_valid({"grants": [{"id": "360G-x-1", "title": "Missing the rest"}]})


def test_the_file_takes_the_same_queries_however_many_awards(
    awarded: FundingRound, manager: User, practitioner: User
) -> None:
    url = reverse("grants_public:360giving", args=["community-carers-fund"])
    client = Client()
    client.get(url)
    with CaptureQueriesContext(connection) as two_awards:
        client.get(url)
    application = check_application_eligibility(application_in(awarded), by=manager)
    for member in (manager, practitioner):
        declare_interest(application, by=member, has_conflict=False)
        score_application(application, by=member, scores={c.pk: 3 for c in awarded.scoring_criteria.all()})
    decide_application(application, by=manager, award=True, amount=Decimal(300), reasons="Good")
    with CaptureQueriesContext(connection) as three_awards:
        client.get(url)

    assert len(three_awards) == len(two_awards)
