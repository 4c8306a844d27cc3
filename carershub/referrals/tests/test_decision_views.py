"""Accepting and rejecting a referral through its page: who may decide, a child who agreed alone and the judgement
of their competence, and the GOV.UK error summary on bad input."""

import pytest
from django.urls import reverse

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Consent
from carershub.people.selectors import has_consent_to_share
from carershub.referrals.models import Referral
from carershub.referrals.services.making import submit_referral
from carershub.referrals.tests.factories import AcceptedReferralFactory, young_carer_submission
from carershub.referrals.tests.pages import DECISION_MATRIX, page_text


@pytest.mark.parametrize(("persona", "allowed"), DECISION_MATRIX)
def test_accept_authorisation(
    request: pytest.FixtureRequest, sign_in: SignIn, referral: Referral, persona: str, allowed: bool
) -> None:
    client = sign_in(request.getfixturevalue(persona))
    events_before = AuditEvent.objects.count()

    response = client.post(reverse("referrals:accept", args=[referral.reference]))

    referral.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert response["Location"] == f"/referrals/{referral.reference}/"
        assert referral.status == Referral.Status.ACCEPTED
    else:
        assert response.status_code == 404
        assert referral.status == Referral.Status.OPEN
        assert AuditEvent.objects.count() == events_before


def test_accept_shows_a_success_banner_after_the_redirect(
    sign_in: SignIn, practitioner: User, referral: Referral
) -> None:
    response = sign_in(practitioner).post(reverse("referrals:accept", args=[referral.reference]), follow=True)

    text = page_text(response)
    assert f"Success Referral {referral.reference} accepted: Home Carers Centre now has a case open" in text
    # The next step is the carer's assessment, started from the referral.
    assert f'href="{reverse("assessments:start")}?referral={referral.reference}"' in response.content.decode()


def test_accept_refuses_a_get(sign_in: SignIn, practitioner: User, referral: Referral) -> None:
    response = sign_in(practitioner).get(reverse("referrals:accept", args=[referral.reference]))

    assert response.status_code == 405
    referral.refresh_from_db()
    assert referral.status == Referral.Status.OPEN


def test_accepting_a_decided_referral_says_so_and_changes_nothing(
    sign_in: SignIn, practitioner: User, home_area: Area, carers_centre: Organisation
) -> None:
    accepted = AcceptedReferralFactory.create(area=home_area, provider=carers_centre)

    response = sign_in(practitioner).post(reverse("referrals:accept", args=[accepted.reference]), follow=True)

    assert f"Important Referral {accepted.reference} has already been decided" in page_text(response)
    accepted.refresh_from_db()
    assert accepted.decided_by is None  # an accept that went through would name the practitioner
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_CHANGED).exists()


@pytest.fixture
def child_agreeing_alone(routing: None, home_area: Area) -> Referral:
    """A 13-year-old who agreed to their own referral; nobody has judged yet whether they could."""
    return submit_referral(
        young_carer_submission(home_area, consent_given_by=Consent.GivenBy.PENDING_COMPETENCE_JUDGEMENT),
        submitted_by=None,
    )


def test_accepting_a_child_who_agreed_alone_asks_for_the_competence_judgement_and_changes_nothing(
    sign_in: SignIn, other_team_practitioner: User, child_agreeing_alone: Referral
) -> None:
    client = sign_in(other_team_practitioner)
    page = client.get(child_agreeing_alone.get_absolute_url())
    assert "Does the young person understand enough to agree for themselves?" in page_text(page)
    last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True)[0]

    response = client.post(reverse("referrals:accept", args=[child_agreeing_alone.reference]))

    assert response.status_code == 200
    assert "There is a problem" in page_text(response)
    assert "Select whether the young person understands enough to agree for themselves" in page_text(response)
    child_agreeing_alone.refresh_from_db()
    assert child_agreeing_alone.status == Referral.Status.OPEN
    assert set(Consent.objects.values_list("given_by", flat=True)) == {"pending_competence"}
    # Only the page view is recorded: nothing changed.
    assert list(AuditEvent.objects.filter(pk__gt=last_event).values_list("kind", flat=True)) == [
        AuditEvent.Kind.RECORD_VIEWED
    ]


@pytest.mark.parametrize(
    ("answer", "given_by", "outcome", "withdrawn"),
    [
        pytest.param("yes", "competence_judgement", "competent", False, id="competent"),
        pytest.param("no", "pending_competence", "not_competent", True, id="not_competent"),
    ],
)
def test_accepting_records_who_judged_the_childs_competence_when_and_what_they_decided(
    sign_in: SignIn,
    other_team_practitioner: User,
    child_agreeing_alone: Referral,
    young_carers_service: Organisation,
    answer: str,
    given_by: str,
    outcome: str,
    withdrawn: bool,
) -> None:
    response = sign_in(other_team_practitioner).post(
        reverse("referrals:accept", args=[child_agreeing_alone.reference]),
        {"accept-young_person_is_competent": answer},
    )

    assert response.status_code == 302
    child_agreeing_alone.refresh_from_db()
    assert child_agreeing_alone.status == Referral.Status.ACCEPTED
    consents = list(Consent.objects.filter(person=child_agreeing_alone.carer))
    assert len(consents) == 2  # registration and sharing with providers
    for consent in consents:
        assert (consent.given_by, consent.competence_outcome, consent.competence_judged_by) == (
            given_by,
            outcome,
            other_team_practitioner,
        )
        assert consent.competence_judged_at == child_agreeing_alone.decided_at
        assert (consent.withdrawn_at is not None) == withdrawn
    assert has_consent_to_share(child_agreeing_alone.carer, young_carers_service) is not withdrawn


def test_a_child_who_agreed_alone_counts_as_no_consent_to_share_until_judged(
    child_agreeing_alone: Referral, young_carers_service: Organisation
) -> None:
    assert not has_consent_to_share(child_agreeing_alone.carer, young_carers_service)


@pytest.mark.parametrize(("persona", "allowed"), DECISION_MATRIX)
def test_reject_authorisation(
    request: pytest.FixtureRequest, sign_in: SignIn, referral: Referral, persona: str, allowed: bool
) -> None:
    client = sign_in(request.getfixturevalue(persona))
    events_before = AuditEvent.objects.count()

    response = client.post(
        reverse("referrals:reject", args=[referral.reference]), {"reject-reason": "Lives outside the area"}
    )

    referral.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert (referral.status, referral.rejection_reason) == (Referral.Status.REJECTED, "Lives outside the area")
    else:
        assert response.status_code == 404
        assert referral.status == Referral.Status.OPEN
        assert AuditEvent.objects.count() == events_before


def test_reject_without_a_reason_shows_the_error_summary_and_changes_nothing(
    sign_in: SignIn, practitioner: User, referral: Referral
) -> None:
    response = sign_in(practitioner).post(
        reverse("referrals:reject", args=[referral.reference]), {"reject-reason": " "}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Error: Referral" in content
    assert '<a href="#id_reject-reason">Enter why the referral is being rejected</a>' in content
    assert 'class="govuk-textarea govuk-textarea--error"' in content
    referral.refresh_from_db()
    assert referral.status == Referral.Status.OPEN
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_CHANGED).exists()


def test_reject_with_a_reason_that_is_too_long_keeps_what_was_typed(
    sign_in: SignIn, practitioner: User, referral: Referral
) -> None:
    typed = "Too long. " * 201

    response = sign_in(practitioner).post(
        reverse("referrals:reject", args=[referral.reference]), {"reject-reason": typed}
    )

    assert "Reason must be 2000 characters or fewer" in page_text(response)
    assert typed.strip() in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.OPEN
