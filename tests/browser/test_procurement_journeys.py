"""Buying care packages in a real browser, as the Sefton cabinet report of 3 September 2015 describes it: providers
join a consortium's dynamic purchasing system on quality, each package goes to a mini-competition among them, and
spot purchase stays a justified contingency. axe-core checks every page visited.

- A supplier applies to a category; two assessors evaluate; the lead authority moderates and it is admitted.
- A council publishes a package request; three suppliers bid; the council scores and awards; the winner sees the
  young person only once the record is shared after the family's consent; the open data validates.
- A spot purchase is requested with its justification and approved by someone else.
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.commissioning.tests.test_ocds import validator
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import AreaFactory, OrganisationFactory, ProviderFactory
from carershub.people.models import Consent, Person
from carershub.people.services.consent import record_consent
from carershub.procurement.models import Application, Bid, PackageRequest, Question, SpotPurchase, Supplier
from carershub.procurement.tests.factories import (
    ArrangementFactory,
    CategoryFactory,
    MembershipFactory,
    QuestionFactory,
    SupplierFactory,
    WindowFactory,
)
from tests.browser.sessions import sign_in_by_session

PASSWORD = "a long browser-test password"
AssertAccessible = Callable[[Page], None]


@dataclass(frozen=True)
class Member:
    user: User
    secret: str


@dataclass(frozen=True)
class Consortium:
    area: Area
    council: Organisation
    lead_commissioner: Member
    assessor: Member
    social_worker: Member
    suppliers: tuple[tuple[Supplier, Member], ...]
    newcomer: Member
    child: Person


def _staff(organisation: Organisation, email: str, name: str, role: Role) -> Member:
    user = create_staff_user(
        organisation, email=email, full_name=name, roles=[role], created_by=None, password=PASSWORD
    )
    secret: str = generate_totp_secret()
    TOTP.activate(user, secret)
    return Member(user, secret)


@pytest.fixture
def knowsley(transactional_db: None) -> Consortium:
    """Knowsley leads a DPS for children's care and support packages; three providers are already members."""
    area = AreaFactory.create(name="Knowsley", slug="knowsley")
    council = OrganisationFactory.create(
        name="Knowsley Council Children's Services",
        slug="knowsley-cs",
        kind=Organisation.Kind.COUNCIL_CHILDRENS_SERVICES,
        areas=[area],
    )
    arrangement = ArrangementFactory.create(
        lead_authority=council, reference="LCR-DPS", title="Liverpool City Region care and support"
    )
    category = CategoryFactory.create(arrangement=arrangement, name="Children's care and support", areas=[area])
    WindowFactory.create(arrangement=arrangement)
    QuestionFactory.create(
        arrangement=arrangement,
        kind=Question.Kind.PASS_FAIL,
        text="Can you serve young people up to 25?",
        weight=0,
        max_mark=0,
        minimum_mark=0,
    )
    QuestionFactory.create(
        arrangement=arrangement, text="How do you safeguard children?", weight=100, max_mark=5, minimum_mark=3
    )
    suppliers = []
    for number, name in enumerate(("Alder Care", "Birch Support", "Cedar Living"), start=1):
        organisation = ProviderFactory.create(name=name, slug=f"supplier-{number}", areas=[area])
        supplier = SupplierFactory.create(organisation=organisation)
        MembershipFactory.create(supplier=supplier, category=category)
        suppliers.append(
            (supplier, _staff(organisation, f"bids{number}@supplier.example", f"{name} bids", Role.SUPPLIER))
        )
    newcomer_organisation = ProviderFactory.create(name="Rowan Sole Trader", slug="rowan", areas=[area])
    Supplier.objects.create(
        organisation=newcomer_organisation, is_sole_trader=True, regulator=Supplier.Regulator.OFSTED
    )
    child = Person.objects.create(
        area=area,
        given_name="Kieran",
        family_name="Zebedee",
        date_of_birth=timezone.localdate() - timedelta(days=365 * 13),
    )
    return Consortium(
        area=area,
        council=council,
        lead_commissioner=_staff(council, "lead@knowsley.example", "Lee Lead", Role.COMMISSIONER),
        assessor=_staff(council, "assessor@knowsley.example", "Ash Assessor", Role.COMMISSIONER),
        social_worker=_staff(council, "social-worker@knowsley.example", "Sol Worker", Role.PRACTITIONER),
        suppliers=tuple(suppliers),
        newcomer=_staff(newcomer_organisation, "rowan@supplier.example", "Rowan Ray", Role.SUPPLIER),
        child=child,
    )


@pytest.fixture
def signed_in(
    browser: Browser, live_server: LiveServer, assert_accessible: AssertAccessible
) -> Iterator[Callable[[Member], Page]]:
    """Open a browser window signed in as someone (through the session cookie: see sessions.py)."""
    contexts = []

    def open_as(person: Member) -> Page:
        context = browser.new_context(locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in_by_session(page, live_server.url, person.user)
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_a_supplier_applies_two_assessors_evaluate_and_it_is_admitted(
    live_server: LiveServer,
    assert_accessible: AssertAccessible,
    knowsley: Consortium,
    signed_in: Callable[[Member], Page],
) -> None:
    supplier = signed_in(knowsley.newcomer)
    supplier.get_by_role("navigation", name="Menu").get_by_role("link", name="Buying care").click()
    assert_accessible(supplier)
    supplier.get_by_role("link", name="Liverpool City Region care and support").click()
    assert_accessible(supplier)
    supplier.get_by_role("button", name="Apply to Children's care and support").click()
    expect(supplier.get_by_role("heading", level=1)).to_have_text("Your application to Children's care and support")
    assert_accessible(supplier)
    expect(supplier.get_by_text("price", exact=False).first).to_contain_text("never asked for a price")
    supplier.get_by_label("Your most recent Ofsted or CQC rating for this service").select_option(label="Good")
    supplier.get_by_role("group", name="Can you serve young people up to 25?").get_by_label("Yes").check()
    supplier.get_by_label("How do you safeguard children?").fill("A named safeguarding lead; yearly training.")
    supplier.get_by_role("button", name="Save answers").click()
    assert_accessible(supplier)
    supplier.get_by_role("button", name="Submit application").click()
    expect(supplier.get_by_text("Application submitted")).to_be_visible()
    application = Application.objects.get(supplier__organisation__slug="rowan")
    assert application.status == Application.Status.SUBMITTED

    for assessor, mark in ((knowsley.assessor, "4"), (knowsley.lead_commissioner, "5")):
        page = signed_in(assessor)
        page.goto(f"{live_server.url}/procurement/arrangements/LCR-DPS/")
        page.get_by_role("link", name="Rowan Sole Trader: Children's care and support").click()
        assert_accessible(page)
        page.get_by_role("link", name="Evaluate").click()
        assert_accessible(page)
        page.get_by_role("group", name="Requirement met: Can you serve young people up to 25?").get_by_label(
            "Yes"
        ).check()
        page.get_by_label("How do you safeguard children? (minimum 3)").select_option(mark)
        page.get_by_role("button", name="Record my evaluation").click()
        expect(page.get_by_text("Evaluation recorded")).to_be_visible()

    lead = page  # the lead commissioner's window, still open
    lead.get_by_role("link", name="Moderate and decide").click()
    assert_accessible(lead)
    expect(lead.get_by_label("How do you safeguard children? (minimum 3)")).to_have_value("4")
    lead.get_by_role("group", name="Requirement met: Can you serve young people up to 25?").get_by_label("Yes").check()
    lead.get_by_role("button", name="Record the decision").click()
    expect(lead.get_by_text("Rowan Sole Trader admitted")).to_be_visible()
    assert_accessible(lead)

    supplier.goto(f"{live_server.url}/procurement/")
    expect(supplier.get_by_text("Children's care and support (LCR-DPS): Admitted")).to_be_visible()


def test_a_council_publishes_three_suppliers_bid_and_the_winner_sees_the_young_person_only_after_award_and_consent(
    live_server: LiveServer,
    assert_accessible: AssertAccessible,
    knowsley: Consortium,
    signed_in: Callable[[Member], Page],
) -> None:
    council = signed_in(knowsley.social_worker)
    council.goto(f"{live_server.url}/people/{knowsley.child.pk}/")
    council.get_by_role("link", name="Request a care package").click()
    assert_accessible(council)
    council.get_by_label("Category").select_option(label="Children's care and support")
    council.get_by_label("11 to 15").check()
    council.get_by_label("Needs").fill("Autism; two carers for personal care")
    council.get_by_label("Pattern of hours or placement type").fill("Three after-school sessions a week")
    start = timezone.localdate() + timedelta(days=60)
    group = council.get_by_role("group", name="Start date")
    group.get_by_label("Day").fill(str(start.day))
    group.get_by_label("Month").fill(str(start.month))
    group.get_by_label("Year").fill(str(start.year))
    council.get_by_label("Expected duration in weeks").fill("52")
    council.get_by_label("Weekly price ceiling").fill("1,200")
    council.get_by_role("button", name="Save as draft").click()
    assert_accessible(council)
    council.get_by_role("link", name="Publish and invite suppliers").click()
    deadline = timezone.localdate() + timedelta(days=7)
    group = council.get_by_role("group", name="Deadline for bids")
    group.get_by_label("Day").fill(str(deadline.day))
    group.get_by_label("Month").fill(str(deadline.month))
    group.get_by_label("Year").fill(str(deadline.year))
    assert_accessible(council)
    council.get_by_role("button", name="Publish and invite").click()
    expect(council.get_by_text("Published: 3 suppliers invited to bid")).to_be_visible()
    package_request = PackageRequest.objects.get()
    url = f"{live_server.url}/procurement/packages/{package_request.reference}/"

    windows = []
    for (_, person), price in zip(knowsley.suppliers, ("950.00", "1250.00", "1100.00"), strict=True):
        page = signed_in(person)
        windows.append(page)
        page.goto(url)
        expect(page.get_by_text("Autism; two carers for personal care")).to_be_visible()
        expect(page.get_by_text("Zebedee")).to_have_count(0)
        page.get_by_label("Weekly price").fill(price)
        page.get_by_label("How will you meet this young person's needs? (weight 70%)").fill("Matched key workers")
        page.get_by_label("How will you keep the same workers? (weight 30%)").fill("A small stable team")
        assert_accessible(page)
        page.get_by_role("button", name="Send bid").click()
        expect(page.get_by_text("Bid sent")).to_be_visible()
    windows[0].set_viewport_size({"width": 320, "height": 800})
    windows[0].reload()
    assert_accessible(windows[0])

    # Time passes: the deadline is behind us.
    PackageRequest.objects.filter(pk=package_request.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    council.goto(url)
    for supplier_name, mark in (("Alder Care", "7"), ("Birch Support", "10"), ("Cedar Living", "9")):
        council.get_by_role("link", name=f"Score quality for {supplier_name}").click()
        assert_accessible(council)
        for select in council.get_by_role("combobox").all():
            select.select_option(mark)
        council.get_by_role("button", name="Save scores").click()
    expect(council.get_by_role("table").nth(1)).to_contain_text("88.55")
    assert_accessible(council)
    council.get_by_label("Cedar Living").check()
    council.get_by_label("Reasons for the award").fill("Highest total under the published weights")
    council.get_by_role("button", name="Award the package").click()
    expect(council.get_by_text("Awarded to Cedar Living", exact=True)).to_be_visible()

    alder, _, cedar = windows
    alder.reload()
    expect(alder.get_by_text("Your total score was 82.00 (rank 2).")).to_be_visible()
    expect(alder.get_by_text("The winning bid scored 88.55.")).to_be_visible()
    cedar.goto(url)
    expect(cedar.get_by_text("Your bid won")).to_be_visible()
    expect(cedar.get_by_text("Zebedee")).to_have_count(0)

    winner = Bid.objects.get(supplier=knowsley.suppliers[2][0]).supplier.organisation
    record_consent(
        knowsley.child,
        scope=Consent.Scope.SHARE,
        given_by=Consent.GivenBy.PARENT_OR_GUARDIAN,
        given_by_name="Jo Zebedee",
        organisation=winner,
        recorded_by=knowsley.social_worker.user,
    )
    council.reload()
    council.get_by_role("button", name="Share the record with the provider").click()
    expect(council.get_by_text("The provider can now see the young person's record")).to_be_visible()
    cedar.reload()
    expect(cedar.get_by_role("heading", name="This package is for Kieran Zebedee")).to_be_visible()
    assert_accessible(cedar)
    alder.reload()
    expect(alder.get_by_text("Zebedee")).to_have_count(0)

    council.goto(f"{live_server.url}/people/{knowsley.child.pk}/")
    expect(council.get_by_role("table", name=f"Care packages for {knowsley.child.full_name}")).to_contain_text(
        "Cedar Living"
    )
    assert_accessible(council)

    lead = signed_in(knowsley.lead_commissioner)
    lead.goto(f"{live_server.url}/procurement/arrangements/LCR-DPS/")
    assert_accessible(lead)
    download = lead.request.get(f"{live_server.url}/procurement/arrangements/LCR-DPS/ocds.json")
    package = json.loads(download.text())
    assert sorted(error.message for error in validator().iter_errors(package)) == []
    assert package["releases"][1]["awards"][0]["value"]["amount"] == float(Decimal("1100.00") * 52)
    assert "Zebedee" not in download.text()


def test_a_spot_purchase_is_justified_and_approved_by_someone_else(
    live_server: LiveServer,
    assert_accessible: AssertAccessible,
    knowsley: Consortium,
    signed_in: Callable[[Member], Page],
) -> None:
    requester = signed_in(knowsley.social_worker)
    requester.goto(f"{live_server.url}/procurement/spot-purchases/")
    assert_accessible(requester)
    requester.get_by_role("link", name="Request a spot purchase").click()
    requester.get_by_role("button", name="Request approval").click()
    expect(requester.get_by_role("link", name="Explain why a spot purchase is needed")).to_be_visible()
    assert_accessible(requester)
    requester.get_by_label("Provider").select_option(label="Alder Care")
    requester.get_by_label("Urgency").check()
    requester.get_by_label("Justification").fill("Placement broke down overnight; no member could start in 48 hours")
    requester.get_by_label("Weekly price").fill("1350")
    start = timezone.localdate()
    group = requester.get_by_role("group", name="Start date")
    group.get_by_label("Day").fill(str(start.day))
    group.get_by_label("Month").fill(str(start.month))
    group.get_by_label("Year").fill(str(start.year))
    requester.get_by_role("button", name="Request approval").click()
    expect(requester.get_by_text("someone else in your council must approve it")).to_be_visible()
    expect(requester.get_by_role("link", name="Decide")).to_have_count(0)

    approver = signed_in(knowsley.lead_commissioner)
    approver.goto(f"{live_server.url}/procurement/spot-purchases/")
    approver.get_by_role("link", name="Decide on the spot purchase from Alder Care").click()
    assert_accessible(approver)
    approver.get_by_label("Approve").check()
    approver.get_by_role("button", name="Record the decision").click()
    expect(approver.get_by_role("table", name="Spot purchases by council and reason")).to_contain_text("Urgency")
    assert_accessible(approver)
    purchase = SpotPurchase.objects.get()
    assert (purchase.status, purchase.decided_by) == (SpotPurchase.Status.APPROVED, knowsley.lead_commissioner.user)
