"""A referral's page: an authorisation matrix with audit, the same 404 for missing and forbidden, what it shows
to the provider and the council, and the referrals listed on a person's record."""

import pytest
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Involvement
from carershub.people.tests.factories import PersonFactory
from carershub.referrals.models import Referral
from carershub.referrals.tests.factories import AcceptedReferralFactory, OpenReferralFactory
from carershub.referrals.tests.pages import REFERRAL_MATRIX, page_text


def _viewed() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_VIEWED))


@pytest.mark.parametrize(("persona", "sees_it"), REFERRAL_MATRIX)
def test_referral_detail_authorisation_and_audit(
    request: pytest.FixtureRequest, sign_in: SignIn, referral: Referral, persona: str, sees_it: bool
) -> None:
    user: User = request.getfixturevalue(persona)

    response = sign_in(user).get(reverse("referrals:detail", args=[referral.reference]))

    assert response.status_code == (200 if sees_it else 404)
    if sees_it:
        [event] = _viewed()
        assert (event.actor, event.subject_type, event.subject_id, event.area) == (
            user,
            "people.person",
            str(referral.carer_id),
            referral.area,
        )
        assert (event.purpose, event.detail) == ("referral review", {"referral": referral.reference})
    else:
        assert _viewed() == []


def test_a_missing_referral_gives_the_same_404_page(sign_in: SignIn, practitioner: User) -> None:
    response = sign_in(practitioner).get(reverse("referrals:detail", args=["RNOSUCHONE"]))

    assert response.status_code == 404
    assert _viewed() == []


def test_referral_detail_shows_the_referral_the_carer_and_how_to_contact_the_referrer(
    sign_in: SignIn, practitioner: User, referral: Referral, young_carers_service: Organisation, routing: None
) -> None:
    response = sign_in(practitioner).get(reverse("referrals:detail", args=[referral.reference]))

    text = page_text(response)
    assert "Referred by Dr Patel" in text
    assert "How to contact the referrer surgery@example.com" in text
    assert f"Why the carer needs support {referral.reason}" in text
    assert f'<a class="govuk-link" href="/people/{referral.carer_id}/">Maria Okafor</a>' in response.content.decode()
    assert "Accept referral" in text
    assert "Reject referral" in text
    assert "Transfer referral" in text


def test_referral_detail_names_people_the_user_may_not_see_without_a_link(
    sign_in: SignIn, practitioner: User, referral: Referral
) -> None:
    # Once the provider's work with the carer ends, its referral shows the carer as referred, not the record.
    Referral.objects.filter(pk=referral.pk).update(carer_name_as_referred="Maria Okafor (as referred)")
    Involvement.objects.filter(person=referral.carer).update(ended_at=timezone.now())

    response = sign_in(practitioner).get(reverse("referrals:detail", args=[referral.reference]))

    assert "Maria Okafor (as referred)" in response.content.decode()
    assert f'href="/people/{referral.carer_id}/"' not in response.content.decode()
    assert referral.carer.phone not in response.content.decode()


def test_a_decided_referral_offers_no_decisions(sign_in: SignIn, practitioner: User, home_area: Area) -> None:
    accepted = AcceptedReferralFactory.create(area=home_area, provider=practitioner.organisation)

    response = sign_in(practitioner).get(reverse("referrals:detail", args=[accepted.reference]))

    assert "Accept referral" not in page_text(response)
    assert "Decide on this referral" not in page_text(response)


def test_council_staff_see_a_providers_referral_without_the_decision_forms(
    request: pytest.FixtureRequest, sign_in: SignIn, referral: Referral
) -> None:
    response = sign_in(request.getfixturevalue("council_practitioner")).get(
        reverse("referrals:detail", args=[referral.reference])
    )
    assert response.status_code == 200
    assert "Decide on this referral" not in page_text(response)


def test_the_person_record_lists_the_referrals_about_them_the_user_may_see(
    sign_in: SignIn,
    practitioner: User,
    home_area: Area,
    carers_centre: Organisation,
    young_carers_service: Organisation,
) -> None:
    # The referrals panel is registered on the person's record by this app (ADR 0005); it shows only what the user
    # may see of the referrals about the person.
    carer = PersonFactory.create(area=home_area)
    Involvement.objects.create(
        person=carer,
        organisation=carers_centre,
        area=home_area,
        reason=Involvement.Reason.CASE_OPEN,
        started_at=timezone.now(),
    )
    mine = OpenReferralFactory.create(area=home_area, provider=carers_centre, carer=carer)
    theirs = OpenReferralFactory.create(area=home_area, provider=young_carers_service, carer=carer)

    response = sign_in(practitioner).get(reverse("people:detail", args=[carer.pk]))

    (referrals_panel,) = [p for p in response.context["panels"] if p.template == "referrals/panels/referrals.html"]
    assert referrals_panel.context["referrals"] == [mine]
    assert mine.reference in response.content.decode()
    assert theirs.reference not in response.content.decode()
