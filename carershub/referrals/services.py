"""Referral intake, routing and decisions: one pathway whoever meets the carer first."""

import logging
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, GPPractice, Organisation, School
from carershub.people.models import CaringRelationship, Consent, Involvement, Person
from carershub.people.rules import HIDDEN_FORMATTING_MESSAGE, age_on, carer_categories, has_hidden_formatting
from carershub.people.selectors import (
    carer_facts,
    consents_awaiting_competence_judgement,
    find_likely_duplicates,
    has_consent_to_contact,
    has_consent_to_share,
)
from carershub.people.services import (
    PersonDetailsInvalid,
    add_caring_relationship,
    add_timeline_entry,
    check_consent,
    end_involvement,
    open_involvement,
    record_competence_judgement,
    record_consent,
    register_person,
    register_person_by_nhs_number,
)
from carershub.referrals.events import Event
from carershub.referrals.models import Cohort, Referral, RoutingRule, Transfer
from carershub.referrals.rules import choose_route, cohort_preferences

logger = logging.getLogger(__name__)

# Crockford's base32 without I, L, O and U: easy to read out over the phone.
_REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Services for young carers start at 5; a younger child is safeguarded, not supported as a carer.
YOUNGEST_CARER_AGE = 5
# AuditEvent.purpose is a short column; the full override reason is kept on the Transfer.
_PURPOSE_LENGTH = 255


class ReferralInvalid(Exception):
    """The referral cannot be made as given. `errors` maps a field name to a message saying what to fix."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


class NoRouteForReferral(Exception):
    """The area has no provider for any cohort this carer belongs to: an administrator must add a routing rule."""


class ReferralNotOpen(Exception):
    """Only a referral waiting for a decision can be accepted, rejected or transferred."""


class NotTheProvider(Exception):
    """Only staff of the provider a referral is routed to may decide on it; the council can see it, not decide."""


class ConsentRequired(Exception):
    """The carer has not agreed to share their information with that organisation."""


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


class RecordNotOpen(Exception):
    """The referral carried no consent to share the carer's record: it cannot be accepted before the carer's consent
    is recorded or a manager opens the record with a reason."""


class CompetenceJudgementNeeded(Exception):
    """The carer is under 16 and agreed alone: accepting needs the practitioner's judgement of their competence."""


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


def route(area: Area, person: Person, *, on: date) -> tuple[str, Organisation]:
    """The cohort and provider for a carer in an area, from the area's routing rules."""
    facts = carer_facts(person, on=on)
    preferences = cohort_preferences(carer_categories(facts), facts.age)
    rules = list(RoutingRule.objects.filter(area=area).select_related("provider"))
    chosen = choose_route(preferences, facts.age, [rule.as_rule() for rule in rules])
    if chosen is not None:
        provider = next(rule.provider for rule in rules if rule.provider_id == chosen.provider_id)
        return chosen.cohort, provider
    raise NoRouteForReferral(f"{area} has no provider for {', '.join(preferences)}")


def _agrees_with(candidate: Person, details: PersonDetails) -> bool:
    # A date of birth only one side knows is no disagreement; a different name or date of birth is.
    return (
        candidate.given_name.strip().lower() == details.given_name.strip().lower()
        and candidate.family_name.strip().lower() == details.family_name.strip().lower()
        and (
            candidate.date_of_birth is None
            or details.date_of_birth is None
            or candidate.date_of_birth == details.date_of_birth
        )
    )


def _person_for(area: Area, details: PersonDetails, *, registered_by: User | None) -> Person:
    """Reuse the record of someone with the same NHS number, name and date of birth; otherwise register them.

    An NHS number matching a record with another name or date of birth may be a typing slip on either side, so it
    is never reused silently: the new record is registered and flagged on its timeline, and the referral page
    offers the pair for merge (people.selectors.find_likely_duplicates matches them by NHS number). Other likely
    matches are left for staff to merge too (name, date of birth and postcode can belong to two people)."""
    conflicting = False
    if details.nhs_number:
        nhs_number = details.nhs_number.replace(" ", "")
        for candidate in find_likely_duplicates(area, nhs_number=nhs_number):
            if candidate.nhs_number != nhs_number:
                continue
            if _agrees_with(candidate, details):
                return candidate
            conflicting = True
    person = register_person(
        area=area,
        given_name=details.given_name,
        family_name=details.family_name,
        date_of_birth=details.date_of_birth,
        date_of_birth_precision=details.date_of_birth_precision,
        registered_by=registered_by,
        **details.as_details(),
    )
    if conflicting:
        add_timeline_entry(
            person,
            kind="possible_duplicate",
            summary="Possible duplicate: another record has this NHS number with a different name or date of birth; "
            "check and merge if they are the same person",
            actor=registered_by,
        )
    return person


def _person_with_nhs_number(area: Area, nhs_number: str, *, registered_by: User | None) -> Person:
    """The area's record with this NHS number (the longest-standing if several), or a new one holding only the
    number, flagged for the provider to confirm the person's details with them or by tracing."""
    nhs_number = "".join(nhs_number.split())
    known = [
        person for person in find_likely_duplicates(area, nhs_number=nhs_number) if person.nhs_number == nhs_number
    ]
    if known:
        return min(known, key=lambda person: person.pk)
    return register_person_by_nhs_number(area=area, nhs_number=nhs_number, registered_by=registered_by)


def _route_by_nhs_number_only(area: Area, person: Person, *, on: date) -> tuple[str, Organisation]:
    """Route as usual, but never answer differently because of what is known about the person: the area's adult
    carers' provider (the cohort when nothing is known) must exist, and takes the referral if no rule fits."""
    adult = (
        RoutingRule.objects.filter(area=area, cohort=Cohort.ADULT, from_age__isnull=True, to_age__isnull=True)
        .select_related("provider")
        .first()
    )
    if adult is None:
        raise NoRouteForReferral(f"{area} has no provider for adult carers")
    try:
        return route(area, person, on=on)
    except NoRouteForReferral:
        return adult.cohort, adult.provider


def _consent_given_by(submission: ReferralSubmission, carer: Person, *, at: datetime) -> str:
    # A referrer who named only an NHS number cannot know the carer is under 16 (the service may): their consent
    # then waits for the provider's competence judgement, as a child's given alone does, rather than being refused.
    if submission.carer_by_nhs_number_only and submission.consent_given_by == Consent.GivenBy.SELF:
        try:
            check_consent(carer, scope=Consent.Scope.REGISTRATION, given_by=Consent.GivenBy.SELF, given_at=at)
        except PersonDetailsInvalid as invalid:
            if "given_by" in invalid.errors:
                return Consent.GivenBy.PENDING_COMPETENCE_JUDGEMENT
    return submission.consent_given_by


def submit_referral(submission: ReferralSubmission, *, submitted_by: User | None) -> Referral:
    """Make a referral and route it to the right provider's inbox. The same idempotency key gives the same
    referral back, so a double click or a retried request never makes two."""
    if submission.idempotency_key:
        existing = Referral.objects.filter(area=submission.area, idempotency_key=submission.idempotency_key).first()
        if existing is not None:
            return existing
    check_submission(submission)
    try:
        with transaction.atomic():
            return _create_referral(submission, submitted_by=submitted_by)
    except PersonDetailsInvalid as invalid:
        raise ReferralInvalid(invalid.errors) from invalid
    except IntegrityError:
        # Two identical submissions raced; the other one won. Return it rather than fail the person.
        if submission.idempotency_key:
            existing = Referral.objects.filter(area=submission.area, idempotency_key=submission.idempotency_key).first()
            if existing is not None:
                return existing
        raise


def _create_referral(submission: ReferralSubmission, *, submitted_by: User | None) -> Referral:
    area = submission.area
    now = timezone.now()
    if submission.carer_by_nhs_number_only:
        carer = _person_with_nhs_number(area, submission.carer.nhs_number, registered_by=submitted_by)
    else:
        carer = _person_for(area, submission.carer, registered_by=submitted_by)
    consent_given_by = _consent_given_by(submission, carer, at=now)
    cared_for = None
    if submission.cared_for is not None:
        cared_for = _person_for(area, submission.cared_for, registered_by=submitted_by)
        if not CaringRelationship.objects.filter(carer=carer, cared_for=cared_for, ended_on__isnull=True).exists():
            add_caring_relationship(
                carer,
                cared_for,
                relationship=submission.relationship,
                added_by=submitted_by,
                has_parental_responsibility=submission.has_parental_responsibility,
                is_kinship_care=submission.is_kinship_care,
                care_tasks=list(submission.care_tasks),
                conditions=list(submission.conditions),
                hours_band=submission.hours_band,
            )
    if consent_given_by:
        _record_consents_carried(submission, carer, given_by=consent_given_by, recorded_by=submitted_by, at=now)

    on = timezone.localdate()
    if submission.carer_by_nhs_number_only:
        cohort, provider = _route_by_nhs_number_only(area, carer, on=on)
    else:
        cohort, provider = route(area, carer, on=on)
    opens_record = _opens_record(submission)
    referral = Referral.objects.create(
        area=area,
        reference=new_reference(),
        source=submission.source,
        carer=carer,
        cared_for=cared_for,
        carer_name_as_referred=f"{submission.carer.given_name.strip()} {submission.carer.family_name.strip()}".strip(),
        carer_nhs_number_as_referred=submission.carer.nhs_number.replace(" ", ""),
        reason=submission.reason.strip(),
        urgency=submission.urgency,
        cohort=cohort,
        provider=provider,
        referrer_name=submission.referrer_name,
        referrer_role=submission.referrer_role,
        referrer_email=submission.referrer_email,
        referrer_phone=submission.referrer_phone,
        referring_organisation=submission.referring_organisation,
        referring_gp_practice=submission.referring_gp_practice,
        referring_school=submission.referring_school,
        hospital_name=submission.hospital_name,
        idempotency_key=submission.idempotency_key,
        awaits_consent_to_share=not opens_record,
        received_at=now,
        created_by=submitted_by,
    )
    if opens_record:
        open_involvement(carer, provider, reason=Involvement.Reason.REFERRAL_RECEIVED, at=now)
    if submission.referring_organisation is not None:
        open_involvement(carer, submission.referring_organisation, reason=Involvement.Reason.REFERRER, at=now)
    source = referral.get_source_display()
    add_timeline_entry(
        carer,
        kind="referral_received",
        # "GP practice" keeps its capitals; "The carer themselves" does not.
        summary=f"Referred by {source if source[:2].isupper() else source[:1].lower() + source[1:]}; "
        f"routed to {provider}",
        actor=submitted_by,
        organisation=provider,
        link=referral.get_absolute_url(),
        at=now,
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=submitted_by,
        subject=referral,
        area=area,
        organisation=submitted_by.organisation if submitted_by else submission.referring_organisation,
        detail={
            "reference": referral.reference,
            "source": referral.source,
            "cohort": cohort,
            "provider": provider.slug,
            "awaits_consent_to_share": not opens_record,
        },
    )
    return referral


def _opens_record(submission: ReferralSubmission) -> bool:
    """Whether the referral opens the carer's record to the provider it is routed to.

    Only a referral that carries the carer's consent to share (who agreed, and how) and names the carer by name and
    date of birth, which the record must agree with, does. A referral carrying no consent, or naming only an NHS
    number (anyone holding a number could send one, and the consent cannot be checked against the person), opens
    the referral alone; the provider records the carer's consent, or a manager overrides with a reason, before
    the record opens (UK GDPR Art 9(2); Data Protection Act 2018 Sch 1). The answer never depends on whether the
    carer was already known, so a provider's own referral to itself (its registration) is no way in either."""
    return bool(submission.consent_given_by) and not submission.carer_by_nhs_number_only


def _record_consents_carried(
    submission: ReferralSubmission, carer: Person, *, given_by: str, recorded_by: User | None, at: datetime
) -> None:
    """The consents the referral says the carer gave: to be registered, to share this referral with carers'
    support providers, and to be contacted by the channels they chose."""

    def carried(scope: str, *, recipient_kind: str = "", channel: str = "") -> None:
        record_consent(
            carer,
            scope=scope,
            recipient_kind=recipient_kind,
            channel=channel,
            given_by=given_by,
            given_by_name=submission.consent_given_by_name,
            given_by_relationship=submission.consent_given_by_relationship,
            how_given=submission.consent_how_given,
            recorded_by=recorded_by,
            given_at=at,
        )

    carried(Consent.Scope.REGISTRATION)
    carried(Consent.Scope.SHARE, recipient_kind=Consent.RecipientKind.PROVIDER)
    for channel in submission.contact_channels:
        carried(Consent.Scope.CONTACT, channel=channel)


def _locked_open(referral: Referral, *, decided_by: User) -> Referral:
    # Lock the referral row only: on PostgreSQL a plain FOR UPDATE would also lock the joined carer and provider.
    locked = Referral.objects.select_for_update(of=("self",)).select_related("carer", "provider").get(pk=referral.pk)
    if locked.provider_id != decided_by.organisation_id:
        raise NotTheProvider(locked.reference)
    if not locked.is_open():
        raise ReferralNotOpen(locked.reference)
    return locked


@transaction.atomic
def accept_referral(
    referral: Referral, *, accepted_by: User, young_person_is_competent: bool | None = None
) -> Referral:
    """Accept an open referral and open a case for the carer with this provider. A carer under 16 who agreed alone
    needs the accepting practitioner's judgement of their competence to consent (Gillick), recorded with it; without
    it, CompetenceJudgementNeeded."""
    referral = _locked_open(referral, decided_by=accepted_by)
    if referral.awaits_consent_to_share:
        raise RecordNotOpen(referral.reference)
    now = timezone.now()
    if consents_awaiting_competence_judgement(referral.carer):
        if young_person_is_competent is None:
            raise CompetenceJudgementNeeded(referral.reference)
        record_competence_judgement(
            referral.carer, judged_by=accepted_by, is_competent=young_person_is_competent, at=now
        )
    referral.status = Referral.Status.ACCEPTED
    referral.decided_at = now
    referral.decided_by = accepted_by
    referral.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    open_involvement(referral.carer, referral.provider, reason=Involvement.Reason.CASE_OPEN, at=now)
    end_involvement(referral.carer, referral.provider, reason=Involvement.Reason.REFERRAL_RECEIVED, at=now)
    add_timeline_entry(
        referral.carer,
        kind="referral_accepted",
        summary=f"Referral {referral.reference} accepted by {referral.provider}",
        actor=accepted_by,
        organisation=referral.provider,
        link=referral.get_absolute_url(),
        at=now,
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=accepted_by,
        subject=referral,
        area=referral.area,
        detail={"status": "accepted"},
    )
    _tell_referrer(referral, accepted=True)
    return referral


@transaction.atomic
def reject_referral(referral: Referral, *, rejected_by: User, reason: str) -> Referral:
    """Reject an open referral with a reason the referrer is told; the provider stops seeing the carer."""
    if not reason.strip():
        raise ReferralInvalid({"reason": "Enter why the referral is being rejected"})
    referral = _locked_open(referral, decided_by=rejected_by)
    now = timezone.now()
    referral.status = Referral.Status.REJECTED
    referral.decided_at = now
    referral.decided_by = rejected_by
    referral.rejection_reason = reason.strip()
    referral.save(update_fields=["status", "decided_at", "decided_by", "rejection_reason", "updated_at"])
    end_involvement(referral.carer, referral.provider, reason=Involvement.Reason.REFERRAL_RECEIVED, at=now)
    add_timeline_entry(
        referral.carer,
        kind="referral_rejected",
        summary=f"Referral {referral.reference} rejected by {referral.provider}: {referral.rejection_reason}",
        actor=rejected_by,
        organisation=referral.provider,
        at=now,
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=rejected_by,
        subject=referral,
        area=referral.area,
        detail={"status": "rejected"},
    )
    _tell_referrer(referral, accepted=False)
    return referral


@transaction.atomic
def transfer_referral(
    referral: Referral, *, to_provider: Organisation, transferred_by: User, reason: str, override_reason: str = ""
) -> Referral:
    """Move an open referral to another provider in the area. Without the carer's consent to share with that
    provider, only someone with the override permission may do it, and must say why (UK GDPR Art 6(1)(e))."""
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = "Enter why the referral is being transferred"
    # Only carers' services that take referrals in the area (they have a routing rule there): a carer's details
    # must not go to, say, a home care agency that happens to work in the area.
    takes_referrals_here = RoutingRule.objects.filter(area=referral.area_id, provider=to_provider).exists()
    if to_provider.kind != Organisation.Kind.PROVIDER or not to_provider.is_active or not takes_referrals_here:
        errors["to_provider"] = "Select a carers' service that takes referrals in this area"
    elif to_provider.pk == referral.provider_id:
        errors["to_provider"] = "Select a different provider"
    if errors:
        raise ReferralInvalid(errors)
    referral = _locked_open(referral, decided_by=transferred_by)
    consented = has_consent_to_share(referral.carer, to_provider)
    if not consented:
        if not transferred_by.has_perm("referrals.override_consent"):
            raise ConsentRequired(to_provider.name)
        if not override_reason.strip():
            raise ReferralInvalid({"override_reason": "Enter why the referral must be shared without consent"})
    now = timezone.now()
    from_provider = referral.provider
    transfer = Transfer.objects.create(
        area=referral.area,
        referral=referral,
        from_provider=from_provider,
        to_provider=to_provider,
        reason=reason.strip(),
        consent_overridden=not consented,
        override_reason=override_reason.strip() if not consented else "",
        transferred_at=now,
        transferred_by=transferred_by,
        created_by=transferred_by,
    )
    referral.provider = to_provider
    referral.save(update_fields=["provider", "updated_at"])
    end_involvement(referral.carer, from_provider, reason=Involvement.Reason.REFERRAL_RECEIVED, at=now)
    if not referral.awaits_consent_to_share:  # a record closed to the first provider stays closed to the next
        open_involvement(referral.carer, to_provider, reason=Involvement.Reason.REFERRAL_RECEIVED, at=now)
    add_timeline_entry(
        referral.carer,
        kind="referral_transferred",
        summary=f"Referral {referral.reference} transferred from {from_provider} to {to_provider}",
        actor=transferred_by,
        organisation=from_provider,
        link=referral.get_absolute_url(),
        at=now,
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=transferred_by,
        subject=referral,
        area=referral.area,
        purpose=override_reason.strip()[:_PURPOSE_LENGTH] if not consented else "",
        detail={"transferred_to": to_provider.slug, "consent_overridden": not consented, "transfer": transfer.pk},
    )
    _tell_referrer_of_transfer(referral, from_provider=from_provider)
    return referral


@transaction.atomic
def record_consent_to_share(
    referral: Referral,
    *,
    recorded_by: User,
    given_by: str,
    how_given: str,
    given_by_name: str = "",
    given_by_relationship: str = "",
) -> Referral:
    """Record that the carer (or someone for them) agreed to share their record with the provider the referral is
    routed to, who and how, and open the record to it. Only the provider's staff record it."""
    referral = _locked_open(referral, decided_by=recorded_by)
    if not referral.awaits_consent_to_share:
        return referral
    if how_given not in {Consent.HowGiven.IN_PERSON, Consent.HowGiven.PHONE, Consent.HowGiven.IN_WRITING}:
        raise ReferralInvalid({"how_given": "Select how they agreed"})
    if given_by in {Consent.GivenBy.PARENT_OR_GUARDIAN, Consent.GivenBy.REPRESENTATIVE} and not (
        given_by_name.strip() and given_by_relationship.strip()
    ):
        raise ReferralInvalid(
            {"given_by_name": "Enter the name of the person who agreed and what they are to the carer"}
        )
    now = timezone.now()
    try:
        record_consent(
            referral.carer,
            scope=Consent.Scope.SHARE,
            organisation=referral.provider,
            given_by=given_by,
            given_by_name=given_by_name,
            given_by_relationship=given_by_relationship,
            how_given=how_given,
            recorded_by=recorded_by,
            given_at=now,
        )
    except PersonDetailsInvalid as invalid:
        raise ReferralInvalid(invalid.errors) from invalid
    return _open_record(referral, by=recorded_by, at=now, event=Event.CONSENT_RECORDED)


@transaction.atomic
def open_record_without_consent(referral: Referral, *, opened_by: User, reason: str) -> Referral:
    """Open the carer's record to the provider without their consent (for example, to protect them from harm:
    Data Protection Act 2018 Sch 1 para 18). Only someone with the override permission, and with a reason that is
    kept on the referral and in the audit log."""
    if not opened_by.has_perm("referrals.override_consent"):
        raise ConsentRequired(referral.reference)
    if not reason.strip():
        raise ReferralInvalid({"override_reason": "Enter why the record must be opened without consent"})
    referral = _locked_open(referral, decided_by=opened_by)
    if not referral.awaits_consent_to_share:
        return referral
    referral.consent_override_reason = reason.strip()
    referral.save(update_fields=["consent_override_reason", "updated_at"])
    return _open_record(referral, by=opened_by, at=timezone.now(), event=Event.CONSENT_OVERRIDDEN)


def _open_record(referral: Referral, *, by: User, at: datetime, event: Event) -> Referral:
    referral.awaits_consent_to_share = False
    referral.save(update_fields=["awaits_consent_to_share", "updated_at"])
    open_involvement(referral.carer, referral.provider, reason=Involvement.Reason.REFERRAL_RECEIVED, at=at)
    overridden = event == Event.CONSENT_OVERRIDDEN
    add_timeline_entry(
        referral.carer,
        kind=event,
        summary=f"Record opened to {referral.provider} for referral {referral.reference}"
        + (" without the carer's consent" if overridden else " with the carer's consent"),
        actor=by,
        organisation=referral.provider,
        link=referral.get_absolute_url(),
        at=at,
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=referral,
        area=referral.area,
        purpose=referral.consent_override_reason[:_PURPOSE_LENGTH] if overridden else "",
        detail={"event": event, "record_opened_to": referral.provider.slug},
    )
    return referral


def _referrer_address(referral: Referral) -> str:
    """Where to tell the referrer what happened. A carer who referred themselves is emailed only if they agreed to
    be contacted by email (SMS and letters are not sent from here)."""
    if referral.source == Referral.Source.SELF:
        carer = referral.carer
        return carer.email if carer.email and has_consent_to_contact(carer, Consent.Channel.EMAIL) else ""
    return referral.referrer_email


def _tell_referrer(referral: Referral, *, accepted: bool) -> None:
    """Referrers hear the outcome. A GP practice is also asked to record the patient as a carer (SNOMED CT
    224484003, "patient themselves providing care"), which is how GP carers' registers are kept."""
    recipient = _referrer_address(referral)
    if not recipient:
        return
    themselves = referral.source == Referral.Source.SELF
    if accepted and themselves:
        body = (
            f"Your request for support (reference {referral.reference}) has been accepted by {referral.provider}. "
            "They will contact you soon."
        )
    elif accepted:
        body = f"Referral {referral.reference} has been accepted by {referral.provider}. They will contact the carer."
        if referral.source == Referral.Source.GP_PRACTICE:
            body += (
                "\n\nPlease record the patient as a carer in their GP record "
                "(SNOMED CT 224484003 'Patient themselves providing care')."
            )
    elif themselves:
        body = (
            f"{referral.provider} could not take on your request for support (reference {referral.reference}).\n\n"
            f"Reason: {referral.rejection_reason}"
        )
    else:
        body = (
            f"Referral {referral.reference} was not accepted by {referral.provider}.\n\n"
            f"Reason: {referral.rejection_reason}"
        )
    subject = f"Carers Hub referral {referral.reference}: {'accepted' if accepted else 'not accepted'}"
    transaction.on_commit(lambda: _send_outcome(subject, body, recipient))


def _tell_referrer_of_transfer(referral: Referral, *, from_provider: Organisation) -> None:
    """The referrer (or a carer who referred themselves, by consented email) hears who now has the referral."""
    recipient = _referrer_address(referral)
    if not recipient:
        return
    whose = "Your request for support" if referral.source == Referral.Source.SELF else "Referral"
    body = (
        f"{whose} {referral.reference} has been passed from {from_provider} to {referral.provider}, "
        "who will decide on it."
    )
    subject = f"Carers Hub referral {referral.reference}: passed to {referral.provider}"
    transaction.on_commit(lambda: _send_outcome(subject, body, recipient))


def _send_outcome(subject: str, body: str, recipient: str) -> None:
    # Sent after the decision is committed: a mail failure is logged and never undoes the decision.
    try:
        send_mail(subject, body, None, [recipient])
    except OSError:
        logger.exception("Could not email the referrer about a referral outcome")
