"""Closing and reopening a case in a real browser: the allocated worker closes a carer's case from "My work" with a
reason and no longer sees the record; when the carer is referred again, the manager finds the case under closed
cases, reopens it and allocates it again. axe-core checks every page."""

from collections.abc import Callable

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.caseloads.services import allocate_case
from carershub.organisations.models import Organisation
from carershub.organisations.tests.factories import AreaFactory, ProviderFactory
from carershub.people.models import Involvement, Person
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import PersonFactory
from tests.browser.sessions import sign_in_by_session

PASSWORD = "a long browser-test password"
AssertAccessible = Callable[[Page], None]


def _staff(centre: Organisation, email: str, name: str, *roles: Role) -> tuple[User, str]:
    user = create_staff_user(centre, email=email, full_name=name, roles=list(roles), created_by=None, password=PASSWORD)
    secret: str = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def sign_in(page: Page, live_server: LiveServer, email: str, secret: str) -> None:
    sign_in_by_session(page, live_server.url, User.objects.get(email=email))


@pytest.mark.browser
def test_the_worker_closes_a_case_and_the_manager_reopens_it(
    page: Page, live_server: LiveServer, assert_accessible: AssertAccessible
) -> None:
    area = AreaFactory.create(name="Millvale", slug="millvale")
    centre = ProviderFactory.create(name="Millvale Carers Centre", slug="millvale-carers-centre", areas=[area])
    worker, worker_secret = _staff(centre, "ada@carers-centre.example", "Ada Adams", Role.PRACTITIONER)
    manager, manager_secret = _staff(centre, "mo@carers-centre.example", "Mo Manager", Role.MANAGER)
    carer: Person = PersonFactory.create(area=area, given_name="Rosa", family_name="Mendes")
    open_involvement(carer, centre, reason=Involvement.Reason.CASE_OPEN)
    allocate_case(carer, to=worker, by=manager)

    sign_in(page, live_server, worker.email, worker_secret)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My work").click()
    page.get_by_role("link", name="Close case of Rosa Mendes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close their case")
    assert_accessible(page)
    page.get_by_role("button", name="Close the case").click()
    expect(page.get_by_role("link", name="Select why the case is being closed")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("The carer declined further support").check()
    page.get_by_label("Anything the next person to work with this carer should know (optional)").fill(
        "Happy to be contacted again in the spring"
    )
    page.get_by_role("button", name="Close the case").click()
    expect(page.get_by_text("Rosa Mendes's case is closed")).to_be_visible()
    expect(page.get_by_role("heading", name="My carers (0)")).to_be_visible()
    assert_accessible(page)
    assert page.goto(f"{live_server.url}/people/{carer.pk}/").status == 404  # type: ignore[union-attr]
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Sign out").click()
    # The carer is referred to the centre again, so it sees the record once more and its manager may reopen the case.
    open_involvement(carer, centre, reason=Involvement.Reason.REFERRAL_RECEIVED)

    sign_in(page, live_server, manager.email, manager_secret)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My work").click()
    page.get_by_role("link", name="Closed cases").click()
    assert_accessible(page)
    expect(page.get_by_role("cell", name="The carer declined further support")).to_be_visible()
    page.get_by_role("link", name="Reopen the case of Rosa Mendes").click()
    expect(page.get_by_text("Happy to be contacted again in the spring")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Reopen the case").click()
    expect(page.get_by_text("Rosa Mendes's case is open again")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ada Adams").check()
    page.get_by_role("button", name="Allocate").click()
    expect(page.get_by_text("Rosa Mendes's case allocated to Ada Adams")).to_be_visible()
    expect(page.get_by_text("Case reopened by Millvale Carers Centre")).to_be_visible()  # on the timeline
    assert_accessible(page)
