"""A referral opens the carer's record to the provider only with the carer's consent (the independent audit's High
finding): no consent is made up, a referral naming an NHS number alone never opens a record, and the provider
records the carer's consent, or a manager opens the record with a reason, before it can see or accept."""

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.organisations.services import create_api_key
from carershub.people.models import Consent, Involvement, Person
from carershub.people.tests.factories import PersonFactory, born_years_ago
from carershub.referrals.events import ReferralEvent
from carershub.referrals.fhir.codes import CONSENT_EXTENSION, FHIR_JSON
from carershub.referrals.models import Cohort, Referral, RoutingRule
from carershub.referrals.services.consent import open_record_without_consent, record_consent_to_share
from carershub.referrals.services.decisions import ConsentRequired, RecordNotOpen, accept_referral, transfer_referral
from carershub.referrals.services.submission import PersonDetails
from carershub.referrals.tests.factories import adult_carer_submission, submitted_referral

EXAMPLES = Path(__file__).parent / "fhir_examples"
KNOWN_NHS_NUMBER = "9990000034"


@pytest.fixture
def routing(home_area: Area, carers_centre: Organisation, young_carers_service: Organisation) -> None:
    RoutingRule.objects.create(area=home_area, cohort=Cohort.ADULT, provider=carers_centre)
    RoutingRule.objects.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)


@pytest.fixture
def known_carer(home_area: Area) -> Person:
    """Someone the council already knows, whose record the carers' centre has never been given."""
    return PersonFactory.create(
        area=home_area,
        nhs_number=KNOWN_NHS_NUMBER,
        given_name="Maria",
        family_name="Okafor",
        date_of_birth=born_years_ago(52),
        phone="07700 900999",
    )


def send_fhir(resource: dict[str, Any], organisation: Organisation) -> int:
    key = create_api_key(organisation, name="referrals", created_by=None)[1]
    response = Client().post(
        "/api/v1/fhir/ServiceRequest",
        json.dumps(resource),
        content_type=FHIR_JSON,
        headers={"Authorization": f"Bearer {key}"},
    )
    return response.status_code


def by_nhs_number(*, consent: str | None = None) -> dict[str, Any]:
    resource: dict[str, Any] = json.loads((EXAMPLES / "carer_by_nhs_number.json").read_text())
    if consent is not None:
        resource["extension"] = [{"url": CONSENT_EXTENSION, "valueCode": consent}]
    return resource


def test_a_providers_own_referral_naming_a_known_nhs_number_does_not_open_the_record(
    routing: None, known_carer: Person, carers_centre: Organisation, practitioner: User, sign_in: SignIn
) -> None:
    # The audit's repro: the provider's own API key names only a known NHS number, and is routed to itself.
    client = sign_in(practitioner)
    record = reverse("people:detail", args=[known_carer.pk])
    assert client.get(record).status_code == 404

    assert send_fhir(by_nhs_number(), carers_centre) == 201

    assert client.get(record).status_code == 404
    referral = Referral.objects.get()
    assert (referral.provider, referral.awaits_consent_to_share) == (carers_centre, True)
    # Nobody agreed to anything, so nothing says they did.
    assert not Consent.objects.filter(person=known_carer).exists()
    assert not Involvement.objects.filter(
        person=known_carer, organisation=carers_centre, reason=Involvement.Reason.REFERRAL_RECEIVED
    ).exists()


def test_an_nhs_number_alone_never_opens_a_record_even_with_a_consent_extension(
    routing: None, known_carer: Person, carers_centre: Organisation, practitioner: User, sign_in: SignIn
) -> None:
    assert send_fhir(by_nhs_number(consent="self"), carers_centre) == 201

    assert sign_in(practitioner).get(reverse("people:detail", args=[known_carer.pk])).status_code == 404
    assert Referral.objects.get().awaits_consent_to_share is True
    # The consent the referrer stated is kept, with how it reached us.
    consent = Consent.objects.get(person=known_carer, scope=Consent.Scope.SHARE)
    assert (consent.given_by, consent.how_given) == ("self", Consent.HowGiven.STATED_BY_REFERRER)


def test_a_named_referral_carrying_no_consent_records_none_and_keeps_the_record_closed(
    routing: None, known_carer: Person, home_area: Area, practitioner: User, sign_in: SignIn
) -> None:
    referral = submitted_referral(
        home_area,
        consent_given_by="",
        carer=replace(_maria(), nhs_number=KNOWN_NHS_NUMBER),
    )

    assert referral.carer == known_carer
    assert referral.awaits_consent_to_share is True
    assert not Consent.objects.filter(person=known_carer).exists()
    assert sign_in(practitioner).get(reverse("people:detail", args=[known_carer.pk])).status_code == 404


def test_a_named_referral_with_consent_opens_the_record_as_before(
    routing: None, known_carer: Person, home_area: Area, practitioner: User, sign_in: SignIn
) -> None:
    referral = submitted_referral(home_area, carer=replace(_maria(), nhs_number=KNOWN_NHS_NUMBER))

    assert (referral.carer, referral.awaits_consent_to_share) == (known_carer, False)
    assert sign_in(practitioner).get(reverse("people:detail", args=[known_carer.pk])).status_code == 200


def test_a_closed_referral_shows_only_what_was_sent_and_no_decision_but_consent(
    routing: None, known_carer: Person, carers_centre: Organisation, practitioner: User, sign_in: SignIn
) -> None:
    send_fhir(by_nhs_number(), carers_centre)
    referral = Referral.objects.get()
    client = sign_in(practitioner)

    page = client.get(reverse("referrals:detail", args=[referral.reference])).content.decode()
    inbox = client.get(reverse("referrals:inbox")).content.decode()

    for stored in ("Okafor", "Maria", "07700 900999", "(age 52)"):
        assert stored not in page
        assert stored not in inbox
    assert "record is not open to you yet" in page
    assert "Record consent" in page
    assert "Accept referral" not in page
    # A practitioner may not override; the manager's form is not offered.
    assert "Open the record without consent" not in page


def test_accepting_a_closed_referral_is_refused_and_nothing_changes(
    routing: None, known_carer: Person, carers_centre: Organisation, practitioner: User, sign_in: SignIn
) -> None:
    send_fhir(by_nhs_number(), carers_centre)
    referral = Referral.objects.get()
    with pytest.raises(RecordNotOpen):
        accept_referral(referral, accepted_by=practitioner)

    response = sign_in(practitioner).post(reverse("referrals:accept", args=[referral.reference]))

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.OPEN
    assert not _works_with(known_carer, carers_centre)


def test_recording_the_carers_consent_opens_the_record_with_who_and_how(
    routing: None, known_carer: Person, carers_centre: Organisation, practitioner: User, sign_in: SignIn
) -> None:
    send_fhir(by_nhs_number(), carers_centre)
    referral = Referral.objects.get()
    client = sign_in(practitioner)

    response = client.post(
        reverse("referrals:record_consent", args=[referral.reference]),
        {"consent-given_by": "self", "consent-how_given": "phone"},
    )

    assert response.status_code == 302
    consent = Consent.objects.get(person=known_carer)
    assert (consent.scope, consent.organisation, consent.given_by, consent.how_given, consent.recorded_by) == (
        Consent.Scope.SHARE,
        carers_centre,
        "self",
        "phone",
        practitioner,
    )
    referral.refresh_from_db()
    assert referral.awaits_consent_to_share is False
    assert client.get(reverse("people:detail", args=[known_carer.pk])).status_code == 200
    opened = AuditEvent.objects.get(subject_type="referrals.referral", event=ReferralEvent.CONSENT_RECORDED)
    assert (opened.actor, opened.detail["record_opened_to"]) == (practitioner, carers_centre.slug)
    accept_referral(referral, accepted_by=practitioner)


def test_consent_needs_who_and_how_or_nothing_is_recorded(
    routing: None, known_carer: Person, carers_centre: Organisation, practitioner: User, sign_in: SignIn
) -> None:
    send_fhir(by_nhs_number(), carers_centre)
    referral = Referral.objects.get()

    response = sign_in(practitioner).post(
        reverse("referrals:record_consent", args=[referral.reference]), {"consent-given_by": "parent_or_guardian"}
    )

    assert response.status_code == 200
    assert "Select how they agreed" in response.content.decode()
    assert not Consent.objects.exists()
    assert not _works_with(known_carer, carers_centre)


def test_only_a_manager_opens_a_record_without_consent_and_the_reason_is_kept(
    routing: None,
    known_carer: Person,
    carers_centre: Organisation,
    practitioner: User,
    manager: User,
    sign_in: SignIn,
) -> None:
    send_fhir(by_nhs_number(), carers_centre)
    referral = Referral.objects.get()
    url = reverse("referrals:open_without_consent", args=[referral.reference])
    practitioner_client = sign_in(practitioner)
    events_before = AuditEvent.objects.count()

    denied = practitioner_client.post(url, {"override-override_reason": "Curious"})
    assert denied.status_code == 404
    with pytest.raises(ConsentRequired):
        open_record_without_consent(referral, opened_by=practitioner, reason="Curious")
    assert AuditEvent.objects.count() == events_before
    assert not _works_with(known_carer, carers_centre)

    no_reason = sign_in(manager).post(url, {"override-override_reason": " "})
    assert "Enter why the record must be opened without consent" in no_reason.content.decode()

    reason = "The referrer reports she is at risk of harm tonight and cannot be reached"
    assert sign_in(manager).post(url, {"override-override_reason": reason}).status_code == 302

    referral.refresh_from_db()
    assert (referral.awaits_consent_to_share, referral.consent_override_reason) == (False, reason)
    opened = AuditEvent.objects.get(subject_type="referrals.referral", event=ReferralEvent.CONSENT_OVERRIDDEN)
    assert (opened.actor, opened.purpose) == (manager, reason)
    assert not Consent.objects.exists()


def test_a_closed_referral_transferred_stays_closed_for_the_next_provider(
    routing: None,
    known_carer: Person,
    home_area: Area,
    carers_centre: Organisation,
    young_carers_service: Organisation,
    manager: User,
) -> None:
    referral = submitted_referral(home_area, consent_given_by="", carer=replace(_maria(), nhs_number=KNOWN_NHS_NUMBER))

    transfer_referral(
        referral,
        to_provider=young_carers_service,
        transferred_by=manager,
        reason="Wrong service",
        override_reason="Passing the referral on, not the record",
    )

    referral.refresh_from_db()
    assert (referral.provider, referral.awaits_consent_to_share) == (young_carers_service, True)
    assert not _works_with(known_carer, young_carers_service)


def test_the_consent_the_carer_gives_on_our_own_form_says_so(routing: None, home_area: Area) -> None:
    referral = submitted_referral(home_area, consent_how_given=Consent.HowGiven.ONLINE_FORM)

    assert set(Consent.objects.filter(person=referral.carer).values_list("how_given", flat=True)) == {"online_form"}


def test_consent_recorded_twice_opens_the_record_once(
    routing: None, known_carer: Person, carers_centre: Organisation, practitioner: User
) -> None:
    send_fhir(by_nhs_number(), carers_centre)
    referral = Referral.objects.get()
    for _ in range(2):
        record_consent_to_share(referral, recorded_by=practitioner, given_by="self", how_given="in_person")

    assert Consent.objects.filter(person=known_carer).count() == 1
    opened = Involvement.objects.filter(person=known_carer, organisation=carers_centre, ended_at__isnull=True)
    assert list(opened.values_list("reason", flat=True).order_by("reason")) == ["referral_received", "referrer"]


def _works_with(person: Person, organisation: Organisation) -> bool:
    """Whether the organisation has an involvement that opens the person's record (making a referral does not)."""
    return (
        Involvement.objects.filter(person=person, organisation=organisation, ended_at__isnull=True)
        .exclude(reason=Involvement.Reason.REFERRER)
        .exists()
    )


def _maria() -> PersonDetails:
    return adult_carer_submission(Area()).carer
