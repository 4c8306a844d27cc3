"""Monitoring a contract in a real browser: a commissioner sets Coventry-like KPIs and targets, the provider's manager
generates this quarter's return from live records and submits it, and the commissioner sees RAG and the chart and
accepts it. axe-core checks every page visited."""

from collections.abc import Callable
from datetime import datetime, time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.commissioning.models import Contract, MonitoringReturn
from carershub.commissioning.tests.factories import ContractFactory, LotFactory
from carershub.organisations.tests.factories import AreaFactory, CouncilAdultSocialCareFactory, ProviderFactory
from carershub.people.models import Involvement
from carershub.people.tests.factories import AdultCarerFactory
from tests.browser.sessions import sign_in_by_session

PASSWORD = "a long browser-test password"
AssertAccessible = Callable[[Page], None]
COVENTRY_KPIS = [
    ("carers_supported", "4000"),
    ("new_carers_identified", "1500"),
    ("contingency_plans_active", "500"),
    ("assessments_completed", "340"),
    ("short_breaks", "55"),
]


def _staff(organisation: object, email: str, role: Role) -> tuple[User, str]:
    user = create_staff_user(
        organisation,  # type: ignore[arg-type]
        email=email,
        full_name=email.split("@")[0].title(),
        roles=[role],
        created_by=None,
        password=PASSWORD,
    )
    secret: str = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def sign_in(page: Page, live_server: LiveServer, user: User, secret: str, assert_accessible: AssertAccessible) -> None:
    sign_in_by_session(page, live_server.url, user)


def sign_out(page: Page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Carers Hub")


@pytest.mark.browser
def test_kpis_targets_a_return_submitted_and_accepted(
    page: Page, live_server: LiveServer, assert_accessible: AssertAccessible
) -> None:
    area = AreaFactory.create(name="Coventry", slug="coventry")
    council = CouncilAdultSocialCareFactory.create(name="Coventry City Council", areas=[area])
    provider = ProviderFactory.create(name="Carers Trust Heart of England", areas=[area])
    contract: Contract = ContractFactory.create(
        commissioner=council, areas=[area], reference="COV-CWS", title="Carers Wellbeing Service"
    )
    LotFactory.create(contract=contract, provider=provider)
    commissioner, commissioner_secret = _staff(council, "commissioner@coventry.example", Role.COMMISSIONER)
    manager, manager_secret = _staff(provider, "manager@carerstrust.example", Role.MANAGER)
    # A colleague reviews the return (a security code cannot be used twice, so one person signing in again within
    # the same 30 seconds would have to wait for the next code).
    reviewer, reviewer_secret = _staff(council, "reviewer@coventry.example", Role.COMMISSIONER)
    for carer in AdultCarerFactory.create_batch(12, area=area):
        Involvement.objects.create(
            area=area,
            person=carer,
            organisation=provider,
            reason=Involvement.Reason.CASE_OPEN,
            started_at=timezone.make_aware(datetime.combine(timezone.localdate(), time(9))),
        )

    # The commissioner sets Coventry's KPIs and targets.
    sign_in(page, live_server, commissioner, commissioner_secret, assert_accessible)
    page.goto(f"{live_server.url}/commissioning/contracts/COV-CWS/kpis/")
    assert_accessible(page)
    for measure, target in COVENTRY_KPIS:
        page.get_by_label("Measure").select_option(measure)
        page.get_by_label("Annual target").fill(target)
        page.get_by_role("button", name="Add KPI").click()
        expect(page.locator(".govuk-notification-banner")).to_be_visible()
    # A target on a KPI the contract does not have is refused with a clear message.
    page.get_by_label("Measure").select_option("gp_practices_engaged")
    page.get_by_label("Annual target").fill("60")
    page.get_by_role("button", name="Change target").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("This contract does not have that KPI")
    assert_accessible(page)
    sign_out(page)

    # The provider's manager generates this quarter's return from live records and submits it.
    sign_in(page, live_server, manager, manager_secret, assert_accessible)
    page.goto(f"{live_server.url}/commissioning/contracts/COV-CWS/returns/")
    assert_accessible(page)
    page.get_by_role("button", name="Generate return").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Monitoring return")
    assert_accessible(page)
    expect(page.get_by_role("row", name="Carers supported")).to_contain_text("12")
    page.get_by_label("Your comments on the figures (optional)").fill("A steady quarter.")
    page.get_by_role("button", name="Submit return").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Return submitted")
    sign_out(page)

    # The commissioning team sees RAG and the chart, and accepts the return.
    sign_in(page, live_server, reviewer, reviewer_secret, assert_accessible)
    page.goto(f"{live_server.url}/commissioning/")
    expect(page.get_by_role("link", name="COV-CWS: Carers Wellbeing Service")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="COV-CWS: Carers Wellbeing Service").click()
    expect(page.locator("svg[role=img]")).to_be_visible()
    expect(page.locator(".govuk-tag--red").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Monitoring returns").click()
    page.get_by_role("link", name="version 1").click()
    assert_accessible(page)
    page.get_by_label("Accept the return").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Return accepted")
    assert_accessible(page)
    assert MonitoringReturn.objects.get().status == MonitoringReturn.Status.ACCEPTED
