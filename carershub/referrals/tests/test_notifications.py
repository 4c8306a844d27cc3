"""The referrer hears what happened to a referral, by email once the decision is committed; a carer who referred
themselves only if they agreed to be emailed."""

from collections.abc import Callable

import pytest
from django.core import mail
from pytest_django import DjangoCaptureOnCommitCallbacks

from carershub.accounts.models import User
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Consent
from carershub.referrals.models import Cohort, Referral
from carershub.referrals.services.decisions import accept_referral, reject_referral, transfer_referral
from carershub.referrals.services.making import submit_referral
from carershub.referrals.services.submission import PersonDetails
from carershub.referrals.tests.factories import RoutingRuleFactory, adult_carer_submission, submitted_referral


@pytest.fixture
def routing(home_area: Area, carers_centre: Organisation, young_carers_service: Organisation) -> None:
    """The home area sends adult carers to the carers centre and young carers to the young carers service."""
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.ADULT, provider=carers_centre)
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)


def _self_referral(area: Area, *, channels: tuple[str, ...]) -> Referral:
    return submit_referral(
        adult_carer_submission(
            area,
            source=Referral.Source.SELF,
            carer=PersonDetails("Sam", "Rivers", email="sam.rivers@example.com", phone="07700900982"),
            contact_channels=channels,
            referrer_name="",
            referrer_email="",
        ),
        submitted_by=None,
    )


@pytest.mark.parametrize(
    ("decide", "subject", "says"),
    [
        pytest.param(
            lambda referral, user: accept_referral(referral, accepted_by=user),
            "accepted",
            "has been accepted by Home Carers Centre. They will contact you soon.",
            id="accepted",
        ),
        pytest.param(
            lambda referral, user: reject_referral(referral, rejected_by=user, reason="You live outside our area"),
            "not accepted",
            "Reason: You live outside our area",
            id="rejected",
        ),
    ],
)
@pytest.mark.usefixtures("routing")
def test_a_carer_who_referred_themselves_is_emailed_the_outcome_when_they_agreed_to_email(
    home_area: Area,
    practitioner: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    decide: Callable[[Referral, User], Referral],
    subject: str,
    says: str,
) -> None:
    referral = _self_referral(home_area, channels=(Consent.Channel.EMAIL,))

    with django_capture_on_commit_callbacks(execute=True):
        decide(referral, practitioner)

    [message] = mail.outbox
    assert message.to == ["sam.rivers@example.com"]
    assert message.subject == f"Carers Hub referral {referral.reference}: {subject}"
    assert says in message.body


@pytest.mark.usefixtures("routing")
def test_a_carer_who_referred_themselves_without_agreeing_to_email_is_not_emailed(
    home_area: Area, practitioner: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    referral = _self_referral(home_area, channels=(Consent.Channel.PHONE,))

    with django_capture_on_commit_callbacks(execute=True):
        accept_referral(referral, accepted_by=practitioner)

    assert mail.outbox == []


@pytest.mark.usefixtures("routing")
def test_a_transfer_is_told_to_the_referrer(
    home_area: Area,
    young_carers_service: Organisation,
    practitioner: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    referral = submitted_referral(home_area, source=Referral.Source.FAMILY, referrer_email="lisa@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        transfer_referral(referral, to_provider=young_carers_service, transferred_by=practitioner, reason="Aged 17")

    [message] = mail.outbox
    assert message.to == ["lisa@example.com"]
    assert message.subject == f"Carers Hub referral {referral.reference}: passed to Home Young Carers"
    assert message.body == (
        f"Referral {referral.reference} has been passed from Home Carers Centre to Home Young Carers, "
        "who will decide on it."
    )
