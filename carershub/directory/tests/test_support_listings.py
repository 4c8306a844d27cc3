"""Providers' support groups appear in the directory and the Open Referral UK API as services with their schedule
(RRULE), place and age range; the answers validate against the official schemata; ended groups disappear."""

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from carershub.accounts.models import User
from carershub.directory.models import Service
from carershub.directory.services.support_listings import list_support_group, schedule_fields
from carershub.directory.tests.oruk_schemata import errors, page_errors
from carershub.organisations.models import Area, Organisation
from carershub.support.models import GroupKind, SupportGroup
from carershub.support.rules.recurrence import parse_rule
from carershub.support.services.groups import GroupDetails, create_group
from carershub.support.tests.factories import SupportGroupFactory

pytestmark = pytest.mark.django_db
BASE = "/api/openreferral"


def get(path: str, **params: Any) -> Any:
    return Client().get(f"{BASE}{path}", params)


@pytest.fixture
def club(home_area: Area, carers_centre: Organisation) -> SupportGroup:
    return SupportGroupFactory.create(
        area=home_area,
        organisation=carers_centre,
        name="Young carers' club",
        schedule="FREQ=MONTHLY;BYDAY=2TU",
        venue="Meadowvale youth centre",
        district="Meadowvale",
        minimum_age=8,
        maximum_age=17,
    )


def test_a_running_group_is_published_as_a_valid_oruk_service_with_its_schedule(club: SupportGroup) -> None:
    call_command("list_support_groups", stdout=StringIO())
    service = Service.objects.get(support_group=club)
    assert service.is_published()
    body = get(f"/services/{service.pk}").json()
    assert errors("service", body) == []
    assert (body["name"], body["minimum_age"], body["maximum_age"]) == ("Young carers' club", 8, 17)
    schedule = body["schedules"][0]
    assert (schedule["freq"], schedule["byday"]) == ("MONTHLY", "2TU")
    assert body["service_at_locations"][0]["location"]["name"] == "Meadowvale youth centre"
    assert {attribute["taxonomy_term"]["code"] for attribute in body["attributes"]} >= {
        "need-groups",
        "for-young-carers",
    }
    listed = get("/services", maximum_age=17).json()
    assert page_errors("service", listed) == []
    assert [item["id"] for item in listed["contents"]] == [str(service.pk)]


def test_the_group_is_found_on_the_public_search_with_its_schedule_in_words(club: SupportGroup) -> None:
    service = list_support_group(club, today=timezone.localdate())
    assert "Young carers&#x27; club" in Client().get("/find-support/", {"q": "club"}).content.decode()
    page = Client().get(service.get_absolute_url()).content.decode()
    assert "Second Tuesday of every month" in page


def test_listing_again_updates_the_same_entry_and_an_ended_group_is_withdrawn(club: SupportGroup) -> None:
    today = timezone.localdate()
    first = list_support_group(club, today=today)
    SupportGroup.objects.filter(pk=club.pk).update(schedule="FREQ=WEEKLY;BYDAY=WE", venue="Library")
    again = list_support_group(club, today=today)
    assert again.pk == first.pk
    assert Service.objects.count() == 1
    assert [(s.freq, s.byday) for s in again.schedules.all()] == [("WEEKLY", "WE")]
    assert [sal.location.name for sal in again.service_at_locations.all()] == ["Library"]
    SupportGroup.objects.filter(pk=club.pk).update(ended_on=today - timedelta(days=1))
    list_support_group(club, today=today)
    assert get(f"/services/{first.pk}").status_code == 404


def test_schedules_oruk_cannot_say_are_not_published() -> None:
    assert schedule_fields(parse_rule("FREQ=DAILY")) is not None
    assert schedule_fields(parse_rule("FREQ=DAILY;INTERVAL=2")) is None
    fields = schedule_fields(parse_rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH"))
    assert fields is not None
    assert (fields.freq, fields.interval, fields.byday) == ("WEEKLY", 2, "MO,TH")


def test_a_group_set_up_by_a_provider_is_listed_at_once(practitioner: User, carers_centre: Organisation) -> None:
    group = create_group(
        carers_centre,
        by=practitioner,
        details=GroupDetails(
            name="Walk and talk",
            kind=GroupKind.objects.get(code="peer_support"),
            schedule="FREQ=WEEKLY;BYDAY=FR",
            first_starts_at=timezone.now() + timedelta(days=1),
            venue="Riverside park gates",
            capacity=10,
        ),
    )
    body = get("/services", search="Walk and talk").json()
    assert page_errors("service", body) == []
    assert [item["id"] for item in body["contents"]] == [str(Service.objects.get(support_group=group).pk)]
