"""Contact pages: who may log and read contacts, the quick log from the carer's record, paging with a constant
number of queries, and follow-ups due."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.people.models import Person
from carershub.support.events import SupportEvent
from carershub.support.models import Contact
from carershub.support.services.contacts import ContactDetails, log_contact
from carershub.support.tests.factories import kind

pytestmark = pytest.mark.django_db

LOG_MATRIX = [
    pytest.param("practitioner", True, id="practitioner_of_the_provider"),
    pytest.param("manager", True, id="manager_of_the_provider"),
    pytest.param("other_team_practitioner", False, id="practitioner_of_another_provider"),
    pytest.param("commissioner", False, id="commissioner"),
    pytest.param("administrator", False, id="administrator"),
    pytest.param("neighbour_practitioner", False, id="practitioner_in_another_area"),
]


def _quick_log(carer: Person, **overrides: str) -> dict[str, str]:
    today = timezone.localdate()
    return {
        "kind": str(kind("emotional_support").pk),
        "channel": "phone",
        "minutes": "20",
        "contacted_on_day": str(today.day),
        "contacted_on_month": str(today.month),
        "contacted_on_year": str(today.year),
        **overrides,
    }


@pytest.mark.parametrize(("persona", "allowed"), LOG_MATRIX)
def test_only_those_working_with_the_carer_log_contacts(
    request: pytest.FixtureRequest, sign_in: SignIn, carer_with_open_case: Person, persona: str, allowed: bool
) -> None:
    user: User = request.getfixturevalue(persona)

    response = sign_in(user).post(
        reverse("support:log_contact", args=[carer_with_open_case.pk]), _quick_log(carer_with_open_case)
    )

    if allowed:
        assert response.status_code == 302
        assert response["Location"] == f"{carer_with_open_case.get_absolute_url()}#log-contact"
        assert Contact.objects.get().worker == user
    else:
        assert response.status_code == 404
        assert not Contact.objects.exists()
        assert not AuditEvent.objects.filter(event=SupportEvent.CONTACT_LOGGED).exists()


def test_the_record_has_the_quick_log_and_latest_contacts(
    sign_in: SignIn, practitioner: User, carer_with_open_case: Person
) -> None:
    client = sign_in(practitioner)
    client.post(
        reverse("support:log_contact", args=[carer_with_open_case.pk]),
        _quick_log(carer_with_open_case, note="<b>Worried</b> about dad"),
    )

    page = client.get(carer_with_open_case.get_absolute_url())

    content = page.content.decode()
    assert 'id="log-contact"' in content
    assert "&lt;b&gt;Worried&lt;/b&gt; about dad" in content  # escaped
    assert "Contact logged: Emotional support, Phone" in content


def test_bad_input_keeps_what_was_typed_with_an_error_summary(
    sign_in: SignIn, practitioner: User, carer_with_open_case: Person
) -> None:
    response = sign_in(practitioner).post(
        reverse("support:log_contact", args=[carer_with_open_case.pk]),
        _quick_log(carer_with_open_case, channel="", note="Kept note"),
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert "Select how the contact was made" in content
    assert "Kept note" in content
    assert not Contact.objects.exists()


def _log_many(carer: Person, by: User, count: int) -> None:
    today = timezone.localdate()
    for index in range(count):
        log_contact(
            carer,
            by=by,
            details=ContactDetails(
                contacted_on=today - timedelta(days=index), kind=kind("information_and_advice"), channel="email"
            ),
        )


def test_contacts_page_is_paged_with_a_constant_number_of_queries(
    sign_in: SignIn, practitioner: User, carer_with_open_case: Person
) -> None:
    client = sign_in(practitioner)
    url = reverse("support:contacts", args=[carer_with_open_case.pk])
    _log_many(carer_with_open_case, practitioner, 3)
    client.get(url)  # the session's first page reads what later pages have cached
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _log_many(carer_with_open_case, practitioner, 40)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(many) == len(few)
    assert "Page 1 of 2" in response.content.decode()
    assert (
        AuditEvent.objects.filter(event=SupportEvent.CONTACTS_VIEWED, subject_id=str(carer_with_open_case.pk)).count()
        == 3
    )


def test_the_record_page_queries_stay_constant_with_more_contacts(
    sign_in: SignIn, practitioner: User, carer_with_open_case: Person
) -> None:
    client = sign_in(practitioner)
    _log_many(carer_with_open_case, practitioner, 2)
    client.get(carer_with_open_case.get_absolute_url())  # the session's first page reads what later pages have cached
    with CaptureQueriesContext(connection) as few:
        client.get(carer_with_open_case.get_absolute_url())
    _log_many(carer_with_open_case, practitioner, 30)
    with CaptureQueriesContext(connection) as many:
        client.get(carer_with_open_case.get_absolute_url())

    assert len(many) == len(few)


def test_follow_ups_due_lists_the_practitioners_own_and_marks_them_done(
    sign_in: SignIn, practitioner: User, manager: User, carer_with_open_case: Person
) -> None:
    today = timezone.localdate()
    mine = log_contact(
        carer_with_open_case,
        by=practitioner,
        details=ContactDetails(
            contacted_on=today - timedelta(days=3),
            kind=kind("advocacy"),
            channel="phone",
            follow_up_on=today - timedelta(days=1),
        ),
    )
    log_contact(
        carer_with_open_case,
        by=manager,
        details=ContactDetails(contacted_on=today, kind=kind("advocacy"), channel="phone", follow_up_on=today),
    )
    client = sign_in(practitioner)

    listed = client.get(reverse("support:follow_ups")).content.decode()
    client.post(reverse("support:followed_up", args=[mine.pk]))

    assert listed.count("Overdue") == 1
    assert "Ada Brook" in listed
    mine.refresh_from_db()
    assert mine.followed_up_at is not None
    assert "Nothing to follow up" in client.get(reverse("support:follow_ups")).content.decode()


def test_another_providers_practitioner_cannot_close_a_follow_up(
    sign_in: SignIn, practitioner: User, other_team_practitioner: User, carer_with_open_case: Person
) -> None:
    today = timezone.localdate()
    contact = log_contact(
        carer_with_open_case,
        by=practitioner,
        details=ContactDetails(contacted_on=today, kind=kind("advocacy"), channel="phone", follow_up_on=today),
    )

    response = sign_in(other_team_practitioner).post(reverse("support:followed_up", args=[contact.pk]))

    assert response.status_code == 404
    contact.refresh_from_db()
    assert contact.followed_up_at is None
    assert not AuditEvent.objects.filter(event=SupportEvent.FOLLOW_UP_DONE).exists()


def test_the_start_page_counts_follow_ups_due_and_is_not_for_commissioners(
    sign_in: SignIn, practitioner: User, commissioner: User, carer_with_open_case: Person
) -> None:
    today = timezone.localdate()
    log_contact(
        carer_with_open_case,
        by=practitioner,
        details=ContactDetails(contacted_on=today, kind=kind("advocacy"), channel="phone", follow_up_on=today),
    )

    page = sign_in(practitioner).get(reverse("support:home")).content.decode()

    assert "1 due today or overdue" in page
    assert sign_in(commissioner).get(reverse("support:home")).status_code == 404
