"""Signposting a carer from their record: the information-and-advice contact (Care Act 2014 s.4), recorded on the
carer's timeline and audit trail, optionally with the service's details emailed to the carer."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from carershub.core.audit import record_event
from carershub.core.events import OnTimeline
from carershub.core.messaging import email_each_after_commit
from carershub.core.models import AuditEvent
from carershub.directory.events import DirectoryEvent
from carershub.directory.models import Service, Signposting
from carershub.support.models import Contact
from carershub.support.selectors import signposting_contact_kind
from carershub.support.services.contacts import ContactDetails, log_contact

if TYPE_CHECKING:
    from carershub.accounts.models import User
    from carershub.people.models import Person


class ServiceNotAvailable(Exception):
    """Only published services can be signposted to."""


@dataclass(frozen=True)
class Signposted:
    signposting: Signposting
    contact: Contact | None
    email_queued: bool


def service_details_text(service: Service) -> str:
    """What the carer is sent: the service's public details only, nothing about the carer."""
    lines = [service.name, "", service.description, "", f"How to get it: {service.get_access_display()}"]
    if service.access_description:
        lines.append(service.access_description)
    lines.append(f"Cost: {service.cost_text()}")
    for contact in service.contacts.all():
        lines.extend(
            part
            for part in (contact.phone and f"Phone: {contact.phone}", contact.email and f"Email: {contact.email}")
            if part
        )
    return "\n".join(lines)


@transaction.atomic
def signpost(
    person: "Person",
    *,
    service: Service,
    by: "User",
    note: str = "",
    channel: str = Contact.Channel.PHONE,
    email_to: str = "",
) -> Signposted:
    """Record that the practitioner pointed the carer to a published service, log it as an information-and-advice
    contact (so the everyday-support KPIs count it), and email the service's details when asked."""
    if not service.is_published() or by.organisation is None:
        raise ServiceNotAvailable(service)
    now = timezone.now()
    signposting = Signposting.objects.create(
        area_id=person.area_id,
        person=person,
        service=service,
        organisation=by.organisation,
        signposted_at=now,
        note=note.strip(),
        sent_by=Signposting.SentBy.EMAIL if email_to else Signposting.SentBy.NOT_SENT,
        sent_to=email_to,
        created_by=by,
        updated_by=by,
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=person,
        area=person.area,
        purpose="signposting a carer to a service (information and advice)",
        detail={"signposting": signposting.pk, "service": str(service.pk)},
        event=DirectoryEvent.SIGNPOSTED,
        timeline=OnTimeline(person, f"Signposted to {service.name}"[:300], link=service.get_absolute_url(), at=now),
    )
    # The same act is a contact with the carer (Care Act 2014 s.4 information and advice), logged through the
    # support app's own service so its audit and checks apply. A council that switched off every
    # information-and-advice kind still gets the signposting itself.
    kind = signposting_contact_kind()
    contact = (
        log_contact(
            person,
            by=by,
            details=ContactDetails(
                contacted_on=timezone.localdate(now), kind=kind, channel=channel, note=f"Signposted to {service.name}"
            ),
        )
        if kind is not None
        else None
    )
    if email_to:
        record_event(
            AuditEvent.Kind.EXPORTED,
            actor=by,
            subject=person,
            area=person.area,
            purpose="sending a service's details to the carer",
            event=DirectoryEvent.SIGNPOSTING_SENT,
            detail={"signposting": signposting.pk, "channel": "email"},
        )
        # Sent once the record is saved: a failed send never undoes the signposting.
        email_each_after_commit(
            f"Details of {service.name}", service_details_text(service), [email_to], about="a service's details"
        )
    return Signposted(signposting=signposting, contact=contact, email_queued=bool(email_to))
