"""A self-referral from the "Am I a carer?" pages to the provider's inbox, end to end in a real browser.

A member of the public finds out they are a carer and asks for support; the request is routed by the area's rules, and
the carers centre's practitioner signs in (password and security code), finds it in their inbox and accepts it, which
starts the carer's record. The first question works with the keyboard alone, and an empty form shows the error summary
with focus on it. axe-core checks every page visited.
"""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from carershub.referrals.models import Referral
from tests.browser.referral_pages import (
    AssertAccessible,
    ReferralArea,
    continue_,
    fill_in_a_date,
    inbox_row,
    open_inbox,
    set_up_referral_area,
    sign_in,
    summary_value,
)


@pytest.fixture
def referral_area(transactional_db: None) -> ReferralArea:
    return set_up_referral_area()


def answer_the_questions_as_an_adult_carer(
    page: Page, live_server: LiveServer, assert_accessible: AssertAccessible
) -> None:
    """From the way in to the result: someone looking after their mother, who has dementia."""
    page.goto(f"{live_server.url}/am-i-a-carer/")  # one area takes self-referrals, so straight to its start page
    expect(page.get_by_role("heading", level=1)).to_have_text("Am I a carer?")
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()

    expect(page.get_by_role("group", name="Do you look after, or help, someone who could not manage")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Yes", exact=True).check()
    continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Why do they need help?")
    assert_accessible(page)
    page.get_by_label("Dementia").check()
    continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("What do you help with?")
    assert_accessible(page)
    page.get_by_label("Medication").check()
    page.get_by_label("Cooking, cleaning and shopping").check()
    continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("How old are you?")
    assert_accessible(page)
    page.get_by_label("18 or over").check()
    continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("You are probably a carer")
    assert_accessible(page)


def test_a_self_referral_is_routed_to_the_carers_centre_accepted_and_starts_the_carers_record(
    page: Page, live_server: LiveServer, referral_area: ReferralArea, assert_accessible: AssertAccessible
) -> None:
    # A member of the public finds out they are a carer and asks for support.
    answer_the_questions_as_an_adult_carer(page, live_server, assert_accessible)
    page.get_by_role("button", name="Ask for support").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for support")
    assert_accessible(page)
    # "First name" and "Last name" are asked twice: about you, then about the person you look after.
    page.get_by_label("First name").nth(0).fill("Sam")
    page.get_by_label("Last name").nth(0).fill("Rivers")
    fill_in_a_date(page.get_by_role("group", name="Date of birth", exact=True), date(1975, 6, 14))
    page.get_by_label("Phone number").fill("07700 900 982")
    page.get_by_label("Phone call").check()
    page.get_by_label("Text message").check()
    page.get_by_label("First name").nth(1).fill("Jo")
    page.get_by_label("Last name").nth(1).fill("Rivers")
    fill_in_a_date(page.get_by_role("group", name="Date of birth (optional)"), date(1950, 3, 2))
    page.get_by_label("Parent", exact=True).check()
    page.get_by_label("What support would you like?").fill("Someone to talk to, and a break now and then.")
    page.get_by_label("I agree to Carers Hub and the carers' support services in Millvale").check()
    continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending")
    assert_accessible(page)
    expect(summary_value(page, "Name")).to_have_text("Sam Rivers")  # the first "Name" is about you
    expect(summary_value(page, "Date of birth")).to_have_text("14 June 1975")
    page.get_by_role("button", name="Accept and send").click()

    panel = page.locator(".govuk-panel")
    expect(panel.get_by_role("heading", level=1)).to_have_text("Request sent")
    assert_accessible(page)
    reference = panel.locator("strong").inner_text().strip()
    assert re.fullmatch(r"R[0-9A-Z]{8}", reference), reference

    # The carers centre's practitioner finds it in their inbox and accepts it.
    sign_in(page, live_server, referral_area.carers_centre_practitioner, assert_accessible)
    open_inbox(page, assert_accessible)
    row = inbox_row(page, reference)
    expect(row).to_contain_text("Sam Rivers")
    expect(row).to_contain_text("Adult carers")
    expect(row).to_contain_text("The carer themselves")
    row.get_by_role("link", name=reference).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    assert_accessible(page)
    expect(summary_value(page, "Provider")).to_have_text("Millvale Carers Centre")
    expect(summary_value(page, "Source")).to_have_text("The carer themselves")
    page.get_by_role("button", name="Accept referral").click()

    banner = page.get_by_role("alert")
    expect(banner).to_contain_text(f"Referral {reference} accepted: Millvale Carers Centre now has a case open")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accepted")
    assert_accessible(page)

    # The carer's record now holds their details and what happened.
    page.get_by_role("link", name="Sam Rivers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam Rivers")
    assert_accessible(page)
    expect(summary_value(page, "Name")).to_have_text("Sam Rivers")
    expect(summary_value(page, "Date of birth")).to_contain_text("14 June 1975")
    expect(summary_value(page, "Phone")).to_have_text("07700900982")  # stored without spaces
    expect(page.get_by_role("table", name="People Sam Rivers cares for")).to_contain_text("Jo Rivers")
    timeline = page.locator(".moj-timeline").get_by_role("heading", level=3)
    expect(timeline.first).to_have_text(f"Referral {reference} accepted by Millvale Carers Centre")  # newest first
    expect(
        timeline.filter(has_text="Referred by the carer themselves; routed to Millvale Carers Centre")
    ).to_have_count(1)
    assert Referral.objects.get(reference=reference).status == Referral.Status.ACCEPTED


def test_the_first_question_can_be_answered_with_the_keyboard_alone(
    page: Page, live_server: LiveServer, referral_area: ReferralArea, assert_accessible: AssertAccessible
) -> None:
    page.goto(f"{live_server.url}/am-i-a-carer/millvale/looking-after-someone/")
    assert_accessible(page)
    yes = page.get_by_label("Yes", exact=True)
    for _ in range(10):  # Tab forward until the first answer has focus, as a keyboard user would
        page.keyboard.press("Tab")
        if yes.evaluate("element => element === document.activeElement"):
            break
    expect(yes).to_be_focused()
    page.keyboard.press("Space")
    expect(yes).to_be_checked()
    page.keyboard.press("Tab")  # out of the radio group, to the button
    expect(page.get_by_role("button", name="Continue")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/am-i-a-carer/millvale/why-they-need-help/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Why do they need help?")
    assert_accessible(page)


def test_sending_the_self_referral_form_empty_shows_the_error_summary_with_focus_on_it(
    page: Page, live_server: LiveServer, referral_area: ReferralArea, assert_accessible: AssertAccessible
) -> None:
    answer_the_questions_as_an_adult_carer(page, live_server, assert_accessible)
    page.get_by_role("button", name="Ask for support").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for support")
    assert_accessible(page)

    continue_(page)

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    expect(page).to_have_title("Error: Ask for support \N{EN DASH} Carers Hub")
    expect(summary.get_by_role("link", name="Enter your first name")).to_be_visible()
    expect(summary.get_by_role("link", name="Select the box to say you agree, so that we can help you")).to_be_visible()
    assert_accessible(page)
    summary.get_by_role("link", name="Enter your first name").click()
    expect(page.get_by_label("First name").nth(0)).to_be_focused()
    assert not Referral.objects.exists()
