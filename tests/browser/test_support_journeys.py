"""Everyday support in a real browser: a practitioner logs three contacts in a row from the keyboard on the carer's
record, a facilitator takes a group's register on a 320-pixel-wide phone, and a carer answers a feedback link.
axe-core checks every page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from carershub.accounts.models import Role
from carershub.organisations.tests.factories import AreaFactory, ProviderFactory
from carershub.people.models import Involvement, Person
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import PersonFactory
from carershub.support.models import Attendance, Contact, FeedbackResponse, GroupKind, GroupSession, Service
from carershub.support.services.groups import GroupDetails, book_session, create_group
from carershub.support.services.voice import ask_for_feedback
from tests.browser.test_emergency_journeys import AssertAccessible, StaffMember, _staff, sign_in


@pytest.fixture
def centre_staff(transactional_db: None) -> tuple[StaffMember, list[Person]]:
    area = AreaFactory.create(name="Millvale", slug="millvale")
    centre = ProviderFactory.create(name="Millvale Carers Centre", slug="millvale-carers-centre", areas=[area])
    carers = [
        PersonFactory.create(area=area, given_name=given, family_name=family)
        for given, family in (("Maya", "Okafor"), ("Tom", "Reid"), ("Ife", "Bello"))
    ]
    for carer in carers:
        open_involvement(carer, centre, reason=Involvement.Reason.CASE_OPEN, at=timezone.now())
    return _staff(centre, "worker@millvale.example", "Wendy Worker", Role.PRACTITIONER), carers


def test_a_practitioner_logs_three_contacts_in_a_row_from_the_keyboard(
    page: Page,
    live_server: LiveServer,
    centre_staff: tuple[StaffMember, list[Person]],
    assert_accessible: AssertAccessible,
) -> None:
    practitioner, carers = centre_staff
    carer = carers[0]
    sign_in(page, live_server, practitioner, assert_accessible)
    page.goto(f"{live_server.url}{carer.get_absolute_url()}#log-contact")
    assert_accessible(page)

    for kind_keys, channel_keys, minutes in (("Emo", "P", "20"), ("Cou", "F", "50"), ("Sig", "E", "5")):
        page.keyboard.press("Tab")
        expect(page.get_by_label("Kind of contact")).to_be_focused()
        page.keyboard.type(kind_keys)
        page.keyboard.press("Tab")
        page.keyboard.type(channel_keys)
        page.keyboard.press("Tab")
        page.keyboard.type(minutes)
        page.keyboard.press("Enter")
        expect(page.get_by_text("Contact logged:")).to_be_visible()

    assert_accessible(page)
    logged = list(Contact.objects.order_by("pk").values_list("kind__code", "channel", "minutes"))
    assert logged == [
        ("emotional_support", "phone", 20),
        ("counselling", "face_to_face", 50),
        ("signposting", "email", 5),
    ]
    expect(page.get_by_role("table", name="Latest contacts").get_by_role("row")).to_have_count(4)


def test_a_facilitator_takes_the_register_on_a_phone(
    page: Page,
    live_server: LiveServer,
    centre_staff: tuple[StaffMember, list[Person]],
    assert_accessible: AssertAccessible,
) -> None:
    facilitator, carers = centre_staff
    starts = (timezone.localtime() + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    group = create_group(
        facilitator.user.organisation,  # type: ignore[arg-type]
        by=facilitator.user,
        details=GroupDetails(
            name="Carers' café",
            kind=GroupKind.objects.get(code="carers_cafe"),
            schedule="FREQ=WEEKLY;COUNT=1",
            first_starts_at=starts,
            venue="Millvale Library",
            capacity=20,
        ),
        facilitators=[facilitator.user],
    )
    session: GroupSession = group.sessions.get()
    for carer in carers:
        book_session(session, carer, by=facilitator.user)
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, live_server, facilitator, assert_accessible)

    page.goto(f"{live_server.url}{session.get_absolute_url()}")
    page.get_by_role("link", name="Take the register").click()
    assert_accessible(page)
    page.get_by_label("Maya Okafor").check()
    page.get_by_label("Ife Bello").check()
    page.get_by_label("Others who came, not on the register").fill("3")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.get_by_role("button", name="Save the register").click()

    expect(page.get_by_text("Register saved: 2 named and 3 others")).to_be_visible()
    assert_accessible(page)
    assert sorted(Attendance.objects.values_list("carer__given_name", flat=True)) == ["Ife", "Maya"]
    session.refresh_from_db()
    assert session.head_count == 3


def test_a_carer_answers_a_feedback_link(
    page: Page,
    live_server: LiveServer,
    centre_staff: tuple[StaffMember, list[Person]],
    assert_accessible: AssertAccessible,
) -> None:
    practitioner, carers = centre_staff
    _, url = ask_for_feedback(carers[0], by=practitioner.user, service=Service.GROUP, site_url=live_server.url)

    page.goto(url)
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select how satisfied you are")
    assert_accessible(page)
    page.get_by_label("Very satisfied").check()
    page.get_by_label("Yes").check()
    page.get_by_label("What would make it better? (optional)").fill("Sessions in the evening")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert_accessible(page)

    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    response = FeedbackResponse.objects.get()
    assert (response.satisfaction, response.would_recommend) == (5, "yes")
