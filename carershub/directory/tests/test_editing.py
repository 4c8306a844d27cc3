"""Keeping the directory true: a provider's change waits for the council's check; nobody edits another provider's
entries; stale edits are refused; editors are reminded to check entries after six months."""

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.directory.events import DirectoryEvent
from carershub.directory.models import Service, ServiceChange
from carershub.directory.services.editing import (
    StaleDirectoryEdit,
    approve_change,
    current_values,
    propose_change,
    send_assurance_reminders,
)
from carershub.directory.tests.factories import DirectoryOrganisationFactory, PublishedServiceFactory
from carershub.organisations.models import Area, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre_entry(home_area: Area, carers_centre: Organisation) -> Service:
    owner = DirectoryOrganisationFactory.create(organisation=carers_centre, name=carers_centre.name)
    return PublishedServiceFactory.create(area=home_area, organisation=owner, name="Carers cafe")


def form_data(service: Service, **changes: Any) -> dict[str, Any]:
    values = current_values(service)
    data: dict[str, Any] = {
        **{key: "" if value is None else value for key, value in values.items() if key != "taxonomy_term_ids"},
        "is_free": str(values["is_free"]),
        "terms": values["taxonomy_term_ids"],
        "version": service.version,
    }
    data.update(changes)
    return data


def test_a_providers_change_waits_for_the_council_then_is_published(
    sign_in: SignIn, manager: User, administrator: User, centre_entry: Service
) -> None:
    edit_url = reverse("directory:edit", args=[centre_entry.pk])
    response = sign_in(manager).post(edit_url, form_data(centre_entry, name="Carers cafe and chat"))
    assert response.status_code == 302
    centre_entry.refresh_from_db()
    assert centre_entry.name == "Carers cafe"  # the public still sees the checked entry
    change = ServiceChange.objects.get(service=centre_entry, status=ServiceChange.Status.PENDING)
    assert change.proposed["name"] == "Carers cafe and chat"

    council = sign_in(administrator)
    assert "Carers cafe" in council.get(reverse("directory:entries")).content.decode()
    decided = council.post(reverse("directory:decide", args=[change.pk]), {"decision": "approve"})
    assert decided.status_code == 302
    centre_entry.refresh_from_db()
    assert centre_entry.name == "Carers cafe and chat"
    assert centre_entry.assured_on == timezone.localdate()
    assert centre_entry.assurer_email == administrator.email
    assert centre_entry.version == 1
    events = [event.event for event in AuditEvent.objects.filter(subject_id=str(centre_entry.pk))]
    assert events == [DirectoryEvent.CHANGE_APPROVED, DirectoryEvent.CHANGE_PROPOSED]


def test_the_council_sending_a_change_back_needs_a_reason_and_keeps_the_entry(
    sign_in: SignIn, manager: User, administrator: User, centre_entry: Service
) -> None:
    proposed = propose_change(centre_entry, values={"name": "Renamed"}, base_version=0, by=manager)
    url = reverse("directory:decide", args=[proposed.change.pk])
    assert (
        "Say why the change cannot be published"
        in sign_in(administrator).post(url, {"decision": "reject"}).content.decode()
    )
    sign_in(administrator).post(url, {"decision": "reject", "note": "The cafe has not moved."})
    proposed.change.refresh_from_db()
    assert proposed.change.status == ServiceChange.Status.REJECTED
    assert proposed.change.decision_note == "The cafe has not moved."
    centre_entry.refresh_from_db()
    assert centre_entry.name == "Carers cafe"


def test_a_council_approvers_own_change_is_published_at_once(administrator: User, centre_entry: Service) -> None:
    proposed = propose_change(
        centre_entry, values={"alert": "Closed on bank holidays"}, base_version=0, by=administrator
    )
    assert proposed.published is True
    centre_entry.refresh_from_db()
    assert centre_entry.alert == "Closed on bank holidays"


def test_a_provider_cannot_open_or_change_another_providers_entry(
    sign_in: SignIn, other_team_practitioner: User, neighbour_practitioner: User, centre_entry: Service
) -> None:
    other_team_practitioner.groups.add(*manager_groups())
    for user in (other_team_practitioner, neighbour_practitioner):
        client = sign_in(user)
        url = reverse("directory:edit", args=[centre_entry.pk])
        events = AuditEvent.objects.count()
        assert client.get(url).status_code == 404
        assert client.post(url, form_data(centre_entry, name="Hijacked")).status_code == 404
        assert client.post(reverse("directory:assure", args=[centre_entry.pk])).status_code == 404
        assert AuditEvent.objects.count() == events
    assert not ServiceChange.objects.exists()
    centre_entry.refresh_from_db()
    assert centre_entry.name == "Carers cafe"


def manager_groups() -> list[Group]:
    return [Group.objects.get(name="manager")]


def test_a_provider_cannot_approve_its_own_change(sign_in: SignIn, manager: User, centre_entry: Service) -> None:
    proposed = propose_change(centre_entry, values={"name": "Renamed"}, base_version=0, by=manager)
    response = sign_in(manager).post(reverse("directory:decide", args=[proposed.change.pk]), {"decision": "approve"})
    assert response.status_code == 404
    proposed.change.refresh_from_db()
    assert proposed.change.status == ServiceChange.Status.PENDING


def test_a_stale_edit_is_refused_and_says_why(
    sign_in: SignIn, manager: User, administrator: User, centre_entry: Service
) -> None:
    opened = form_data(centre_entry, name="My edit")
    propose_change(centre_entry, values={"name": "Council's edit"}, base_version=0, by=administrator)
    response = sign_in(manager).post(reverse("directory:edit", args=[centre_entry.pk]), opened)
    assert "Someone else changed this entry while you were editing it" in response.content.decode()
    assert not ServiceChange.objects.filter(status=ServiceChange.Status.PENDING).exists()
    with pytest.raises(StaleDirectoryEdit):
        propose_change(centre_entry, values={"name": "Again"}, base_version=0, by=manager)


def test_approving_a_change_made_before_another_was_published_is_refused(
    manager: User, administrator: User, centre_entry: Service
) -> None:
    old = propose_change(centre_entry, values={"name": "Old"}, base_version=0, by=manager).change
    Service.objects.filter(pk=centre_entry.pk).update(version=3)
    with pytest.raises(StaleDirectoryEdit):
        approve_change(old, by=administrator)


def test_editors_are_reminded_once_when_an_entry_was_last_checked_six_months_ago(
    manager: User, centre_entry: Service, home_area: Area
) -> None:
    today = timezone.localdate()
    Service.objects.filter(pk=centre_entry.pk).update(assured_on=today - timedelta(days=190))
    recent = PublishedServiceFactory.create(area=home_area, organisation=centre_entry.organisation)
    assert send_assurance_reminders(today=today) == 1
    assert send_assurance_reminders(today=today) == 0
    assert [message.to for message in mail.outbox] == [[manager.email]]
    assert "Carers cafe" in mail.outbox[0].subject
    recent.refresh_from_db()
    assert recent.assurance_reminded_on is None


def test_marking_an_entry_checked_shows_todays_date(sign_in: SignIn, manager: User, centre_entry: Service) -> None:
    Service.objects.filter(pk=centre_entry.pk).update(assured_on=timezone.localdate() - timedelta(days=300))
    sign_in(manager).post(reverse("directory:assure", args=[centre_entry.pk]))
    centre_entry.refresh_from_db()
    assert centre_entry.assured_on == timezone.localdate()


def test_history_lists_every_change_with_who_decided(
    sign_in: SignIn, manager: User, administrator: User, centre_entry: Service
) -> None:
    proposed = propose_change(centre_entry, values={"name": "New name"}, base_version=0, by=manager)
    approve_change(proposed.change, by=administrator)
    page = sign_in(manager).get(reverse("directory:edit", args=[centre_entry.pk])).content.decode()
    assert "Approved and published" in page
    assert administrator.get_full_name() in page


def test_the_council_withdraws_an_entry_and_the_public_can_no_longer_see_it(
    sign_in: SignIn, manager: User, administrator: User, centre_entry: Service
) -> None:
    url = reverse("directory:withdraw", args=[centre_entry.pk])
    assert sign_in(manager).post(url).status_code == 404  # a provider cannot withdraw, only the council
    centre_entry.refresh_from_db()
    assert centre_entry.is_published()
    assert sign_in(administrator).post(url).status_code == 302
    centre_entry.refresh_from_db()
    assert centre_entry.publication == Service.Publication.WITHDRAWN
    assert Client().get(centre_entry.get_absolute_url()).status_code == 404
    assert Client().get(f"/api/openreferral/services/{centre_entry.pk}")["Access-Control-Allow-Origin"] == "*"


def test_a_provider_adds_an_entry_that_appears_once_the_council_has_checked_it(
    sign_in: SignIn, manager: User, administrator: User, home_area: Area
) -> None:
    data = {
        "area": home_area.pk,
        "name": "Carers walking group",
        "description": "A walk and a chat.",
        "status": "active",
        "is_free": "True",
        "access": "self_referral",
    }
    response = sign_in(manager).post(reverse("directory:add"), data)
    assert response.status_code == 302
    service = Service.objects.get(name="Carers walking group")
    assert service.publication == Service.Publication.DRAFT
    assert Client().get(service.get_absolute_url()).status_code == 404
    change = ServiceChange.objects.get(service=service, status=ServiceChange.Status.PENDING)
    approve_change(change, by=administrator)
    assert Client().get(service.get_absolute_url()).status_code == 200


def test_staff_without_the_editor_permission_cannot_add_an_entry(
    sign_in: SignIn, practitioner: User, home_area: Area
) -> None:
    response = sign_in(practitioner).post(reverse("directory:add"), {"area": home_area.pk, "name": "X"})
    assert response.status_code == 404
    assert not Service.objects.exists()
