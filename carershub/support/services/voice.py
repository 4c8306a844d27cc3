"""Carer voice: asking for feedback with a one-use link (emailed after the commit), the carer's answers, answers
typed in from paper, "you said, we did" and co-production meetings."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.messaging import email_each_after_commit
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation
from carershub.people.models import Person
from carershub.support.events import SupportEvent
from carershub.support.models import (
    CoProductionMeeting,
    FeedbackRequest,
    FeedbackResponse,
    Service,
    YouSaidWeDid,
)
from carershub.support.services.contacts import SupportInvalid

LINK_LIFETIME = timedelta(days=28)


class FeedbackLinkUnusable(Exception):
    """The link was used already, has expired, or never existed: the carer sees the same page for each."""


@dataclass(frozen=True)
class FeedbackAnswers:
    satisfaction: int
    would_recommend: str
    what_would_make_it_better: str = ""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check(answers: FeedbackAnswers) -> None:
    errors: dict[str, str] = {}
    if not 1 <= answers.satisfaction <= 5:
        errors["satisfaction"] = "Select how satisfied you are"
    if answers.would_recommend not in FeedbackResponse.Recommend.values:
        errors["would_recommend"] = "Select whether you would recommend us"
    if errors:
        raise SupportInvalid(errors)


@transaction.atomic
def ask_for_feedback(carer: Person, *, by: User, service: str, site_url: str) -> tuple[FeedbackRequest, str]:
    """Make a one-use feedback link for the carer and email it to their address on record, if any. Returns the
    request and the link, shown once (to give by text or read out) and never stored."""
    if by.organisation is None or service not in Service.values:
        raise SupportInvalid({"service": "Select what the feedback is about"})
    token = secrets.token_urlsafe(32)
    request = FeedbackRequest.objects.create(
        area_id=carer.area_id,
        carer=carer,
        organisation=by.organisation,
        service=service,
        token_digest=token_digest(token),
        sent_to_email=carer.email,
        expires_at=timezone.now() + LINK_LIFETIME,
        created_by=by,
        updated_by=by,
    )
    url = site_url.rstrip("/") + reverse("support_public:feedback", args=[token])
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=carer,
        area=carer.area,
        purpose="carer feedback",
        event=SupportEvent.FEEDBACK_REQUESTED,
        detail={"service": service, "emailed": bool(carer.email)},
    )
    if carer.email:
        body = (
            f"Hello {carer.full_name},\n\nPlease tell us what you thought of the support you had from "
            f"{by.organisation.name}. It takes a minute: three questions.\n\n{url}\n\n"
            "The link works once, for four weeks. Your answers are anonymous."
        )
        email_each_after_commit("Tell us what you think", body, [carer.email], about="a feedback link")
    return request, url


def usable_request(token: str) -> FeedbackRequest:
    request = FeedbackRequest.objects.select_related("organisation").filter(token_digest=token_digest(token)).first()
    if request is None or request.answered_at is not None or request.expires_at <= timezone.now():
        raise FeedbackLinkUnusable
    return request


@transaction.atomic
def answer_feedback(token: str, *, answers: FeedbackAnswers) -> FeedbackResponse:
    """The carer's answers through the link. The link then stops working: one response per link."""
    _check(answers)
    request = usable_request(token)
    request = FeedbackRequest.objects.select_for_update().get(pk=request.pk)
    if request.answered_at is not None:
        raise FeedbackLinkUnusable
    request.answered_at = timezone.now()
    request.save(update_fields=["answered_at", "updated_at"])
    response = FeedbackResponse.objects.create(
        area_id=request.area_id,
        organisation=request.organisation,
        service=request.service,
        request=request,
        source=FeedbackResponse.Source.LINK,
        satisfaction=answers.satisfaction,
        would_recommend=answers.would_recommend,
        what_would_make_it_better=answers.what_would_make_it_better.strip(),
        answered_on=timezone.localdate(),
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=None,
        subject=response,
        organisation=request.organisation,
        area=request.area,
        event=SupportEvent.FEEDBACK_GIVEN,
        detail={"source": "link"},
    )
    return response


@transaction.atomic
def record_paper_feedback(
    organisation: Organisation, *, by: User, service: str, answered_on: date, answers: FeedbackAnswers
) -> FeedbackResponse:
    """Answers from a paper form, typed in later."""
    _check(answers)
    area = organisation.areas.order_by("pk").first()
    if area is None or service not in Service.values:
        raise SupportInvalid({"service": "Select what the feedback is about"})
    response = FeedbackResponse.objects.create(
        area=area,
        organisation=organisation,
        service=service,
        source=FeedbackResponse.Source.PAPER,
        satisfaction=answers.satisfaction,
        would_recommend=answers.would_recommend,
        what_would_make_it_better=answers.what_would_make_it_better.strip(),
        answered_on=answered_on,
        created_by=by,
        updated_by=by,
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=response,
        area=area,
        event=SupportEvent.FEEDBACK_GIVEN,
        detail={"source": "paper"},
    )
    return response


@transaction.atomic
def add_you_said_we_did(
    organisation: Organisation, *, by: User, you_said: str, we_did: str, publish: bool
) -> YouSaidWeDid:
    area = organisation.areas.order_by("pk").first()
    if area is None or not you_said.strip() or not we_did.strip():
        raise SupportInvalid({"you_said": "Enter what carers said and what was done"})
    entry = YouSaidWeDid.objects.create(
        area=area,
        organisation=organisation,
        you_said=you_said.strip(),
        we_did=we_did.strip(),
        published_on=timezone.localdate() if publish else None,
        created_by=by,
        updated_by=by,
    )
    record_event(AuditEvent.Kind.RECORD_CREATED, actor=by, subject=entry, area=area, event=SupportEvent.YOU_SAID_WE_DID)
    return entry


@transaction.atomic
def record_co_production_meeting(
    organisation: Organisation, *, by: User, title: str, held_on: date, carers_attending: int, actions_agreed: str
) -> CoProductionMeeting:
    area = organisation.areas.order_by("pk").first()
    if area is None or not title.strip() or not actions_agreed.strip():
        raise SupportInvalid({"title": "Enter the meeting and the actions agreed"})
    meeting = CoProductionMeeting.objects.create(
        area=area,
        organisation=organisation,
        title=title.strip(),
        held_on=held_on,
        carers_attending=carers_attending,
        actions_agreed=actions_agreed.strip(),
        created_by=by,
        updated_by=by,
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=meeting,
        area=area,
        event=SupportEvent.CO_PRODUCTION_MEETING,
    )
    return meeting
