"""Applications from community groups (no account) and the eligibility check."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.grants.events import GrantsEvent
from carershub.grants.models import Application, FundingRound
from carershub.grants.rules.eligibility import ApplicationFacts, check_eligibility
from carershub.grants.services import GrantsInvalid


@dataclass(frozen=True)
class ApplicationDetails:
    organisation_name: str
    postcode: str
    contact_name: str
    contact_email: str
    project_title: str
    purpose: str
    amount_requested: Decimal
    carers_benefiting: int
    works_in_area: bool
    is_not_for_profit: bool
    charity_number: str = ""
    company_number: str = ""
    contact_phone: str = ""


@dataclass(frozen=True)
class ApplicationSubmitted:
    application: Application
    was_new: bool


def is_open(funding_round: FundingRound, *, on: date) -> bool:
    return funding_round.opens_on <= on <= funding_round.closes_on


@transaction.atomic
def submit_application(
    funding_round: FundingRound, *, submission_key: UUID, details: ApplicationDetails
) -> ApplicationSubmitted:
    """Receive an application. The same `submission_key` again (a double click, a resent form) returns the first
    application and records nothing new. A round is locked while its next reference is given out."""
    existing = Application.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return ApplicationSubmitted(application=existing, was_new=False)
    funding_round = FundingRound.objects.select_for_update().select_related("fund__area").get(pk=funding_round.pk)
    if not is_open(funding_round, on=timezone.localdate()):
        raise GrantsInvalid({"": "This funding round is not taking applications"})
    number = Application.objects.filter(funding_round=funding_round).count() + 1
    application = Application.objects.create(
        area=funding_round.fund.area,
        funding_round=funding_round,
        reference=f"R{funding_round.pk}-{number:04d}",
        submission_key=submission_key,
        organisation_name=details.organisation_name.strip(),
        charity_number=details.charity_number.strip(),
        company_number=details.company_number.strip().upper(),
        postcode=details.postcode.strip().upper(),
        contact_name=details.contact_name.strip(),
        contact_email=details.contact_email.strip(),
        contact_phone=details.contact_phone.strip(),
        project_title=details.project_title.strip(),
        purpose=details.purpose.strip(),
        amount_requested=details.amount_requested,
        carers_benefiting=details.carers_benefiting,
        works_in_area=details.works_in_area,
        is_not_for_profit=details.is_not_for_profit,
        submitted_at=timezone.now(),
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=None,
        subject=application,
        organisation=funding_round.fund.organisation,
        area=application.area,
        purpose="community fund application",
        event=GrantsEvent.APPLICATION_SUBMITTED,
        detail={"reference": application.reference},
    )
    return ApplicationSubmitted(application=application, was_new=True)


@transaction.atomic
def check_application_eligibility(application: Application, *, by: User) -> Application:
    """Apply the fund's eligibility rules and record the outcome with every reason."""
    application = Application.objects.select_for_update().select_related("funding_round").get(pk=application.pk)
    if application.status not in {Application.Status.SUBMITTED, Application.Status.INELIGIBLE}:
        raise GrantsInvalid({"": "This application has already been checked and scored"})
    funding_round = application.funding_round
    result = check_eligibility(
        ApplicationFacts(
            amount_requested=application.amount_requested,
            maximum_award=funding_round.maximum_award,
            carers_benefiting=application.carers_benefiting,
            submitted_on=timezone.localtime(application.submitted_at).date(),
            opens_on=funding_round.opens_on,
            closes_on=funding_round.closes_on,
            works_in_area=application.works_in_area,
            is_not_for_profit=application.is_not_for_profit,
        )
    )
    application.status = Application.Status.ELIGIBLE if result.is_eligible else Application.Status.INELIGIBLE
    application.eligibility_reasons = list(result.reasons)
    application.eligibility_checked_at = timezone.now()
    application.eligibility_checked_by = by
    application.updated_by = by
    application.save(
        update_fields=[
            "status",
            "eligibility_reasons",
            "eligibility_checked_at",
            "eligibility_checked_by",
            "updated_by",
            "updated_at",
        ]
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=application,
        area=application.area,
        purpose="community fund application",
        event=GrantsEvent.ELIGIBILITY_CHECKED,
        detail={"is_eligible": result.is_eligible},
    )
    return application
