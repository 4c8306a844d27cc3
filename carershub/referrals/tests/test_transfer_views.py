"""Transferring a referral to another provider through its page: who may, consent to share (or a manager's reason),
the choices offered and the transfers listed on the referral."""

from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation
from carershub.people.models import Consent
from carershub.referrals.models import Referral, Transfer
from carershub.referrals.tests.pages import DECISION_MATRIX, page_text

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


def _transfer(client: Client, referral: Referral, to_provider: Organisation, **extra: str) -> "TestResponse":
    data = {"transfer-to_provider": str(to_provider.pk), "transfer-reason": "The carer is 17", **extra}
    return client.post(reverse("referrals:transfer", args=[referral.reference]), data)


@pytest.mark.parametrize(("persona", "allowed"), DECISION_MATRIX)
def test_transfer_authorisation(
    request: pytest.FixtureRequest,
    sign_in: SignIn,
    referral: Referral,
    young_carers_service: Organisation,
    persona: str,
    allowed: bool,
    routing: None,
) -> None:
    client = sign_in(request.getfixturevalue(persona))
    Consent.objects.create(
        area=referral.area,
        person=referral.carer,
        scope=Consent.Scope.SHARE,
        organisation=young_carers_service,
        given_by=Consent.GivenBy.SELF,
        given_at=timezone.now(),
    )
    events_before = AuditEvent.objects.count()

    response = _transfer(client, referral, young_carers_service)

    referral.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert referral.provider == young_carers_service
    else:
        assert response.status_code == 404
        assert not Transfer.objects.exists()
        assert AuditEvent.objects.count() == events_before


def test_a_provider_that_transfers_a_referral_away_goes_back_to_its_inbox(
    sign_in: SignIn, practitioner: User, referral: Referral, young_carers_service: Organisation, routing: None
) -> None:
    Consent.objects.create(
        area=referral.area,
        person=referral.carer,
        scope=Consent.Scope.SHARE,
        recipient_kind=Consent.RecipientKind.PROVIDER,
        given_by=Consent.GivenBy.SELF,
        given_at=timezone.now(),
    )

    response = _transfer(sign_in(practitioner), referral, young_carers_service)

    assert response["Location"] == "/referrals/"


def test_transfer_without_consent_tells_a_practitioner_to_ask_and_changes_nothing(
    sign_in: SignIn, practitioner: User, referral: Referral, young_carers_service: Organisation, routing: None
) -> None:
    response = _transfer(sign_in(practitioner), referral, young_carers_service)

    assert response.status_code == 200
    text = page_text(response)
    assert (
        "There is a problem The carer has not agreed to share their information with Home Young Carers. "
        "Ask them, or a manager can override with a reason"
    ) in text
    assert "Reason to share without the carer's consent" not in text  # a practitioner may not override
    assert "The carer is 17" in text  # what was typed is kept
    referral.refresh_from_db()
    assert referral.provider.slug == "home-carers-centre"
    assert not Transfer.objects.exists()


def test_a_manager_transfers_without_consent_by_giving_a_reason(
    sign_in: SignIn, manager: User, referral: Referral, young_carers_service: Organisation, routing: None
) -> None:
    client = sign_in(manager)
    form_page = client.get(reverse("referrals:detail", args=[referral.reference]))

    without_reason = _transfer(client, referral, young_carers_service)
    with_reason = _transfer(client, referral, young_carers_service, **{"transfer-override_reason": "Risk of harm"})

    assert "Home Young Carers (the carer has not agreed to share with them)" in page_text(form_page)
    assert "Reason to share without the carer's consent" in page_text(form_page)
    assert '<a href="#id_transfer-override_reason">Enter why the referral must be shared without consent</a>' in (
        without_reason.content.decode()
    )
    assert with_reason.status_code == 302
    transfer = Transfer.objects.get()
    assert (transfer.consent_overridden, transfer.override_reason) == (True, "Risk of harm")


def test_transfer_to_a_provider_outside_the_choices_is_a_field_error(
    sign_in: SignIn,
    manager: User,
    referral: Referral,
    young_carers_service: Organisation,
    neighbour_provider: Organisation,
    routing: None,
) -> None:
    response = _transfer(sign_in(manager), referral, neighbour_provider)

    assert '<a href="#id_transfer-to_provider_0">Select a provider that works in this area</a>' in (
        response.content.decode()
    )
    assert not Transfer.objects.exists()


def test_referral_detail_lists_its_transfers(
    sign_in: SignIn,
    council_practitioner: User,
    manager: User,
    referral: Referral,
    young_carers_service: Organisation,
    routing: None,
) -> None:
    _transfer(sign_in(manager), referral, young_carers_service, **{"transfer-override_reason": "Risk of harm"})

    response = sign_in(council_practitioner).get(reverse("referrals:detail", args=[referral.reference]))

    text = page_text(response)
    assert "Home Carers Centre Home Young Carers The carer is 17 Shared without consent Risk of harm" in text
