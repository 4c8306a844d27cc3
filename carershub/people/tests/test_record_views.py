"""A person's record page: who may see it, what it shows, and the audit of every view."""

import html
from datetime import date
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.accounts.tests.personas import SignIn
from carershub.organisations.models import Area, Organisation
from carershub.people.models import CaringRelationship, Consent, Involvement, Person
from carershub.people.services.merges import merge_people
from carershub.people.services.timeline import add_timeline_entry
from carershub.people.tests.factories import (
    CaredForPersonFactory,
    CaringRelationshipFactory,
    ConsentFactory,
    PersonFactory,
    YoungCarerFactory,
)

if TYPE_CHECKING:
    pass
from carershub.people.tests.pages import PERSON_MATRIX, page_body, text_of, viewed, work_with


@pytest.fixture
def council_practitioner(council: Organisation) -> User:
    return create_staff_user(
        council, email="social-worker@test.example", full_name="Sam Social", roles=[Role.PRACTITIONER], created_by=None
    )


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
        assert page_body(response) == page_body(client.get(reverse("people:detail", args=[987654])))
    if sees_it:
        [event] = viewed()
        assert (event.actor, event.subject_type, event.subject_id, event.area, event.purpose) == (
            user,
            "people.person",
            str(carer_with_full_details.pk),
            carer_with_full_details.area,
            "person record",
        )
    else:
        assert viewed() == []


def test_a_missing_person_gives_the_same_404_page(sign_in: SignIn, practitioner: User) -> None:
    response = sign_in(practitioner).get(reverse("people:detail", args=[987654]))

    assert response.status_code == 404
    assert viewed() == []


def test_the_record_of_a_merged_duplicate_is_not_found(
    sign_in: SignIn, manager: User, carer_with_full_details: Person, carers_centre: Organisation
) -> None:
    duplicate = PersonFactory.create(area=carer_with_full_details.area, given_name="Maria", family_name="Okafor")
    work_with(duplicate, carers_centre)
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

    text = text_of(response)
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

    assert "Date of birth March 1961 (age" in text_of(response)
    assert "1 March 1961" not in text_of(response)


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
    work_with(daughter, carers_centre)
    partner = PersonFactory.create(area=carer_with_full_details.area, given_name="Tunde", family_name="Okafor")
    CaringRelationshipFactory.create(carer=partner, cared_for=carer_with_full_details, relationship="spouse_or_partner")

    response = sign_in(practitioner).get(reverse("people:detail", args=[carer_with_full_details.pk]))

    content = response.content.decode()
    assert f'href="/people/{daughter.pk}/"' in content
    assert html.escape(mother.full_name) in content  # names such as O'Neill are escaped in HTML
    assert f'href="/people/{mother.pk}/"' not in content
    assert "Tunde Okafor" in content
    assert f'href="/people/{partner.pk}/"' not in content
    text = text_of(response)
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

    text = text_of(response)
    assert "To be registered with the service The person themselves" in text
    assert "recorded by Manager Active" in text
    assert "To share their information with Home Young Carers" in text
    assert "Withdrawn" in text
    assert "by Practitioner" in text


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
    assert "by Practitioner, Home Carers Centre" in text_of(response)
    assert '<a class="govuk-link" href="/referrals/R1/">View details' in content
