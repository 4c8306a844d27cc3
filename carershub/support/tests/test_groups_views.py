"""Group pages: who may see and run them, setting one up, booking, and the register with a constant query count."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.support.events import SupportEvent
from carershub.support.models import Attendance, Booking, GroupKind, GroupSession, SupportGroup
from carershub.support.services.groups import GroupDetails, book_session, create_group
from carershub.support.tests.factories import carer_of

pytestmark = pytest.mark.django_db

SESSION_MATRIX = [
    pytest.param("practitioner", True, id="practitioner_of_the_provider"),
    pytest.param("manager", True, id="manager_of_the_provider"),
    pytest.param("other_team_practitioner", False, id="practitioner_of_another_provider"),
    pytest.param("commissioner", False, id="commissioner"),
    pytest.param("neighbour_practitioner", False, id="practitioner_in_another_area"),
]


@pytest.fixture
def session(practitioner: User, carers_centre: Organisation) -> GroupSession:
    starts = (timezone.localtime() + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    group = create_group(
        carers_centre,
        by=practitioner,
        details=GroupDetails(
            name="Young carers' club",
            kind=GroupKind.objects.get(code="young_carers_club"),
            schedule="FREQ=WEEKLY;COUNT=2",
            first_starts_at=starts,
            venue="Youth centre",
            capacity=40,
        ),
    )
    return group.sessions.order_by("starts_at").first()  # type: ignore[return-value]


@pytest.mark.parametrize(("persona", "allowed"), SESSION_MATRIX)
def test_only_the_running_organisation_takes_the_register(
    request: pytest.FixtureRequest,
    sign_in: SignIn,
    session: GroupSession,
    carers_centre: Organisation,
    home_area: Area,
    persona: str,
    allowed: bool,
) -> None:
    carer = carer_of(carers_centre, home_area)
    book_session(session, carer, by=request.getfixturevalue("practitioner"))
    client = sign_in(request.getfixturevalue(persona))

    page = client.get(reverse("support:register", args=[session.pk]))
    saved = client.post(
        reverse("support:register", args=[session.pk]), {"attended": [carer.pk], "head_count": "3", "version": "0"}
    )

    if allowed:
        assert (page.status_code, saved.status_code) == (200, 302)
        assert Attendance.objects.get().carer == carer
    else:
        assert (page.status_code, saved.status_code) == (404, 404)
        assert not Attendance.objects.exists()
        assert not AuditEvent.objects.filter(event=SupportEvent.REGISTER_TAKEN).exists()


def test_the_register_page_queries_stay_constant_with_thirty_carers(
    sign_in: SignIn, practitioner: User, session: GroupSession, carers_centre: Organisation, home_area: Area
) -> None:
    client = sign_in(practitioner)
    url = reverse("support:register", args=[session.pk])
    book_session(session, carer_of(carers_centre, home_area), by=practitioner)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(29):
        book_session(session, carer_of(carers_centre, home_area), by=practitioner)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(many) == len(few)
    assert response.content.decode().count('name="attended"') == 30


def test_a_stale_register_keeps_the_ticks_and_says_so(
    sign_in: SignIn,
    practitioner: User,
    manager: User,
    session: GroupSession,
    carers_centre: Organisation,
    home_area: Area,
) -> None:
    carer = carer_of(carers_centre, home_area)
    book_session(session, carer, by=practitioner)
    url = reverse("support:register", args=[session.pk])
    sign_in(manager).post(url, {"head_count": "2", "version": "0"})

    response = sign_in(practitioner).post(url, {"attended": [carer.pk], "head_count": "5", "version": "0"})

    assert "Someone else saved this register" in response.content.decode()
    session.refresh_from_db()
    assert (session.head_count, Attendance.objects.count()) == (2, 0)


def test_setting_up_a_group_with_a_bad_schedule_keeps_what_was_typed(sign_in: SignIn, practitioner: User) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = sign_in(practitioner).post(
        reverse("support:new_group"),
        {
            "name": "Peer support <script>",
            "kind": str(GroupKind.objects.get(code="peer_support").pk),
            "venue": "Library",
            "first_date_day": str(tomorrow.day),
            "first_date_month": str(tomorrow.month),
            "first_date_year": str(tomorrow.year),
            "start_time": "18:30",
            "duration_minutes": "90",
            "schedule": "FREQ=HOURLY",
            "capacity": "10",
        },
    )

    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "Schedule frequency must be DAILY, WEEKLY or MONTHLY" in content
    assert "Peer support &lt;script&gt;" in content
    assert not SupportGroup.objects.exists()


def test_booking_from_the_session_page(
    sign_in: SignIn, practitioner: User, session: GroupSession, carers_centre: Organisation, home_area: Area
) -> None:
    carer = carer_of(carers_centre, home_area, given_name="Zed", family_name="Quinlan", date_of_birth=None)
    client = sign_in(practitioner)

    found = client.get(reverse("support:session", args=[session.pk]), {"q": "Quinlan"}).content.decode()
    response = client.post(
        reverse("support:book", args=[session.pk, carer.pk]),
        {"needs_transport": "on", "parental_consent_by": "Pat Quinlan"}
        | {
            f"parental_consent_on_{part}": value
            for part, value in zip(("day", "month", "year"), ("1", "9", "2026"), strict=True)
        },
    )

    assert "Book Zed Quinlan" in found
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert (booking.status, booking.needs_transport) == (Booking.Status.BOOKED, True)
