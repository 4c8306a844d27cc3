"""Keeping the directory true: providers propose changes, the council checks and publishes them, entries are
checked ("assured") and their editors reminded when a check is due."""

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carershub.core.audit import record_event
from carershub.core.messaging import send_each_now
from carershub.core.models import AuditEvent
from carershub.directory.events import DirectoryEvent
from carershub.directory.models import DirectoryOrganisation, Service, ServiceChange, TaxonomyTerm
from carershub.directory.rules.assurance import is_due_for_check, months_before
from carershub.directory.selectors.editing import may_approve_in_area

if TYPE_CHECKING:
    from carershub.accounts.models import User
    from carershub.organisations.models import Area, Organisation

# What a provider may change on its own entry; the rest (places, schedules) is set up with the council.
EDITABLE_FIELDS = (
    "name",
    "description",
    "url",
    "email",
    "status",
    "alert",
    "minimum_age",
    "maximum_age",
    "eligibility_description",
    "is_free",
    "fees_description",
    "cost_amount",
    "access",
    "access_description",
    "taxonomy_term_ids",
)


class StaleDirectoryEdit(Exception):
    """The entry changed since the editor opened it; their change would overwrite someone else's."""


class NotAllowed(Exception):
    """The user may not do this to this entry."""


@dataclass(frozen=True)
class ChangeProposed:
    change: ServiceChange
    published: bool  # True when the council made the change itself, so it needed no further check


def current_values(service: Service) -> dict[str, Any]:
    """The entry's editable fields as JSON-able values (Decimal as a string, term ids as sorted strings)."""
    values: dict[str, Any] = {name: getattr(service, name) for name in EDITABLE_FIELDS if name != "taxonomy_term_ids"}
    values["cost_amount"] = None if service.cost_amount is None else str(service.cost_amount)
    values["taxonomy_term_ids"] = sorted(str(pk) for pk in service.taxonomy_terms.values_list("pk", flat=True))
    return values


def _apply(service: Service, values: dict[str, Any]) -> None:
    for name in EDITABLE_FIELDS:
        if name in {"taxonomy_term_ids", "cost_amount"} or name not in values:
            continue
        setattr(service, name, values[name])
    if "cost_amount" in values:
        service.cost_amount = None if values["cost_amount"] in (None, "") else Decimal(str(values["cost_amount"]))
    if "taxonomy_term_ids" in values:
        service.taxonomy_terms.set(
            list(TaxonomyTerm.objects.filter(pk__in=[uuid.UUID(str(pk)) for pk in values["taxonomy_term_ids"]]))
        )


def _audit(event: DirectoryEvent, service: Service, by: "User | None", **detail: Any) -> None:
    # A directory entry holds no personal data; the audit trail keeps who changed the public record, and when.
    record_event(
        AuditEvent.Kind.RECORD_CHANGED if event != DirectoryEvent.SERVICE_CREATED else AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=service,
        area=service.area,
        purpose="keeping the service directory up to date",
        detail=detail,
        event=event,
    )


@transaction.atomic
def create_service(
    organisation: DirectoryOrganisation,
    *,
    area: "Area",
    values: dict[str, Any],
    by: "User | None",
    publish: bool = False,
    service_id: uuid.UUID | None = None,
) -> Service:
    """Add an entry, as a draft unless `publish` (demo data, the council's own entries)."""
    now = timezone.now()
    service = Service(
        organisation=organisation,
        area=area,
        content_modified_at=now,
        created_by=by,
        updated_by=by,
        publication=Service.Publication.PUBLISHED if publish else Service.Publication.DRAFT,
        assured_on=timezone.localdate() if publish else None,
    )
    if service_id is not None:
        service.id = service_id
    values = {"taxonomy_term_ids": [], **values}
    for name in EDITABLE_FIELDS:
        if name not in {"taxonomy_term_ids", "cost_amount"} and name in values:
            setattr(service, name, values[name])
    service.cost_amount = None if values.get("cost_amount") in (None, "") else Decimal(str(values["cost_amount"]))
    service.save()
    service.taxonomy_terms.set(
        list(TaxonomyTerm.objects.filter(pk__in=[uuid.UUID(str(pk)) for pk in values["taxonomy_term_ids"]]))
    )
    _audit(DirectoryEvent.SERVICE_CREATED, service, by)
    return service


@transaction.atomic
def propose_change(service: Service, *, values: dict[str, Any], base_version: int, by: "User") -> ChangeProposed:
    """Record a change to an entry. A provider's change waits for the council's check (a pending change replaces
    the editor's earlier pending one); the council's own change is published at once."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    if service.version != base_version:
        raise StaleDirectoryEdit(service)
    previous = current_values(service)
    proposed = {name: values.get(name, previous[name]) for name in EDITABLE_FIELDS}
    service.changes.filter(status=ServiceChange.Status.PENDING).update(
        status=ServiceChange.Status.SUPERSEDED, updated_at=timezone.now()
    )
    change = ServiceChange.objects.create(
        service=service,
        proposed=proposed,
        previous=previous,
        base_version=base_version,
        proposed_by=by,
        created_by=by,
        updated_by=by,
    )
    _audit(DirectoryEvent.CHANGE_PROPOSED, service, by, change=change.pk)
    if may_approve_in_area(by, service.area_id):
        approve_change(change, by=by)
        change.refresh_from_db()
        return ChangeProposed(change=change, published=True)
    return ChangeProposed(change=change, published=False)


@transaction.atomic
def add_entry(organisation: "Organisation", *, area: "Area", values: dict[str, Any], by: "User") -> ChangeProposed:
    """A provider adds a new entry: a draft, with its content as a change waiting for the council's check (the
    council's own new entry is published at once). Its directory organisation is made on first use."""
    owner, _ = DirectoryOrganisation.objects.get_or_create(
        organisation=organisation,
        defaults={"name": organisation.name, "description": f"{organisation.name} supports carers.", "created_by": by},
    )
    service = create_service(owner, area=area, values=values, by=by)
    return propose_change(service, values=values, base_version=service.version, by=by)


@transaction.atomic
def approve_change(change: ServiceChange, *, by: "User", note: str = "") -> Service:
    """The council checked the change: apply it, publish the entry and count the check as its assurance."""
    change = ServiceChange.objects.select_for_update().select_related("service").get(pk=change.pk)
    service = Service.objects.select_for_update().get(pk=change.service_id)
    if change.status != ServiceChange.Status.PENDING or not may_approve_in_area(by, service.area_id):
        raise NotAllowed(change)
    if service.version != change.base_version:
        raise StaleDirectoryEdit(service)
    _apply(service, change.proposed)
    now = timezone.now()
    service.publication = Service.Publication.PUBLISHED
    service.version += 1
    service.content_modified_at = now
    service.assured_on = timezone.localdate()
    service.assurer_email = by.email
    service.assurance_reminded_on = None
    service.updated_by = by
    service.save()
    change.status = ServiceChange.Status.APPROVED
    change.decided_by = by
    change.decided_at = now
    change.decision_note = note
    change.updated_by = by
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_by", "updated_at"])
    _audit(DirectoryEvent.CHANGE_APPROVED, service, by, change=change.pk)
    return service


@transaction.atomic
def reject_change(change: ServiceChange, *, by: "User", note: str) -> ServiceChange:
    """The council did not accept the change; the published entry stays as it was, and the reason is kept."""
    change = ServiceChange.objects.select_for_update().select_related("service").get(pk=change.pk)
    if change.status != ServiceChange.Status.PENDING or not may_approve_in_area(by, change.service.area_id):
        raise NotAllowed(change)
    if not note.strip():
        raise ValueError("Say why the change was not approved.")
    change.status = ServiceChange.Status.REJECTED
    change.decided_by = by
    change.decided_at = timezone.now()
    change.decision_note = note.strip()
    change.updated_by = by
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_by", "updated_at"])
    _audit(DirectoryEvent.CHANGE_REJECTED, change.service, by, change=change.pk)
    return change


@transaction.atomic
def withdraw_service(service: Service, *, by: "User") -> Service:
    """Take an entry out of the public directory and the API (it stays in the history)."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    if not may_approve_in_area(by, service.area_id):
        raise NotAllowed(service)
    service.publication = Service.Publication.WITHDRAWN
    service.version += 1
    service.content_modified_at = timezone.now()
    service.updated_by = by
    service.save(update_fields=["publication", "version", "content_modified_at", "updated_by", "updated_at"])
    _audit(DirectoryEvent.SERVICE_WITHDRAWN, service, by)
    return service


@transaction.atomic
def assure_service(service: Service, *, by: "User") -> Service:
    """An editor confirms the entry is still right: it shows as checked today."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    service.assured_on = timezone.localdate()
    service.assurer_email = by.email
    service.assurance_reminded_on = None
    service.content_modified_at = timezone.now()
    service.updated_by = by
    service.save(
        update_fields=[
            "assured_on",
            "assurer_email",
            "assurance_reminded_on",
            "content_modified_at",
            "updated_by",
            "updated_at",
        ]
    )
    _audit(DirectoryEvent.SERVICE_ASSURED, service, by)
    return service


def send_assurance_reminders(*, today: date | None = None) -> int:
    """Email each provider's directory editors about its published entries last checked
    CARERSHUB_DIRECTORY_ASSURANCE_MONTHS or more ago, once per check. Returns how many entries were reminded."""
    from carershub.accounts.models import User

    today = today or timezone.localdate()
    months = settings.CARERSHUB_DIRECTORY_ASSURANCE_MONTHS
    cutoff = months_before(today, months)
    due = (
        Service.objects.filter(publication=Service.Publication.PUBLISHED, assurance_reminded_on__isnull=True)
        .filter(assured_on__lte=cutoff)
        .select_related("organisation")
        .order_by("organisation_id", "name")
    )
    reminded = 0
    for service in due:
        if not is_due_for_check(service.assured_on, today=today, months=months):
            continue
        owner_id = service.organisation.organisation_id
        editors = (
            []
            if owner_id is None
            else [
                user.email
                for user in User.objects.filter(organisation_id=owner_id, is_active=True).order_by("email")
                if user.has_perm("directory.edit_own_entries")
            ]
        )
        with transaction.atomic():
            Service.objects.filter(pk=service.pk).update(assurance_reminded_on=today)
            _audit(DirectoryEvent.ASSURANCE_REMINDED, service, None, recipients=len(editors))
        # Each editor gets their own message (nobody sees who else was told); a refused one is logged, and the
        # reminder stays recorded as sent, so the next run does not repeat it.
        link = reverse("directory:edit", args=[service.pk])
        send_each_now(
            f"Please check your directory entry: {service.name}",
            (
                f"The entry for {service.name} was last checked on {service.assured_on:%d %B %Y}.\n"
                f"Please check it is still right, and confirm or update it: {link}\n"
            ),
            editors,
            about="checking a directory entry",
        )
        reminded += 1
    return reminded
