"""Setting up carers' contracts in a real browser, with the figures from the councils' own reports.

A Sefton commissioner sets up the all-age carers contract (£731,236 a year from adult social care and £259,694 from
children's social care, £990,930 in all, plus £132,000 from the ICB; 3+1+1 years from 1 April 2025), sees its
lifetime value and each funder's share, decides the first extension and records a variation. A Coventry
commissioner sets up the single contract replacing the grants (£598,765 a year from the council, £134,096 from the
ICB, capped at £732,861 after the £41,870 reduction; 3+2 years from October 2025), is told at the field when the
contributions do not add up, and then sees its lifetime value and shares. axe-core checks every page visited.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.commissioning.models import Contract, ExtensionDecision, Variation
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import AreaFactory, OrganisationFactory, ProviderFactory
from tests.browser.sessions import sign_in_by_session

PASSWORD = "a long browser-test password"
AssertAccessible = Callable[[Page], None]


@dataclass(frozen=True)
class Commissioner:
    user: User
    totp_secret: str


@dataclass(frozen=True)
class CommissioningArea:
    area: Area
    council: Organisation
    icb: Organisation
    provider: Organisation
    commissioner: Commissioner
    childrens_services: Organisation | None = None


def _organisation(area: Area, name: str, slug: str, kind: Organisation.Kind) -> Organisation:
    return OrganisationFactory.create(name=name, slug=slug, kind=kind, areas=[area])


def _commissioner(organisation: Organisation, email: str, full_name: str) -> Commissioner:
    """A commissioner who has set up their authenticator app, as every real member of staff has."""
    user = create_staff_user(
        organisation, email=email, full_name=full_name, roles=[Role.COMMISSIONER], created_by=None, password=PASSWORD
    )
    secret: str = generate_totp_secret()
    TOTP.activate(user, secret)
    return Commissioner(user, secret)


@pytest.fixture
def sefton(transactional_db: None) -> CommissioningArea:
    area = AreaFactory.create(name="Sefton", slug="sefton")
    council = _organisation(
        area, "Sefton Council Adult Social Care", "sefton-asc", Organisation.Kind.COUNCIL_ADULT_SOCIAL_CARE
    )
    return CommissioningArea(
        area=area,
        council=council,
        childrens_services=_organisation(
            area, "Sefton Council Children's Social Care", "sefton-csc", Organisation.Kind.COUNCIL_CHILDRENS_SERVICES
        ),
        icb=_organisation(area, "Cheshire and Merseyside ICB (Sefton Place)", "cm-icb-sefton", Organisation.Kind.ICB),
        provider=ProviderFactory.create(name="Sefton Carers Centre", slug="sefton-carers-centre", areas=[area]),
        commissioner=_commissioner(council, "commissioner@sefton.example", "Sam Commissioner"),
    )


@pytest.fixture
def coventry(transactional_db: None) -> CommissioningArea:
    area = AreaFactory.create(name="Coventry", slug="coventry")
    council = _organisation(area, "Coventry City Council", "coventry-asc", Organisation.Kind.COUNCIL_ADULT_SOCIAL_CARE)
    return CommissioningArea(
        area=area,
        council=council,
        icb=_organisation(area, "Coventry and Warwickshire ICB", "cw-icb", Organisation.Kind.ICB),
        provider=ProviderFactory.create(name="Carers Trust Heart of England", slug="carers-trust-hoe", areas=[area]),
        commissioner=_commissioner(council, "commissioner@coventry.example", "Chris Commissioner"),
    )


def sign_in(
    page: Page, live_server: LiveServer, commissioner: Commissioner, assert_accessible: AssertAccessible
) -> None:
    sign_in_by_session(page, live_server.url, commissioner.user)


def fill_in_a_date(group: Locator, day: date) -> None:
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def open_the_set_up_page(page: Page, live_server: LiveServer, assert_accessible: AssertAccessible) -> None:
    page.goto(f"{live_server.url}/commissioning/contracts/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contracts")
    assert_accessible(page)
    page.get_by_role("button", name="Set up a contract").click()
    expect(page).to_have_url(f"{live_server.url}/commissioning/contracts/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up a contract")
    assert_accessible(page)


def fill_in_a_funder(
    page: Page, row: int, funder: Organisation, annual_amount: str, *, standing: str = "", years: str = ""
) -> None:
    page.get_by_label(f"Funder {row}", exact=True).select_option(label=funder.name)
    page.get_by_label(f"Funder {row}: annual contribution (£)").fill(annual_amount)
    if standing:
        page.get_by_label(f"Funder {row}: how sure the money is").select_option(label=standing)
    if years:
        page.get_by_label(f"Funder {row}: contract years (optional)").fill(years)


def expect_a_share(
    page: Page, funder: Organisation, annual_amount: str, share: str, *, standing: str = "Committed"
) -> None:
    row = page.locator("#contributions").get_by_role("row", name=funder.name).filter(has_text=standing)
    expect(row).to_contain_text(annual_amount)
    expect(row).to_contain_text(share)


def summary_value(page: Page, key: str) -> Locator:
    return page.locator(".govuk-summary-list__row", has=page.get_by_text(key, exact=True)).locator(
        ".govuk-summary-list__value"
    )


@pytest.mark.browser
def test_a_commissioner_sets_up_seftons_contract_extends_it_and_varies_it(
    page: Page, live_server: LiveServer, assert_accessible: AssertAccessible, sefton: CommissioningArea
) -> None:
    assert sefton.childrens_services is not None
    sign_in(page, live_server, sefton.commissioner, assert_accessible)
    open_the_set_up_page(page, live_server, assert_accessible)

    # The contract, as the cabinet report of 3 October 2024 describes it.
    page.get_by_label("Contract reference").fill("SEF-CARERS-2025")
    page.get_by_label("Service", exact=True).fill("All-age carers support and advice")
    page.get_by_label("Status", exact=True).select_option(label="Awarded")
    expect(page.get_by_label("Lead commissioner")).to_have_value(str(sefton.council.pk))
    page.get_by_role("group", name="Joint commissioners").get_by_label(sefton.childrens_services.name).check()
    page.get_by_role("group", name="Areas served").get_by_label("Sefton").check()
    page.get_by_role("group", name="Procurement regime").get_by_label("Public Contracts Regulations 2015").check()
    page.get_by_label("Procurement procedure").select_option(label="Open procedure")
    expect(page.get_by_label("This is a light-touch contract (social care services)")).to_be_checked()
    fill_in_a_date(page.get_by_role("group", name="Start date"), date(2025, 4, 1))
    page.get_by_label("Initial term (years)").fill("3")
    page.get_by_label("Extension options (years, optional)").fill("1, 1")
    page.get_by_label("Notice for an extension decision (months)").fill("6")
    page.get_by_label("Decision maker (optional)").fill(
        "Executive Director of Adult Social Care, Health and Wellbeing with the Director of Children's Services"
    )
    page.get_by_label("Annual value (£)").fill("£1,122,930")
    page.get_by_label("Annual uplift (%)").fill("0")
    fill_in_a_funder(page, 1, sefton.council, "731,236")
    fill_in_a_funder(page, 2, sefton.childrens_services, "259,694")
    # The ICB's £132,000 "for 25/26 is anticipated"; the finance table only assumes it continues.
    fill_in_a_funder(page, 3, sefton.icb, "132,000", standing="Anticipated", years="1")
    fill_in_a_funder(page, 4, sefton.icb, "132,000", standing="Assumed", years="2-5")
    page.get_by_label("Lot 1: what it covers").fill("All-age carers support and advice")
    page.get_by_label("Lot 1: provider").select_option(label=sefton.provider.name)
    carers = page.get_by_role("group", name="Lot 1: carers it serves")
    for cohort in ("Adult carers", "Young carers (under 18)", "Parent carers"):
        carers.get_by_label(cohort, exact=True).check()
    page.get_by_role("button", name="Set up the contract").click()

    # The contract page: five years of £1,122,930 if all the money comes, and what each funder puts in, how surely.
    expect(page).to_have_url(f"{live_server.url}/commissioning/contracts/SEF-CARERS-2025/")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Contract SEF-CARERS-2025 set up")
    expect(page.get_by_role("heading", level=1)).to_have_text("All-age carers support and advice")
    expect(summary_value(page, "Lifetime value")).to_have_text("£5,614,650.00")
    expect(summary_value(page, "Initial term value")).to_have_text("£3,368,790.00")
    expect(summary_value(page, "Latest end, with every extension")).to_have_text("31 March 2030 (5 years)")
    expect_a_share(page, sefton.council, "£731,236.00", "65.12%")
    expect_a_share(page, sefton.childrens_services, "£259,694.00", "23.13%")
    expect_a_share(page, sefton.icb, "£132,000.00", "2.35%", standing="Anticipated")
    expect_a_share(page, sefton.icb, "£132,000.00", "9.40%", standing="Assumed")
    expect(page.locator("#contributions").get_by_role("row", name="Total")).to_contain_text("£5,614,650.00")
    expect(summary_value(page, "Funding committed")).to_contain_text("£4,954,650.00")
    expect(summary_value(page, "Funding committed")).to_contain_text("£132,000.00 anticipated, £528,000.00 assumed")
    expect(page.locator("#years").get_by_role("row", name="Year 5 (extension)")).to_contain_text("£1,122,930.00")
    expect(page.locator("svg[role=img]")).to_be_visible()
    assert_accessible(page)

    # The first one-year extension is decided: the term now runs to 31 March 2029.
    page.get_by_role("link", name="Decide extension option 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decide extension option 1")
    assert_accessible(page)
    page.get_by_role("group", name="Decision").get_by_label("Extend", exact=True).check()
    today = timezone.localdate()  # a decision is recorded once made: never a date still to come
    fill_in_a_date(page.get_by_role("group", name="Date of the decision"), today)
    page.get_by_label("Decision reference").fill("Officer decision ASC/2027/041")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision on extension option 1 recorded")
    expect(page.locator(".govuk-tag").first).to_have_text("Extended")
    expect(summary_value(page, "Current term ends")).to_have_text("31 March 2029 (1 extension taken)")
    expect(page.locator("#decisions").get_by_role("row", name="Option 1")).to_contain_text(
        f"Extend on {today.day} {today:%b %Y}"
    )
    assert_accessible(page)

    # A variation for rising demand: the reason is forgotten at first, and nothing typed is lost.
    page.get_by_role("button", name="Record a variation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a variation")
    assert_accessible(page)
    page.get_by_label("New annual value (£)").fill("1,179,076.50")
    page.get_by_label("Approved by").fill("Executive Director of Adult Social Care, Health and Wellbeing")
    fill_in_a_date(page.get_by_role("group", name="Date approved"), date(2026, 3, 2))
    fill_in_a_date(page.get_by_role("group", name="Takes effect from"), date(2026, 4, 1))
    page.get_by_role("button", name="Record the variation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reason for the variation")
    expect(page.get_by_label("New annual value (£)")).to_have_value("1,179,076.50")
    assert_accessible(page)
    assert not Variation.objects.exists()
    page.get_by_label("Reason", exact=True).fill("Demand rising about 30% a year; met from the existing budgets")
    page.get_by_role("button", name="Record the variation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Variation recorded")
    variation = page.locator("#variations").get_by_role("row", name="1 Apr 2026")
    expect(variation).to_contain_text("£1,122,930.00 to £1,179,076.50")
    expect(variation).to_contain_text("+5.00%")
    assert_accessible(page)

    contract = Contract.objects.get(reference="SEF-CARERS-2025")
    assert (contract.status, contract.extensions_taken) == (Contract.Status.EXTENDED, 1)
    assert ExtensionDecision.objects.get(contract=contract, option_number=1).decided_by == sefton.commissioner.user


@pytest.mark.browser
def test_a_commissioner_sets_up_coventrys_contract_after_fixing_the_contributions(
    page: Page, live_server: LiveServer, assert_accessible: AssertAccessible, coventry: CommissioningArea
) -> None:
    sign_in(page, live_server, coventry.commissioner, assert_accessible)
    open_the_set_up_page(page, live_server, assert_accessible)

    # One contract in place of the grants, as the report of 20 November 2024 describes it.
    page.get_by_label("Contract reference").fill("COV-CARERS-2025")
    page.get_by_label("Service", exact=True).fill("Carers support services")
    page.get_by_label("Status", exact=True).select_option(label="Tendering")
    page.get_by_role("group", name="Joint commissioners").get_by_label(coventry.icb.name).check()
    page.get_by_role("group", name="Areas served").get_by_label("Coventry").check()
    page.get_by_role("group", name="Procurement regime").get_by_label("Procurement Act 2023").check()
    page.get_by_label("Procurement procedure").select_option(label="Competitive flexible procedure")
    fill_in_a_date(page.get_by_role("group", name="Start date"), date(2025, 10, 1))
    page.get_by_label("Initial term (years)").fill("3")
    page.get_by_label("Extension options (years, optional)").fill("2")
    page.get_by_label("Decision maker (optional)").fill("Director of Adults and Housing")
    page.get_by_label("Annual value (£)").fill("732861")
    page.get_by_label("Maximum annual price (£, optional)").fill("732,861")
    fill_in_a_funder(page, 1, coventry.council, "598765")
    fill_in_a_funder(page, 2, coventry.icb, "134069")  # mistyped: the ICB gives £134,096
    page.get_by_label("Lot 1: what it covers").fill("Carers wellbeing, assessments and support planning")
    page.get_by_label("Lot 1: provider").select_option(label=coventry.provider.name)
    page.get_by_role("group", name="Lot 1: carers it serves").get_by_label("Adult carers", exact=True).check()
    page.get_by_role("button", name="Set up the contract").click()

    # The sum is refused at the field, with the figures to check; nothing is saved, nothing typed is lost.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The contributions add up to £732,834.00, not the annual value of £732,861.00")
    expect(page.get_by_label("Funder 2: annual contribution (£)")).to_have_value("134069")
    assert_accessible(page)
    assert not Contract.objects.exists()
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Annual value (£)")).to_be_focused()
    page.get_by_label("Funder 2: annual contribution (£)").fill("134,096")
    page.get_by_role("button", name="Set up the contract").click()

    expect(page).to_have_url(f"{live_server.url}/commissioning/contracts/COV-CARERS-2025/")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Contract COV-CARERS-2025 set up")
    expect(summary_value(page, "Lifetime value")).to_have_text("£3,664,305.00")
    expect(summary_value(page, "Initial term value")).to_have_text("£2,198,583.00")
    expect(summary_value(page, "Maximum annual price")).to_have_text("£732,861.00")
    expect(summary_value(page, "Latest end, with every extension")).to_have_text("30 September 2030 (5 years)")
    expect_a_share(page, coventry.council, "£598,765.00", "81.70%")
    expect_a_share(page, coventry.icb, "£134,096.00", "18.30%")
    expect(page.locator("#decisions").get_by_role("row", name="Option 1")).to_be_visible()
    assert_accessible(page)

    # Back on the list, the contract is there with its value and the decision falling due.
    page.get_by_role("link", name="Back to contracts").click()
    row = page.get_by_role("row", name="Carers support services")
    expect(row).to_contain_text("£732,861.00")
    expect(row).to_contain_text("Carers Trust Heart of England")
    assert_accessible(page)
