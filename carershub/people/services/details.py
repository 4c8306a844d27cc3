"""Registering someone and changing their details: the checks and messages for each detail, and the audit of
every change (each field's value before and after)."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Field
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.errors import FieldErrors
from carershub.core.events import OnTimeline
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area
from carershub.people.events import PersonEvent
from carershub.people.models import EthnicCategory, Person
from carershub.people.rules import (
    HIDDEN_FORMATTING_MESSAGE,
    add_years,
    has_hidden_formatting,
    is_valid_nhs_number,
    normalise_phone_number,
    normalise_postcode,
)

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


class StaleEdit(Exception):
    """Someone else changed the record after the page was opened: nothing was saved. `current` is the record now."""

    def __init__(self, current: Person) -> None:
        super().__init__(current.pk)
        self.current = current


class PersonDetailsInvalid(FieldErrors):
    """What someone entered breaks a rule: a message for each field, to show beside it."""


def check_person_details(details: dict[str, Any], *, today: date | None = None) -> dict[str, Any]:
    """The details tidied for saving (trimmed; NHS number, postcode and phone normalised), or PersonDetailsInvalid
    with a message for every field that breaks a rule. Unknown fields are a TypeError: they are a programming error.
    """
    refuse_unknown(details, CHANGEABLE_PERSON_FIELDS, "person details")
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


def refuse_unknown(details: dict[str, Any], known: frozenset[str], what: str) -> None:
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
    refuse_unknown(details, PERSON_DETAILS, "person details")
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
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=registered_by,
        subject=person,
        area=area,
        event=PersonEvent.REGISTERED,
        timeline=OnTimeline(person, "Registered with the service", at=person.created_at),
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
        event=PersonEvent.REGISTERED,
        timeline=OnTimeline(
            person,
            "Registered with the service from an NHS number only: details to be confirmed with the carer or by tracing",
            at=person.created_at,
        ),
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
        event=PersonEvent.DETAILS_CHANGED,
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
