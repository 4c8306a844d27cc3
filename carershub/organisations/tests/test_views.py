"""Organisation pages: an authorisation matrix, audit of views, and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation
from carershub.organisations.tests.factories import ProviderFactory


@pytest.mark.parametrize(
    ("persona", "expected_status"),
    [
        pytest.param("practitioner", 200, id="member_of_the_organisation"),
        pytest.param("manager", 200, id="manager_of_the_organisation"),
        pytest.param("administrator", 200, id="administrator_in_the_area"),
        pytest.param("commissioner", 200, id="commissioner_in_the_area"),
        pytest.param("other_team_practitioner", 404, id="worker_in_another_team"),
        pytest.param("neighbour_practitioner", 404, id="worker_in_another_area"),
    ],
)
def test_organisation_detail_authorisation(
    request: pytest.FixtureRequest,
    sign_in: SignIn,
    carers_centre: Organisation,
    persona: str,
    expected_status: int,
) -> None:
    user: User = request.getfixturevalue(persona)
    audit_before = AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_VIEWED).count()

    response = sign_in(user).get(reverse("organisations:detail", args=[carers_centre.slug]))

    assert response.status_code == expected_status
    viewed = AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_VIEWED)
    if expected_status == 200:
        event = viewed.get()
        assert (event.actor, event.subject_type, event.subject_id) == (
            user,
            "organisations.organisation",
            str(carers_centre.pk),
        )
    else:
        assert viewed.count() == audit_before == 0  # a refused view leaves no trace of the record


def test_a_missing_organisation_gives_the_same_404_page(practitioner: User, sign_in: SignIn) -> None:
    response = sign_in(practitioner).get(reverse("organisations:detail", args=["no-such-organisation"]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_VIEWED).exists()


def test_detail_lists_active_staff_with_their_roles(
    practitioner: User, manager: User, carers_centre: Organisation, sign_in: SignIn
) -> None:
    leaver = create_staff_user(
        carers_centre, email="leaver@test.example", full_name="Lee Leaver", roles=[Role.PRACTITIONER], created_by=None
    )
    leaver.is_active = False
    leaver.save(update_fields=["is_active"])

    response = sign_in(practitioner).get(reverse("organisations:detail", args=[carers_centre.slug]))

    assert [(row.name, row.roles) for row in response.context["staff"]] == [
        (manager.full_name, ", ".join(manager.role_labels)),
        (practitioner.full_name, ", ".join(practitioner.role_labels)),
    ]
    assert b"Lee Leaver" not in response.content


def _list_queries(user: User, sign_in: SignIn) -> int:
    client = sign_in(user)
    client.get(reverse("organisations:list"))  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("organisations:list"))
    assert response.status_code == 200
    return len(queries)


def test_list_page_queries_do_not_grow_with_the_number_of_organisations(
    administrator: User, home_area: object, sign_in: SignIn
) -> None:
    few = _list_queries(administrator, sign_in)
    for _ in range(15):
        ProviderFactory.create(areas=[home_area])
    assert _list_queries(administrator, sign_in) == few
