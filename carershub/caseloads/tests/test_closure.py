"""Closing a carer's case with a reason, and a manager reopening it: the history stays, access ends as the
involvement rules say, and each step is audited and on the carer's timeline."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.accounts.tests.personas import SignIn
from carershub.caseloads.events import CaseloadEvent
from carershub.caseloads.models import Allocation, CaseClosure
from carershub.caseloads.selectors import REOPEN_WITHIN
from carershub.caseloads.services import AllocationInvalid, allocate_case, close_case, reopen_case
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.core.tests.migrations import InTransactionSchemaEditor
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Involvement, Person, TimelineEntry
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import AdultCarerFactory, working_with


@pytest.fixture
def carer(home_area: Area, carers_centre: Organisation) -> Person:
    return working_with(AdultCarerFactory.create(area=home_area, family_name="Okafor"), carers_centre)


@pytest.fixture
def allocated(carer: Person, manager: User, practitioner: User) -> Person:
    allocate_case(carer, to=practitioner, by=manager)
    return carer


def test_the_allocated_worker_closes_the_case_from_my_work_and_loses_the_record_but_the_history_stays(
    allocated: Person, carers_centre: Organisation, practitioner: User, sign_in: SignIn
) -> None:
    client = sign_in(practitioner)
    my_work = client.get(reverse("caseloads:my_work")).content.decode()
    close_url = reverse("caseloads:close", args=[allocated.pk])
    assert f"{close_url}?from=my-work" in my_work

    response = client.post(close_url, {"reason": CaseClosure.Reason.NEEDS_MET, "note": "Back at work, coping well"})

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("caseloads:my_work")
    closure = CaseClosure.objects.get()
    assert (closure.person, closure.organisation, closure.closed_by, closure.reason_id, closure.note) == (
        allocated,
        carers_centre,
        practitioner,
        CaseClosure.Reason.NEEDS_MET,
        "Back at work, coping well",
    )
    case = Involvement.objects.get(person=allocated, organisation=carers_centre)
    assert case.ended_at is not None  # ended, not deleted
    assert Allocation.objects.get().ended_at is not None
    audit = AuditEvent.objects.get(event=CaseloadEvent.CASE_CLOSED)
    assert (audit.actor, audit.detail["reason"], audit.detail["person"]) == (
        practitioner,
        "needs_met",
        allocated.pk,
    )
    assert list(allocated.timeline.values_list("kind", "summary")) == [
        (
            CaseloadEvent.CASE_CLOSED.value,
            "Case closed by Home Carers Centre: Support complete: the carer's needs are met",
        ),
        (CaseloadEvent.ALLOCATED.value, f"Allocated to {practitioner.full_name}"),
    ]
    # The provider no longer works with the carer: the record, and "My work", are gone for its staff.
    assert client.get(allocated.get_absolute_url()).status_code == 404
    assert client.get(reverse("caseloads:my_work")).context["work"].carers == []


def test_a_case_needs_a_reason_to_close(allocated: Person, practitioner: User, sign_in: SignIn) -> None:
    response = sign_in(practitioner).post(reverse("caseloads:close", args=[allocated.pk]), {"note": ""})

    assert response.status_code == 200
    assert "Select why the case is being closed" in response.content.decode()
    assert not CaseClosure.objects.exists()
    assert Involvement.objects.get(person=allocated).ended_at is None


@pytest.mark.parametrize("who", ["practitioner", "other_team_practitioner", "commissioner"])
def test_only_a_manager_or_the_allocated_worker_closes_a_case(
    request: pytest.FixtureRequest, carer: Person, sign_in: SignIn, who: str
) -> None:
    user: User = request.getfixturevalue(who)  # the practitioner is in the team, but the case is not theirs
    client = sign_in(user)
    events = AuditEvent.objects.count()

    response = client.post(reverse("caseloads:close", args=[carer.pk]), {"reason": "declined"})

    assert response.status_code == 404
    assert not CaseClosure.objects.exists()
    assert AuditEvent.objects.count() == events
    with pytest.raises(AllocationInvalid):
        close_case(carer, reason="declined", by=user)


def test_a_manager_reopens_a_closed_case_and_the_team_sees_the_record_again(
    allocated: Person, carers_centre: Organisation, manager: User, practitioner: User, sign_in: SignIn
) -> None:
    close_case(allocated, reason=CaseClosure.Reason.NO_CONTACT, by=practitioner)
    # The carer is referred again: the centre sees the record, and its manager may reopen the case.
    open_involvement(allocated, carers_centre, reason=Involvement.Reason.REFERRAL_RECEIVED)
    client = sign_in(manager)
    closed_page = client.get(reverse("caseloads:closed"))
    closure = CaseClosure.objects.get()
    assert list(closed_page.context["closures"]) == [closure]
    listed = AuditEvent.objects.filter(purpose="closed cases").latest("pk")
    assert listed.detail["people"] == [allocated.pk]  # who saw which names is recorded

    response = client.post(reverse("caseloads:reopen", args=[closure.pk]))

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("caseloads:allocate", args=[allocated.pk])
    closure.refresh_from_db()
    assert (closure.reopened_by, closure.reopened_at is not None) == (manager, True)
    cases = Involvement.objects.filter(
        person=allocated, organisation=carers_centre, reason=Involvement.Reason.CASE_OPEN
    ).order_by("pk")
    assert [case.ended_at is None for case in cases] == [False, True]  # the closed spell is kept
    assert AuditEvent.objects.get(event=CaseloadEvent.CASE_REOPENED).actor == manager
    assert allocated.timeline.first() == TimelineEntry.objects.get(kind=CaseloadEvent.CASE_REOPENED)
    assert sign_in(practitioner).get(allocated.get_absolute_url()).status_code == 200
    assert [person.pk for person in client.get(reverse("caseloads:team")).context["unallocated"]] == [allocated.pk]
    assert list(client.get(reverse("caseloads:closed")).context["closures"]) == []


def test_only_a_manager_of_the_organisation_reopens_a_case(
    allocated: Person, practitioner: User, young_carers_service: Organisation, sign_in: SignIn
) -> None:
    closure = close_case(allocated, reason=CaseClosure.Reason.DECLINED, by=practitioner).closure
    other_manager = create_staff_user(
        young_carers_service, email="m@young.example", full_name="Other Manager", roles=[Role.MANAGER], created_by=None
    )

    assert sign_in(practitioner).get(reverse("caseloads:closed")).status_code == 404
    for user in (practitioner, other_manager):
        client = sign_in(user)
        assert client.post(reverse("caseloads:reopen", args=[closure.pk])).status_code == 404
        with pytest.raises(AllocationInvalid):
            reopen_case(closure, by=user)
    assert CaseClosure.objects.get().reopened_at is None


def test_a_provider_that_no_longer_sees_the_carer_cannot_list_or_reopen_the_case(
    allocated: Person, manager: User, practitioner: User, sign_in: SignIn
) -> None:
    closure = close_case(allocated, reason=CaseClosure.Reason.NEEDS_MET, by=practitioner).closure
    client = sign_in(manager)

    # Visibility ends with the work, everywhere: not even the carer's name stays on the list.
    closed_page = client.get(reverse("caseloads:closed"))
    assert list(closed_page.context["closures"]) == []
    assert allocated.family_name not in closed_page.content.decode()
    assert client.get(reverse("caseloads:reopen", args=[closure.pk])).status_code == 404
    with pytest.raises(AllocationInvalid):
        reopen_case(closure, by=manager)


def test_a_case_closed_long_ago_is_not_reopened_from_the_list(
    allocated: Person, carers_centre: Organisation, manager: User, practitioner: User, sign_in: SignIn
) -> None:
    closure = close_case(allocated, reason=CaseClosure.Reason.MOVED_AWAY, by=practitioner).closure
    open_involvement(allocated, carers_centre, reason=Involvement.Reason.REFERRAL_RECEIVED)  # seen again
    CaseClosure.objects.filter(pk=closure.pk).update(closed_at=timezone.now() - REOPEN_WITHIN - timedelta(days=1))
    client = sign_in(manager)

    assert list(client.get(reverse("caseloads:closed")).context["closures"]) == []
    assert client.post(reverse("caseloads:reopen", args=[closure.pk])).status_code == 404


def test_a_council_keeps_sight_of_a_closed_case_and_its_manager_reopens_it_from_the_record(
    home_area: Area, council: Organisation, sign_in: SignIn
) -> None:
    council_manager = create_staff_user(
        council, email="m@council.example", full_name="Council Manager", roles=[Role.MANAGER], created_by=None
    )
    carer = working_with(AdultCarerFactory.create(area=home_area), council)
    client = sign_in(council_manager)
    record = client.get(carer.get_absolute_url()).content.decode()
    assert reverse("caseloads:close", args=[carer.pk]) in record

    response = client.post(reverse("caseloads:close", args=[carer.pk]), {"reason": "carer_died"})

    # Care Act 2014 s.79: the council keeps the duty to every carer in its area, so it still sees the record.
    assert response.headers["Location"] == carer.get_absolute_url()
    record = client.get(carer.get_absolute_url()).content.decode()
    closure = CaseClosure.objects.get()
    assert "The carer has died" in record
    assert reverse("caseloads:reopen", args=[closure.pk]) in record
    assert reverse("caseloads:close", args=[carer.pk]) not in record


def test_closing_a_case_that_is_not_open_is_refused(carer: Person, manager: User) -> None:
    close_case(carer, reason=CaseClosure.Reason.DECLINED, by=manager)

    with pytest.raises(AllocationInvalid):
        close_case(carer, reason=CaseClosure.Reason.DECLINED, by=manager)
    assert CaseClosure.objects.count() == 1


def test_allocations_recorded_before_the_event_vocabulary_are_named(
    carer: Person, manager: User, home_area: Area
) -> None:
    legacy = {
        word: record_event(
            AuditEvent.Kind.RECORD_CHANGED,
            actor=manager,
            subject=carer,
            purpose="allocation",
            detail={"event": word, "worker": manager.pk},
        )
        for word in ("allocated", "reallocated")
    }
    for word in ("allocated", "reallocated"):
        TimelineEntry.objects.create(
            area=home_area, person=carer, occurred_at=timezone.now(), kind=word, summary="Allocated"
        )
    migration = importlib.import_module("carershub.caseloads.migrations.0003_event_vocabulary")

    with transaction.atomic():
        migration.forward(django_apps, InTransactionSchemaEditor())

    assert AuditEvent.objects.get(pk=legacy["allocated"].pk).event == "caseloads.allocated"
    assert AuditEvent.objects.get(pk=legacy["reallocated"].pk).event == "caseloads.reallocated"
    assert AuditEvent.objects.get(pk=legacy["reallocated"].pk).purpose == "allocation"  # what was recorded stays
    assert sorted(carer.timeline.values_list("kind", flat=True)) == ["caseloads.allocated", "caseloads.reallocated"]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET purpose = 'x' WHERE id = %s", [legacy["allocated"].pk])


def test_the_record_names_the_allocated_worker_and_offers_the_manager_reallocation(
    allocated: Person, manager: User, practitioner: User, sign_in: SignIn
) -> None:
    record = sign_in(manager).get(allocated.get_absolute_url()).content.decode()

    assert f"{practitioner.full_name}, since" in record
    assert reverse("caseloads:allocate", args=[allocated.pk]) in record
    assert reverse("caseloads:close", args=[allocated.pk]) in record


def test_the_allocate_close_and_reopen_pages_record_who_saw_the_carer(
    allocated: Person, carers_centre: Organisation, manager: User, sign_in: SignIn
) -> None:
    client = sign_in(manager)
    assert client.get(reverse("caseloads:allocate", args=[allocated.pk])).status_code == 200
    assert client.get(reverse("caseloads:close", args=[allocated.pk])).status_code == 200
    closure = close_case(allocated, reason=CaseClosure.Reason.NO_CONTACT, by=manager).closure
    open_involvement(allocated, carers_centre, reason=Involvement.Reason.REFERRAL_RECEIVED)  # referred again
    assert client.get(reverse("caseloads:reopen", args=[closure.pk])).status_code == 200

    viewed = AuditEvent.objects.filter(
        kind=AuditEvent.Kind.RECORD_VIEWED, subject_type="people.person", subject_id=str(allocated.pk), actor=manager
    )
    assert sorted(viewed.values_list("purpose", flat=True)) == [
        "allocating the case",
        "closing the case",
        "reopening the case",
    ]
