"""The community carers fund in a real browser: a community group applies without an account, two panel members
declare no conflict and score it, the moderator awards it and records a payment, and the award is in the fund's
360Giving file, which validates against the official schema. axe-core checks every page."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from carershub.accounts.models import Role
from carershub.grants.models import Application, FundingRound
from carershub.grants.tests.factories import fund_of, open_round, seat
from carershub.grants.tests.test_threesixtygiving import validator
from carershub.organisations.tests.factories import AreaFactory, ProviderFactory
from tests.browser.test_emergency_journeys import AssertAccessible, StaffMember, _staff, sign_in, sign_out


@pytest.fixture
def panel(transactional_db: None) -> tuple[FundingRound, StaffMember, StaffMember]:
    area = AreaFactory.create(name="Millvale", slug="millvale")
    centre = ProviderFactory.create(name="Millvale Carers Centre", slug="millvale-carers-centre", areas=[area])
    funding_round = open_round(fund_of(centre, area), budget="5000", maximum_award="1000")
    moderator = _staff(centre, "moderator@millvale.example", "Mo Moderator", Role.MANAGER)
    scorer = _staff(centre, "scorer@millvale.example", "Sam Scorer", Role.PRACTITIONER)
    seat(funding_round, moderator.user, moderator=True)
    seat(funding_round, scorer.user)
    return funding_round, moderator, scorer


def _declare_and_score(page: Page, reach: str, value: str) -> None:
    page.get_by_label("No").check()
    page.get_by_role("button", name="Declare").click()
    expect(page.get_by_text("Declaration recorded")).to_be_visible()
    page.get_by_label("Reaches carers (weight 3)").select_option(reach)
    page.get_by_label("Value for money (weight 1)").select_option(value)
    page.get_by_role("button", name="Save scores").click()
    expect(page.get_by_text("Scores saved")).to_be_visible()


def test_a_group_applies_is_scored_awarded_paid_and_published(
    page: Page,
    live_server: LiveServer,
    panel: tuple[FundingRound, StaffMember, StaffMember],
    assert_accessible: AssertAccessible,
) -> None:
    _funding_round, moderator, scorer = panel
    page.goto(f"{live_server.url}/community-fund/community-carers-fund/")
    assert_accessible(page)
    page.get_by_role("link", name="Apply to Spring round").click()
    page.get_by_label("Name of your group").fill("Hillside Carers' Coffee Morning")
    page.get_by_label("Charity number (if you have one)").fill("1123456")
    page.get_by_label("Your group's postcode").fill("MV1 2AB")
    page.get_by_label("Your name").fill("Jan Smith")
    page.get_by_label("Your email address").fill("jan@hillside.example")
    page.get_by_label("Project name").fill("Monthly coffee mornings")
    page.get_by_label("What the money is for").fill("Room hire and refreshments for a year.")
    page.get_by_label("Amount you are asking for").fill("eight hundred")
    page.get_by_label("How many carers will benefit").fill("25")
    page.get_by_label("Our group works with carers in this area").check()
    page.get_by_label("We are a not-for-profit community group").check()
    page.get_by_role("button", name="Send application").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Amount you are asking for must be an amount")
    assert_accessible(page)
    expect(page.get_by_label("Name of your group")).to_have_value("Hillside Carers' Coffee Morning")
    page.get_by_label("Amount you are asking for").fill("800")
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", name="Application sent")).to_be_visible()
    assert_accessible(page)
    application = Application.objects.get()

    sign_in(page, live_server, scorer, assert_accessible)
    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    page.get_by_role("button", name="Check eligibility").click()
    expect(page.get_by_text("Eligibility checked: Eligible, for scoring")).to_be_visible()
    assert_accessible(page)
    _declare_and_score(page, "4", "3")
    sign_out(page)

    sign_in(page, live_server, moderator, assert_accessible)
    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    _declare_and_score(page, "5", "4")
    expect(page.get_by_text("2 panel members scored it")).to_be_visible()
    page.get_by_label("Award", exact=True).check()
    page.get_by_label("Amount awarded").fill("750")
    page.get_by_label("Reasons").fill("Reaches isolated carers at low cost")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Decision recorded: Awarded. £4,250.00 left in the round")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Amount paid").fill("750")
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_text("Payment of £750.00 recorded")).to_be_visible()
    page.get_by_role("link", name="Award letter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your grant from the Community Carers Fund")
    assert_accessible(page)

    published = page.request.get(f"{live_server.url}/community-fund/community-carers-fund/360giving.json").json()
    assert validator().is_valid(published)
    (grant,) = published["grants"]
    assert grant["id"] == f"360G-carershubtest-{application.reference}"
    assert grant["recipientOrganization"][0]["id"] == "GB-CHC-1123456"
    assert (Decimal(str(grant["amountAwarded"])), Decimal(str(grant["amountDisbursed"]))) == (Decimal(750),) * 2
