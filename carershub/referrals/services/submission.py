"""What a referral says, from any route in (public form, staff form, API, FHIR message), and the checks it must
pass before anything is saved."""

import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from carershub.core.errors import FieldErrors
from carershub.organisations.models import Area, GPPractice, Organisation, School
from carershub.people.models import Consent
from carershub.people.rules import HIDDEN_FORMATTING_MESSAGE, age_on, has_hidden_formatting
from carershub.referrals.models import Referral

# Crockford's base32 without I, L, O and U: easy to read out over the phone.
_REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Services for young carers start at 5; a younger child is safeguarded, not supported as a carer.
YOUNGEST_CARER_AGE = 5


class ReferralInvalid(FieldErrors):
    """The referral (or a decision on it) cannot be made as given: a message for each field saying what to fix."""


class NoRouteForReferral(Exception):
    """The area has no provider for any cohort this carer belongs to: an administrator must add a routing rule."""


@dataclass(frozen=True)
class PersonDetails:
    """What an intake form or message says about a person."""

    given_name: str
    family_name: str
    date_of_birth: date | None = None
    date_of_birth_precision: str = "day"
    nhs_number: str = ""
    email: str = ""
    phone: str = ""
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    postcode: str = ""
    preferred_language: str = ""
    communication_needs: str = ""
    employment_status: str = ""

    def as_details(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        for name in ("given_name", "family_name", "date_of_birth", "date_of_birth_precision"):
            values.pop(name)
        return {name: value for name, value in values.items() if value}


@dataclass(frozen=True)
class ReferralSubmission:
    """Everything needed to make a referral, from a public form, a staff form, the API or a FHIR message."""

    area: Area
    source: str
    carer: PersonDetails
    reason: str
    # Consent.GivenBy: who agreed to the referral being made and shared; empty when the referral carries no consent
    # (then none is recorded, and the carer's record stays closed to the provider: _opens_record).
    consent_given_by: str
    cared_for: PersonDetails | None = None
    relationship: str = ""  # CaringRelationship.Relationship: what the cared-for person is to the carer
    has_parental_responsibility: bool = False
    is_kinship_care: bool = False
    care_tasks: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    hours_band: str = ""
    urgency: str = Referral.Urgency.ROUTINE
    referrer_name: str = ""
    referrer_role: str = ""
    referrer_email: str = ""
    referrer_phone: str = ""
    referring_organisation: Organisation | None = None
    referring_gp_practice: GPPractice | None = None
    referring_school: School | None = None
    hospital_name: str = ""
    contact_channels: tuple[str, ...] = field(default=())
    idempotency_key: str = ""
    # Who agreed on the carer's behalf (a parent or guardian, a representative), and what they are to the carer.
    consent_given_by_name: str = ""
    consent_given_by_relationship: str = ""
    # Consent.HowGiven: how the agreement reached us (the carer on our own form, or the referrer who asked them).
    consent_how_given: str = Consent.HowGiven.STATED_BY_REFERRER
    # The carer is named only by `carer.nhs_number` (a FHIR ServiceRequest whose subject is an identifier): the
    # referral is for the person with that NHS number in the area, or for a new record of it to be confirmed.
    carer_by_nhs_number_only: bool = False


def new_reference() -> str:
    """A referral reference such as R7K3M9P2Q: random, never derived from the person."""
    return "R" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))


def check_submission(submission: ReferralSubmission) -> None:
    """Refuse, field by field, what cannot become a safe referral. Nothing is saved before this passes."""
    errors: dict[str, str] = {}
    carer = submission.carer
    # A carer named only by NHS number has no contact route in the message; whether the service can reach them
    # (a known record, or tracing) must not change the answer, so the provider finds one instead.
    if not submission.carer_by_nhs_number_only and not (
        carer.phone or carer.email or (carer.address_line_1 and carer.postcode)
    ):
        errors["carer_contact"] = "Enter a phone number, an email address or a postal address for the carer"
    if not submission.reason.strip():
        errors["reason"] = "Enter why the carer needs support"
    elif has_hidden_formatting(submission.reason):
        errors["reason"] = HIDDEN_FORMATTING_MESSAGE
    for name in ("referrer_name", "referrer_role", "hospital_name", "consent_given_by_name"):
        if has_hidden_formatting(getattr(submission, name)):
            errors[name] = HIDDEN_FORMATTING_MESSAGE
    if carer.date_of_birth is not None:
        today = timezone.localdate()
        if carer.date_of_birth > today:
            errors["date_of_birth"] = "Date of birth must be in the past"
        elif age_on(carer.date_of_birth, today) < YOUNGEST_CARER_AGE:
            errors["date_of_birth"] = f"A carer must be at least {YOUNGEST_CARER_AGE} years old"
    if submission.cared_for is not None and _same_person(carer, submission.cared_for):
        errors["cared_for"] = "The person being cared for must be someone other than the carer"
    if submission.cared_for is not None and not submission.relationship:
        errors["relationship"] = "Select how the carer is related to the person they care for"
    if submission.source == Referral.Source.GP_PRACTICE and submission.referring_gp_practice is None:
        errors["referring_gp_practice"] = "Select the GP practice making the referral"
    if submission.source == Referral.Source.SCHOOL and submission.referring_school is None:
        errors["referring_school"] = "Select the school making the referral"
    if errors:
        raise ReferralInvalid(errors)


def _same_person(first: PersonDetails, second: PersonDetails) -> bool:
    if first.nhs_number and first.nhs_number.replace(" ", "") == second.nhs_number.replace(" ", ""):
        return True
    return (
        first.given_name.strip().lower() == second.given_name.strip().lower()
        and first.family_name.strip().lower() == second.family_name.strip().lower()
        and first.date_of_birth == second.date_of_birth
    )
