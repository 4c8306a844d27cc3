"""Directory rows as Open Referral UK 3.0 (HSDS-UK-3.0) objects.

The standard asks publishers to leave out optional fields they have no value for, rather than send null or "",
so every builder drops empty values (`_compact`). Nothing here is personal data: contacts are a service's public
contact points.
"""

import math
import uuid
from datetime import datetime
from typing import Any

from carershub.directory.models import (
    DirectoryOrganisation,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

VERSION = "HSDS-UK-3.0"
PROFILE = "https://openreferraluk.org/specifications/3.0"
OPENAPI_URL = "https://openreferraluk.org/specifications/3.0/openapi.json"


def _compact(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value not in (None, "", [])}


def _timestamp(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def page(*, items: list[dict[str, Any]], total_items: int, page_number: int, per_page: int) -> dict[str, Any]:
    """The standard's page object around one page of results."""
    total_pages = max(1, math.ceil(total_items / per_page)) if total_items else 0
    return {
        "total_items": total_items,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(items),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not items,
        "contents": items,
    }


def taxonomy(value: Taxonomy) -> dict[str, Any]:
    return _compact(
        {
            "id": str(value.pk),
            "name": value.name,
            "description": value.description,
            "uri": value.uri,
            "version": value.version,
        }
    )


def taxonomy_term(term: TaxonomyTerm) -> dict[str, Any]:
    return _compact(
        {
            "id": str(term.pk),
            "name": term.name,
            "description": term.description,
            "parent_id": str(term.parent_id) if term.parent_id else None,
            "taxonomy": term.taxonomy.name,
            "taxonomy_id": str(term.taxonomy_id),
            "term_uri": term.term_uri,
            "code": term.code,
        }
    )


def organisation(value: DirectoryOrganisation) -> dict[str, Any]:
    return _compact(
        {
            "id": str(value.pk),
            "name": value.name,
            "description": value.description,
            "email": value.email,
            "website": value.website,
        }
    )


def location(value: Location) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": str(value.pk),
        "location_type": value.location_type,
        "name": value.name,
        "description": value.description,
        "latitude": float(value.latitude) if value.latitude is not None else None,
        "longitude": float(value.longitude) if value.longitude is not None else None,
    }
    if value.has_address():
        body["addresses"] = [
            {
                # One address per location here, so its id is the location's: stable, and unique per location.
                "id": str(value.pk),
                "location_id": str(value.pk),
                "address_1": value.address_1,
                "city": value.city or value.name,
                "state_province": value.state_province or value.city or "England",
                "postal_code": value.postal_code,
                "country": "GB",
                "address_type": "physical",
            }
        ]
    if value.accessibility:
        body["accessibility"] = [
            _compact(
                {
                    "id": str(value.pk),
                    "location_id": str(value.pk),
                    "description": value.accessibility,
                    "url": value.accessibility_url,
                }
            )
        ]
    return _compact(body)


def schedule(value: Schedule) -> dict[str, Any]:
    return _compact(
        {
            "id": str(value.pk),
            "service_id": str(value.service_id),
            "service_at_location_id": str(value.service_at_location_id) if value.service_at_location_id else None,
            "valid_from": value.valid_from.isoformat() if value.valid_from else None,
            "valid_to": value.valid_to.isoformat() if value.valid_to else None,
            "dtstart": value.dtstart.isoformat() if value.dtstart else None,
            "freq": value.freq,
            "interval": value.interval,
            "byday": value.byday,
            "bymonthday": value.bymonthday,
            "opens_at": value.opens_at.strftime("%H:%M") if value.opens_at else None,
            "closes_at": value.closes_at.strftime("%H:%M") if value.closes_at else None,
            "attending_type": value.attending_type,
            "description": value.description,
            "notes": value.notes,
        }
    )


def _attributes(service: Service) -> list[dict[str, Any]]:
    return [
        {
            # The link between this service and this term: stable as long as both exist.
            "id": str(_link_id(service, term)),
            "link_id": str(service.pk),
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": str(term.pk),
            "taxonomy_term": taxonomy_term(term),
        }
        for term in service.taxonomy_terms.all()
    ]


def _link_id(service: Service, term: TaxonomyTerm) -> uuid.UUID:
    return uuid.uuid5(service.pk, str(term.pk))


def service_summary(service: Service) -> dict[str, Any]:
    """The one-to-one fields of a service (list pages), with its organisation."""
    return _compact(
        {
            "id": str(service.pk),
            "organization_id": str(service.organisation_id),
            "name": service.name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "fees": service.cost_text() if not service.is_free or service.fees_description else None,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": service.assured_on.isoformat() if service.assured_on else None,
            "assurer_email": service.assurer_email,
            "alert": service.alert,
            "last_modified": _timestamp(service.content_modified_at),
            "organization": organisation(service.organisation),
        }
    )


def service_at_location(value: ServiceAtLocation, *, with_service: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": str(value.pk),
        "service_id": str(value.service_id),
        "location_id": str(value.location_id),
        "location": location(value.location),
    }
    if with_service:
        body["service"] = service_summary(value.service)
    return body


def service_full(service: Service) -> dict[str, Any]:
    """A fully nested service (`/services/{id}`). Reads only prefetched rows (selectors.with_everything)."""
    body = service_summary(service)
    body.update(
        _compact(
            {
                "schedules": [schedule(value) for value in service.schedules.all()],
                "service_areas": [
                    _compact({"id": str(area.pk), "service_id": str(service.pk), "name": area.name, "uri": area.uri})
                    for area in service.service_areas.all()
                ],
                "service_at_locations": [
                    service_at_location(value, with_service=False) for value in service.service_at_locations.all()
                ],
                "languages": [
                    _compact({"id": str(lang.pk), "service_id": str(service.pk), "name": lang.name, "code": lang.code})
                    for lang in service.languages.all()
                ],
                "cost_options": [_cost_option(service)] if not service.is_free else [],
                "contacts": [_contact(service, contact) for contact in service.contacts.all()],
                "attributes": _attributes(service),
            }
        )
    )
    if service.eligibility_description:
        body["eligibility_description"] = service.eligibility_description
    body["how_to_access"] = service.get_access_display() + (
        f". {service.access_description}" if service.access_description else ""
    )
    return body


def _cost_option(service: Service) -> dict[str, Any]:
    return _compact(
        {
            "id": str(service.pk),
            "service_id": str(service.pk),
            "option": service.fees_description,
            "amount": float(service.cost_amount) if service.cost_amount is not None else None,
            "currency": "GBP" if service.cost_amount is not None else None,
            "amount_description": service.cost_text(),
        }
    )


def _contact(service: Service, contact: Any) -> dict[str, Any]:
    body = _compact(
        {
            "id": str(contact.pk),
            "service_id": str(service.pk),
            "name": contact.name,
            "title": contact.title,
            "email": contact.email,
        }
    )
    if contact.phone:
        body["phones"] = [
            _compact(
                {
                    "id": str(contact.phone_id),
                    "contact_id": str(contact.pk),
                    "number": contact.phone,
                    "description": contact.phone_description,
                }
            )
        ]
    return body
