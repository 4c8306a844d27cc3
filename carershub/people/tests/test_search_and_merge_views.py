"""Finding a person (only those the user may see, the kind of search audited, never the words, constant queries)
and undoing a merge of two records (managers who may see the surviving record)."""

from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Person
from carershub.people.services.merges import merge_people
from carershub.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse
from carershub.people.tests.pages import PERSON_MATRIX, page_body, text_of, work_with


@pytest.fixture
def council_practitioner(council: Organisation) -> User:
    return create_staff_user(
        council, email="social-worker@test.example", full_name="Sam Social", roles=[Role.PRACTITIONER], created_by=None
    )


# --- Finding a person -----------------------------------------------------------------------------------------------


def _search(client: Client, query: str) -> "TestResponse":
    return client.get(reverse("people:search"), {"q": query})


def test_search_page_without_a_query_asks_for_one_and_records_nothing(sign_in: SignIn, practitioner: User) -> None:
    response = sign_in(practitioner).get(reverse("people:search"))

    assert response.status_code == 200
    assert "Name, date of birth, NHS number, postcode or phone number" in text_of(response)
    assert '<input type="search" name="q"' in response.content.decode()
    assert "No people found" not in text_of(response)
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_VIEWED).exists()


@pytest.mark.parametrize(
    ("query", "query_kind"),
    [
        pytest.param("999 000 0018", "nhs_number", id="nhs_number"),
        pytest.param("mv12ab", "postcode", id="postcode"),
        pytest.param("okafor", "name", id="name"),
        pytest.param("Maria Ok", "name", id="names"),
    ],
)
def test_search_finds_a_person_and_records_what_kind_of_search_it_was_never_the_words(
    sign_in: SignIn, practitioner: User, carer_with_full_details: Person, query: str, query_kind: str
) -> None:
    response = _search(sign_in(practitioner), query)

    assert response.context["people"] == [carer_with_full_details]
    content = response.content.decode()
    assert f'<a class="govuk-link" href="/people/{carer_with_full_details.pk}/">Maria Okafor</a>' in content
    assert "999 000 0018" in content
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.RECORD_VIEWED)
    assert (event.actor, event.subject_type, event.purpose, event.detail) == (
        practitioner,
        "",
        "person search",
        {"query_kind": query_kind, "results": 1},
    )
    assert query.lower() not in str(event.detail).lower()


def test_search_by_date_of_birth_and_phone_is_recorded_as_such(
    sign_in: SignIn, council_practitioner: User, carer_with_full_details: Person
) -> None:
    assert carer_with_full_details.date_of_birth is not None
    client = sign_in(council_practitioner)

    by_date = _search(
        client,
        f"{carer_with_full_details.date_of_birth.day}/{carer_with_full_details.date_of_birth.month}/{carer_with_full_details.date_of_birth.year}",
    )
    by_phone = _search(client, carer_with_full_details.phone)

    assert by_date.context["people"] == [carer_with_full_details]
    assert by_phone.context["people"] == [carer_with_full_details]
    kinds = sorted(event.detail["query_kind"] for event in AuditEvent.objects.filter(purpose="person search"))
    assert kinds == ["date_of_birth", "phone"]


def test_search_says_when_nobody_is_found(sign_in: SignIn, practitioner: User, carer_with_full_details: Person) -> None:
    response = _search(sign_in(practitioner), "Nobody-Like-This")

    assert "No people found" in text_of(response)
    assert AuditEvent.objects.get(purpose="person search").detail == {"query_kind": "name", "results": 0}


@pytest.mark.parametrize(("persona", "finds_them"), PERSON_MATRIX)
def test_search_finds_only_people_the_user_may_see(
    request: pytest.FixtureRequest, sign_in: SignIn, carer_with_full_details: Person, persona: str, finds_them: bool
) -> None:
    user: User = request.getfixturevalue(persona)

    response = _search(sign_in(user), "Okafor")

    if not user.has_role(Role.PRACTITIONER, Role.MANAGER):
        # Commissioners and administrators never look people up: the page does not exist for them.
        assert response.status_code == 404
        assert not AuditEvent.objects.filter(purpose="person search").exists()
        return
    assert response.status_code == 200
    assert (carer_with_full_details in response.context["people"]) == finds_them
    assert ("Maria Okafor" in response.content.decode()) == finds_them


def test_a_search_that_is_too_long_shows_the_error_summary_and_keeps_what_was_typed(
    sign_in: SignIn, practitioner: User
) -> None:
    typed = "Okafor " * 20

    response = _search(sign_in(practitioner), typed)

    content = response.content.decode()
    assert "<title>Error: Find a person" in content
    assert '<a href="#id_q">Search must be 100 characters or fewer</a>' in content
    assert typed.strip() in content
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_VIEWED).exists()


def _search_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = _search(client, "Okafor")
    assert response.status_code == 200
    return len(queries)


def test_search_queries_do_not_grow_with_the_number_of_results(
    sign_in: SignIn, council_practitioner: User, home_area: Area
) -> None:
    client = sign_in(council_practitioner)
    client.get(reverse("people:search"))  # warm the session
    PersonFactory.create_batch(3, area=home_area, family_name="Okafor")
    few = _search_queries(client)

    PersonFactory.create_batch(27, area=home_area, family_name="Okafor")

    assert _search_queries(client) == few


# --- Undoing a merge ------------------------------------------------------------------------------------------------


@pytest.fixture
def other_team_manager(young_carers_service: Organisation) -> User:
    return create_staff_user(
        young_carers_service,
        email="other-manager@test.example",
        full_name="Olu Other",
        roles=[Role.MANAGER, Role.PRACTITIONER],
        created_by=None,
    )


@pytest.fixture
def merged_duplicate(carer_with_full_details: Person, carers_centre: Organisation, manager: User) -> Person:
    """A second record of Maria, merged into hers by mistake: it is her twin sister Marie."""
    duplicate = PersonFactory.create(
        area=carer_with_full_details.area, given_name="Marie", family_name="Okafor", postcode="MV1 2AB"
    )
    work_with(duplicate, carers_centre)
    return merge_people(duplicate, into=carer_with_full_details, merged_by=manager)


# Only managers who may see the surviving record may undo a merge; everyone else gets the not-found page.
MERGES_MATRIX = [
    pytest.param("manager", True, id="manager_of_the_involved_provider"),
    pytest.param("practitioner", False, id="practitioner_of_the_involved_provider"),
    pytest.param("council_practitioner", False, id="council_practitioner_not_a_manager"),
    pytest.param("other_team_manager", False, id="manager_of_another_provider"),
    pytest.param("commissioner", False, id="commissioner"),
    pytest.param("administrator", False, id="administrator"),
    pytest.param("neighbour_practitioner", False, id="practitioner_in_another_area"),
]


def _not_found_body(client: Client) -> bytes:
    return page_body(client.get(reverse("people:merges", args=[987654])))


@pytest.mark.parametrize(("persona", "allowed"), MERGES_MATRIX)
def test_merged_records_page_authorisation(
    request: pytest.FixtureRequest,
    sign_in: SignIn,
    carer_with_full_details: Person,
    merged_duplicate: Person,
    persona: str,
    allowed: bool,
) -> None:
    client = sign_in(request.getfixturevalue(persona))
    events_before = AuditEvent.objects.count()

    response = client.get(reverse("people:merges", args=[carer_with_full_details.pk]))

    if allowed:
        assert response.status_code == 200
        text = text_of(response)
        assert "Merged records" in text
        assert "Marie Okafor" in text
        assert "Undo this merge of Marie Okafor" in text
        return
    assert response.status_code == 404
    assert page_body(response) == _not_found_body(client)
    assert AuditEvent.objects.count() == events_before


@pytest.mark.parametrize(("persona", "allowed"), MERGES_MATRIX)
def test_undo_merge_authorisation(
    request: pytest.FixtureRequest,
    sign_in: SignIn,
    carer_with_full_details: Person,
    merged_duplicate: Person,
    persona: str,
    allowed: bool,
) -> None:
    user: User = request.getfixturevalue(persona)
    client = sign_in(user)
    events_before = AuditEvent.objects.count()

    response = client.post(
        reverse("people:undo_merge", args=[carer_with_full_details.pk, merged_duplicate.pk]),
        {f"undo-{merged_duplicate.pk}-reason": "Twin sisters, not one person"},
    )

    merged_duplicate.refresh_from_db()
    if not allowed:
        assert response.status_code == 404
        assert merged_duplicate.merged_into == carer_with_full_details
        assert AuditEvent.objects.count() == events_before
        return
    assert response.status_code == 302
    assert response["Location"] == reverse("people:merges", args=[carer_with_full_details.pk])
    assert merged_duplicate.merged_into is None
    changed = AuditEvent.objects.get(
        kind=AuditEvent.Kind.RECORD_CHANGED,
        subject_type="people.person",
        subject_id=str(merged_duplicate.pk),
        event="people.unmerged",
    )
    assert (changed.actor, changed.detail["reason"], changed.detail["unmerged_from"]) == (
        user,
        "Twin sisters, not one person",
        carer_with_full_details.pk,
    )
    page = client.get(response["Location"])
    assert "The record of Marie Okafor is separate again" in text_of(page)
    assert "No records have been merged into this one." in text_of(page)


def test_undo_merge_without_a_reason_shows_the_error_and_changes_nothing(
    sign_in: SignIn, manager: User, carer_with_full_details: Person, merged_duplicate: Person
) -> None:
    changes_before = AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_CHANGED).count()
    response = sign_in(manager).post(
        reverse("people:undo_merge", args=[carer_with_full_details.pk, merged_duplicate.pk]),
        {f"undo-{merged_duplicate.pk}-reason": " "},
    )

    assert response.status_code == 400
    text = text_of(response)
    assert "There is a problem" in text
    assert "Enter why these records are not the same person" in text
    merged_duplicate.refresh_from_db()
    assert merged_duplicate.merged_into == carer_with_full_details
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_CHANGED).count() == changes_before


def test_undo_merge_of_a_record_not_merged_into_this_one_is_not_found(
    sign_in: SignIn, manager: User, carer_with_full_details: Person, carers_centre: Organisation
) -> None:
    unrelated = PersonFactory.create(area=carer_with_full_details.area)
    work_with(unrelated, carers_centre)
    client = sign_in(manager)

    response = client.post(
        reverse("people:undo_merge", args=[carer_with_full_details.pk, unrelated.pk]),
        {f"undo-{unrelated.pk}-reason": "Not the same"},
    )

    assert response.status_code == 404
    assert page_body(response) == _not_found_body(client)


def test_the_record_links_managers_to_its_merged_records(
    sign_in: SignIn, manager: User, practitioner: User, carer_with_full_details: Person
) -> None:
    link = f'href="{reverse("people:merges", args=[carer_with_full_details.pk])}"'
    assert link in sign_in(manager).get(reverse("people:detail", args=[carer_with_full_details.pk])).content.decode()
    assert (
        link
        not in sign_in(practitioner).get(reverse("people:detail", args=[carer_with_full_details.pk])).content.decode()
    )
