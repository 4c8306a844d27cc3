"""Sending a professional referral: routed by the area's rules to the young carers or the adult carers service,
the confirmation and what happens next, the answers forgotten, and the referrer told the outcome."""

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from carershub.accounts.models import User
from carershub.core.tests.test_pages import TITLE_END, assert_keeps_to_the_content_security_policy, parse
from carershub.identification.tests.views.journey import born_years_ago, text, url
from carershub.identification.tests.views.professional_journey import SESSION_KEY, refer
from carershub.organisations.models import Area, GPPractice, Organisation, School
from carershub.people.models import Consent
from carershub.referrals.models import Cohort, Referral
from carershub.referrals.services.decisions import accept_referral


def test_a_school_referring_a_12_year_old_reaches_the_young_carers_service(
    routed_area: Area, school: School, young_carers_service: Organisation, client: Client
) -> None:
    response = refer(client, routed_area, "school")

    assert response["Location"] == url("refer_confirmation", routed_area)
    referral = Referral.objects.get()
    assert (referral.source, referral.referring_school, referral.referring_gp_practice, referral.hospital_name) == (
        Referral.Source.SCHOOL,
        school,
        None,
        "",
    )
    assert (referral.cohort, referral.provider) == (Cohort.YOUNG, young_carers_service)
    assert (referral.referrer_name, referral.referrer_role, referral.referrer_email, referral.referrer_phone) == (
        "Alex Morgan",
        "Pastoral lead",
        "alex.morgan@work.example",
        "",
    )
    assert (referral.urgency, referral.created_by, referral.area) == (Referral.Urgency.SOON, None, routed_area)
    assert referral.idempotency_key.startswith("refer-a-carer:")
    carer = referral.carer
    assert (carer.given_name, carer.family_name, carer.date_of_birth, carer.phone) == (
        "Kai",
        "Lee",
        born_years_ago(12),
        "07700900123",
    )
    assert set(Consent.objects.filter(person=carer).values_list("given_by", flat=True)) == {"parent_or_guardian"}
    assert not Consent.objects.filter(person=carer, scope=Consent.Scope.CONTACT).exists()


def test_a_gp_practice_referring_an_adult_reaches_the_adult_carers_service(
    routed_area: Area, gp_practice: GPPractice, carers_centre: Organisation, client: Client
) -> None:
    refer(client, routed_area, "gp_practice", referrer_phone="+44 1632 960 001")

    referral = Referral.objects.get()
    assert (referral.source, referral.referring_gp_practice, referral.referring_school) == (
        Referral.Source.GP_PRACTICE,
        gp_practice,
        None,
    )
    assert (referral.cohort, referral.provider) == (Cohort.ADULT, carers_centre)
    assert referral.referrer_phone == "01632960001"
    assert referral.reason == "Caring round the clock since a stroke."
    assert set(Consent.objects.filter(person=referral.carer).values_list("given_by", flat=True)) == {"self"}


@pytest.mark.parametrize(
    ("source", "hospital_name"),
    [
        pytest.param("hospital", "Vale General Hospital, Ward 12", id="hospital"),
        pytest.param("family", "", id="family"),
    ],
)
def test_hospitals_and_families_refer_without_naming_a_school_or_practice(
    routed_area: Area, places: None, carers_centre: Organisation, client: Client, source: str, hospital_name: str
) -> None:
    # A school and a practice chosen before switching to another answer are not sent.
    refer(client, routed_area, source, school="100001", gp_practice="Y00001")

    referral = Referral.objects.get()
    assert (referral.source, referral.hospital_name, referral.provider) == (source, hospital_name, carers_centre)
    assert (referral.referring_school, referral.referring_gp_practice) == (None, None)


def test_the_confirmation_shows_the_reference_in_a_panel_and_what_happens_next(
    routed_area: Area, places: None, client: Client
) -> None:
    response = client.get(refer(client, routed_area)["Location"])

    page = parse(response)
    assert page.title() == f"Referral sent{TITLE_END}"
    (panel,) = page.with_class("govuk-panel--confirmation")
    assert " ".join(panel.text.split()) == f"Referral sent The reference number is {Referral.objects.get().reference}"
    words = text(response)
    assert "will contact the carer within 10 working days" in words
    assert "We will email you when the service has decided about the referral." in words
    assert "it goes to the top of the service's list of referrals to decide, ahead of all others" in words
    assert page.with_class("govuk-back-link") == []
    assert_keeps_to_the_content_security_policy(response)


def test_the_confirmation_gives_the_services_contact_details(
    routed_area: Area, places: None, client: Client, settings: Settings
) -> None:
    settings.CARERSHUB_SERVICE_CONTACT = {"phone": "0117 496 0456", "email": "carers@vale.example", "hours": "9 to 5"}

    response = client.get(refer(client, routed_area)["Location"])

    words = text(response)
    assert "Phone: 0117 496 0456" in words
    assert "Email: carers@vale.example" in words
    assert 'href="tel:01174960456"' in response.content.decode()


def test_without_contact_details_the_confirmation_points_to_the_directory(
    routed_area: Area, places: None, client: Client, settings: Settings
) -> None:
    settings.CARERSHUB_SERVICE_CONTACT = {"phone": "", "email": "", "hours": ""}

    response = client.get(refer(client, routed_area)["Location"])

    assert f"Find the carers' support service in {routed_area.name} in the directory of local support" in text(response)
    assert f'href="{reverse("find_support:search")}"' in response.content.decode()


def test_sending_forgets_the_answers_and_keeps_only_the_reference(
    routed_area: Area, places: None, client: Client
) -> None:
    refer(client, routed_area)

    stored = client.session[SESSION_KEY]
    assert set(stored) == {"area", "submitted"}
    assert set(stored["submitted"]) == {"token", "reference"}
    assert "Pat" not in str(dict(client.session))
    assert client.get(url("refer_check_answers", routed_area))["Location"] == url("refer", routed_area)


def test_the_referrer_is_emailed_the_outcome(
    routed_area: Area,
    gp_practice: GPPractice,
    practitioner: User,
    client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    refer(client, routed_area)

    with django_capture_on_commit_callbacks(execute=True):
        accept_referral(Referral.objects.get(), accepted_by=practitioner)

    (email,) = mail.outbox
    assert email.to == ["alex.morgan@work.example"]
    assert "Please record the patient as a carer in their GP record" in email.body
