"""People pages: who may see a person's record and find them, what the record shows, what the audit log keeps, and a
constant number of queries for search."""

import html
import re
from datetime import date
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import CaringRelationship, Consent, Involvement, Person
from carershub.people.services import add_timeline_entry, merge_people
from carershub.people.tests.factories import (
    AdultCarerFactory,
    CaredForPersonFactory,
    CaringRelationshipFactory,
    ConsentFactory,
    PersonFactory,
    YoungCarerFactory,
)
from carershub.referrals.tests.factories import OpenReferralFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

# Who may see a carer the carers centre works with in the home area.
PERSON_MATRIX = [
    pytest.param("practitioner", True, id="practitioner_of_the_involved_provider"),
    pytest.param("manager", True, id="manager_of_the_involved_provider"),
    pytest.param("council_practitioner", True, id="council_practitioner_in_the_area"),
    pytest.param("other_team_practitioner", False, id="practitioner_of_another_provider"),
    pytest.param("commissioner", False, id="commissioner"),
    pytest.param("administrator", False, id="administrator"),
    pytest.param("neighbour_practitioner", False, id="practitioner_in_another_area"),
]


@pytest.fixture
def council_practitioner(council: Organisation) -> User:
    return create_staff_user(
        council, email="social-worker@test.example", full_name="Sam Social", roles=[Role.PRACTITIONER], created_by=None
    )


def _work_with(person: Person, organisation: Organisation) -> None:
    Involvement.objects.create(
        area=person.area,
        person=person,
        organisation=organisation,
        reason=Involvement.Reason.CASE_OPEN,
        started_at=timezone.now(),
    )


@pytest.fixture
def carer_with_full_details(home_area: Area, carers_centre: Organisation) -> Person:
    """Maria Okafor, 52, works part time and looks after her mother; her record has every detail (NHS number, address,
    communication needs); the carers centre has a case open with her."""
    carer = AdultCarerFactory.create(
        area=home_area,
        given_name="Maria",
        family_name="Okafor",
        nhs_number="9990000018",
        postcode="MV1 2AB",
        address_line_1="12 Mill Lane",
        town="Millvale",
        communication_needs="Prefers phone calls in the afternoon",
    )
    _work_with(carer, carers_centre)
    return carer


def _text(response: "TestResponse") -> str:
    """The page's text with tags removed and spaces collapsed, for asserting what a person reads."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _viewed() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_VIEWED))


# --- A person's record ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "sees_it"), PERSON_MATRIX)
def test_person_detail_authorisation_and_audit(
    request: pytest.FixtureRequest, sign_in: SignIn, carer_with_full_details: Person, persona: str, sees_it: bool
) -> None:
    user: User = request.getfixturevalue(persona)
    client = sign_in(user)

    response = client.get(reverse("people:detail", args=[carer_with_full_details.pk]))

    assert response.status_code == (200 if sees_it else 404)
    if not sees_it:
        # Exactly the page a truly missing record gives: nothing tells the person exists.
        assert _page_body(response) == _page_body(client.get(reverse("people:detail", args=[987654])))
    if sees_it:
        [event] = _viewed()
        assert (event.actor, event.subject_type, event.subject_id, event.area, event.purpose) == (
            user,
            "people.person",
            str(carer_with_full_details.pk),
            carer_with_full_details.area,
            "person record",
        )
    else:
        assert _viewed() == []


def test_a_missing_person_gives_the_same_404_page(sign_in: SignIn, practitioner: User) -> None:
    response = sign_in(practitioner).get(reverse("people:detail", args=[987654]))

    assert response.status_code == 404
    assert _viewed() == []


def test_the_record_of_a_merged_duplicate_is_not_found(
    sign_in: SignIn, manager: User, carer_with_full_details: Person, carers_centre: Organisation
) -> None:
    duplicate = PersonFactory.create(area=carer_with_full_details.area, given_name="Maria", family_name="Okafor")
    _work_with(duplicate, carers_centre)
    merge_people(duplicate, into=carer_with_full_details, merged_by=manager)

    response = sign_in(manager).get(reverse("people:detail", args=[duplicate.pk]))

    assert response.status_code == 404


def test_a_person_who_stops_working_with_the_provider_disappears_from_its_staff(
    sign_in: SignIn, practitioner: User, carer_with_full_details: Person
) -> None:
    Involvement.objects.filter(person=carer_with_full_details).update(ended_at=timezone.now())

    response = sign_in(practitioner).get(reverse("people:detail", args=[carer_with_full_details.pk]))

    assert response.status_code == 404


def test_person_detail_shows_their_details_and_carer_categories(
    sign_in: SignIn, practitioner: User, carer_with_full_details: Person
) -> None:
    response = sign_in(practitioner).get(reverse("people:detail", args=[carer_with_full_details.pk]))

    text = _text(response)
    assert "Adult carer" in text
    assert "Working carer" in text
    assert "Young carer" not in text
    assert "NHS number 999 000 0018" in text
    assert "(age 52)" in text
    assert "Address 12 Mill Lane Millvale MV1 2AB" in text
    assert "Communication needs Prefers phone calls in the afternoon" in text
    assert "Digitally excluded No" in text


def test_person_detail_leads_to_starting_an_assessment_and_to_contingency_plans(
    sign_in: SignIn, practitioner: User, carer_with_full_details: Person
) -> None:
    content = sign_in(practitioner).get(reverse("people:detail", args=[carer_with_full_details.pk])).content.decode()

    assert f'href="{reverse("assessments:start")}?person={carer_with_full_details.pk}"' in content
    assert f'href="{reverse("emergency_response:new_plan", args=[carer_with_full_details.pk])}"' in content


def test_a_date_of_birth_known_to_the_month_is_shown_as_month_and_year(
    sign_in: SignIn, council_practitioner: User, home_area: Area
) -> None:
    person = PersonFactory.create(
        area=home_area, date_of_birth=date(1961, 3, 1), date_of_birth_precision=Person.DateOfBirthPrecision.MONTH
    )

    response = sign_in(council_practitioner).get(reverse("people:detail", args=[person.pk]))

    assert "Date of birth March 1961 (age" in _text(response)
    assert "1 March 1961" not in _text(response)


def test_a_young_carer_is_tagged_as_one(sign_in: SignIn, council_practitioner: User, home_area: Area) -> None:
    young_carer = YoungCarerFactory.create(area=home_area)

    response = sign_in(council_practitioner).get(reverse("people:detail", args=[young_carer.pk]))

    assert '<strong class="govuk-tag govuk-tag--purple">Young carer</strong>' in response.content.decode()


def test_caring_relationships_link_only_to_people_the_user_may_see(
    sign_in: SignIn, practitioner: User, carer_with_full_details: Person, carers_centre: Organisation
) -> None:
    mother = CaringRelationship.objects.get(carer=carer_with_full_details).cared_for
    daughter = CaredForPersonFactory.create(area=carer_with_full_details.area, given_name="Ada", family_name="Okafor")
    CaringRelationshipFactory.create(
        carer=carer_with_full_details,
        cared_for=daughter,
        relationship=CaringRelationship.Relationship.CHILD,
        care_tasks=["personal_care"],
        conditions=["autism"],
    )
    _work_with(daughter, carers_centre)
    partner = PersonFactory.create(area=carer_with_full_details.area, given_name="Tunde", family_name="Okafor")
    CaringRelationshipFactory.create(carer=partner, cared_for=carer_with_full_details, relationship="spouse_or_partner")

    response = sign_in(practitioner).get(reverse("people:detail", args=[carer_with_full_details.pk]))

    content = response.content.decode()
    assert f'href="/people/{daughter.pk}/"' in content
    assert html.escape(mother.full_name) in content  # names such as O'Neill are escaped in HTML
    assert f'href="/people/{mother.pk}/"' not in content
    assert "Tunde Okafor" in content
    assert f'href="/people/{partner.pk}/"' not in content
    text = _text(response)
    assert (
        "Ada Okafor Son or daughter 20 to 49 hours a week Personal care (washing, dressing, toileting) Autism" in text
    )
    assert "Maria is their" in text


def test_consents_show_who_recorded_them_and_whether_they_were_withdrawn(
    sign_in: SignIn,
    practitioner: User,
    manager: User,
    carer_with_full_details: Person,
    young_carers_service: Organisation,
) -> None:
    ConsentFactory.create(person=carer_with_full_details, recorded_by=manager)
    ConsentFactory.create(
        person=carer_with_full_details,
        scope=Consent.Scope.SHARE,
        organisation=young_carers_service,
        withdrawn_at=timezone.now(),
        withdrawn_by=practitioner,
    )

    response = sign_in(practitioner).get(reverse("people:detail", args=[carer_with_full_details.pk]))

    text = _text(response)
    assert "To be registered with the service The person themselves" in text
    assert "recorded by Manager Active" in text
    assert "To share their information with Home Young Carers" in text
    assert "Withdrawn" in text
    assert "by Practitioner" in text


def test_person_detail_lists_the_referrals_about_them_the_user_may_see(
    sign_in: SignIn,
    practitioner: User,
    carer_with_full_details: Person,
    carers_centre: Organisation,
    young_carers_service: Organisation,
) -> None:
    mine = OpenReferralFactory.create(
        area=carer_with_full_details.area, provider=carers_centre, carer=carer_with_full_details
    )
    theirs = OpenReferralFactory.create(
        area=carer_with_full_details.area, provider=young_carers_service, carer=carer_with_full_details
    )

    response = sign_in(practitioner).get(reverse("people:detail", args=[carer_with_full_details.pk]))

    (referrals_panel,) = [p for p in response.context["panels"] if p.template == "referrals/panels/referrals.html"]
    assert referrals_panel.context["referrals"] == [mine]
    assert mine.reference in response.content.decode()
    assert theirs.reference not in response.content.decode()


def test_the_timeline_uses_the_moj_timeline_newest_first(
    sign_in: SignIn, practitioner: User, carer_with_full_details: Person, carers_centre: Organisation
) -> None:
    add_timeline_entry(carer_with_full_details, kind="note", summary="First contact by phone", actor=practitioner)
    add_timeline_entry(
        carer_with_full_details, kind="note", summary="Assessment booked", actor=practitioner, link="/referrals/R1/"
    )

    response = sign_in(practitioner).get(reverse("people:detail", args=[carer_with_full_details.pk]))

    content = response.content.decode()
    assert '<div class="moj-timeline">' in content
    assert content.index("Assessment booked") < content.index("First contact by phone")
    assert "by Practitioner, Home Carers Centre" in _text(response)
    assert '<a class="govuk-link" href="/referrals/R1/">View details' in content


# --- Finding a person -----------------------------------------------------------------------------------------------


def _search(client: Client, query: str) -> "TestResponse":
    return client.get(reverse("people:search"), {"q": query})


def test_search_page_without_a_query_asks_for_one_and_records_nothing(sign_in: SignIn, practitioner: User) -> None:
    response = sign_in(practitioner).get(reverse("people:search"))

    assert response.status_code == 200
    assert "Name, date of birth, NHS number, postcode or phone number" in _text(response)
    assert '<input type="search" name="q"' in response.content.decode()
    assert "No people found" not in _text(response)
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

    assert "No people found" in _text(response)
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
    _work_with(duplicate, carers_centre)
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


def _page_body(response: "TestResponse") -> bytes:
    """The page as sent, without what differs on every response (CSP nonces, the sign-out form's CSRF token)."""
    body = re.sub(rb'nonce="[^"]*"', b'nonce=""', response.content)
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b'name="csrfmiddlewaretoken" value=""', body)


def _not_found_body(client: Client) -> bytes:
    return _page_body(client.get(reverse("people:merges", args=[987654])))


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
        text = _text(response)
        assert "Merged records" in text
        assert "Marie Okafor" in text
        assert "Undo this merge of Marie Okafor" in text
        return
    assert response.status_code == 404
    assert _page_body(response) == _not_found_body(client)
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
        purpose="Twin sisters, not one person",
    )
    assert (changed.actor, changed.purpose, changed.detail["unmerged_from"]) == (
        user,
        "Twin sisters, not one person",
        carer_with_full_details.pk,
    )
    page = client.get(response["Location"])
    assert "The record of Marie Okafor is separate again" in _text(page)
    assert "No records have been merged into this one." in _text(page)


def test_undo_merge_without_a_reason_shows_the_error_and_changes_nothing(
    sign_in: SignIn, manager: User, carer_with_full_details: Person, merged_duplicate: Person
) -> None:
    changes_before = AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_CHANGED).count()
    response = sign_in(manager).post(
        reverse("people:undo_merge", args=[carer_with_full_details.pk, merged_duplicate.pk]),
        {f"undo-{merged_duplicate.pk}-reason": " "},
    )

    assert response.status_code == 400
    text = _text(response)
    assert "There is a problem" in text
    assert "Enter why these records are not the same person" in text
    merged_duplicate.refresh_from_db()
    assert merged_duplicate.merged_into == carer_with_full_details
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_CHANGED).count() == changes_before


def test_undo_merge_of_a_record_not_merged_into_this_one_is_not_found(
    sign_in: SignIn, manager: User, carer_with_full_details: Person, carers_centre: Organisation
) -> None:
    unrelated = PersonFactory.create(area=carer_with_full_details.area)
    _work_with(unrelated, carers_centre)
    client = sign_in(manager)

    response = client.post(
        reverse("people:undo_merge", args=[carer_with_full_details.pk, unrelated.pk]),
        {f"undo-{unrelated.pk}-reason": "Not the same"},
    )

    assert response.status_code == 404
    assert _page_body(response) == _not_found_body(client)


def test_the_record_links_managers_to_its_merged_records(
    sign_in: SignIn, manager: User, practitioner: User, carer_with_full_details: Person
) -> None:
    link = f'href="{reverse("people:merges", args=[carer_with_full_details.pk])}"'
    assert link in sign_in(manager).get(reverse("people:detail", args=[carer_with_full_details.pk])).content.decode()
    assert (
        link
        not in sign_in(practitioner).get(reverse("people:detail", args=[carer_with_full_details.pk])).content.decode()
    )
