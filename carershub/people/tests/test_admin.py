"""People in the admin: changes go through the services (so they are validated and audited), nobody's record can
be deleted, and staff who are not superusers see only the people the selectors let them see."""

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Consent, Involvement, Person, TimelineEntry
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import ConsentFactory, PersonFactory


@pytest.fixture
def superuser_client(sign_in: SignIn) -> Client:
    superuser = User.objects.create_superuser("root@test.example", "a-long-enough-password", full_name="Root")
    return sign_in(superuser)


def person_form(area: Area, **changes: Any) -> dict[str, Any]:
    return {
        "area": area.pk,
        "given_name": "Aisha",
        "family_name": "Khan",
        "date_of_birth": "1980-05-17",
        "date_of_birth_precision": "day",
        "preferred_language": "English",
        **changes,
    }


def test_adding_a_person_in_the_admin_registers_them_through_the_service(
    superuser_client: Client, home_area: Area
) -> None:
    response = superuser_client.post(
        reverse("admin:people_person_add"), person_form(home_area, postcode="mv12ab", nhs_number="999 000 0018")
    )

    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.postcode, person.nhs_number) == ("MV1 2AB", "9990000018")
    assert AuditEvent.objects.get(subject_type="people.person").kind == AuditEvent.Kind.RECORD_CREATED
    assert TimelineEntry.objects.get().kind == "people.registered"


def test_the_admin_shows_the_services_messages_and_saves_nothing(superuser_client: Client, home_area: Area) -> None:
    response = superuser_client.post(
        reverse("admin:people_person_add"), person_form(home_area, nhs_number="999 000 0019", postcode="nowhere")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "nhs_number": ["Enter a valid NHS number"],
        "postcode": ["Enter a real postcode"],
    }
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(subject_type="people.person").exists()


def test_changing_a_person_in_the_admin_audits_the_changed_fields_and_viewing_is_recorded(
    superuser_client: Client, home_area: Area
) -> None:
    person = PersonFactory.create(area=home_area, given_name="Aisha", family_name="Khan", preferred_language="English")
    form = person_form(
        home_area,
        nhs_number=person.nhs_number,
        postcode=person.postcode,
        phone=person.phone,
        employment_status=person.employment_status,
    )
    form.update(date_of_birth=person.date_of_birth.isoformat() if person.date_of_birth else "", preferred_name="Ash")
    form.pop("area")  # read-only once registered
    change_url = reverse("admin:people_person_change", args=[person.pk])

    assert superuser_client.get(change_url).status_code == 200
    response = superuser_client.post(change_url, form)

    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).preferred_name == "Ash"
    events = AuditEvent.objects.filter(subject_type="people.person").order_by("id")
    assert [(event.kind, event.detail) for event in events] == [
        (AuditEvent.Kind.RECORD_VIEWED, {}),
        (
            AuditEvent.Kind.RECORD_CHANGED,
            {"fields": ["preferred_name"], "before": {"preferred_name": ""}, "after": {"preferred_name": "Ash"}},
        ),
    ]


def test_nobodys_record_can_be_deleted_in_the_admin(superuser_client: Client, home_area: Area) -> None:
    person = PersonFactory.create(area=home_area)
    response = superuser_client.post(reverse("admin:people_person_delete", args=[person.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()


def test_withdrawing_consent_in_the_admin_goes_through_the_service(superuser_client: Client, home_area: Area) -> None:
    consent = ConsentFactory.create(person=PersonFactory.create(area=home_area))

    response = superuser_client.post(
        reverse("admin:people_consent_changelist"), {"action": "withdraw", "_selected_action": [consent.pk]}
    )

    assert response.status_code == 302
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is not None
    assert AuditEvent.objects.get(subject_type="people.consent").kind == AuditEvent.Kind.RECORD_CHANGED
    assert TimelineEntry.objects.get().kind == "people.consent_withdrawn"


def test_staff_who_are_not_superusers_see_only_people_they_may_see(
    practitioner: User, carers_centre: Organisation, home_area: Area, sign_in: SignIn
) -> None:
    practitioner.is_staff = True
    practitioner.save(update_fields=["is_staff"])
    practitioner.user_permissions.add(Permission.objects.get(codename="view_person"))
    involved = PersonFactory.create(area=home_area, family_name="Involved")
    open_involvement(involved, carers_centre, reason=Involvement.Reason.CASE_OPEN)
    stranger = PersonFactory.create(area=home_area, family_name="Stranger")
    client = sign_in(practitioner)

    listed = client.get(reverse("admin:people_person_changelist"))

    assert list(listed.context["cl"].queryset) == [involved]
    assert client.get(reverse("admin:people_person_change", args=[stranger.pk])).status_code == 302  # not found


def test_an_admin_search_by_nhs_number_records_who_was_shown_and_never_the_number(
    superuser_client: Client, home_area: Area
) -> None:
    found = PersonFactory.create(area=home_area, nhs_number="9990000018")
    PersonFactory.create(area=home_area, nhs_number="9990000026")

    response = superuser_client.get(reverse("admin:people_person_changelist"), {"q": "999 000 0018"})

    assert response.status_code == 200
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.RECORD_VIEWED)
    assert (event.purpose, event.detail) == (
        "administration",
        {"model": "people.person", "ids": [found.pk], "query_kind": "nhs_number"},
    )
    assert "9990000018" not in str(event.detail)


@pytest.mark.parametrize("model", ["consent", "caringrelationship", "involvement", "timelineentry"])
def test_every_person_level_list_and_change_page_in_the_admin_is_audited(
    superuser_client: Client, home_area: Area, carers_centre: Organisation, model: str
) -> None:
    person = PersonFactory.create(area=home_area)
    consent = ConsentFactory.create(person=person)
    involvement = open_involvement(person, carers_centre, reason=Involvement.Reason.CASE_OPEN)
    rows = {
        "consent": consent,
        "involvement": involvement,
        "timelineentry": TimelineEntry.objects.create(
            area=home_area, person=person, occurred_at=involvement.started_at, kind="note", summary="A note"
        ),
        "caringrelationship": PersonFactory.create(area=home_area).caring_for.create(
            area=home_area, cared_for=person, relationship="parent"
        ),
    }
    row = rows[model]
    events = AuditEvent.objects.count()

    listed = superuser_client.get(reverse(f"admin:people_{model}_changelist"))
    opened = superuser_client.get(reverse(f"admin:people_{model}_change", args=[row.pk]))

    assert (listed.status_code, opened.status_code) == (200, 200)
    written = list(AuditEvent.objects.order_by("pk")[events:])
    assert [(event.kind, event.subject_type, event.subject_id) for event in written] == [
        (AuditEvent.Kind.RECORD_VIEWED, "", ""),
        (AuditEvent.Kind.RECORD_VIEWED, f"people.{model}", str(row.pk)),
    ]
    assert row.pk in written[0].detail["ids"]
