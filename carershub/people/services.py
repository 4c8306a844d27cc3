"""State changes for people: registering and changing details, caring relationships, consent, involvement, the
timeline, and merging duplicate records. Each writes its audit event in the same transaction."""

import calendar
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Field
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.events import OnTimeline
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import CaringRelationship, Consent, EthnicCategory, Involvement, Person, TimelineEntry
from carershub.people.rules import (
    AGE_OF_CONSENT,
    HIDDEN_FORMATTING_MESSAGE,
    add_years,
    age_on,
    has_hidden_formatting,
    is_valid_nhs_number,
    normalise_phone_number,
    normalise_postcode,
)
from carershub.people.selectors import same_person_ids

OLDEST_AGE = 120

# Details `register_person` takes besides names and date of birth, and everything `update_person` may change.
# The area is not among them: a record never moves between tenants.
PERSON_DETAILS = frozenset(
    {
        "preferred_name",
        "nhs_number",
        "email",
        "phone",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
        "preferred_language",
        "communication_needs",
        "needs_interpreter",
        "sex",
        "ethnic_category",
        "disability",
        "employment_status",
        "is_digitally_excluded",
        "preferred_contact_method",
        "gp_practice",
        "school",
    }
)
CHANGEABLE_PERSON_FIELDS = PERSON_DETAILS | {"given_name", "family_name", "date_of_birth", "date_of_birth_precision"}
RELATIONSHIP_DETAILS = frozenset(
    {
        "has_parental_responsibility",
        "is_kinship_care",
        "care_tasks",
        "conditions",
        "hours_band",
        "lives_together",
        "caring_since",
    }
)

REQUIRED_MESSAGES = {"given_name": "Enter their given name", "family_name": "Enter their family name"}
CHOICE_MESSAGES = {
    "date_of_birth_precision": "Select how much of the date of birth is known",
    "sex": "Select their sex",
    "disability": "Select whether they consider themselves disabled",
    "employment_status": "Select their employment status",
    "preferred_contact_method": "Select how they would rather be contacted",
}
PHONE_MESSAGE = "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.com"
TIMELINE_SUMMARY_LENGTH = 300


class StaleEdit(Exception):
    """Someone else changed the record after the page was opened: nothing was saved. `current` is the record now."""

    def __init__(self, current: Person) -> None:
        super().__init__(current.pk)
        self.current = current


class PersonDetailsInvalid(Exception):
    """What someone entered breaks a rule. `errors` maps each field to a message to show beside it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def check_person_details(details: dict[str, Any], *, today: date | None = None) -> dict[str, Any]:
    """The details tidied for saving (trimmed; NHS number, postcode and phone normalised), or PersonDetailsInvalid
    with a message for every field that breaks a rule. Unknown fields are a TypeError: they are a programming error.
    """
    _refuse_unknown(details, CHANGEABLE_PERSON_FIELDS, "person details")
    today = today or timezone.localdate()
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, value in details.items():
        try:
            cleaned[name] = _clean_person_field(name, value, today=today)
        except ValueError as error:
            errors[name] = str(error)
    if errors:
        raise PersonDetailsInvalid(errors)
    return cleaned


def _refuse_unknown(details: dict[str, Any], known: frozenset[str], what: str) -> None:
    unknown = set(details) - known
    if unknown:
        raise TypeError(f"Unknown {what}: {', '.join(sorted(unknown))}")


def _clean_person_field(name: str, value: Any, *, today: date) -> Any:
    field = Person._meta.get_field(name)
    if not isinstance(field, Field):
        raise TypeError(f"{name} is not a field of a person")
    if isinstance(value, str):
        value = value.strip()
        if has_hidden_formatting(value):
            raise ValueError(HIDDEN_FORMATTING_MESSAGE)
    if name in REQUIRED_MESSAGES and not value:
        raise ValueError(REQUIRED_MESSAGES[name])
    if name in CHOICE_MESSAGES:
        allowed = {choice for choice, _ in field.choices or []} | ({""} if field.blank else set())
        if value not in allowed:
            raise ValueError(CHOICE_MESSAGES[name])
    if name in FIELD_CLEANERS and value not in ("", None):
        value = FIELD_CLEANERS[name](value, today)
    max_length = getattr(field, "max_length", None)
    if isinstance(value, str) and max_length and len(value) > max_length:
        label = str(field.verbose_name)
        raise ValueError(f"{label[:1].upper()}{label[1:]} must be {max_length} characters or fewer")
    return value


def _clean_date_of_birth(date_of_birth: date, today: date) -> date:
    if date_of_birth > today:
        raise ValueError("Date of birth must be today or in the past")
    earliest = add_years(today, -OLDEST_AGE)
    if date_of_birth < earliest:
        raise ValueError(f"Date of birth must be on or after {earliest.day} {earliest:%B %Y}")
    return date_of_birth


def _clean_nhs_number(value: str, today: date) -> str:
    digits = "".join(value.split())  # people write it as 3-3-4 digits: "943 476 5919"
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        raise ValueError("NHS number must be 10 digits")
    if not is_valid_nhs_number(digits):
        raise ValueError("Enter a valid NHS number")
    return digits


def _clean_postcode(value: str, today: date) -> str:
    try:
        return normalise_postcode(value)
    except ValueError:
        raise ValueError("Enter a real postcode") from None


def _clean_phone(value: str, today: date) -> str:
    # Stored as digits so that search can compare it however it was written.
    try:
        return normalise_phone_number(value)
    except ValueError:
        raise ValueError(PHONE_MESSAGE) from None


def _clean_email(value: str, today: date) -> str:
    try:
        validate_email(value)
    except ValidationError:
        raise ValueError(EMAIL_MESSAGE) from None
    return value


def _clean_ethnic_category(value: EthnicCategory, today: date) -> EthnicCategory:
    if not isinstance(value, EthnicCategory) or not value.is_enabled():
        raise ValueError("Select an ethnic category from the list")
    return value


FIELD_CLEANERS: dict[str, Callable[[Any, date], Any]] = {
    "date_of_birth": _clean_date_of_birth,
    "nhs_number": _clean_nhs_number,
    "postcode": _clean_postcode,
    "phone": _clean_phone,
    "email": _clean_email,
    "ethnic_category": _clean_ethnic_category,
}


def _store_month_only(values: dict[str, Any], *, precision: str, date_of_birth: date | None) -> None:
    # With month precision only the month and year are known, and the day is stored as the 1st (models.Person).
    if precision == Person.DateOfBirthPrecision.MONTH and date_of_birth is not None and date_of_birth.day != 1:
        values["date_of_birth"] = date_of_birth.replace(day=1)


def _organisation_of(user: User | None) -> Organisation | None:
    return user.organisation if user is not None else None


@transaction.atomic
def register_person(
    *,
    area: Area,
    given_name: str,
    family_name: str,
    registered_by: User | None,
    date_of_birth: date | None = None,
    date_of_birth_precision: str = "day",
    **details: Any,
) -> Person:
    """Register someone in an area, as a carer or a cared-for person. Raises PersonDetailsInvalid before saving."""
    _refuse_unknown(details, PERSON_DETAILS, "person details")
    cleaned = check_person_details(
        {
            "given_name": given_name,
            "family_name": family_name,
            "date_of_birth": date_of_birth,
            "date_of_birth_precision": date_of_birth_precision,
            **details,
        }
    )
    _store_month_only(cleaned, precision=cleaned["date_of_birth_precision"], date_of_birth=cleaned["date_of_birth"])
    person = Person.objects.create(area=area, created_by=registered_by, updated_by=registered_by, **cleaned)
    record_event(AuditEvent.Kind.RECORD_CREATED, actor=registered_by, subject=person, area=area)
    add_timeline_entry(
        person, kind="registered", summary="Registered with the service", actor=registered_by, at=person.created_at
    )
    return person


@transaction.atomic
def register_person_by_nhs_number(*, area: Area, nhs_number: str, registered_by: User | None) -> Person:
    """Register someone known only by their NHS number (a referral that sent nothing else), flagged as needing their
    details confirmed with the carer or by tracing. Raises PersonDetailsInvalid for an invalid NHS number."""
    cleaned = check_person_details({"nhs_number": nhs_number})
    if not cleaned["nhs_number"]:
        raise PersonDetailsInvalid({"nhs_number": "Enter their NHS number"})
    person = Person.objects.create(
        area=area,
        nhs_number=cleaned["nhs_number"],
        given_name="",
        family_name="",
        preferred_language="",
        needs_details_confirmed=True,
        created_by=registered_by,
        updated_by=registered_by,
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=registered_by,
        subject=person,
        area=area,
        detail={"needs_details_confirmed": True},
    )
    add_timeline_entry(
        person,
        kind="registered",
        summary="Registered with the service from an NHS number only: details to be confirmed with the carer or "
        "by tracing",
        actor=registered_by,
        at=person.created_at,
    )
    return person


@transaction.atomic
def update_person(person: Person, *, changed_by: User, expected_version: int | None = None, **changes: Any) -> Person:
    """Change someone's details. Given `expected_version` (the version the editor's page showed), a record changed
    by someone else since is a StaleEdit and nothing is saved. The audit holds each changed field's value before
    and after, so a correction can itself be checked and undone."""
    cleaned = check_person_details(changes)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if expected_version is not None and person.version != expected_version:
        raise StaleEdit(person)
    _check_places_in_area(person, cleaned)
    _store_month_only(
        cleaned,
        precision=cleaned.get("date_of_birth_precision", person.date_of_birth_precision),
        date_of_birth=cleaned.get("date_of_birth", person.date_of_birth),
    )
    changed = sorted(name for name, value in cleaned.items() if getattr(person, name) != value)
    if not changed:
        return person
    before = {name: _audit_value(getattr(person, name)) for name in changed}
    for name in changed:
        setattr(person, name, cleaned[name])
    if person.needs_details_confirmed and person.given_name and person.family_name:
        # Someone registered from an NHS number alone is confirmed once staff have recorded their name.
        person.needs_details_confirmed = False
        changed.append("needs_details_confirmed")
    person.updated_by = changed_by
    person.version += 1
    person.save(update_fields=[*changed, "version", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=changed_by,
        subject=person,
        area=person.area,
        detail={
            "fields": changed,
            "before": before,
            "after": {name: _audit_value(getattr(person, name)) for name in before},
        },
    )
    return person


def _check_places_in_area(person: Person, cleaned: dict[str, Any]) -> None:
    # Rows that refer to each other share an area (core.models.AreaScopedModel).
    errors = {
        name: f"Select a {label} in {person.area}"
        for name, label in (("gp_practice", "GP practice"), ("school", "school"))
        if cleaned.get(name) is not None and cleaned[name].area_id != person.area_id
    }
    if errors:
        raise PersonDetailsInvalid(errors)


def _audit_value(value: Any) -> Any:
    """A value as the audit log's JSON keeps it: dates as ISO text, related rows by their primary key."""
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def check_caring_relationship(
    carer: Person, cared_for: Person, *, relationship: str, today: date | None = None, **details: Any
) -> None:
    """Raise PersonDetailsInvalid, with a message per field, if this caring relationship may not be recorded."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if carer.pk == cared_for.pk:
        errors["cared_for"] = "Select someone other than the carer"
    elif carer.area_id != cared_for.area_id:
        # Rows that refer to each other share an area (core.models.AreaScopedModel).
        errors["cared_for"] = "Select someone in the same area as the carer"
    elif carer.is_merged() or cared_for.is_merged():
        errors["cared_for"] = "Select a record that has not been merged into another"
    elif CaringRelationship.objects.filter(carer=carer, cared_for=cared_for, ended_on__isnull=True).exists():
        errors["cared_for"] = "They are already recorded as caring for this person"
    if relationship not in CaringRelationship.Relationship.values:
        errors["relationship"] = "Select what the cared-for person is to the carer"
    if not set(details.get("care_tasks", [])) <= set(CaringRelationship.CareTask.values):
        errors["care_tasks"] = "Select the care they give from the list"
    if not set(details.get("conditions", [])) <= set(CaringRelationship.Condition.values):
        errors["conditions"] = "Select the conditions from the list"
    if details.get("hours_band", "") not in {"", *CaringRelationship.HoursBand.values}:
        errors["hours_band"] = "Select how many hours a week they care"
    caring_since = details.get("caring_since")
    if caring_since is not None and caring_since > today:
        errors["caring_since"] = "The date they started caring must be today or in the past"
    if errors:
        raise PersonDetailsInvalid(errors)


@transaction.atomic
def add_caring_relationship(
    carer: Person, cared_for: Person, *, relationship: str, added_by: User | None, **details: Any
) -> CaringRelationship:
    """Record that one person cares for another in the same area. Nobody cares for themselves."""
    _refuse_unknown(details, RELATIONSHIP_DETAILS, "caring relationship details")
    check_caring_relationship(carer, cared_for, relationship=relationship, **details)
    caring = CaringRelationship.objects.create(
        area=carer.area,
        carer=carer,
        cared_for=cared_for,
        relationship=relationship,
        created_by=added_by,
        updated_by=added_by,
        **details,
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=added_by,
        subject=caring,
        area=carer.area,
        detail={"carer": carer.pk, "cared_for": cared_for.pk},
    )
    label = caring.get_relationship_display().lower()
    add_timeline_entry(carer, kind="caring_started", summary=f"Caring for {cared_for} ({label})", actor=added_by)
    add_timeline_entry(cared_for, kind="caring_started", summary=f"Cared for by {carer}", actor=added_by)
    return caring


@transaction.atomic
def end_caring_relationship(relationship: CaringRelationship, *, ended_by: User, ended_on: date) -> CaringRelationship:
    """Record the day someone stopped caring for another. Ending an ended relationship changes nothing."""
    relationship = (
        CaringRelationship.objects.select_for_update(of=("self",))
        .select_related("carer", "cared_for")
        .get(pk=relationship.pk)
    )
    if relationship.ended_on is not None:
        return relationship
    if ended_on > timezone.localdate():
        raise PersonDetailsInvalid({"ended_on": "The date they stopped caring must be today or in the past"})
    if relationship.caring_since is not None and ended_on < relationship.caring_since:
        raise PersonDetailsInvalid({"ended_on": "The date they stopped caring must be after they started caring"})
    relationship.ended_on = ended_on
    relationship.updated_by = ended_by
    relationship.save(update_fields=["ended_on", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=ended_by,
        subject=relationship,
        area=relationship.area,
        detail={"fields": ["ended_on"]},
    )
    carer, cared_for = relationship.carer, relationship.cared_for
    add_timeline_entry(carer, kind="caring_ended", summary=f"Stopped caring for {cared_for}", actor=ended_by)
    add_timeline_entry(cared_for, kind="caring_ended", summary=f"No longer cared for by {carer}", actor=ended_by)
    return relationship


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
    )
    add_timeline_entry(
        person,
        kind="consent_given",
        summary=f"{_consent_summary(consent, verb='given')} ({_lower_first(consent.get_given_by_display())})",
        actor=recorded_by,
        at=given_at,
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
    for consent in pending:
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
        )
    add_timeline_entry(
        person,
        kind="competence_judged",
        summary="Judged competent to consent for themselves"
        if is_competent
        else "Judged not yet able to consent alone: a parent or guardian needs to agree",
        actor=judged_by,
        at=now,
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
    )
    add_timeline_entry(
        consent.person,
        kind="consent_withdrawn",
        summary=_consent_summary(consent, verb="withdrawn"),
        actor=withdrawn_by,
        at=consent.withdrawn_at,
    )
    return consent


@transaction.atomic
def open_involvement(
    person: Person,
    organisation: Organisation,
    *,
    reason: str,
    at: datetime | None = None,
    opened_by: User | None = None,
) -> Involvement:
    """Start an organisation working with a person, which lets its staff see the record. An open involvement
    for the same reason is returned as it is."""
    if reason not in Involvement.Reason.values:
        raise PersonDetailsInvalid({"reason": "Select why the organisation is involved"})
    if not organisation.areas.filter(pk=person.area_id).exists():
        raise PersonDetailsInvalid({"organisation": "Select an organisation that works in the person's area"})
    # Locking the person makes two requests opening the same involvement at once produce one row.
    Person.objects.select_for_update().only("pk").get(pk=person.pk)
    existing = Involvement.objects.filter(
        person=person, organisation=organisation, reason=reason, ended_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    involvement = Involvement.objects.create(
        area=person.area,
        person=person,
        organisation=organisation,
        reason=reason,
        started_at=at or timezone.now(),
        created_by=opened_by,
        updated_by=opened_by,
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=opened_by,
        subject=involvement,
        area=person.area,
        detail={"person": person.pk, "organisation": organisation.pk, "reason": reason},
    )
    return involvement


@transaction.atomic
def end_involvement(
    person: Person,
    organisation: Organisation,
    *,
    reason: str,
    at: datetime | None = None,
    ended_by: User | None = None,
) -> None:
    """Stop an organisation working with a person for this reason. Its staff lose sight of the record unless it
    is involved for another reason. Ending what is not open changes nothing."""
    ended_at = at or timezone.now()
    open_involvements = Involvement.objects.select_for_update().filter(
        person=person, organisation=organisation, reason=reason, ended_at__isnull=True
    )
    for involvement in open_involvements:
        involvement.ended_at = ended_at
        involvement.updated_by = ended_by
        involvement.save(update_fields=["ended_at", "updated_by", "updated_at"])
        record_event(
            AuditEvent.Kind.RECORD_CHANGED,
            actor=ended_by,
            subject=involvement,
            area=person.area,
            detail={"fields": ["ended_at"]},
        )


@transaction.atomic
def add_timeline_entry(
    person: Person,
    *,
    kind: str,
    summary: str,
    actor: User | None = None,
    organisation: Organisation | None = None,
    link: str = "",
    at: datetime | None = None,
) -> TimelineEntry:
    """Add one line to a person's story. The audit event is the caller's: this is the practitioner's view of it."""
    if not kind or not summary.strip():
        raise ValueError("A timeline entry needs a kind and a summary.")
    summary = summary.strip()
    if len(summary) > TIMELINE_SUMMARY_LENGTH:
        # Long names can push a generated summary past the column; shortening it is better than losing it.
        summary = summary[: TIMELINE_SUMMARY_LENGTH - 1] + "…"
    return TimelineEntry.objects.create(
        area=person.area,
        person=person,
        occurred_at=at or timezone.now(),
        kind=kind,
        summary=summary,
        actor=actor,
        organisation=organisation or _organisation_of(actor),
        link=link,
        created_by=actor,
        updated_by=actor,
    )


def write_timeline_entry(
    code: str, line: OnTimeline, actor: User | None, organisation: Organisation | None
) -> TimelineEntry:
    """core.events' timeline writer: `record_event(..., timeline=OnTimeline(...))` adds the line through here."""
    if not isinstance(line.person, Person):
        raise TypeError("A timeline entry belongs to a person.")
    return add_timeline_entry(
        line.person, kind=code, summary=line.summary, actor=actor, organisation=organisation, link=line.link, at=line.at
    )


def _lock_pair(first: Person, second: Person) -> tuple[Person, Person]:
    # Lock in primary key order, so two merges touching the same records cannot deadlock.
    locked = {
        person.pk: person
        for person in Person.objects.select_for_update().filter(pk__in=[first.pk, second.pk]).order_by("pk")
    }
    return locked[first.pk], locked[second.pk]


@transaction.atomic
def merge_people(duplicate: Person, *, into: Person, merged_by: User) -> Person:
    """Hide a duplicate record behind the record it duplicates. Nothing moves and nothing is deleted, so it can be
    undone; the surviving record's timeline shows the duplicate's entries."""
    if duplicate.pk == into.pk:
        raise PersonDetailsInvalid({"into": "Select a different record to merge into"})
    duplicate, into = _lock_pair(duplicate, into)
    if duplicate.area_id != into.area_id:
        raise PersonDetailsInvalid({"into": "Select a record in the same area"})
    if duplicate.is_merged():
        raise PersonDetailsInvalid({"into": "This record has already been merged into another"})
    if into.is_merged():
        raise PersonDetailsInvalid({"into": "Select a record that has not been merged into another"})
    if Person.objects.filter(merged_into=duplicate).exists():
        # Chains would hide entries: the surviving record shows only records merged directly into it.
        raise PersonDetailsInvalid({"into": "Other records were merged into this one; unmerge them first"})
    duplicate.merged_into = into
    duplicate.merged_at = timezone.now()
    duplicate.updated_by = merged_by
    duplicate.save(update_fields=["merged_into", "merged_at", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=merged_by,
        subject=duplicate,
        area=duplicate.area,
        detail={"fields": ["merged_into", "merged_at"], "merged_into": into.pk},
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED, actor=merged_by, subject=into, area=into.area, detail={"merged": duplicate.pk}
    )
    _carry_over_involvements(duplicate, into=into, at=duplicate.merged_at)
    add_timeline_entry(duplicate, kind="merged", summary=f"Merged into another record of {into}", actor=merged_by)
    add_timeline_entry(
        into, kind="merged", summary=f"A duplicate record of {duplicate} was merged into this one", actor=merged_by
    )
    return duplicate


def _carry_over_involvements(duplicate: Person, *, into: Person, at: datetime | None) -> None:
    """Organisations working with the duplicate now work with the surviving record (until an unmerge)."""
    already = set(
        Involvement.objects.filter(person=into, ended_at__isnull=True).values_list("organisation_id", "reason")
    )
    Involvement.objects.bulk_create(
        Involvement(
            area_id=into.area_id,
            person=into,
            organisation_id=involvement.organisation_id,
            reason=involvement.reason,
            started_at=at or timezone.now(),
            carried_over_from=duplicate,
        )
        for involvement in Involvement.objects.filter(person=duplicate, ended_at__isnull=True)
        if (involvement.organisation_id, involvement.reason) not in already
    )


@transaction.atomic
def unmerge_person(duplicate: Person, *, unmerged_by: User, reason: str) -> Person:
    """Undo a merge, saying why: the record is visible again on its own, with its own timeline."""
    if not reason.strip():
        raise PersonDetailsInvalid({"reason": "Enter why these records are not the same person"})
    duplicate = Person.objects.select_for_update(of=("self",)).select_related("merged_into").get(pk=duplicate.pk)
    into = duplicate.merged_into
    if into is None:
        raise PersonDetailsInvalid({"merged_into": "This record is not merged into another"})
    duplicate.merged_into = None
    duplicate.merged_at = None
    duplicate.updated_by = unmerged_by
    duplicate.save(update_fields=["merged_into", "merged_at", "updated_by", "updated_at"])
    Involvement.objects.filter(person=into, carried_over_from=duplicate, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=unmerged_by,
        subject=duplicate,
        area=duplicate.area,
        purpose=reason.strip(),
        detail={"fields": ["merged_into", "merged_at"], "unmerged_from": into.pk},
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=unmerged_by,
        subject=into,
        area=into.area,
        purpose=reason.strip(),
        detail={"unmerged": duplicate.pk},
    )
    add_timeline_entry(duplicate, kind="unmerged", summary=f"Separated from the record of {into}", actor=unmerged_by)
    add_timeline_entry(
        into, kind="unmerged", summary=f"The record of {duplicate} was separated from this one", actor=unmerged_by
    )
    return duplicate


@transaction.atomic
def update_cared_for_details(
    relationship: CaringRelationship,
    *,
    changed_by: User,
    expected_version: int,
    date_of_birth: date | None,
    disability: str,
    conditions: list[str],
) -> Person:
    """Correct what the carer's record says about someone they care for: their date of birth and disability (on
    their own record, with the stale-edit check) and their conditions (on the caring relationship). Together they
    decide which assessment the law points to, so the suggestion changes with them."""
    if not set(conditions) <= set(CaringRelationship.Condition.values):
        raise PersonDetailsInvalid({"conditions": "Select the conditions from the list"})
    dates: dict[str, Any] = {"date_of_birth": date_of_birth}
    if date_of_birth is not None:
        dates["date_of_birth_precision"] = Person.DateOfBirthPrecision.DAY  # a whole date was entered
    cared_for = update_person(
        relationship.cared_for, changed_by=changed_by, expected_version=expected_version, disability=disability, **dates
    )
    relationship = CaringRelationship.objects.select_for_update().get(pk=relationship.pk)
    if sorted(relationship.conditions) != sorted(conditions):
        before = relationship.conditions
        relationship.conditions = list(conditions)
        relationship.updated_by = changed_by
        relationship.save(update_fields=["conditions", "updated_by", "updated_at"])
        record_event(
            AuditEvent.Kind.RECORD_CHANGED,
            actor=changed_by,
            subject=relationship,
            area=relationship.area,
            detail={"fields": ["conditions"], "before": {"conditions": before}, "after": {"conditions": conditions}},
        )
    return cared_for
