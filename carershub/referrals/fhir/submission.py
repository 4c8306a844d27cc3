"""Turning a ReferralMessage into a ReferralSubmission for the one referral pathway."""

from carershub.organisations.models import ApiKey, Area, GPPractice
from carershub.referrals.api.submission import person_details_errors
from carershub.referrals.api_selectors import areas_served_by, gp_practice_in
from carershub.referrals.fhir.codes import AREA_EXPRESSION, AREA_EXTENSION, CONSENT_EXPRESSION
from carershub.referrals.fhir.outcomes import FhirRequestRefused, Issue, refuse
from carershub.referrals.fhir.reading import PersonInMessage, ReferralMessage
from carershub.referrals.models import Referral
from carershub.referrals.services.submission import PersonDetails, ReferralSubmission


def build_submission(api_key: ApiKey, message: ReferralMessage, *, idempotency_key: str) -> ReferralSubmission:
    """The referral the message asks for, in an area the key's organisation serves, with people and the practice
    looked up there. FhirRequestRefused (400 or 422) names what cannot be found or is not valid."""
    areas = areas_served_by(api_key)
    if message.area_slug:
        areas = [area for area in areas if area.slug == message.area_slug]
        if not areas:
            raise refuse(400, "value", "Name an area your organisation serves (its slug)", AREA_EXPRESSION)
    gp_practice: GPPractice | None = None
    if message.is_from_gp_practice:
        if not message.ods_code:
            raise refuse(
                400,
                "required",
                "A referral from a GP practice names it by ODS code",
                "ServiceRequest.requester.identifier",
            )
        gp_practice = gp_practice_in(areas, message.ods_code)
        if gp_practice is None:
            raise refuse(
                422,
                "not-found",
                "No GP practice in your areas has this ODS code",
                "ServiceRequest.requester.identifier",
            )
        areas = [gp_practice.area]
    # People are never looked up here: the referral is built from what the message says, so its answer is the same
    # whether or not the service already knows them (submit_referral matches records afterwards).
    carer = message.carer.details
    area = _only_area(areas)
    cared_for = message.cared_for.details if message.cared_for is not None else None
    if not message.carer.is_nhs_number_only:  # the check digit is all there is to check, and was checked
        _check_person(carer, message.carer)
    if cared_for is not None and message.cared_for is not None:
        _check_person(cared_for, message.cared_for)
    return ReferralSubmission(
        area=area,
        source=Referral.Source.GP_PRACTICE if gp_practice is not None else Referral.Source.HOSPITAL,
        carer=carer,
        cared_for=cared_for,
        relationship=message.relationship if cared_for is not None else "",
        reason=message.reason,
        urgency=message.urgency,
        consent_given_by=message.consent_given_by,
        referrer_name=message.referrer_name,
        referring_organisation=api_key.organisation,
        referring_gp_practice=gp_practice,
        hospital_name=message.hospital_name,
        idempotency_key=idempotency_key,
        carer_by_nhs_number_only=message.carer.is_nhs_number_only,
    )


def _only_area(areas: list[Area]) -> Area:
    if len(areas) != 1:
        raise refuse(
            400,
            "required",
            f"Your organisation serves {len(areas)} areas: name one with the extension {AREA_EXTENSION} "
            "(valueCode: the area's slug)",
            AREA_EXPRESSION,
        )
    return areas[0]


def _check_person(details: PersonDetails, person: PersonInMessage) -> None:
    """Check a person's details as registering them would, naming each element that breaks a rule."""
    errors = person_details_errors(details)
    if errors:
        raise FhirRequestRefused(
            400, *(Issue("value", message, person.expression(name)) for name, message in errors.items())
        )


def business_expression(name: str, message: ReferralMessage) -> str:
    """The FHIRPath of what a field named by submit_referral (ReferralInvalid.errors) came from."""
    carer = message.carer
    expressions = {
        "carer_contact": carer.path if carer.path.endswith("subject") else f"{carer.path}.telecom",
        "reason": "ServiceRequest.reasonCode",
        "referring_gp_practice": "ServiceRequest.requester.identifier",
        "given_by": CONSENT_EXPRESSION,
        "relationship": message.relationship_path,
        "cared_for": message.cared_for.path if message.cared_for is not None else "ServiceRequest",
    }
    return expressions.get(name) or carer.expression(name)
