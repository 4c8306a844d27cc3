"""Consent: what someone agreed to, who agreed and how; withdrawing it; and a young person's competence to consent
for themselves (Gillick competence)."""

import calendar
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.events import OnTimeline
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation
from carershub.people.events import PersonEvent
from carershub.people.models import Consent, Person
from carershub.people.rules import AGE_OF_CONSENT, age_on
from carershub.people.selectors import same_person_ids
from carershub.people.services.details import PersonDetailsInvalid


def _latest_possible_birthday(person: Person) -> date | None:
    # With only the month known, assume the last day in it, so nobody who might still be 15 consents alone.
    date_of_birth = person.date_of_birth
    if date_of_birth is None or person.date_of_birth_precision != Person.DateOfBirthPrecision.MONTH:
        return date_of_birth
    return date_of_birth.replace(day=calendar.monthrange(date_of_birth.year, date_of_birth.month)[1])


def check_consent(
    person: Person,
    *,
    scope: str,
    given_by: str,
    given_at: datetime,
    organisation: Organisation | None = None,
    recipient_kind: str = "",
    channel: str = "",
) -> None:
    """Raise PersonDetailsInvalid, with a message per field, if this consent may not be recorded."""
    errors: dict[str, str] = {}
    if scope not in Consent.Scope.values:
        errors["scope"] = "Select what they agreed to"
    if given_by not in Consent.GivenBy.values:
        errors["given_by"] = "Select who gave consent"
    elif given_by not in {
        Consent.GivenBy.PARENT_OR_GUARDIAN,
        Consent.GivenBy.COMPETENCE_JUDGEMENT,
        Consent.GivenBy.PENDING_COMPETENCE_JUDGEMENT,
    }:
        latest_birthday = _latest_possible_birthday(person)
        on = timezone.localdate(given_at)
        if latest_birthday is not None and latest_birthday <= on and age_on(latest_birthday, on) < AGE_OF_CONSENT:
            # Under 16 a child consents alone only when judged competent to decide (Gillick competence).
            errors["given_by"] = (
                "Select a parent or guardian, or record that the young person was judged competent to decide"
            )
    if given_at > timezone.now():
        errors["given_at"] = "The date consent was given must be today or in the past"
    if scope == Consent.Scope.SHARE and (organisation is None) == (recipient_kind == ""):
        errors["organisation"] = "Select one organisation, or one kind of organisation, to share with"
    if recipient_kind and recipient_kind not in Consent.RecipientKind.values:
        errors["recipient_kind"] = "Select who they agreed to share with"
    if scope == Consent.Scope.CONTACT and channel not in Consent.Channel.values:
        errors["channel"] = "Select how they agreed to be contacted"
    if errors:
        raise PersonDetailsInvalid(errors)


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]


def _consent_summary(consent: Consent, *, verb: str) -> str:
    # "Consent given to share their information with Home Carers Centre (a parent or guardian on their behalf)"
    summary = f"Consent {verb} {_lower_first(consent.get_scope_display())}"
    if consent.organisation is not None:
        summary += f" with {consent.organisation}"
    elif consent.recipient_kind:
        summary += f" with {_lower_first(consent.get_recipient_kind_display())}"
    if consent.channel:
        summary += f" by {consent.get_channel_display().lower()}"
    return summary


@transaction.atomic
def record_consent(
    person: Person,
    *,
    scope: str,
    given_by: str,
    recorded_by: User | None,
    given_at: datetime | None = None,
    organisation: Organisation | None = None,
    recipient_kind: str = "",
    channel: str = "",
    given_by_name: str = "",
    given_by_relationship: str = "",
    how_given: str = "",
) -> Consent:
    """Record what someone agreed to, who agreed and how. A child under 16 needs a parent or a competence judgement
    (made already, or pending: see record_competence_judgement)."""
    given_at = given_at or timezone.now()
    if how_given not in {"", *Consent.HowGiven.values}:
        raise PersonDetailsInvalid({"how_given": "Select how they agreed"})
    check_consent(
        person,
        scope=scope,
        given_by=given_by,
        given_at=given_at,
        organisation=organisation,
        recipient_kind=recipient_kind,
        channel=channel,
    )
    consent = Consent.objects.create(
        area=person.area,
        person=person,
        scope=scope,
        given_by=given_by,
        given_by_name=given_by_name.strip(),
        given_by_relationship=given_by_relationship.strip(),
        given_at=given_at,
        organisation=organisation,
        recipient_kind=recipient_kind,
        channel=channel,
        how_given=how_given,
        recorded_by=recorded_by,
        created_by=recorded_by,
        updated_by=recorded_by,
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=recorded_by,
        subject=consent,
        area=person.area,
        detail={"scope": scope, "given_by": given_by, "how_given": how_given},
        event=PersonEvent.CONSENT_GIVEN,
        timeline=OnTimeline(
            person,
            f"{_consent_summary(consent, verb='given')} ({_lower_first(consent.get_given_by_display())})",
            at=given_at,
        ),
    )
    return consent


@transaction.atomic
def record_competence_judgement(
    person: Person, *, judged_by: User, is_competent: bool, at: datetime | None = None
) -> list[Consent]:
    """Record a practitioner's judgement of whether a child under 16 who agreed alone understands enough to
    consent (Gillick competence). Judged competent, their consents stand; judged not, they are withdrawn, and a
    parent or guardian needs to agree instead. Returns the consents judged (none if nothing was waiting)."""
    # The person and any duplicate merged into them: the same human.
    person_ids = same_person_ids(person)
    pending = list(
        Consent.objects.select_for_update(of=("self",))
        .filter(
            person_id__in=person_ids,
            given_by=Consent.GivenBy.PENDING_COMPETENCE_JUDGEMENT,
            withdrawn_at__isnull=True,
        )
        .order_by("pk")
    )
    if not pending:
        return []
    now = at or timezone.now()
    outcome = Consent.CompetenceOutcome.COMPETENT if is_competent else Consent.CompetenceOutcome.NOT_COMPETENT
    summary = (
        "Judged competent to consent for themselves"
        if is_competent
        else "Judged not yet able to consent alone: a parent or guardian needs to agree"
    )
    for index, consent in enumerate(pending):
        consent.competence_judged_by = judged_by
        consent.competence_judged_at = now
        consent.competence_outcome = outcome
        consent.updated_by = judged_by
        fields = ["competence_judged_by", "competence_judged_at", "competence_outcome", "updated_by", "updated_at"]
        if is_competent:
            consent.given_by = Consent.GivenBy.COMPETENCE_JUDGEMENT
            fields.append("given_by")
        else:
            consent.withdrawn_at = now
            consent.withdrawn_by = judged_by
            fields += ["withdrawn_at", "withdrawn_by"]
        consent.save(update_fields=fields)
        record_event(
            AuditEvent.Kind.RECORD_CHANGED,
            actor=judged_by,
            subject=consent,
            area=consent.area,
            detail={"fields": fields[:3], "competence_outcome": outcome},
            event=PersonEvent.COMPETENCE_JUDGED,
            # One judgement of the person, however many consents waited for it: one line on their timeline.
            timeline=OnTimeline(person, summary, at=now) if index == 0 else None,
        )
    return pending


@transaction.atomic
def withdraw_consent(consent: Consent, *, withdrawn_by: User | None) -> Consent:
    """Withdraw consent from now on. The record is kept; withdrawing twice changes nothing."""
    consent = (
        Consent.objects.select_for_update(of=("self",)).select_related("person", "organisation").get(pk=consent.pk)
    )
    if consent.withdrawn_at is not None:
        return consent
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = withdrawn_by
    consent.updated_by = withdrawn_by
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=withdrawn_by,
        subject=consent,
        area=consent.area,
        detail={"fields": ["withdrawn_at", "withdrawn_by"]},
        event=PersonEvent.CONSENT_WITHDRAWN,
        timeline=OnTimeline(consent.person, _consent_summary(consent, verb="withdrawn"), at=consent.withdrawn_at),
    )
    return consent
