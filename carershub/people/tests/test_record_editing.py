"""Practitioners correct a carer's record: every change is checked, audited with its value before and after, and two
people editing at once never overwrite each other silently."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import GPPracticeFactory
from carershub.people.forms import PersonDetailsForm
from carershub.people.models import CaringRelationship, Person
from carershub.people.services.details import StaleEdit, update_person
from carershub.people.tests.factories import AdultCarerFactory, PersonFactory, born_years_ago, working_with


@pytest.fixture
def carer_with_details_to_correct(home_area: Area, carers_centre: Organisation) -> Person:
    """Maria Okafor, with no NHS number yet and an old address; the carers centre has a case open with her."""
    return working_with(
        AdultCarerFactory.create(
            area=home_area, given_name="Maria", family_name="Okafor", nhs_number="", address_line_1="1 Old Road"
        ),
        carers_centre,
    )


def details_form(person: Person, **changes: str) -> dict[str, str]:
    """The details page as it was shown for the person, sent back with some changes."""
    sent: dict[str, str] = {}
    for name, value in PersonDetailsForm.initial_for(person).items():
        if isinstance(value, date):
            sent |= {f"{name}_day": str(value.day), f"{name}_month": str(value.month), f"{name}_year": str(value.year)}
        elif isinstance(value, bool):
            if value:
                sent[name] = "on"
        elif value is not None:
            sent[name] = str(getattr(value, "pk", value))
    return sent | changes


def test_correcting_an_address_is_saved_and_audited_with_before_and_after(
    carer_with_details_to_correct: Person, practitioner: User, sign_in: SignIn
) -> None:
    response = sign_in(practitioner).post(
        reverse("people:edit_details", args=[carer_with_details_to_correct.pk]),
        details_form(carer_with_details_to_correct, address_line_1="12 Station Road"),
    )

    assert response.status_code == 302
    carer_with_details_to_correct.refresh_from_db()
    assert (carer_with_details_to_correct.address_line_1, carer_with_details_to_correct.version) == (
        "12 Station Road",
        1,
    )
    changed = AuditEvent.objects.get(kind=AuditEvent.Kind.RECORD_CHANGED, subject_type="people.person")
    assert changed.detail == {
        "fields": ["address_line_1"],
        "before": {"address_line_1": "1 Old Road"},
        "after": {"address_line_1": "12 Station Road"},
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param({"nhs_number": "999 000 0019"}, "nhs_number", "Enter a valid NHS number", id="check_digit"),
        pytest.param(
            {"date_of_birth_year": str(timezone.localdate().year + 1)},
            "date_of_birth",
            "Date of birth must be today or in the past",
            id="future_date_of_birth",
        ),
        pytest.param({"given_name": ""}, "given_name", "Enter their given name", id="no_name"),
    ],
)
def test_a_wrong_detail_is_shown_at_its_field_and_nothing_is_saved(
    carer_with_details_to_correct: Person,
    practitioner: User,
    sign_in: SignIn,
    changes: dict[str, str],
    field: str,
    message: str,
) -> None:
    response = sign_in(practitioner).post(
        reverse("people:edit_details", args=[carer_with_details_to_correct.pk]),
        details_form(carer_with_details_to_correct, **changes),
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert Person.objects.get(pk=carer_with_details_to_correct.pk).version == 0
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_CHANGED).exists()


def test_two_people_editing_at_once_never_overwrite_each_other_silently(
    carer_with_details_to_correct: Person, practitioner: User, manager: User, sign_in: SignIn
) -> None:
    opened_by_both = details_form(carer_with_details_to_correct)
    update_person(carer_with_details_to_correct, changed_by=manager, expected_version=0, phone="07700 900111")

    response = sign_in(practitioner).post(
        reverse("people:edit_details", args=[carer_with_details_to_correct.pk]), {**opened_by_both, "town": "Millvale"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed these details while you were editing" in page
    assert "07700900111" in page  # their version, shown
    assert 'value="Millvale"' in page  # what was typed, kept
    carer_with_details_to_correct.refresh_from_db()
    assert (
        carer_with_details_to_correct.phone,
        carer_with_details_to_correct.town,
        carer_with_details_to_correct.version,
    ) == ("07700900111", "", 1)
    with pytest.raises(StaleEdit):
        update_person(carer_with_details_to_correct, changed_by=practitioner, expected_version=0, town="Millvale")


def test_a_gp_practice_from_another_area_is_refused(
    carer_with_details_to_correct: Person, practitioner: User, neighbour_area: Area
) -> None:
    elsewhere = GPPracticeFactory.create(area=neighbour_area)
    with pytest.raises(Exception, match="gp_practice"):
        update_person(carer_with_details_to_correct, changed_by=practitioner, expected_version=0, gp_practice=elsewhere)


def test_nobody_outside_the_carers_organisations_can_open_or_change_the_details(
    carer_with_details_to_correct: Person, other_team_practitioner: User, commissioner: User, sign_in: SignIn
) -> None:
    url = reverse("people:edit_details", args=[carer_with_details_to_correct.pk])
    for user in (other_team_practitioner, commissioner):
        client = sign_in(user)
        assert client.get(url).status_code == 404
        assert client.post(url, details_form(carer_with_details_to_correct, town="Elsewhere")).status_code == 404
    assert Person.objects.get(pk=carer_with_details_to_correct.pk).version == 0
    assert not AuditEvent.objects.filter(subject_type="people.person").exists()


def test_correcting_the_cared_for_persons_date_of_birth_changes_the_assessment_suggested(
    home_area: Area, carers_centre: Organisation, practitioner: User, sign_in: SignIn
) -> None:
    # Recorded as an adult son with a learning disability; he is in fact 15: his mother is a parent carer.
    mother = working_with(PersonFactory.create(area=home_area, date_of_birth=born_years_ago(45)), carers_centre)
    son = PersonFactory.create(area=home_area, given_name="Leo", date_of_birth=born_years_ago(25))
    caring = CaringRelationship.objects.create(
        area=home_area, carer=mother, cared_for=son, relationship="child", has_parental_responsibility=True
    )
    client: Client = sign_in(practitioner)
    start = reverse("assessments:start") + f"?person={mother.pk}"
    before = client.get(start).context["form"].initial["kind"]
    born = born_years_ago(15) - timedelta(days=3)

    response = client.post(
        reverse("people:edit_cared_for", args=[mother.pk, caring.pk]),
        {
            "version": "0",
            "date_of_birth_day": str(born.day),
            "date_of_birth_month": str(born.month),
            "date_of_birth_year": str(born.year),
            "disability": "yes",
            "conditions": ["learning_disability"],
        },
    )

    assert response.status_code == 302
    son.refresh_from_db()
    caring.refresh_from_db()
    assert (son.date_of_birth, son.disability, caring.conditions) == (born, "yes", ["learning_disability"])
    after = client.get(start).context["form"].initial["kind"]
    assert (before, after) == ("carers", "parent_carers_needs")


def test_someone_the_carer_looks_after_is_added_from_their_record(
    carer_with_details_to_correct: Person, practitioner: User, sign_in: SignIn
) -> None:
    response = sign_in(practitioner).post(
        reverse("people:add_cared_for", args=[carer_with_details_to_correct.pk]),
        {"given_name": "Grace", "family_name": "Okafor", "relationship": "parent", "conditions": ["dementia"]},
    )

    assert response.status_code == 302
    caring = CaringRelationship.objects.get(carer=carer_with_details_to_correct, cared_for__given_name="Grace")
    assert (caring.relationship, caring.conditions, caring.created_by) == ("parent", ["dementia"], practitioner)


def test_ending_caring_keeps_the_relationship_ended_and_refuses_a_future_date(
    carer_with_details_to_correct: Person, practitioner: User, sign_in: SignIn
) -> None:
    caring = CaringRelationship.objects.get(carer=carer_with_details_to_correct)
    client = sign_in(practitioner)
    url = reverse("people:end_caring", args=[carer_with_details_to_correct.pk, caring.pk])
    tomorrow = timezone.localdate() + timedelta(days=1)
    today = timezone.localdate()

    refused = client.post(
        url, {"ended_on_day": tomorrow.day, "ended_on_month": tomorrow.month, "ended_on_year": tomorrow.year}
    )
    assert refused.status_code == 200
    caring.refresh_from_db()
    assert caring.ended_on is None

    ended = client.post(url, {"ended_on_day": today.day, "ended_on_month": today.month, "ended_on_year": today.year})
    assert ended.status_code == 302
    caring.refresh_from_db()
    assert caring.ended_on == today


def test_another_carers_relationship_cannot_be_changed_through_this_record(
    carer_with_details_to_correct: Person, practitioner: User, sign_in: SignIn, home_area: Area
) -> None:
    someone_else = AdultCarerFactory.create(area=home_area)
    theirs = CaringRelationship.objects.get(carer=someone_else)

    response = sign_in(practitioner).post(
        reverse("people:end_caring", args=[carer_with_details_to_correct.pk, theirs.pk]),
        {"ended_on_day": "1", "ended_on_month": "1", "ended_on_year": "2020"},
    )

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.ended_on is None
