"""A supported self-assessment end to end in a real browser (Care and Support (Assessment) Regulations 2014 reg 2).

The practitioner signs in, finds the team's assessments, makes a link for the carer and copies it; the carer, in a
browser of their own with no account, opens it, saves a section as a draft, comes back later through the same link,
completes it and sends their answers; the practitioner reads them and marks them reviewed. axe-core checks every
page visited.
"""

from collections.abc import Callable
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.assessments.models import Assessment, AssessmentSection, SelfAssessmentInvitation
from carershub.assessments.tests.factories import AssessmentFactory
from carershub.organisations.tests.factories import AreaFactory, ProviderFactory
from carershub.people.tests.factories import AdultCarerFactory
from tests.browser.sessions import sign_in_by_session

PASSWORD = "a long browser-test password"
AssertAccessible = Callable[[Page], None]


@pytest.fixture
def practitioner_and_assessment(transactional_db: None) -> tuple[User, str, Assessment]:
    area = AreaFactory.create(name="Millvale", slug="millvale")
    provider = ProviderFactory.create(name="Millvale Carers Centre", slug="millvale-carers-centre", areas=[area])
    user = create_staff_user(
        provider,
        email="ada@carers-centre.example",
        full_name="Ada Adams",
        roles=[Role.PRACTITIONER],
        created_by=None,
        password=PASSWORD,
    )
    secret: str = generate_totp_secret()
    TOTP.activate(user, secret)
    assessment = AssessmentFactory.create(
        carer=AdultCarerFactory.create(area=area, given_name="Maria", family_name="Okafor"),
        organisation=provider,
        assessor=user,
        requested_on=timezone.localdate() - timedelta(days=35),
    )
    return user, secret, assessment


def _sign_in(page: Page, live_server: LiveServer, user: User, secret: str, assert_accessible: AssertAccessible) -> None:
    sign_in_by_session(page, live_server.url, user)


def test_a_carer_completes_their_self_assessment_and_the_practitioner_reviews_it(
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    assert_accessible: AssertAccessible,
    practitioner_and_assessment: tuple[User, str, Assessment],
) -> None:
    user, secret, assessment = practitioner_and_assessment

    # The practitioner finds the assessment in the team's list: it has waited 35 days, past the 28-day target.
    _sign_in(page, live_server, user, secret, assert_accessible)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Assessments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assessments")
    row = page.get_by_role("row").filter(has_text=assessment.reference)
    expect(row).to_contain_text("Maria Okafor")
    expect(row).to_contain_text("35 Overdue")
    assert_accessible(page)

    # ... and makes a self-assessment link, shown once.
    page.goto(f"{live_server.url}/assessments/{assessment.reference}/self-assessment/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Supported self-assessment")
    assert_accessible(page)
    page.get_by_role("button", name="Make a link for the carer").click()
    expect(page.get_by_role("heading", name="Link created")).to_be_visible()
    assert_accessible(page)
    link = page.get_by_label("The carer's link").input_value()
    assert link.startswith(f"{live_server.url}/self-assessment/")

    # The carer, in their own browser and without an account, opens the link and saves a draft.
    carer_context = browser.new_context(locale="en-GB")
    carer = carer_context.new_page()
    carer.set_default_timeout(10_000)
    carer.goto(link)
    expect(carer.get_by_role("heading", level=1)).to_have_text("Answer questions for your assessment")
    assert_accessible(carer)
    carer.get_by_role("button", name="Start now").click()
    expect(carer.get_by_role("heading", level=1)).to_have_text("Your assessment questions")
    assert_accessible(carer)
    carer.get_by_role("link", name="Impact on well-being").click()
    expect(carer.get_by_role("heading", level=1)).to_have_text("Impact on well-being")
    assert_accessible(carer)
    carer.get_by_label("Describe the impact on the carer's well-being").fill("I hardly sleep.")
    carer.get_by_role("button", name="Save and come back later").click()
    expect(carer.get_by_role("heading", level=1)).to_have_text("Your assessment questions")
    expect(carer.get_by_text("In progress")).to_be_visible()
    assert_accessible(carer)
    carer_context.close()

    # Later, in a new browser session, the carer comes back through the same link, finishes and sends.
    later_context = browser.new_context(locale="en-GB")
    later = later_context.new_page()
    later.set_default_timeout(10_000)
    later.goto(link)
    later.get_by_role("button", name="Start now").click()
    later.get_by_role("link", name="Impact on well-being").click()
    expect(later.get_by_label("Describe the impact on the carer's well-being")).to_have_value("I hardly sleep.")
    later.get_by_label("Physical and mental health and emotional wellbeing").check()
    later.get_by_label("Describe the impact on the carer's well-being").fill("I hardly sleep and worry constantly.")
    later.get_by_role("button", name="Save and continue").click()
    expect(later.get_by_role("heading", level=1)).to_have_text("Your assessment questions")
    later.get_by_role("button", name="Send my answers").click()
    expect(later.get_by_role("heading", level=1)).to_have_text("Your answers have been sent")
    assert_accessible(later)
    later.goto(link)
    expect(later.get_by_role("heading", level=1)).to_have_text("This link has expired or is not valid")
    assert_accessible(later)
    later_context.close()

    # The practitioner reads the carer's answers and marks them reviewed.
    page.goto(f"{live_server.url}/assessments/{assessment.reference}/self-assessment/")
    expect(page.get_by_text("I hardly sleep and worry constantly.")).to_be_visible()
    expect(page.get_by_text("Answered by the carer (self-assessment)").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark as reviewed").click()
    expect(page.get_by_text("The carer's answers are marked as reviewed")).to_be_visible()
    assert_accessible(page)

    invitation = SelfAssessmentInvitation.objects.get(assessment=assessment)
    assert invitation.reviewed_by == user
    section = AssessmentSection.objects.get(assessment=assessment, key="wellbeing")
    assert (section.status, section.answered_by) == (AssessmentSection.Status.COMPLETED, "carer")

    # The team's other pages: reviews due and transition decisions.
    page.goto(f"{live_server.url}/assessments/reviews/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reviews due")
    assert_accessible(page)
    page.goto(f"{live_server.url}/assessments/transition-decisions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Transition decisions due")
    assert_accessible(page)
