"""A purchasing arrangement and its call-offs as Open Contracting Data Standard 1.1.5 releases (open data).

One release for the arrangement: the tender (the DPS, dynamic market or open framework, one item per category),
its buyers (the lead authority and every participating council or health partner), and one award per admitted
member (admission is on quality, so it has no value). One release per awarded call-off, under its own ocid and
linked to the arrangement through `relatedProcesses` ("framework"): the award to the winning supplier and its
contract, valued at the weekly price times the expected duration. Organisations only: the call-off names the
category, never the need, the child or their area beyond the council.

Money goes through `commissioning.ocds.as_json`, which writes Decimals exactly (never through a float). Tests
validate against the official schemas vendored in tests/schemas/ocds-1.1.5.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Final

from django.utils import timezone

from carershub.commissioning.ocds import CURRENCY, OCDS_VERSION
from carershub.organisations.models import Organisation
from carershub.procurement.models import ArrangementParticipant, Membership, PackageRequest, PurchasingArrangement

METHOD_DETAILS: Final[dict[str, str]] = {
    PurchasingArrangement.Regime.PCR_2015_DPS: "Dynamic purchasing system (Public Contracts Regulations 2015 reg 34)",
    PurchasingArrangement.Regime.PA_2023_DYNAMIC_MARKET: "Dynamic market (Procurement Act 2023 s.35)",
    PurchasingArrangement.Regime.PA_2023_OPEN_FRAMEWORK: "Open framework (Procurement Act 2023 s.49)",
}
PARTICIPANT_ROLES: Final[dict[str, list[str]]] = {
    ArrangementParticipant.Kind.LEAD: ["buyer", "procuringEntity"],
    ArrangementParticipant.Kind.COUNCIL: ["buyer"],
    ArrangementParticipant.Kind.HEALTH_PARTNER: ["buyer"],
}
# CPV 85311300: welfare services for children and young people.
CLASSIFICATION: Final = {
    "scheme": "CPV",
    "id": "85311300",
    "description": "Welfare services for children and young people",
}


def _datetime(day: date) -> str:
    return timezone.make_aware(datetime.combine(day, time.min)).isoformat()


def _party_id(organisation: Organisation) -> str:
    return f"GB-CARERSHUB-{organisation.slug}"


def _reference(organisation: Organisation) -> dict[str, str]:
    return {"id": _party_id(organisation), "name": organisation.name}


def _money(amount: Decimal) -> dict[str, Any]:
    return {"amount": amount.quantize(Decimal("0.01")), "currency": CURRENCY}


class _Parties:
    def __init__(self) -> None:
        self._roles: dict[int, tuple[Organisation, list[str]]] = {}

    def add(self, organisation: Organisation, roles: list[str]) -> None:
        held = self._roles.setdefault(organisation.pk, (organisation, []))[1]
        held.extend(role for role in roles if role not in held)

    def as_list(self) -> list[dict[str, Any]]:
        return [
            {"id": _party_id(organisation), "name": organisation.name, "roles": roles}
            for organisation, roles in self._roles.values()
        ]


def _end_of_term(arrangement: PurchasingArrangement, years: int) -> date:
    start = arrangement.start_date
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:  # 29 February: the anniversary falls on 1 March
        anniversary = date(start.year + years, 3, 1)
    return anniversary - timedelta(days=1)


def arrangement_release(arrangement: PurchasingArrangement) -> dict[str, Any]:
    """The arrangement's release: tender and the awards of membership to each admitted supplier."""
    parties = _Parties()
    for participant in arrangement.participants.select_related("organisation"):
        parties.add(participant.organisation, PARTICIPANT_ROLES[participant.kind])
    categories = list(arrangement.categories.all())
    memberships = list(
        Membership.objects.filter(category__arrangement=arrangement)
        .exclude(status=Membership.Status.REMOVED)
        .select_related("supplier__organisation", "category")
        .order_by("admitted_on", "pk")
    )
    extension_years = sum(int(years) for years in arrangement.extension_years)
    period = {
        "startDate": _datetime(arrangement.start_date),
        "endDate": _datetime(_end_of_term(arrangement, arrangement.initial_term_years)),
        "maxExtentDate": _datetime(_end_of_term(arrangement, arrangement.initial_term_years + extension_years)),
    }
    awards = []
    for membership in memberships:
        parties.add(membership.supplier.organisation, ["supplier"])
        awards.append(
            {
                "id": f"{arrangement.reference}-member-{membership.pk}",
                "title": f"Admitted to {membership.category.name}",
                "status": "active" if membership.status == Membership.Status.ADMITTED else "pending",
                "date": _datetime(membership.admitted_on),
                "suppliers": [_reference(membership.supplier.organisation)],
                "items": [_item(membership.category.pk, membership.category.name)],
            }
        )
    tender: dict[str, Any] = {
        "id": f"{arrangement.reference}-tender",
        "title": arrangement.title,
        "status": "complete" if arrangement.status == PurchasingArrangement.Status.ENDED else "active",
        "procuringEntity": _reference(arrangement.lead_authority),
        "procurementMethod": "selective",
        "procurementMethodDetails": METHOD_DETAILS[arrangement.regime] + " (light-touch services)",
        "mainProcurementCategory": "services",
        "contractPeriod": period,
        "items": [_item(category.pk, category.name) for category in categories],
    }
    if arrangement.description:
        tender["description"] = arrangement.description
    return {
        "ocid": arrangement.ocid,
        "id": f"{arrangement.ocid}-{arrangement.updated_at:%Y%m%dT%H%M%S}",
        "date": arrangement.updated_at.isoformat(),
        "tag": ["tender", "award"] if awards else ["tender"],
        "initiationType": "tender",
        "language": "en",
        "buyer": _reference(arrangement.lead_authority),
        "parties": parties.as_list(),
        "tender": tender,
        "awards": awards,
    }


def call_off_release(package_request: PackageRequest) -> dict[str, Any]:
    """An awarded call-off: its award to the winner and the contract. No personal data: the category, the
    council and the supplier, the value and the period."""
    arrangement = package_request.arrangement
    bid = package_request.awarded_bid
    if bid is None or package_request.awarded_at is None:
        raise ValueError("Only an awarded package request has a call-off release")
    parties = _Parties()
    parties.add(package_request.council, ["buyer", "procuringEntity"])
    parties.add(bid.supplier.organisation, ["supplier", "tenderer"])
    value = _money(bid.price * package_request.expected_duration_weeks)
    end = package_request.start_date + timedelta(weeks=package_request.expected_duration_weeks) - timedelta(days=1)
    period = {"startDate": _datetime(package_request.start_date), "endDate": _datetime(end)}
    item = _item(package_request.category_id, package_request.category.name)
    ocid = f"{arrangement.ocid}-{package_request.reference}"
    award_id = f"{package_request.reference}-award"
    return {
        "ocid": ocid,
        "id": f"{ocid}-{package_request.awarded_at:%Y%m%dT%H%M%S}",
        "date": package_request.awarded_at.isoformat(),
        "tag": ["award", "contract"],
        "initiationType": "tender",
        "language": "en",
        "buyer": _reference(package_request.council),
        "parties": parties.as_list(),
        "relatedProcesses": [
            {
                "id": "1",
                "relationship": ["framework"],
                "title": arrangement.title,
                "scheme": "ocid",
                "identifier": arrangement.ocid,
            }
        ],
        "tender": {
            "id": f"{package_request.reference}-mini-competition",
            "title": f"Mini-competition: {package_request.category.name}",
            "status": "complete",
            "procurementMethod": "selective",
            "procurementMethodDetails": "Mini-competition among admitted members",
            "mainProcurementCategory": "services",
            "numberOfTenderers": package_request.bids.count(),
            "items": [item],
        },
        "awards": [
            {
                "id": award_id,
                "status": "active",
                "date": package_request.awarded_at.isoformat(),
                "value": value,
                "suppliers": [_reference(bid.supplier.organisation)],
                "contractPeriod": period,
                "items": [item],
            }
        ],
        "contracts": [
            {
                "id": f"{package_request.reference}-contract",
                "awardID": award_id,
                "status": "active",
                "period": period,
                "value": value,
            }
        ],
    }


def _item(category_id: int, name: str) -> dict[str, Any]:
    return {"id": f"category-{category_id}", "description": name, "classification": CLASSIFICATION}


def arrangement_release_package(arrangement: PurchasingArrangement, *, uri: str = "") -> dict[str, Any]:
    """The arrangement's release and one release per awarded call-off, published by the lead authority."""
    awarded = (
        PackageRequest.objects.filter(arrangement=arrangement, status=PackageRequest.Status.AWARDED)
        .select_related("arrangement", "council", "category", "awarded_bid__supplier__organisation")
        .order_by("awarded_at", "pk")
    )
    return {
        "uri": uri or f"https://carers-hub.example/procurement/{arrangement.reference}/ocds.json",
        "version": OCDS_VERSION,
        "publishedDate": timezone.now().isoformat(),
        "publisher": {"name": arrangement.lead_authority.name},
        "releases": [arrangement_release(arrangement), *(call_off_release(package) for package in awarded)],
    }
