"""A fund's awards as a 360Giving Data Standard 1.4.3 grant package (JSON), for the open data download and its
stable address. Tests validate it against the official schemas (vendored in tests/schemas/360giving-1.4.3).

Only what a funder publishes about an award goes out: the group's name and registered numbers, what the grant is
for, amounts and dates. Never the contact person, their email or phone, the group's postcode (for a small group it
is often a volunteer's home), scores or panel comments.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any

from carershub.grants.models import Award, Fund
from carershub.grants.rules.identifiers import grant_identifier, organisation_identifier

STANDARD_VERSION = "1.4"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"


def _number(amount: Decimal) -> int | float:
    # JSON has one kind of number; money stays Decimal until this boundary, and pence survive the conversion.
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def grant(award: Award, *, fund: Fund) -> dict[str, Any]:
    application = award.application
    funding_round = application.funding_round
    recipient: dict[str, Any] = {
        "id": organisation_identifier(
            fund.identifier_prefix,
            charity_number=application.charity_number,
            company_number=application.company_number,
            internal_id=application.reference,
        ),
        "name": application.organisation_name,
    }
    if application.charity_number:
        recipient["charityNumber"] = application.charity_number
    if application.company_number:
        recipient["companyNumber"] = application.company_number
    disbursed = sum((payment.amount for payment in award.payments.all()), Decimal(0))
    return {
        "id": grant_identifier(fund.identifier_prefix, application.reference),
        "title": application.project_title,
        "description": application.purpose,
        "currency": "GBP",
        "amountAppliedFor": _number(application.amount_requested),
        "amountAwarded": _number(award.amount),
        "amountDisbursed": _number(disbursed),
        "awardDate": award.awarded_on.isoformat(),
        "fromOpenCall": "Yes",
        "recipientOrganization": [recipient],
        "fundingOrganization": [{"id": fund.funder_identifier, "name": fund.organisation.name}],
        "grantProgramme": [{"code": f"{fund.slug}-round-{funding_round.pk}", "title": str(funding_round)}],
        "beneficiaryLocation": [{"name": fund.area.name, "countryCode": "GB"}],
        "dateModified": award.updated_at.isoformat(),
    }


def grant_package(fund: Fund, awards: list[Award], *, uri: str, published: datetime) -> dict[str, Any]:
    """The package for a fund's awards, newest first. `uri` is its stable address."""
    return {
        "grants": [grant(award, fund=fund) for award in awards],
        "version": STANDARD_VERSION,
        "title": f"{fund.name}: grants awarded",
        "description": f"Grants awarded by {fund.organisation.name} from the {fund.name}.",
        "modified": published.isoformat(),
        "identifier": f"{fund.identifier_prefix}-{fund.slug}",
        "publisher": {"identifier": fund.funder_identifier, "name": fund.organisation.name},
        "downloadURL": uri,
        "license": LICENCE,
    }
