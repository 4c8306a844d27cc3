"""Carer voice: a one-use feedback link, paper forms, results by service with small numbers suppressed, and the
published "you said, we did"."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.support.events import SupportEvent
from carershub.support.models import FeedbackResponse, Service
from carershub.support.selectors import feedback_results
from carershub.support.services.voice import (
    FeedbackAnswers,
    FeedbackLinkUnusable,
    add_you_said_we_did,
    answer_feedback,
    ask_for_feedback,
    record_paper_feedback,
)
from carershub.support.tests.factories import carer_of

pytestmark = pytest.mark.django_db


def _token(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def test_a_feedback_link_is_emailed_and_works_once(
    practitioner: User, carers_centre: Organisation, home_area: Area, django_capture_on_commit_callbacks: object
) -> None:
    carer = carer_of(carers_centre, home_area, email="ada@example.com")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        _, url = ask_for_feedback(carer, by=practitioner, service=Service.GROUP, site_url="https://hub.example")

    response = answer_feedback(_token(url), answers=FeedbackAnswers(5, "yes", "More evening sessions"))
    with pytest.raises(FeedbackLinkUnusable):
        answer_feedback(_token(url), answers=FeedbackAnswers(1, "no"))

    assert url in mail.outbox[0].body
    assert (response.service, response.source, response.satisfaction) == ("group", "link", 5)
    assert FeedbackResponse.objects.count() == 1


def test_an_expired_link_does_not_work(practitioner: User, carers_centre: Organisation, home_area: Area) -> None:
    request, url = ask_for_feedback(
        carer_of(carers_centre, home_area), by=practitioner, service=Service.ONE_TO_ONE, site_url="https://hub.example"
    )
    request.expires_at = timezone.now() - timedelta(minutes=1)
    request.save(update_fields=["expires_at"])

    page = Client().get(reverse("support_public:feedback", args=[_token(url)]))

    assert page.status_code == 404
    assert "This link does not work" in page.content.decode()


def test_the_carer_answers_through_the_link_without_an_account(
    practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    _, url = ask_for_feedback(
        carer_of(carers_centre, home_area), by=practitioner, service=Service.BREAK, site_url="https://hub.example"
    )
    link = reverse("support_public:feedback", args=[_token(url)])
    client = Client()

    missing = client.post(link, {"would_recommend": "yes", "what_would_make_it_better": "<b>More</b>"})
    sent = client.post(link, {"satisfaction": "4", "would_recommend": "yes"})

    assert "Select how satisfied you are" in missing.content.decode()
    assert "&lt;b&gt;More&lt;/b&gt;" in missing.content.decode()
    assert "Thank you" in sent.content.decode()
    assert AuditEvent.objects.filter(event=SupportEvent.FEEDBACK_GIVEN).count() == 1


def test_results_by_service_suppress_one_to_four(practitioner: User, carers_centre: Organisation) -> None:
    today = timezone.localdate()
    for satisfaction in (5, 5, 4, 2, 1):
        record_paper_feedback(
            carers_centre,
            by=practitioner,
            service=Service.GROUP,
            answered_on=today,
            answers=FeedbackAnswers(satisfaction, "yes" if satisfaction > 3 else "no"),
        )
    for _ in range(3):
        record_paper_feedback(
            carers_centre, by=practitioner, service=Service.BREAK, answered_on=today, answers=FeedbackAnswers(5, "yes")
        )

    results = {row.service: row for row in feedback_results(carers_centre.pk, since=today)}

    assert (results["group"].responses, results["group"].satisfied_percent, results["group"].recommend_percent) == (
        5,
        60,
        60,
    )
    assert (results["break"].responses, results["break"].satisfied_percent) == (None, None)
    assert results["training"].responses == 0


def test_only_published_you_said_we_did_is_public(practitioner: User, carers_centre: Organisation) -> None:
    add_you_said_we_did(carers_centre, by=practitioner, you_said="Evenings", we_did="Evening café", publish=True)
    add_you_said_we_did(carers_centre, by=practitioner, you_said="Draft", we_did="Not yet", publish=False)

    page = Client().get(reverse("support_public:you_said_we_did", args=[carers_centre.slug])).content.decode()

    assert "Evening café" in page
    assert "Not yet" not in page


def test_another_provider_cannot_ask_for_feedback_from_a_carer_it_does_not_work_with(
    sign_in: SignIn, other_team_practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    carer = carer_of(carers_centre, home_area)

    response = sign_in(other_team_practitioner).post(
        reverse("support:ask_for_feedback", args=[carer.pk]), {"feedback-service": "group"}
    )

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(event=SupportEvent.FEEDBACK_REQUESTED).exists()
