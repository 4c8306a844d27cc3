"""A referrals API request body as a referral submission, and where each field a check refuses sits in the body."""

from carershub.organisations.models import ApiKey, Area, GPPractice, School
from carershub.people.models import Consent
from carershub.people.services.details import PersonDetailsInvalid, check_person_details
from carershub.referrals.api.schemas import ReferralCaredForIn, ReferralCarerIn, ReferralIn
from carershub.referrals.services.submission import PersonDetails, ReferralSubmission

# Consent given on the carer's behalf: the API asks who agreed (name and relationship), as the forms do.
ON_BEHALF = frozenset({Consent.GivenBy.PARENT_OR_GUARDIAN, Consent.GivenBy.REPRESENTATIVE})
# Where each detail of a person sits in the request body, for errors from people.services.details.check_person_details.
_PERSON_FIELD_PATHS = {
    name: f"contact.{name}" for name in ("email", "phone", "address_line_1", "address_line_2", "town", "postcode")
}
# Where each field named by submit_referral (ReferralInvalid.errors) sits in the request body.
SUBMISSION_FIELD_PATHS = {
    "carer_contact": "carer.contact",
    "relationship": "cared_for.relationship",
    "care_tasks": "cared_for.care_tasks",
    "conditions": "cared_for.conditions",
    "hours_band": "cared_for.hours_band",
    "referring_gp_practice": "gp_practice_ods_code",
    "referring_school": "school_urn",
    "given_by": "consent_given_by",
    "given_by_name": "consent_given_by_name",
    "given_by_relationship": "consent_given_by_relationship",
    "channel": "contact_channels",
}


def carer_details(carer: ReferralCarerIn) -> PersonDetails:
    return PersonDetails(
        given_name=carer.given_name,
        family_name=carer.family_name,
        date_of_birth=carer.date_of_birth,
        date_of_birth_precision=carer.date_of_birth_precision,
        nhs_number=carer.nhs_number,
        **carer.contact.model_dump(),
        preferred_language=carer.preferred_language,
        communication_needs=carer.communication_needs,
        employment_status=carer.employment_status,
    )


def cared_for_details(cared_for: ReferralCaredForIn) -> PersonDetails:
    return PersonDetails(
        given_name=cared_for.given_name,
        family_name=cared_for.family_name,
        date_of_birth=cared_for.date_of_birth,
        date_of_birth_precision=cared_for.date_of_birth_precision,
        nhs_number=cared_for.nhs_number,
    )


def person_details_errors(details: PersonDetails) -> dict[str, str]:
    """What registering this person would refuse, by person field (people.services.details.check_person_details)."""
    try:
        check_person_details(
            {
                "given_name": details.given_name,
                "family_name": details.family_name,
                "date_of_birth": details.date_of_birth,
                "date_of_birth_precision": details.date_of_birth_precision,
                **details.as_details(),
            }
        )
    except PersonDetailsInvalid as invalid:
        return invalid.errors
    return {}


def person_errors(details: PersonDetails, prefix: str) -> dict[str, str]:
    return {
        f"{prefix}.{_PERSON_FIELD_PATHS.get(name, name)}": message
        for name, message in person_details_errors(details).items()
    }


def submission_from(
    payload: ReferralIn,
    api_key: ApiKey,
    *,
    area: Area,
    gp_practice: GPPractice | None,
    school: School | None,
    idempotency_key: str,
) -> ReferralSubmission:
    caring = payload.cared_for
    return ReferralSubmission(
        area=area,
        source=payload.source,
        carer=carer_details(payload.carer),
        cared_for=cared_for_details(caring) if caring is not None else None,
        relationship=caring.relationship if caring is not None else "",
        has_parental_responsibility=caring.has_parental_responsibility if caring is not None else False,
        is_kinship_care=caring.is_kinship_care if caring is not None else False,
        care_tasks=tuple(caring.care_tasks) if caring is not None else (),
        conditions=tuple(caring.conditions) if caring is not None else (),
        hours_band=caring.hours_band if caring is not None else "",
        reason=payload.reason,
        urgency=payload.urgency,
        consent_given_by=payload.consent_given_by,
        consent_given_by_name=payload.consent_given_by_name,
        consent_given_by_relationship=payload.consent_given_by_relationship,
        contact_channels=tuple(payload.contact_channels),
        referrer_name=payload.referrer.name,
        referrer_role=payload.referrer.role,
        referrer_email=payload.referrer.email,
        referrer_phone=payload.referrer.phone,
        referring_organisation=api_key.organisation,
        referring_gp_practice=gp_practice,
        referring_school=school,
        hospital_name=payload.hospital_name,
        idempotency_key=idempotency_key,
    )
