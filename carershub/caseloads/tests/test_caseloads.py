"""Allocation and "My work": managers allocate a carer's case to a worker; the worker sees their carers and what is
due in a constant number of queries; the team sees who is unallocated."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.assessments.tests.factories import AssessmentFactory
from carershub.caseloads.events import CaseloadEvent
from carershub.caseloads.models import Allocation, Task
from carershub.caseloads.services import AllocationInvalid, allocate_case
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Involvement, Person
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import AdultCarerFactory, working_with
from carershub.referrals.tests.factories import OpenReferralFactory


def test_a_manager_allocates_a_case_and_it_is_in_the_workers_my_work(
    carer_with_open_case: Person, manager: User, practitioner: User, sign_in: SignIn
) -> None:
    response = sign_in(manager).post(
        reverse("caseloads:allocate", args=[carer_with_open_case.pk]), {"worker": practitioner.pk}
    )

    assert response.status_code == 302
    allocation = Allocation.objects.get()
    assert (allocation.person, allocation.worker, allocation.allocated_by) == (
        carer_with_open_case,
        practitioner,
        manager,
    )
    allocated = AuditEvent.objects.get(event=CaseloadEvent.ALLOCATED)
    assert (allocated.actor, allocated.detail["worker"]) == (manager, practitioner.pk)
    assert (
        carer_with_open_case.timeline.get(kind=CaseloadEvent.ALLOCATED).summary
        == f"Allocated to {practitioner.full_name}"
    )
    my_work = sign_in(practitioner).get(reverse("caseloads:my_work"))
    assert [(row.person_id, row.full_name) for row in my_work.context["work"].carers] == [
        (carer_with_open_case.pk, carer_with_open_case.full_name)
    ]


def test_reallocating_ends_the_current_allocation_and_keeps_it(
    carer_with_open_case: Person, manager: User, practitioner: User
) -> None:
    allocate_case(carer_with_open_case, to=practitioner, by=manager)
    moved = allocate_case(carer_with_open_case, to=manager, by=manager)

    assert moved.previous_worker == practitioner
    assert [(row.worker, row.ended_at is None) for row in Allocation.objects.order_by("pk")] == [
        (practitioner, False),
        (manager, True),
    ]


@pytest.mark.parametrize("who", ["practitioner", "other_team_practitioner", "commissioner"])
def test_only_a_manager_of_the_carers_organisation_allocates_and_nothing_happens_otherwise(
    request: pytest.FixtureRequest, carer_with_open_case: Person, practitioner: User, sign_in: SignIn, who: str
) -> None:
    user: User = request.getfixturevalue(who)
    client = sign_in(user)
    events = AuditEvent.objects.count()

    response = client.post(reverse("caseloads:allocate", args=[carer_with_open_case.pk]), {"worker": practitioner.pk})

    assert response.status_code == 404
    assert not Allocation.objects.exists()
    assert not AuditEvent.objects.filter(event__in=CaseloadEvent.values).exists()
    assert AuditEvent.objects.count() == events
    with pytest.raises(AllocationInvalid):
        allocate_case(carer_with_open_case, to=practitioner, by=user)


def test_a_case_cannot_go_to_a_worker_of_another_organisation(
    carer_with_open_case: Person, manager: User, other_team_practitioner: User
) -> None:
    with pytest.raises(AllocationInvalid) as refused:
        allocate_case(carer_with_open_case, to=other_team_practitioner, by=manager)

    assert refused.value.errors == {"worker": "Select a practitioner or manager in your organisation"}
    assert not Allocation.objects.exists()


def test_my_work_takes_the_same_queries_for_2_or_12_carers_and_shows_referrals_to_decide(
    home_area: Area, carers_centre: Organisation, manager: User, practitioner: User, sign_in: SignIn
) -> None:
    client = sign_in(practitioner)
    OpenReferralFactory.create(area=home_area, provider=carers_centre, urgency="urgent")

    def allocate(count: int) -> None:
        for carer in AdultCarerFactory.create_batch(count, area=home_area):
            allocate_case(working_with(carer, carers_centre), to=practitioner, by=manager)

    allocate(2)
    client.get(reverse("caseloads:my_work"))  # sessions and caches warm
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("caseloads:my_work"))
    allocate(10)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("caseloads:my_work"))

    assert len(response.context["work"].carers) == 12
    assert response.context["work"].referrals_to_decide.total == 1
    assert len(many) == len(few)


def test_my_work_escapes_a_carers_name_and_links_their_record_and_closing_their_case(
    home_area: Area, carers_centre: Organisation, manager: User, practitioner: User, sign_in: SignIn
) -> None:
    carer = AdultCarerFactory.create(area=home_area, given_name="<b>Ann</b>", family_name="O'Neill")
    allocate_case(working_with(carer, carers_centre), to=practitioner, by=manager)

    page = sign_in(practitioner).get(reverse("caseloads:my_work")).content.decode()

    assert "<b>Ann</b>" not in page
    assert f'href="{reverse("people:detail", args=[carer.pk])}">&lt;b&gt;Ann&lt;/b&gt; O&#x27;Neill</a>' in page
    assert f'href="{reverse("caseloads:close", args=[carer.pk])}?from=my-work">Close case' in page


def test_my_work_records_who_its_assessments_name_beside_the_allocated_carers(
    home_area: Area, carers_centre: Organisation, practitioner: User, sign_in: SignIn
) -> None:
    assessment = AssessmentFactory.create(
        carer=AdultCarerFactory.create(area=home_area), organisation=carers_centre, assessor=practitioner
    )

    page = sign_in(practitioner).get(reverse("caseloads:my_work"))

    assert assessment.carer.full_name in page.content.decode()
    viewed = AuditEvent.objects.filter(purpose="my work").latest("pk")
    assert (viewed.actor, viewed.detail["people"], viewed.detail["also_named"]) == (
        practitioner,
        [],
        [assessment.carer_id],
    )


def test_the_team_sees_unallocated_cases_until_they_are_allocated(
    carer_with_open_case: Person, manager: User, practitioner: User, sign_in: SignIn
) -> None:
    client = sign_in(manager)
    assert [person.pk for person in client.get(reverse("caseloads:team")).context["unallocated"]] == [
        carer_with_open_case.pk
    ]

    allocate_case(carer_with_open_case, to=practitioner, by=manager)

    assert client.get(reverse("caseloads:team")).context["unallocated"] == []


def test_when_the_work_ends_the_carer_leaves_my_work(
    carer_with_open_case: Person, carers_centre: Organisation, manager: User, practitioner: User, sign_in: SignIn
) -> None:
    allocate_case(carer_with_open_case, to=practitioner, by=manager)
    Involvement.objects.filter(person=carer_with_open_case, organisation=carers_centre).update(ended_at=timezone.now())

    response = sign_in(practitioner).get(reverse("caseloads:my_work"))

    assert response.context["work"].carers == []
    assert carer_with_open_case.family_name not in response.content.decode()


def test_my_work_is_not_a_page_for_commissioners(commissioner: User, sign_in: SignIn) -> None:
    client = sign_in(commissioner)
    assert client.get(reverse("caseloads:my_work")).status_code == 404
    assert client.get(reverse("caseloads:team")).status_code == 404


def test_the_team_page_takes_the_same_queries_for_1_or_many_unallocated_cases_and_tasks(
    home_area: Area, carers_centre: Organisation, manager: User, practitioner: User, sign_in: SignIn
) -> None:
    client = sign_in(manager)
    overdue = timezone.localdate() - timedelta(days=3)

    def open_cases(count: int) -> None:
        for carer in AdultCarerFactory.create_batch(count, area=home_area):
            working_with(carer, carers_centre)
            for worker in (None, practitioner):  # one for the team, one overdue for a worker
                Task.objects.create(
                    area=home_area,
                    person=carer,
                    organisation=carers_centre,
                    worker=worker,
                    kind=Task.Kind.OFFER_CARERS_ASSESSMENT,
                    text="Offer a carer's assessment.",
                    due_on=overdue,
                )

    open_cases(1)
    client.get(reverse("caseloads:team"))  # sessions and caches warm
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("caseloads:team"))
    open_cases(8)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("caseloads:team"))

    assert len(response.context["unallocated"]) == 9
    assert len(response.context["team_tasks"]) == 9
    assert {row.worker_name for row in response.context["overdue"]} == {"", practitioner.full_name}
    assert len(many) == len(few)


def test_the_longest_open_unallocated_case_is_listed_first(
    home_area: Area, carers_centre: Organisation, manager: User, sign_in: SignIn
) -> None:
    newer = AdultCarerFactory.create(area=home_area, family_name="Aardvark")  # first by name, last by age
    older = AdultCarerFactory.create(area=home_area, family_name="Zephyr")
    open_involvement(newer, carers_centre, reason=Involvement.Reason.CASE_OPEN, at=timezone.now() - timedelta(days=1))
    open_involvement(older, carers_centre, reason=Involvement.Reason.CASE_OPEN, at=timezone.now() - timedelta(days=30))

    page = sign_in(manager).get(reverse("caseloads:team"))

    assert [person.pk for person in page.context["unallocated"]] == [older.pk, newer.pk]
    assert page.content.decode().index(older.family_name) < page.content.decode().index(newer.family_name)
