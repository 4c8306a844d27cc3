"""Assessments end to end in a real browser, with axe-core checking every page visited.

(a) A carers centre practitioner starts a carer's assessment from the carer's record, completes every section,
records the eligibility determination and sends it for sign-off; a manager signs it off and the written record
shows the decision and the reasons.
(b) A young carers worker starts a young carer's needs assessment and works through the MACA-YC18 and PANOC-YC20
questionnaires; an answer on a safety item raises a safety alert at once, shown until the worker records what they
did about it.
"""

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
from carershub.assessments.models import Assessment, Delegation, SafetyAlert
from carershub.organisations.models import Organisation
from carershub.organisations.tests.factories import AreaFactory, CouncilAdultSocialCareFactory, ProviderFactory
from carershub.people.models import Involvement, Person
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import AdultCarerFactory, YoungCarerFactory
from tests.browser.sessions import sign_in_by_session

PASSWORD = "a long browser-test password"
AssertAccessible = Callable[[Page], None]


@dataclass(frozen=True)
class Staff:
    user: User
    totp_secret: str


@dataclass(frozen=True)
class AssessmentArea:
    carer: Person
    young_carer: Person
    practitioner: Staff
    manager: Staff
    young_carers_worker: Staff


def _staff(organisation: Organisation, email: str, full_name: str, *roles: Role) -> Staff:
    user = create_staff_user(
        organisation, email=email, full_name=full_name, roles=roles, created_by=None, password=PASSWORD
    )
    secret: str = generate_totp_secret()
    TOTP.activate(user, secret)
    return Staff(user, secret)


@pytest.fixture
def assessment_area(transactional_db: None) -> AssessmentArea:
    area = AreaFactory.create(name="Browser Vale", slug="browser-vale")
    council = CouncilAdultSocialCareFactory.create(name="Browser Vale Council", areas=[area])
    centre = ProviderFactory.create(name="Browser Vale Carers Centre", areas=[area])
    young_carers = ProviderFactory.create(name="Browser Vale Young Carers", areas=[area])
    for provider, reference in ((centre, "BVC-S79-01"), (young_carers, "BVC-S79-02")):
        Delegation.objects.create(
            area=area,
            council=council,
            provider=provider,
            reference=reference,
            scope=Delegation.Scope.ASSESSMENT_AND_DETERMINATION,
            starts_on=timezone.localdate() - timedelta(days=100),
        )
    carer = AdultCarerFactory.create(area=area, given_name="Maria", family_name="Okafor")
    young_carer = YoungCarerFactory.create(area=area, given_name="Sam", family_name="Reid")
    open_involvement(carer, centre, reason=Involvement.Reason.CASE_OPEN)
    open_involvement(young_carer, young_carers, reason=Involvement.Reason.CASE_OPEN)
    return AssessmentArea(
        carer=carer,
        young_carer=young_carer,
        practitioner=_staff(centre, "priya@browser.example", "Priya Patel", Role.PRACTITIONER),
        manager=_staff(centre, "mark@browser.example", "Mark Owens", Role.MANAGER, Role.PRACTITIONER),
        young_carers_worker=_staff(young_carers, "yasmin@browser.example", "Yasmin Clarke", Role.PRACTITIONER),
    )


def sign_in(page: Page, live_server: LiveServer, staff: Staff, assert_accessible: AssertAccessible) -> None:
    sign_in_by_session(page, live_server.url, staff.user)
    assert_accessible(page)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Carers Hub")


def answer_every_question(page: Page, choices: dict[str, str] | None = None) -> None:
    """Answer each radio question (with `choices` where given, else the first option) and each empty text box."""
    choices = choices or {}
    names: list[str] = page.locator("input[type=radio]").evaluate_all(
        "inputs => [...new Set(inputs.map(input => input.name))]"
    )
    for name in names:
        if name in choices:
            page.locator(f"input[type=radio][name='{name}'][value='{choices[name]}']").check()
        else:
            page.locator(f"input[type=radio][name='{name}']").first.check()
    for box in page.locator("textarea").all():
        if not box.input_value():
            box.fill("Talked this through with the carer at home.")


def start(page: Page, live_server: LiveServer, person: Person, assert_accessible: AssertAccessible) -> None:
    page.goto(f"{live_server.url}/assessments/start/?person={person.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Start an assessment")
    assert_accessible(page)
    page.get_by_role("button", name="Start assessment").click()
    expect(page.get_by_text("started", exact=False).first).to_be_visible()
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_a_carers_assessment_from_start_to_sign_off(
    page: Page, live_server: LiveServer, assessment_area: AssessmentArea, assert_accessible: AssertAccessible
) -> None:
    sign_in(page, live_server, assessment_area.practitioner, assert_accessible)
    start(page, live_server, assessment_area.carer, assert_accessible)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Carer's assessment")
    expect(page.get_by_text("under delegation BVC-S79-01 from Browser Vale Council")).to_be_visible()
    assessment_url = page.url

    links = page.locator(".govuk-task-list__link")
    for index in range(links.count()):
        page.goto(assessment_url)
        page.locator(".govuk-task-list__link").nth(index).click()
        expect(page).not_to_have_url(assessment_url)
        assert_accessible(page)
        if page.locator("input[name='outcome_nutrition']").count():
            page.locator("input[name='outcome_nutrition'][value='without_assistance']").check()
        answer_every_question(page, {"child_involved": "no", "necessary_care": "yes", "needs_fluctuate": "no"})
        page.get_by_role("button", name="Save and continue").click()
        expect(page.get_by_text("completed", exact=False).first).to_be_visible()
    expect(page.get_by_text("You have completed 11 of 11 sections")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record the determination").click()
    assert_accessible(page)
    page.get_by_role("group", name="significant impact").get_by_label("Yes").check()
    page.get_by_label("Physical and mental health and emotional wellbeing").check()
    page.get_by_label("Reasons for the decision").fill("Broken sleep every night is harming Maria's health.")
    page.get_by_role("button", name="Save the determination").click()
    expect(page.get_by_text("Determination recorded")).to_be_visible()

    page.get_by_role("link", name="Check answers and send for sign-off").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending for sign-off")
    assert_accessible(page)
    page.get_by_role("button", name="Send for sign-off").click()
    expect(page.get_by_text("Sent for sign-off")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, assessment_area.manager, assert_accessible)
    page.goto(assessment_url)
    page.get_by_role("link", name="Review and sign off").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review and sign off")
    assert_accessible(page)
    page.get_by_role("button", name="Sign off the assessment").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Written record of the decision and the reasons")
    expect(page.get_by_text("The carer's needs meet the eligibility criteria.")).to_be_visible()
    expect(page.get_by_text("Broken sleep every night is harming Maria's health.")).to_be_visible()
    assert_accessible(page)
    assessment = Assessment.objects.get(carer=assessment_area.carer)
    assert assessment.status == Assessment.Status.COMPLETED
    assert assessment.signed_off_by == assessment_area.manager.user


@pytest.mark.django_db(transaction=True)
def test_a_young_carers_needs_assessment_with_the_questionnaires_and_a_safety_alert(
    page: Page, live_server: LiveServer, assessment_area: AssessmentArea, assert_accessible: AssertAccessible
) -> None:
    sign_in(page, live_server, assessment_area.young_carers_worker, assert_accessible)
    start(page, live_server, assessment_area.young_carer, assert_accessible)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Young carer's needs assessment")
    assessment_url = page.url

    page.get_by_role("link", name="Caring activities questionnaire (MACA-YC18)").click()
    assert_accessible(page)
    # MACA-YC18: 2, 2 and 1 "a lot of the time"/"some of the time", "never" elsewhere: total 5 (low), domestic 4.
    answer_every_question(page, {"item_1": "2", "item_2": "2", "item_10": "1"})
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("completed", exact=False).first).to_be_visible()
    scores = page.get_by_label("Questionnaire scores")
    expect(scores).to_contain_text("5 out of 36: low amount of caring activity")
    expect(scores.locator(".govuk-summary-list__row", has_text="Domestic tasks")).to_contain_text("4 out of 6")
    expect(scores.locator(".govuk-summary-list__row", has_text="Personal care")).to_contain_text("1 out of 6")
    expect(scores).to_contain_text("Not scored yet: 0 of 20 questions answered")

    page.get_by_role("link", name="How caring affects you questionnaire (PANOC-YC20)").click()
    assert_accessible(page)
    # Everything "Never", except placeholder safety item 14 (configured in the placeholder questionnaire file).
    answer_every_question(page, {"item_14": "1"})
    page.get_by_role("button", name="Save as draft").click()

    expect(page.get_by_role("region", name="Safety alert")).to_be_visible()
    expect(page.get_by_text("PANOC-YC20 question 14 was answered")).to_be_visible()
    assert_accessible(page)
    assert SafetyAlert.objects.filter(assessment__carer=assessment_area.young_carer, item=14).exists()

    page.get_by_label("What have you done about this answer?").fill("Spoke with Sam today; safeguarding referral.")
    page.get_by_role("button", name="Record action and close alert 1").click()
    expect(page.get_by_text("Safety alert acknowledged")).to_be_visible()
    expect(page.get_by_role("region", name="Safety alert")).to_have_count(0)
    assert_accessible(page)
    assert page.url == assessment_url
    # PANOC-YC20 scored from the saved answers: no positive outcomes (a concern), one negative (item 14).
    scores = page.get_by_label("Questionnaire scores")
    expect(scores.locator(".govuk-summary-list__row", has_text="PANOC-YC20 positive")).to_contain_text(
        "0 out of 20: a concern"
    )
    expect(scores.locator(".govuk-summary-list__row", has_text="PANOC-YC20 negative")).to_have_text(
        "PANOC-YC20 negative outcomes 1 out of 20", use_inner_text=True
    )
