"""The OCDS 1.1.5 release package validates against the official schemas (tests/schemas/ocds-1.1.5) and uses
only values from the closed codelists."""

import csv
import json
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, cast

import pytest
from jsonschema import Draft4Validator  # type: ignore[import-untyped]  # no stubs installed
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.commissioning.models import Contract
from carershub.commissioning.ocds import PROCUREMENT_METHOD, TENDER_STATUS, as_json, release_package
from carershub.commissioning.tests.factories import (
    ContractFactory,
    ContractPartnerFactory,
    FundingContributionFactory,
    LotFactory,
)
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import OrganisationFactory
from carershub.referrals.models import Cohort

pytestmark = pytest.mark.django_db

# The official schema and codelists, vendored as test data (tests/schemas/README.md).
SCHEMAS = Path(__file__).resolve().parents[3] / "tests" / "schemas" / "ocds-1.1.5"


@cache
def validator() -> Draft4Validator:
    package = json.loads((SCHEMAS / "release-package-schema.json").read_text())
    release = json.loads((SCHEMAS / "release-schema.json").read_text())
    registry: Registry[Any] = Registry().with_resources(
        [
            (package["id"], Resource.from_contents(package, default_specification=DRAFT4)),
            (release["id"], Resource.from_contents(release, default_specification=DRAFT4)),
        ]
    )
    return Draft4Validator(package, registry=registry)


@cache
def codelist(name: str) -> frozenset[str]:
    with (SCHEMAS / "codelists" / f"{name}.csv").open(newline="") as rows:
        return frozenset(row["Code"] for row in csv.DictReader(rows))


def package_for(contract: Contract) -> dict[str, Any]:
    return release_package(
        contract,
        uri=f"https://carers-hub.example/commissioning/contracts/{contract.reference}/ocds.json",
        published=datetime(2025, 6, 1, 9, tzinfo=UTC),
    )


def release_schema() -> dict[str, Any]:
    return cast(dict[str, Any], json.loads((SCHEMAS / "release-schema.json").read_text()))


def closed_codelist_problems(package: dict[str, Any]) -> list[str]:
    """Every value of a field the release schema marks with a closed codelist (`codelist` with `openCodelist`
    false), found by walking each release along the schema, that is not in that codelist."""
    schema = release_schema()

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = schema["definitions"][node["$ref"].removeprefix("#/definitions/")]
        return node

    def walk(instance: Any, node: dict[str, Any]) -> list[str]:
        node = resolve(node)
        if "codelist" in node and node.get("openCodelist") is False:
            name = node["codelist"].removesuffix(".csv")
            values = instance if isinstance(instance, list) else [instance]
            return [f"{value} not in {name}" for value in values if value is not None and value not in codelist(name)]
        if isinstance(instance, dict):
            properties = node.get("properties", {})
            return [
                problem
                for key, value in instance.items()
                if key in properties
                for problem in walk(value, properties[key])
            ]
        if isinstance(instance, list) and "items" in node:
            return [problem for item in instance for problem in walk(item, node["items"])]
        return []

    return [problem for release in package["releases"] for problem in walk(release, schema)]


@pytest.fixture
def joint_contract(home_area: Area, council: Organisation, carers_centre: Organisation) -> Contract:
    """Like South Tees: two councils and the ICB, two lots with different providers."""
    young_carers = OrganisationFactory.create(name="Young Carers Trust", areas=[home_area])
    icb = OrganisationFactory.create(name="The ICB", kind=Organisation.Kind.ICB, areas=[home_area])
    contract = ContractFactory.create(
        reference="TEES-1",
        commissioner=council,
        areas=[home_area],
        annual_value=Decimal("800000.00"),
        extension_years=[1, 1],
    )
    ContractPartnerFactory.create(contract=contract, organisation=council, role="lead")
    ContractPartnerFactory.create(contract=contract, role="partner")
    LotFactory.create(contract=contract, number=1, provider=carers_centre, cohorts=[Cohort.ADULT])
    LotFactory.create(
        contract=contract, number=2, provider=young_carers, cohorts=[Cohort.YOUNG], annual_value=Decimal(200000)
    )
    FundingContributionFactory.create(contract=contract, funder=council, amount=Decimal("700000.00"))
    FundingContributionFactory.create(contract=contract, funder=icb, amount=Decimal("100000.00"))
    return contract


def test_a_live_joint_contract_validates_with_awards_contracts_and_extension_dates(joint_contract: Contract) -> None:
    package = package_for(joint_contract)

    assert sorted(error.message for error in validator().iter_errors(package)) == []
    assert closed_codelist_problems(package) == []
    release = package["releases"][0]
    assert release["ocid"] == joint_contract.ocid
    assert release["tag"] == ["tender", "award", "contract"]
    assert release["buyer"]["name"] == "Home Council"
    assert [award["suppliers"][0]["name"] for award in release["awards"]] == [
        "Home Carers Centre",
        "Young Carers Trust",
    ]
    period = release["contracts"][0]["period"]
    assert (period["startDate"][:10], period["endDate"][:10], period["maxExtentDate"][:10]) == (
        "2025-04-01",
        "2028-03-31",
        "2030-03-31",
    )
    assert release["contracts"][0]["value"] == {"amount": Decimal("2400000.00"), "currency": "GBP"}
    assert release["contracts"][1]["value"] == {"amount": Decimal("600000.00"), "currency": "GBP"}  # lot 2's share
    roles = {party["name"]: party["roles"] for party in release["parties"]}
    assert roles["Home Council"] == ["buyer", "procuringEntity", "funder"]
    assert roles["The ICB"] == ["funder"]
    assert roles["Young Carers Trust"] == ["supplier"]


@pytest.mark.parametrize("status", list(Contract.Status))
@pytest.mark.parametrize("route", list(Contract.Route))
def test_every_status_and_route_validates(status: str, route: str, council: Organisation, home_area: Area) -> None:
    contract = ContractFactory.create(status=status, route=route, commissioner=council, areas=[home_area])
    LotFactory.create(contract=contract)

    package = package_for(contract)

    assert list(validator().iter_errors(package)) == []
    assert closed_codelist_problems(package) == []


def test_the_mappings_use_only_closed_codelist_values() -> None:
    assert set(PROCUREMENT_METHOD.values()) <= codelist("method")
    assert set(TENDER_STATUS.values()) <= codelist("tenderStatus")
    assert set(PROCUREMENT_METHOD) == set(Contract.Route.values)
    assert set(TENDER_STATUS) == set(Contract.Status.values)


def test_the_validator_would_catch_a_broken_package(joint_contract: Contract) -> None:
    package = package_for(joint_contract)
    del package["publisher"]
    package["releases"][0]["tender"]["status"] = "ongoing"

    assert list(validator().iter_errors(package))
    assert closed_codelist_problems(package) == ["ongoing not in tenderStatus"]


def test_the_codelist_walk_reaches_nested_and_listed_fields_through_the_schema(joint_contract: Contract) -> None:
    package = package_for(joint_contract)
    release = package["releases"][0]
    release["tag"].append("tenderAdjusted")
    release["awards"][1]["status"] = "won"
    release["contracts"][0]["value"] = {"amount": Decimal("1.00"), "currency": "ZZZ"}

    assert sorted(closed_codelist_problems(package)) == [
        "ZZZ not in currency",
        "tenderAdjusted not in releaseTag",
        "won not in awardStatus",
    ]


def test_the_download_validates_and_writes_amounts_to_the_penny(
    joint_contract: Contract, sign_in: SignIn, commissioner: User
) -> None:
    response = sign_in(commissioner).get(f"/commissioning/contracts/{joint_contract.reference}/ocds.json")
    assert response.status_code == 200
    package = json.loads(response.content, parse_float=Decimal)

    assert sorted(error.message for error in validator().iter_errors(package)) == []
    assert closed_codelist_problems(package) == []
    assert package["releases"][0]["contracts"][0]["value"]["amount"] == Decimal("2400000.00")
    assert b'"amount": 2400000.00,' in response.content  # a JSON number, exactly as the contract's value


def test_the_json_writer_refuses_floats_and_writes_decimals_exactly() -> None:
    assert as_json({"amount": Decimal("0.10"), "items": [], "name": "Café"}) == (
        '{\n  "amount": 0.10,\n  "items": [],\n  "name": "Caf\\u00e9"\n}'
    )
    with pytest.raises(TypeError):
        as_json({"amount": 0.1})


@pytest.mark.parametrize(
    ("route", "method"),
    [
        (Contract.Route.OPEN, "open"),
        (Contract.Route.COMPETITIVE_FLEXIBLE, "selective"),
        (Contract.Route.DIRECT_AWARD, "direct"),
    ],
)
def test_a_light_touch_contract_is_exported_with_its_procedures_method_and_its_regime_in_the_details(
    route: str, method: str, council: Organisation, home_area: Area
) -> None:
    # Procurement Act 2023: light touch is a kind of contract (s.9), not a procedure; the procedures are open and
    # competitive flexible (s.20) and direct award (ss.41-43). Seed 000 tendered "through an open and competitive
    # process", so a light-touch contract tendered openly is "open" in OCDS, not "selective".
    contract = ContractFactory.create(
        route=route, regime=Contract.Regime.PA_2023, light_touch=True, commissioner=council, areas=[home_area]
    )

    tender = package_for(contract)["releases"][0]["tender"]

    assert tender["procurementMethod"] == method
    assert tender["procurementMethodDetails"] == (
        f"{Contract.Route(route).label} under the Procurement Act 2023; light-touch contract"
    )


def test_light_touch_is_not_a_procedure() -> None:
    assert "light_touch" not in Contract.Route.values
