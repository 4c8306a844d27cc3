"""Contingency planning and the 24/7 emergency line, end to end in a real browser.

A practitioner builds a plan with the carer and two emergency contacts, makes it active and prints the card; a
responder on the area's emergency line mis-types the card number, then types it right, gives a reason, works the
activation to an outcome with a plan review offered; the carer's record shows the activation in its timeline, and
the carer's worker finds the review as a task on "My work" (readable at 320 px) and marks it done. axe-core checks
every page.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.caseloads.models import Task
from carershub.caseloads.services import allocate_case
from carershub.core.models import AuditEvent
from carershub.core.tests.pdf_checks import read_tagged_pdf
from carershub.emergency_response.models import Activation, ContingencyPlan, EmergencyLine
from carershub.organisations.models import Organisation
from carershub.organisations.tests.factories import AreaFactory, ProviderFactory
from carershub.people.models import Involvement, Person
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import CaredForPersonFactory, CaringRelationshipFactory, PersonFactory
from tests.browser.sessions import sign_in_by_session

PASSWORD = "a long browser-test password"
AssertAccessible = Callable[[Page], None]


@dataclass(frozen=True)
class StaffMember:
    user: User
    totp_secret: str


@dataclass(frozen=True)
class EmergencyArea:
    practitioner: StaffMember
    responder: StaffMember
    carer: Person
    cared_for: Person


def _staff(organisation: Organisation, email: str, full_name: str, role: Role) -> StaffMember:
    user = create_staff_user(
        organisation, email=email, full_name=full_name, roles=[role], created_by=None, password=PASSWORD
    )
    secret: str = generate_totp_secret()
    TOTP.activate(user, secret)
    return StaffMember(user, secret)


@pytest.fixture
def emergency_area(transactional_db: None) -> EmergencyArea:
    area = AreaFactory.create(name="Millvale", slug="millvale")
    centre = ProviderFactory.create(name="Millvale Carers Centre", slug="millvale-carers-centre", areas=[area])
    line_operator = ProviderFactory.create(name="Millvale Careline", slug="millvale-careline", areas=[area])
    EmergencyLine.objects.create(area=area, organisation=line_operator, phone_number="0808 157 0150")
    carer = PersonFactory.create(area=area, given_name="Maya", family_name="Okafor")
    cared_for = CaredForPersonFactory.create(
        area=area, given_name="Grace", family_name="Okafor", address_line_1="4 Mill Lane", postcode="MV1 4AA"
    )
    CaringRelationshipFactory.create(area=area, carer=carer, cared_for=cared_for)
    open_involvement(carer, centre, reason=Involvement.Reason.CASE_OPEN, at=timezone.now())
    practitioner = _staff(centre, "worker@millvale.example", "Wendy Worker", Role.PRACTITIONER)
    manager = _staff(centre, "manager@millvale.example", "Mina Manager", Role.MANAGER)
    allocate_case(carer, to=practitioner.user, by=manager.user)
    return EmergencyArea(
        practitioner=practitioner,
        responder=_staff(line_operator, "operator@careline.example", "Oscar Operator", Role.EMERGENCY_RESPONDER),
        carer=carer,
        cared_for=cared_for,
    )


def sign_in(page: Page, live_server: LiveServer, staff: StaffMember, assert_accessible: AssertAccessible) -> None:
    sign_in_by_session(page, live_server.url, staff.user)
    assert_accessible(page)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Carers Hub")


def build_plan(page: Page, live_server: LiveServer, area: EmergencyArea, assert_accessible: AssertAccessible) -> str:
    """The practitioner's part; returns the card number as printed on the plan page."""
    page.goto(f"{live_server.url}/emergency/people/{area.carer.pk}/plan/")
    expect(page.get_by_role("heading", level=2, name="New contingency plan")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Grace Okafor").check()
    page.get_by_label("Medication").fill("Tablets at 8am and 8pm, blister pack in the kitchen drawer")
    page.get_by_label("Pre-agreed replacement care").fill("Millvale Home Care: emergency visits for up to 72 hours")
    page.get_by_label("Key safe details", exact=True).fill("Key safe by the back door, code 2468")
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Contingency plan")
    assert_accessible(page)

    for name, relationship, phone in (
        ("Sam Okafor", "Brother", "07700 900 401"),
        ("Jo Reid", "Neighbour", "07700 900 402"),
    ):
        page.get_by_role("link", name="Add an emergency contact").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Add an emergency contact")
        assert_accessible(page)
        page.get_by_label("Full name").fill(name)
        page.get_by_label("Relationship to the carer").fill(relationship)
        page.get_by_label("Phone number").fill(phone)
        page.get_by_label("They agree to their details being held").check()
        page.get_by_label("They have accepted the role of emergency contact").check()
        page.get_by_role("button", name="Add contact").click()
        expect(page.get_by_text(f"{name} added as emergency contact")).to_be_visible()

    page.get_by_role("link", name="Make the plan active").click()
    assert_accessible(page)
    review = timezone.localdate() + timedelta(days=180)
    page.get_by_label("Day").fill(str(review.day))
    page.get_by_label("Month").fill(str(review.month))
    page.get_by_label("Year").fill(str(review.year))
    page.get_by_role("button", name="Make active and issue the card").click()
    expect(page.get_by_text("The plan is active and has an emergency card")).to_be_visible()
    assert_accessible(page)
    card_number = page.locator("dd", has_text=re.compile(r"^\s*\d{4} \d{4} \d{2}\s*$")).inner_text().strip()

    # Print the card: a credit-card sized PDF with the number and the line, and nobody's name.
    pdf_link = page.get_by_role("link", name="Print the card (PDF)").get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{pdf_link}").body()
    drawn = read_tagged_pdf(pdf).text
    assert card_number in drawn
    assert "0808 157 0150" in drawn
    assert "Okafor" not in drawn

    page.get_by_role("link", name="Print the plan for the carer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My emergency plan")
    expect(page.get_by_text("2468")).to_have_count(0)
    assert_accessible(page)
    return card_number


def test_a_plan_is_built_carded_and_worked_by_the_emergency_line(
    page: Page, live_server: LiveServer, emergency_area: EmergencyArea, assert_accessible: AssertAccessible
) -> None:
    sign_in(page, live_server, emergency_area.practitioner, assert_accessible)
    card_number = build_plan(page, live_server, emergency_area, assert_accessible)
    sign_out(page)

    sign_in(page, live_server, emergency_area.responder, assert_accessible)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Emergency card lookup").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Emergency card lookup")
    expect(page.get_by_label("Card number")).to_be_focused()  # keyboard first: type straight away
    assert_accessible(page)
    digits = card_number.replace(" ", "")
    mistyped = digits[:4] + str((int(digits[4]) + 1) % 10) + digits[5:]
    page.keyboard.type(mistyped)
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-message")).to_contain_text("Check the card number: it has a mistake in it")
    assert_accessible(page)

    page.get_by_label("Card number").fill(card_number)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("There is an active plan for this card")
    expect(page.get_by_text("Tablets at 8am")).to_have_count(0)  # nothing of the plan before a reason
    assert_accessible(page)
    page.get_by_label("Why are you opening this plan?").fill("Maya taken to hospital; call from a paramedic")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("What to do now")
    expect(page.get_by_text("Sam Okafor", exact=True)).to_be_visible()
    expect(page.get_by_text("Key safe by the back door, code 2468")).to_be_visible()
    expect(page.get_by_text("Millvale Home Care: emergency visits for up to 72 hours")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("1. Sam Okafor (Brother)").check()
    page.get_by_label("No answer").check()
    page.get_by_role("button", name="Record the call").click()
    expect(page.get_by_text("Call to Sam Okafor recorded")).to_be_visible()
    page.get_by_label("2. Jo Reid (Neighbour)").check()
    page.get_by_label("Can attend").check()
    page.get_by_role("button", name="Record the call").click()
    expect(page.get_by_text("Call to Jo Reid recorded")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Close the activation").click()  # no outcome yet
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the outcome")
    assert_accessible(page)
    page.get_by_label("An emergency contact took over").check()
    page.get_by_label("Plan review offered", exact=True).check()
    page.get_by_label("Total hours of emergency support").fill("1.5")
    page.get_by_role("button", name="Close the activation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Closed: An emergency contact took over")
    expect(page.get_by_text("2468")).to_have_count(0)  # the key safe is gone once it is closed
    assert_accessible(page)
    sign_out(page)

    activation = Activation.objects.get()
    assert activation.outcome == Activation.Outcome.CONTACT_TOOK_OVER
    assert list(activation.attempts.values_list("result", flat=True)) == ["no_answer", "can_attend"]
    # Every responder view is in the audit log with the reason.
    views = AuditEvent.objects.filter(actor=emergency_area.responder.user, detail__break_the_glass=True)
    assert views.count() >= 3
    assert set(views.values_list("purpose", flat=True)) == {"Maya taken to hospital; call from a paramedic"}

    # The carer's record shows the activation.
    sign_in(page, live_server, emergency_area.practitioner, assert_accessible)
    page.goto(f"{live_server.url}/people/{emergency_area.carer.pk}/")
    timeline = page.locator(".moj-timeline")
    titles = timeline.get_by_role("heading", level=3)
    expect(
        titles.filter(has_text="Emergency response for Grace Okafor closed: An emergency contact took over")
    ).to_be_visible()
    expect(titles.filter(has_text="Emergency line opened the contingency plan for Grace Okafor")).to_be_visible()
    assert_accessible(page)
    assert ContingencyPlan.objects.get().status == ContingencyPlan.Status.ACTIVE

    # The plan review the emergency line offered is the allocated worker's task, on "My work" at 320 px.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My work").click()
    page.set_viewport_size({"width": 320, "height": 800})
    expect(page.get_by_role("heading", name="My tasks (1)")).to_be_visible()
    tasks = page.get_by_role("heading", name="My tasks (1)").locator("xpath=following-sibling::ul[1]")
    expect(tasks.get_by_role("link", name="Maya Okafor", exact=True)).to_be_visible()
    expect(tasks).to_contain_text("Review the support and contingency plan")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 320  # no sideways scrolling
    assert_accessible(page)
    tasks.get_by_role("link", name=re.compile("^emergency response of")).click()
    expect(page.get_by_role("heading", name="Activations")).to_be_visible()  # the plan, where the activation is listed
    page.go_back()
    page.get_by_role("link", name="Mark as done (Review the support and contingency plan for Maya Okafor)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mark the task done")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 320
    assert_accessible(page)
    page.get_by_label("What was done (optional)").fill("Reviewed with Maya: Jo Reid is now the first contact")
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("Task done: Review the support and contingency plan for Maya Okafor")).to_be_visible()
    expect(page.get_by_role("heading", name="My tasks (0)")).to_be_visible()
    assert_accessible(page)
    task = Task.objects.get()
    assert (task.done_by, task.done_note) == (
        emergency_area.practitioner.user,
        "Reviewed with Maya: Jo Reid is now the first contact",
    )
