"""Bringing in another directory's Open Referral UK 3.0 feed as draft entries for the council to check.

Running it again updates rather than duplicates: each service is matched by the feed's address and the feed's id.
A draft entry nobody has touched since the last import is updated in place; a published one gets a change waiting
for the council's check; one edited here since the last import is left alone and reported, never overwritten.
"""

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_time

from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.directory.events import DirectoryEvent
from carershub.directory.models import (
    Contact,
    DirectoryOrganisation,
    Language,
    Location,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceChange,
    Taxonomy,
    TaxonomyTerm,
)
from carershub.directory.services.editing import EDITABLE_FIELDS, create_service, current_values
from carershub.organisations.models import Area

Fetch = Callable[[str], Any]
SUPPORTED_VERSIONS = frozenset({"HSDS-UK-3.0"})
PAGE_SIZE = 100
MAX_PAGES = 1000  # a feed that never says "last page" must not keep us going for ever


class NotOpenReferral(Exception):
    """The address does not answer as an Open Referral UK 3.0 API."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    proposed: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (the feed's id or name, why)


def _digest(mapped: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(mapped, sort_keys=True, default=str).encode()).hexdigest()


def _text(value: Any, limit: int) -> str:
    return str(value).strip()[:limit] if isinstance(value, str | int | float) else ""


def _age(value: Any) -> int | None:
    try:
        age = int(value)
    except (TypeError, ValueError):
        return None
    return age if 0 <= age <= 130 else None


def _money(value: Any) -> str | None:
    """Pounds to the penny, as `editing.current_values` writes them (so an untouched entry's digest matches)."""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None
    return None if amount <= 0 or amount >= Decimal("1000000") else str(amount)


def _coordinate(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if abs(number) <= 180 else None


def _mapped(data: dict[str, Any]) -> dict[str, Any]:
    """The editable fields of one feed service (the same shape as `editing.current_values`)."""
    status = data.get("status")
    minimum, maximum = _age(data.get("minimum_age")), _age(data.get("maximum_age"))
    if minimum is not None and maximum is not None and minimum > maximum:
        minimum, maximum = maximum, minimum
    fees = _text(data.get("fees"), 300)
    costs = [option for option in data.get("cost_options") or [] if isinstance(option, dict)]
    amount = next((option.get("amount") for option in costs if option.get("amount") is not None), None)
    return {
        "name": _text(data.get("name"), 200),
        "description": _text(data.get("description"), 10000) or _text(data.get("name"), 200),
        "url": _text(data.get("url"), 200) if str(data.get("url", "")).startswith(("http://", "https://")) else "",
        "email": _text(data.get("email"), 254),
        "status": status if status in Service.Status.values else Service.Status.ACTIVE,
        "alert": _text(data.get("alert"), 300),
        "minimum_age": minimum,
        "maximum_age": maximum,
        "eligibility_description": _text(data.get("eligibility_description"), 2000),
        "is_free": not fees and amount in (None, 0),
        "fees_description": fees,
        "cost_amount": _money(amount),
        "access": Service.Access.SELF_REFERRAL,
        "access_description": "",
        "taxonomy_term_ids": sorted(
            str(term_id) for term_id in (_term_id(attribute) for attribute in data.get("attributes") or []) if term_id
        ),
    }


def _term_id(attribute: Any) -> uuid.UUID | None:
    if not isinstance(attribute, dict):
        return None
    try:
        return uuid.UUID(str(attribute.get("taxonomy_term_id") or (attribute.get("taxonomy_term") or {}).get("id")))
    except ValueError:
        return None


def _ensure_terms(data: dict[str, Any], feed: str) -> None:
    """Terms the feed uses that we do not know yet are added under the feed's own ids (ids are global)."""
    for attribute in data.get("attributes") or []:
        term_id = _term_id(attribute)
        term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
        if term_id is None or TaxonomyTerm.objects.filter(pk=term_id).exists() or not isinstance(term, dict):
            continue
        taxonomy_id = term.get("taxonomy_id")
        try:
            taxonomy_key = uuid.UUID(str(taxonomy_id)) if taxonomy_id else uuid.uuid5(uuid.NAMESPACE_URL, feed)
        except ValueError:
            taxonomy_key = uuid.uuid5(uuid.NAMESPACE_URL, feed)
        taxonomy, _ = Taxonomy.objects.get_or_create(
            pk=taxonomy_key,
            defaults={"name": _text(term.get("taxonomy"), 200) or f"Imported from {feed}"[:200], "description": feed},
        )
        TaxonomyTerm.objects.create(
            pk=term_id,
            taxonomy=taxonomy,
            code=f"imported-{term_id}",
            name=_text(term.get("name"), 255) or str(term_id),
            description=_text(term.get("description"), 2000),
        )


def _organisation(data: dict[str, Any], feed: str) -> DirectoryOrganisation:
    found = data.get("organization")
    given: dict[str, Any] = found if isinstance(found, dict) else {}
    name = _text(given.get("name"), 200) or "Unnamed organisation"
    organisation, _ = DirectoryOrganisation.objects.get_or_create(
        imported_from=feed,
        name=name,
        defaults={
            "description": _text(given.get("description"), 5000) or name,
            "email": _text(given.get("email"), 254),
        },
    )
    return organisation


def _replace_parts(service: Service, data: dict[str, Any], organisation: DirectoryOrganisation) -> None:
    """Places, meeting times, contacts, languages and areas of a draft, replaced with the feed's."""
    service.schedules.all().delete()
    service.service_at_locations.all().delete()
    service.contacts.all().delete()
    service.languages.all().delete()
    service.service_areas.all().delete()
    for link in data.get("service_at_locations") or []:
        place = link.get("location") if isinstance(link, dict) else None
        if not isinstance(place, dict):
            continue
        address = next((item for item in place.get("addresses") or [] if isinstance(item, dict)), {})
        access = next((item for item in place.get("accessibility") or [] if isinstance(item, dict)), {})
        location = Location.objects.create(
            organisation=organisation,
            location_type=Location.LocationType.VIRTUAL
            if place.get("location_type") == "virtual"
            else Location.LocationType.PHYSICAL,
            name=_text(place.get("name"), 200) or _text(address.get("address_1"), 200) or "Location",
            description=_text(place.get("description"), 2000),
            address_1=_text(address.get("address_1"), 200),
            city=_text(address.get("city"), 100),
            state_province=_text(address.get("state_province"), 100),
            postal_code=_text(address.get("postal_code"), 8),
            latitude=_coordinate(place.get("latitude")),
            longitude=_coordinate(place.get("longitude")),
            accessibility=_text(access.get("description"), 2000),
        )
        ServiceAtLocation.objects.get_or_create(service=service, location=location)
    for entry in data.get("schedules") or []:
        if isinstance(entry, dict) and entry.get("freq") in Schedule.Frequency.values:
            Schedule.objects.create(
                service=service,
                freq=entry["freq"],
                interval=_age(entry.get("interval")) or 1,
                byday=_text(entry.get("byday"), 40),
                bymonthday=_text(entry.get("bymonthday"), 20),
                opens_at=_time(entry.get("opens_at")),
                closes_at=_time(entry.get("closes_at")),
                description=_text(entry.get("description"), 300),
            )
    for contact in data.get("contacts") or []:
        if isinstance(contact, dict):
            phone = next((item for item in contact.get("phones") or [] if isinstance(item, dict)), {})
            Contact.objects.create(
                service=service,
                name=_text(contact.get("name"), 200),
                title=_text(contact.get("title"), 200),
                email=_text(contact.get("email"), 254),
                phone=_text(phone.get("number"), 30),
            )
    for language in data.get("languages") or []:
        if isinstance(language, dict) and language.get("name"):
            Language.objects.create(
                service=service, name=_text(language["name"], 100), code=_text(language.get("code"), 8)
            )
    for area in data.get("service_areas") or []:
        if isinstance(area, dict) and (area.get("name") or area.get("service_area")):
            ServiceArea.objects.create(service=service, name=_text(area.get("name") or area.get("service_area"), 200))


def _time(value: Any) -> time | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_time(value[:8])
    except ValueError:
        return None


@transaction.atomic
def import_service(data: dict[str, Any], *, feed: str, area: Area, report: ImportReport) -> None:
    """Create, update or propose one service from the feed (see the module's docstring for which)."""
    try:
        external_id = uuid.UUID(str(data.get("id")))
    except ValueError:
        report.skipped.append((str(data.get("id") or data.get("name") or "?"), "its id is not a UUID"))
        return
    if not _text(data.get("name"), 200):
        report.skipped.append((str(external_id), "it has no name"))
        return
    _ensure_terms(data, feed)
    mapped = _mapped(data)
    known = set(TaxonomyTerm.objects.filter(pk__in=mapped["taxonomy_term_ids"]).values_list("pk", flat=True))
    mapped["taxonomy_term_ids"] = sorted(str(pk) for pk in known)
    digest = _digest(mapped)
    existing = Service.objects.select_for_update().filter(imported_from=feed, external_id=external_id).first()
    if existing is None:
        organisation = _organisation(data, feed)
        service = create_service(organisation, area=area, values=mapped, by=None)
        Service.objects.filter(pk=service.pk).update(
            imported_from=feed, external_id=external_id, imported_digest=digest
        )
        _replace_parts(service, data, organisation)
        _audit(service, "created")
        report.created += 1
        return
    if _digest(current_values(existing)) != existing.imported_digest:
        report.skipped.append(
            (str(external_id), f"'{existing.name}' was changed here since the last import: not overwritten")
        )
        return
    if digest == existing.imported_digest:
        report.unchanged += 1
        return
    if existing.is_published():
        # The council checks what the feed changed, as it checks a provider's change.
        existing.changes.filter(status=ServiceChange.Status.PENDING).update(status=ServiceChange.Status.SUPERSEDED)
        ServiceChange.objects.create(
            service=existing, proposed=mapped, previous=current_values(existing), base_version=existing.version
        )
        _audit(existing, "proposed")
        report.proposed += 1
        return
    for name in EDITABLE_FIELDS:
        if name not in {"taxonomy_term_ids", "cost_amount"}:
            setattr(existing, name, mapped[name])
    existing.cost_amount = None if mapped["cost_amount"] is None else Decimal(mapped["cost_amount"])
    existing.imported_digest = digest
    existing.content_modified_at = timezone.now()
    existing.save()
    existing.taxonomy_terms.set(list(TaxonomyTerm.objects.filter(pk__in=known)))
    _replace_parts(existing, data, existing.organisation)
    _audit(existing, "updated")
    report.updated += 1


def _audit(service: Service, outcome: str) -> None:
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=None,
        subject=service,
        area=service.area,
        purpose="importing an Open Referral feed",
        event=DirectoryEvent.SERVICE_IMPORTED,
        detail={"outcome": outcome, "feed": service.imported_from},
    )


def import_feed(base_url: str, *, area: Area, fetch: Fetch) -> ImportReport:
    """Read every page of the feed's services, then each service in full, and import them."""
    base = base_url.rstrip("/")
    about = fetch(f"{base}/")
    if not isinstance(about, dict) or about.get("version") not in SUPPORTED_VERSIONS:
        version = about.get("version") if isinstance(about, dict) else None
        raise NotOpenReferral(f"{base_url} does not say it is Open Referral UK 3.0 (version: {version!r}).")
    report = ImportReport()
    page_number = 1
    while page_number <= MAX_PAGES:
        page = fetch(f"{base}/services?page={page_number}&per_page={PAGE_SIZE}")
        if not isinstance(page, dict) or not isinstance(page.get("contents"), list):
            raise NotOpenReferral(f"{base}/services is not an Open Referral page of services.")
        for summary in page["contents"]:
            service_id = summary.get("id") if isinstance(summary, dict) else None
            try:
                full = fetch(f"{base}/services/{service_id}")
            except Exception as error:  # one broken service must not stop the rest
                report.skipped.append((str(service_id), f"could not be read: {error}"))
                continue
            if isinstance(full, dict):
                import_service(full, feed=base, area=area, report=report)
            else:
                report.skipped.append((str(service_id), "the feed's answer is not a service"))
        total_pages = page.get("total_pages")
        if page.get("last_page", True) or not page["contents"]:
            break
        if isinstance(total_pages, int) and page_number >= total_pages:
            break
        page_number += 1
    return report
