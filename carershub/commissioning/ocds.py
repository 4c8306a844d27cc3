"""A contract as an Open Contracting Data Standard 1.1.5 release package (open data).

One release per contract, tagged with the stages it has reached, built from the contract's facts: the tender
(status from the contract's life cycle, procurementMethod from its route), one award per lot to the lot's
provider, one contract per award with its period (the current term, and `maxExtentDate` the latest end if every
extension option is taken) and value (the initial term's value), and the parties with roles from the closed
partyRole codelist. Aggregates and organisations only: nothing about any carer.

Tests validate the package against the official schemas (vendored in tests/schemas/ocds-1.1.5) and closed codelists.
"""

import json
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Final

from django.utils import timezone

from carershub.commissioning.models import Contract, ContractPartner, Lot
from carershub.commissioning.selectors.contracts import varied_terms
from carershub.organisations.models import Organisation

OCDS_VERSION: Final = "1.1"
CURRENCY: Final = "GBP"

# Procedure -> OCDS `method` (closed codelist: open, selective, limited, direct). The regime (light touch or not)
# goes in procurementMethodDetails, never in the method: a light-touch contract tendered openly is "open".
PROCUREMENT_METHOD: Final[dict[str, str]] = {
    Contract.Route.OPEN: "open",
    Contract.Route.RESTRICTED: "selective",
    # A procedure the authority designs (Procurement Act 2023 s.20(2)(b)), usually with conditions of participation
    # that only qualified suppliers pass to the tender stage.
    Contract.Route.COMPETITIVE_FLEXIBLE: "selective",
    Contract.Route.DIRECT_AWARD: "direct",
    Contract.Route.FRAMEWORK_CALL_OFF: "limited",
    Contract.Route.GRANT: "direct",
}
METHOD_DETAILS: Final[dict[str, str]] = {
    Contract.Regime.PCR_2015: "Public Contracts Regulations 2015",
    Contract.Regime.PA_2023: "Procurement Act 2023",
    Contract.Regime.GRANT: "Grant agreement",
}
# Status -> tenderStatus (closed: planning, planned, active, cancelled, unsuccessful, complete, withdrawn).
TENDER_STATUS: Final[dict[str, str]] = {
    Contract.Status.PLANNED: "planned",
    Contract.Status.TENDERING: "active",
    Contract.Status.AWARDED: "complete",
    Contract.Status.MOBILISING: "complete",
    Contract.Status.LIVE: "complete",
    Contract.Status.EXTENDED: "complete",
    Contract.Status.ENDED: "complete",
}
# Status -> awardStatus and contractStatus (closed: pending, active, cancelled, unsuccessful / terminated).
AWARD_STATUS: Final[dict[str, str]] = {
    Contract.Status.AWARDED: "active",
    Contract.Status.MOBILISING: "active",
    Contract.Status.LIVE: "active",
    Contract.Status.EXTENDED: "active",
    Contract.Status.ENDED: "active",
}
CONTRACT_STATUS: Final[dict[str, str]] = {
    Contract.Status.AWARDED: "pending",
    Contract.Status.MOBILISING: "pending",
    Contract.Status.LIVE: "active",
    Contract.Status.EXTENDED: "active",
    Contract.Status.ENDED: "terminated",
}
PARTNER_ROLES: Final[dict[str, list[str]]] = {
    ContractPartner.Role.LEAD: ["buyer", "procuringEntity"],
    ContractPartner.Role.PARTNER: ["buyer"],
    ContractPartner.Role.FUNDER: ["funder"],
}
_AWARDED: Final = frozenset(AWARD_STATUS)


def _money(amount: Decimal) -> dict[str, Any]:
    # OCDS values are JSON numbers: the amount stays a Decimal, written to the penny by `as_json` (never a float).
    return {"amount": amount.quantize(Decimal("0.01")), "currency": CURRENCY}


def _datetime(day: date) -> str:
    return timezone.make_aware(datetime.combine(day, time.min)).isoformat()


def _party_id(organisation: Organisation) -> str:
    return f"GB-CARERSHUB-{organisation.slug}"


def _reference(organisation: Organisation) -> dict[str, str]:
    return {"id": _party_id(organisation), "name": organisation.name}


def _party(organisation: Organisation, roles: list[str]) -> dict[str, Any]:
    party: dict[str, Any] = {"id": _party_id(organisation), "name": organisation.name, "roles": roles}
    if organisation.ods_code:
        party["identifier"] = {"scheme": "GB-NHS", "id": organisation.ods_code, "legalName": organisation.name}
    return party


def release(contract: Contract) -> dict[str, Any]:
    """The contract's release: tender, awards and contracts as far as its life cycle has gone."""
    lots = list(contract.lots.select_related("provider").order_by("number"))
    partners = list(contract.partners.select_related("organisation"))
    terms = varied_terms(contract)
    initial_value = sum((y.value for y in terms.years if not y.is_extension), Decimal("0.00"))
    period = {
        "startDate": _datetime(contract.start_date),
        "endDate": _datetime(terms.current_end_date),
        "maxExtentDate": _datetime(terms.latest_end_date),
    }
    awarded = contract.status in _AWARDED
    tags = ["tender"] + (["award", "contract"] if awarded else [])

    roles: dict[int, tuple[Organisation, list[str]]] = {}

    def add_roles(organisation: Organisation, new_roles: list[str]) -> None:
        held = roles.setdefault(organisation.pk, (organisation, []))[1]
        held.extend(role for role in new_roles if role not in held)

    add_roles(contract.commissioner, ["buyer", "procuringEntity"])
    for partner in partners:
        add_roles(partner.organisation, PARTNER_ROLES[partner.role])
    for contribution in contract.contributions.select_related("funder", "pooled_fund__host"):
        # A pooled fund is paid out by its host (the Better Care Fund's, for instance): OCDS parties are bodies.
        funder = contribution.funder or (contribution.pooled_fund.host if contribution.pooled_fund else None)
        if funder is not None:
            add_roles(funder, ["funder"])
    if awarded:
        for lot in lots:
            if lot.provider is not None:
                add_roles(lot.provider, ["supplier"])

    tender: dict[str, Any] = {
        "id": f"{contract.reference}-tender",
        "title": contract.title,
        "status": TENDER_STATUS[contract.status],
        "procuringEntity": _reference(contract.commissioner),
        "value": _money(initial_value),
        "procurementMethod": PROCUREMENT_METHOD[contract.route],
        "procurementMethodDetails": f"{contract.get_route_display()} under the {METHOD_DETAILS[contract.regime]}"
        + ("; light-touch contract" if contract.light_touch else ""),
        "mainProcurementCategory": "services",
        "contractPeriod": period,
        "items": [_item(lot) for lot in lots],
    }
    if contract.description:
        tender["description"] = contract.description

    data: dict[str, Any] = {
        "ocid": contract.ocid,
        "id": f"{contract.ocid}-{contract.updated_at:%Y%m%dT%H%M%S}",
        "date": contract.updated_at.isoformat(),
        "tag": tags,
        "initiationType": "tender",
        "language": "en",
        "buyer": _reference(contract.commissioner),
        "parties": [_party(organisation, held) for organisation, held in roles.values()],
        "tender": tender,
    }
    if awarded:
        awards, contracts = [], []
        for lot in lots:
            if lot.provider is None:
                continue
            value = _money(_lot_share(lot, terms.original_annual_value, initial_value))
            award_id = f"{contract.reference}-lot-{lot.number}"
            awards.append(
                {
                    "id": award_id,
                    "title": f"Lot {lot.number}: {lot.title}",
                    "status": AWARD_STATUS[contract.status],
                    "value": value,
                    "suppliers": [_reference(lot.provider)],
                    "contractPeriod": period,
                    "items": [_item(lot)],
                }
            )
            contracts.append(
                {
                    "id": f"{award_id}-contract",
                    "awardID": award_id,
                    "title": f"{contract.title}, lot {lot.number}",
                    "status": CONTRACT_STATUS[contract.status],
                    "period": period,
                    "value": value,
                }
            )
        data["awards"] = awards
        data["contracts"] = contracts
    return data


def _lot_share(lot: Lot, contract_annual_value: Decimal, initial_value: Decimal) -> Decimal:
    """A lot's value over the initial term: its own annual value if it has one, else the whole contract's."""
    if lot.annual_value is None or contract_annual_value == 0:
        return initial_value
    return (initial_value * lot.annual_value / contract_annual_value).quantize(Decimal("0.01"))


def _item(lot: Lot) -> dict[str, Any]:
    return {
        "id": f"lot-{lot.number}",
        "description": lot.title,
        # CPV 85312300: guidance and counselling services (carers' support and advice).
        "classification": {"scheme": "CPV", "id": "85312300", "description": "Guidance and counselling services"},
    }


def release_package(contract: Contract, *, uri: str, published: datetime) -> dict[str, Any]:
    """The release package for one contract, published by its lead commissioner, ready to serialise as JSON."""
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": published.isoformat(),
        "publisher": {"name": contract.commissioner.name},
        "releases": [release(contract)],
    }


def as_json(value: Any, *, indent: int = 2, _level: int = 0) -> str:
    """A release package as JSON text, with Decimal amounts written exactly as JSON numbers ("2400000.00"), which
    `json.dumps` cannot do without going through a float."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a JSON number")
        return f"{value:f}"
    if isinstance(value, dict):
        items = [
            f"{json.dumps(str(key))}: {as_json(item, indent=indent, _level=_level + 1)}" for key, item in value.items()
        ]
        return _block("{", items, "}", indent, _level)
    if isinstance(value, list | tuple):
        return _block("[", [as_json(item, indent=indent, _level=_level + 1) for item in value], "]", indent, _level)
    if isinstance(value, float):
        raise TypeError("OCDS amounts are Decimals, never floats")
    return json.dumps(value)


def _block(opening: str, items: list[str], closing: str, indent: int, level: int) -> str:
    if not items:
        return opening + closing
    inner = " " * (indent * (level + 1))
    return opening + "\n" + ",\n".join(inner + item for item in items) + "\n" + " " * (indent * level) + closing
