"""Merging a referral's carer into a likely duplicate record: what managers are offered, who may merge, and where the
referral points afterwards."""

import pytest
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation
from carershub.people.models import Involvement, Person
from carershub.people.tests.factories import PersonFactory
from carershub.referrals.models import Referral
from carershub.referrals.tests.pages import page_text


@pytest.fixture
def existing_record(referral: Referral, carers_centre: Organisation) -> Person:
    """An earlier record of the same carer (same NHS number), which the provider already works with."""
    existing = PersonFactory.create(
        area=referral.area, given_name="Maria", family_name="Okafor", nhs_number="9990000018", postcode="MV1 2AB"
    )
    Involvement.objects.create(
        area=referral.area,
        person=existing,
        organisation=carers_centre,
        reason=Involvement.Reason.CASE_OPEN,
        started_at=timezone.now(),
    )
    return existing


def test_referral_detail_offers_managers_to_merge_a_likely_duplicate(
    sign_in: SignIn, manager: User, practitioner: User, referral: Referral, existing_record: Person
) -> None:
    merge_link = f'href="/referrals/{referral.reference}/duplicates/{existing_record.pk}/"'

    as_manager = sign_in(manager).get(reverse("referrals:detail", args=[referral.reference]))
    as_practitioner = sign_in(practitioner).get(reverse("referrals:detail", args=[referral.reference]))

    assert [person.pk for person in as_manager.context["duplicates"]] == [existing_record.pk]
    assert merge_link in as_manager.content.decode()
    assert "Possible duplicate records" in page_text(as_practitioner)
    assert merge_link not in as_practitioner.content.decode()


def test_likely_duplicates_the_user_may_not_see_are_not_shown(
    sign_in: SignIn, manager: User, referral: Referral
) -> None:
    PersonFactory.create(area=referral.area, given_name="Maria", family_name="Okafor", nhs_number="9990000018")

    response = sign_in(manager).get(reverse("referrals:detail", args=[referral.reference]))

    assert response.context["duplicates"] == []
    assert "Possible duplicate records" not in page_text(response)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        pytest.param("manager", True, id="manager_of_the_provider"),
        pytest.param("practitioner", False, id="practitioner_of_the_provider"),
        pytest.param("other_team_practitioner", False, id="practitioner_of_another_provider"),
        pytest.param("neighbour_practitioner", False, id="practitioner_in_another_area"),
    ],
)
def test_merge_authorisation(
    request: pytest.FixtureRequest,
    sign_in: SignIn,
    referral: Referral,
    existing_record: Person,
    persona: str,
    allowed: bool,
) -> None:
    user: User = request.getfixturevalue(persona)
    client = sign_in(user)
    url = reverse("referrals:confirm_merge", args=[referral.reference, existing_record.pk])

    confirmation = client.get(url)
    events_after_confirmation = AuditEvent.objects.count()
    merged = client.post(reverse("referrals:merge", args=[referral.reference, existing_record.pk]))

    referral.carer.refresh_from_db()
    if allowed:
        assert confirmation.status_code == 200
        assert "Merge records" in page_text(confirmation)
        viewed = AuditEvent.objects.get(kind=AuditEvent.Kind.RECORD_VIEWED, purpose="duplicate check")
        assert viewed.subject_id == str(existing_record.pk)
        assert merged.status_code == 302
        assert referral.carer.merged_into == existing_record
    else:
        assert (confirmation.status_code, merged.status_code) == (404, 404)
        assert referral.carer.merged_into is None
        assert AuditEvent.objects.count() == events_after_confirmation
        assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_VIEWED).exists()


def test_merge_only_into_a_likely_duplicate(sign_in: SignIn, manager: User, referral: Referral) -> None:
    somebody_else = PersonFactory.create(area=referral.area)
    Involvement.objects.create(
        area=referral.area,
        person=somebody_else,
        organisation=referral.provider,
        reason=Involvement.Reason.CASE_OPEN,
        started_at=timezone.now(),
    )

    response = sign_in(manager).post(reverse("referrals:merge", args=[referral.reference, somebody_else.pk]))

    assert response.status_code == 404
    referral.carer.refresh_from_db()
    assert referral.carer.merged_into is None


def test_after_a_merge_the_referral_points_to_the_record_it_was_merged_into(
    sign_in: SignIn, manager: User, referral: Referral, existing_record: Person
) -> None:
    client = sign_in(manager)

    response = client.post(reverse("referrals:merge", args=[referral.reference, existing_record.pk]), follow=True)

    text = page_text(response)
    assert f"The carer's record from referral {referral.reference} was merged into Maria Okafor" in text
    assert "This record was merged into another record of Maria Okafor" in text
    assert f'href="/people/{existing_record.pk}/"' in response.content.decode()
