"""Support plans, direct payments, reviews and short breaks, end to end in a real browser (issue 13, "Done when").

1. An eligible carer's assessment becomes a support plan with a one-off direct payment for a break; it is agreed, the
   carer gets their copy (page and PDF), the payment is recorded and exported for finance, and the reg 7 review
   shows on the team's list when it falls due.
2. A planned short break is requested, approved, booked and delivered, and counted on the contract's KPI dashboard.
3. A review records an outcome for each need and revises the plan into version 2, keeping version 1 readable.
axe-core checks every page visited.
"""

import re
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.assessments.models import Assessment
from carershub.commissioning.services.monitoring import add_kpi
from carershub.commissioning.tests.factories import ContractFactory, LotFactory
from carershub.organisations.models import Organisation
from carershub.organisations.tests.factories import AreaFactory, CouncilAdultSocialCareFactory, ProviderFactory
from carershub.people.tests.factories import AdultCarerFactory
from carershub.support_plans.models import DirectPaymentReview, ShortBreak, SupportPlan
from carershub.support_plans.services.short_breaks import approve_break, book_break, record_delivery, request_break
from carershub.support_plans.tests.factories import agreed_plan, eligible_assessment
from tests.browser.sessions import sign_in_by_session

PASSWORD = "a long browser-test password"
AssertAccessible = Callable[[Page], None]


def _staff(organisation: Organisation, email: str, *roles: Role) -> tuple[User, str]:
    user = create_staff_user(
        organisation,
        email=email,
        full_name=email.split("@")[0].title(),
        roles=roles,
        created_by=None,
        password=PASSWORD,
    )
    secret: str = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def sign_in(page: Page, live_server: LiveServer, user: User, secret: str) -> None:
    sign_in_by_session(page, live_server.url, user)


def sign_out(page: Page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Carers Hub")


def fill_date(group: Locator, day: date) -> None:
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


@pytest.fixture
def centre() -> Organisation:
    area = AreaFactory.create(name="Coventry", slug="coventry")
    return ProviderFactory.create(name="Coventry Carers Centre", slug="coventry-carers-centre", areas=[area])


@pytest.mark.browser
def test_an_eligible_carer_gets_a_plan_a_direct_payment_for_a_break_and_a_reg_7_review(
    page: Page, live_server: LiveServer, assert_accessible: AssertAccessible, centre: Organisation
) -> None:
    practitioner, practitioner_secret = _staff(centre, "worker@coventry.example", Role.PRACTITIONER)
    manager, manager_secret = _staff(centre, "manager@coventry.example", Role.MANAGER, Role.PRACTITIONER)
    area = centre.areas.get()
    carer = AdultCarerFactory.create(area=area, given_name="Zoë", family_name="Łukasiewicz")
    assessment: Assessment = eligible_assessment(centre, practitioner, carer=carer)
    today = timezone.localdate()

    sign_in(page, live_server, practitioner, practitioner_secret)
    page.goto(f"{live_server.url}{carer.get_absolute_url()}")
    expect(page.get_by_role("heading", level=2, name="Support plans")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=f"Start a support plan from assessment {assessment.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("version 1")
    expect(page.locator("#still-to-do")).to_contain_text("Say how each need will be met")
    assert_accessible(page)

    page.get_by_role("link", name="Change Engaging in recreational activities").click()
    assert_accessible(page)
    page.get_by_label("A direct payment").check()
    page.get_by_label("What will happen").fill("A week's break at the coast, booked by Zoë")
    page.get_by_label("Cost to the council").fill("450.00")
    page.get_by_label("Direct payment: total amount").fill("450.00")
    page.get_by_label("Direct payment: how often").select_option("one_off")
    page.get_by_label("Kind of service (for the Client Level Data return)").select_option(
        "Carer Support: Direct to Carer"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Need saved")).to_be_visible()
    page.get_by_role("button", name="Remove Developing and maintaining family or other personal relationships").click()
    expect(page.get_by_text("Need removed")).to_be_visible()

    page.get_by_role("link", name="Change outcomes, advice and involvement").click()
    page.get_by_label("Outcomes the carer wants").fill("A week away, and to sleep through the night")
    page.get_by_label("Advice and information given").fill("Carers' peer group on Tuesdays; a benefits check")
    page.get_by_label("Who was involved").fill("Zoë and her brother")
    page.get_by_label("The carer's contribution").fill("0")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Plan saved")).to_be_visible()

    page.get_by_role("link", name="Agree the plan with the carer").click()
    assert_accessible(page)
    page.get_by_role("button", name="Agree the plan").click()  # without the carer's agreement: refused
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter how the carer agreed")
    assert_accessible(page)
    fill_date(page.get_by_role("group", name="When did the carer agree the plan?"), today)
    page.get_by_label("How the carer agreed").fill("Signed at a home visit")
    page.get_by_role("button", name="Agree the plan").click()
    expect(page.get_by_text("Plan agreed")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Agreed")
    assert_accessible(page)

    page.get_by_role("link", name="Carer's copy", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your support plan: Zoë Łukasiewicz")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 720})
    assert page.evaluate("document.documentElement.scrollWidth <= 320")  # readable on a small phone
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 720})
    pdf_link = page.get_by_role("link", name="Download this copy as a PDF").get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{pdf_link}")
    assert (pdf.status, pdf.headers["content-type"]) == (200, "application/pdf")
    assert pdf.body().startswith(b"%PDF-")
    page.get_by_role("link", name="Back to the plan").click()

    page.get_by_role("link", name="Set up the direct payment for Engaging in recreational activities").click()
    assert_accessible(page)
    fill_date(page.get_by_role("group", name="When was the agreement signed?"), today)
    page.get_by_label("A pre-paid card").check()
    page.get_by_label("Payee reference").fill("COV-DP-0042")
    fill_date(page.get_by_role("group", name="First payment"), today)
    fill_date(page.get_by_role("group", name="Last date a payment may fall on"), today + timedelta(days=364))
    page.get_by_label("Cost centre").fill("ASC-CARERS-01")
    page.get_by_role("button", name="Record the agreement").click()
    expect(page.get_by_text("Direct payment agreement recorded")).to_be_visible()
    expect(page.locator("#payments")).to_contain_text("£450.00")
    expect(page.locator("#direct-payment-reviews")).to_contain_text("Review due")
    assert_accessible(page)
    page.get_by_role("button", name="Record as paid today (payment 1)").click()
    expect(page.get_by_text("Payment 1 of £450.00 recorded")).to_be_visible()
    expect(page.locator("#payments")).to_contain_text("Paid")
    assert_accessible(page)
    sign_out(page)

    # The reg 7 review (within the first six months) reaches the team's list when it falls due.
    DirectPaymentReview.objects.update(due_on=today)
    sign_in(page, live_server, manager, manager_secret)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Support plans").click()
    expect(page.locator("#direct-payment-reviews-due")).to_contain_text("Direct payment COV-DP-0042")
    assert_accessible(page)
    page.get_by_role("link", name="Export direct payments for finance (managers)").click()
    assert_accessible(page)
    fill_date(page.get_by_role("group", name="From"), today - timedelta(days=90))
    fill_date(page.get_by_role("group", name="To"), today)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the CSV").click()
    exported = open(download_info.value.path(), encoding="utf-8").read().splitlines()  # noqa: SIM115
    assert exported == [
        "payee_reference,date,amount,cost_centre,funder",
        f"COV-DP-0042,{today.isoformat()},450.00,ASC-CARERS-01,Adult social care",
    ]


@pytest.mark.browser
def test_a_planned_short_break_is_delivered_and_counted_on_the_kpi_dashboard(
    page: Page, live_server: LiveServer, assert_accessible: AssertAccessible, centre: Organisation
) -> None:
    area = centre.areas.get()
    council = CouncilAdultSocialCareFactory.create(name="Coventry City Council", areas=[area])
    contract = ContractFactory.create(commissioner=council, areas=[area], reference="COV-CWS", title="Carers Wellbeing")
    LotFactory.create(contract=contract, provider=centre)
    commissioner, commissioner_secret = _staff(council, "commissioner@coventry.example", Role.COMMISSIONER)
    practitioner, practitioner_secret = _staff(centre, "worker@coventry.example", Role.PRACTITIONER)
    add_kpi(contract, measure="short_breaks_delivered", annual_target=Decimal(55), by=commissioner)
    today = timezone.localdate()
    # Four carers had a break delivered earlier this quarter; the fifth is delivered in the browser.
    for _ in range(4):
        earlier = agreed_plan(eligible_assessment(centre, practitioner), practitioner)
        short_break = request_break(
            earlier.carer, by=practitioner, plan=earlier, kind="my_time", estimated_cost=Decimal(50)
        )
        approve_break(short_break, expected_version=1, by=practitioner)
        book_break(short_break, expected_version=2, by=practitioner, provider=centre, starts_on=today, ends_on=today)
        record_delivery(
            short_break,
            expected_version=3,
            by=practitioner,
            delivered_on=today,
            actual_cost=Decimal(45),
            hours=Decimal(4),
        )
    plan: SupportPlan = agreed_plan(eligible_assessment(centre, practitioner), practitioner)

    sign_in(page, live_server, practitioner, practitioner_secret)
    page.goto(f"{live_server.url}{plan.carer.get_absolute_url()}")
    page.get_by_role("link", name="Request a short break").click()
    assert_accessible(page)
    page.get_by_label("Planned regular break").check()
    page.get_by_label("What the break is").fill("Two nights' respite while Dad stays at Elm House")
    page.get_by_label("Estimated cost").fill("300.00")
    page.get_by_role("button", name="Request the break").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Planned regular break requested")
    assert_accessible(page)
    page.get_by_role("button", name="Approve the break").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Break approved")
    assert_accessible(page)
    page.get_by_label("Provider").select_option(label="Coventry Carers Centre")
    fill_date(page.get_by_role("group", name="Starts"), today)
    fill_date(page.get_by_role("group", name="Ends"), today)
    page.get_by_role("button", name="Book the break").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Break booked")
    assert_accessible(page)
    fill_date(page.get_by_role("group", name="Date delivered"), today)
    page.get_by_label("Nights").fill("2")
    page.get_by_label("Cost", exact=True).fill("280.00")
    page.get_by_role("button", name="Record as delivered").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Break recorded as delivered")
    assert_accessible(page)
    page.get_by_role("link", name=f"Back to {plan.carer.full_name}").click()
    expect(page.locator("#short-breaks-panel")).to_contain_text("Delivered")
    sign_out(page)
    assert ShortBreak.objects.filter(status="delivered").count() == 5

    sign_in(page, live_server, commissioner, commissioner_secret)
    page.goto(f"{live_server.url}/commissioning/contracts/COV-CWS/kpis/")
    # This period's figure: the five carers, live from the records (five is not small enough to be suppressed).
    expect(page.get_by_role("row", name=re.compile(r"^Carers given a short break 5\b")).first).to_be_visible()
    assert_accessible(page)


@pytest.mark.browser
def test_a_review_records_outcomes_and_revises_the_plan_into_version_2(
    page: Page, live_server: LiveServer, assert_accessible: AssertAccessible, centre: Organisation
) -> None:
    practitioner, secret = _staff(centre, "worker@coventry.example", Role.PRACTITIONER)
    plan = agreed_plan(eligible_assessment(centre, practitioner), practitioner)

    sign_in(page, live_server, practitioner, secret)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.get_by_role("link", name="Light-touch review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Light-touch review")
    assert_accessible(page)
    page.get_by_role("group", name="Engaging in recreational activities: was the outcome achieved?").get_by_label(
        "Partly"
    ).check()
    page.get_by_label("Engaging in recreational activities: what changes").fill("A longer break, twice a year")
    page.get_by_role(
        "group", name="Developing and maintaining family or other personal relationships: was the outcome achieved?"
    ).get_by_label("Fully").check()
    page.get_by_label("Revise the plan (a new version)").check()
    page.get_by_label("What needs to change").fill("Two breaks a year instead of one")
    page.get_by_role("button", name="Record the review").click()

    expect(page.get_by_text("Light-touch review recorded")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("version 2")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Draft")
    assert_accessible(page)
    page.locator("#versions").get_by_role("link", name="Version 1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("version 1")
    expect(page.locator("#reviews")).to_contain_text("revise the plan")
    expect(page.locator("#reviews")).to_contain_text("Engaging in recreational activities: partly")
    assert_accessible(page)
