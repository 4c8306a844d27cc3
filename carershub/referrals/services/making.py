"""Making a referral: finding or registering the carer and the person they care for, recording the consents the
referral carries, routing it to the right provider's inbox, and opening the carer's record to it when it may."""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.events import OnTimeline
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import CaringRelationship, Consent, Involvement, Person
from carershub.people.rules import carer_categories
from carershub.people.selectors import carer_facts, find_likely_duplicates
from carershub.people.services.consent import check_consent, record_consent
from carershub.people.services.details import PersonDetailsInvalid, register_person, register_person_by_nhs_number
from carershub.people.services.involvement import open_involvement
from carershub.people.services.relationships import add_caring_relationship
from carershub.people.services.timeline import add_timeline_entry
from carershub.referrals.events import ReferralEvent
from carershub.referrals.models import Cohort, Referral, RoutingRule
from carershub.referrals.rules import choose_route, cohort_preferences
from carershub.referrals.services.submission import (
    NoRouteForReferral,
    PersonDetails,
    ReferralInvalid,
    ReferralSubmission,
    check_submission,
    new_reference,
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
        # A flag for staff on the new record's timeline; registering the record is the audited event.
        add_timeline_entry(
            person,
            kind=ReferralEvent.POSSIBLE_DUPLICATE,
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
        event=ReferralEvent.RECEIVED,
        # The line names the provider it was routed to; the audit row names the referrer's organisation.
        timeline=OnTimeline(
            carer,
            # "GP practice" keeps its capitals; "The carer themselves" does not.
            f"Referred by {source if source[:2].isupper() else source[:1].lower() + source[1:]}; routed to {provider}",
            link=referral.get_absolute_url(),
            at=now,
            organisation=provider,
        ),
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
