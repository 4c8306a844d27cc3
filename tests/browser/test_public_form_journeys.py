"""The public forms' conditional questions in a real browser: with JavaScript a follow-up shows only while its
answer is chosen, and without it (the page's scripts not arriving) every follow-up is simply shown; "None of these"
unticks the other answers. axe-core checks the pages in each state."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from carershub.organisations.models import Area
from carershub.organisations.tests.factories import AreaFactory, GPPracticeFactory, ProviderFactory, SchoolFactory
from carershub.referrals.models import Cohort, RoutingRule

AssertAccessible = Callable[[Page], None]


@pytest.fixture
def area(transactional_db: None) -> Area:
    area: Area = AreaFactory.create(name="Millvale", slug="millvale")
    centre = ProviderFactory.create(name="Millvale Carers Centre", slug="millvale-carers-centre", areas=[area])
    RoutingRule.objects.create(area=area, cohort=Cohort.ADULT, provider=centre)
    RoutingRule.objects.create(area=area, cohort=Cohort.YOUNG, provider=centre)
    SchoolFactory.create(area=area, name="Millvale Primary School", urn="800001")
    GPPracticeFactory.create(area=area, name="Station Road Surgery", ods_code="M00001")
    return area


@pytest.mark.browser
def test_follow_up_questions_show_only_under_the_answer_chosen(
    page: Page, live_server: LiveServer, area: Area, assert_accessible: AssertAccessible
) -> None:
    page.goto(f"{live_server.url}/refer-a-carer/{area.slug}/")
    where_from = page.get_by_role("group", name="Where are you referring from?")
    who_agreed = page.get_by_role("group", name="Who agreed?")
    school = page.get_by_label("Your school")
    practice = page.get_by_label("Your GP practice")
    hospital = page.get_by_label("Hospital and ward or team")
    parents_name = page.get_by_label("If a parent or guardian agreed: their full name")
    for follow_up in (school, practice, hospital, parents_name):
        expect(follow_up).to_be_hidden()
    assert_accessible(page)

    where_from.get_by_label("School", exact=True).check()
    expect(school).to_be_visible()
    expect(where_from.get_by_label("School", exact=True)).to_have_attribute("aria-controls", "conditional-id_source_0")
    where_from.get_by_label("GP practice", exact=True).check()
    expect(school).to_be_hidden()
    expect(practice).to_be_visible()
    where_from.get_by_label("Family member or friend").check()
    expect(practice).to_be_hidden()
    who_agreed.get_by_label("A parent or guardian", exact=True).check()
    expect(parents_name).to_be_visible()
    expect(page.get_by_label("If a parent or guardian agreed: who they are to the carer")).to_be_visible()
    assert_accessible(page)  # no aria-expanded on the radios (ARIA does not allow it there)
    who_agreed.get_by_label("The carer", exact=True).check()
    expect(parents_name).to_be_hidden()


@pytest.mark.browser
def test_without_javascript_every_follow_up_is_shown(
    page: Page, live_server: LiveServer, area: Area, assert_accessible: AssertAccessible
) -> None:
    # The page's scripts do not arrive (blocked, or a failed download): nothing may stay hidden.
    page.route("**/static/dist/init.js", lambda route: route.abort())
    page.goto(f"{live_server.url}/refer-a-carer/{area.slug}/")

    for label in (
        "Your school",
        "Your GP practice",
        "Hospital and ward or team",
        "If a parent or guardian agreed: their full name",
        "If a parent or guardian agreed: who they are to the carer",
    ):
        expect(page.get_by_label(label)).to_be_visible()
    assert_accessible(page)


@pytest.mark.browser
def test_none_of_these_unticks_the_other_answers(
    page: Page, live_server: LiveServer, area: Area, assert_accessible: AssertAccessible
) -> None:
    page.goto(f"{live_server.url}/am-i-a-carer/{area.slug}/looking-after-someone/")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Why do they need help?")
    answers = page.get_by_role("checkbox")
    first, none_of_these = answers.first, page.get_by_label("None of these")

    first.check()
    none_of_these.check()
    expect(first).not_to_be_checked()
    first.check()
    expect(none_of_these).not_to_be_checked()
    assert_accessible(page)
