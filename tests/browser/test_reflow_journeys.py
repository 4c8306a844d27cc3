"""Reflow at 320 px (WCAG 2.2 1.4.10) over the main pages of each kind of user, with the demo area's data (the
small scale) so that tables are as wide as they are in use: no page scrolls sideways; wide tables scroll inside their
own keyboard-focusable pane (.moj-scrollable-pane, a named region), and so do the commissioning charts, whose axis
labels are never cut off. Each user visits every page in their menu and the first page of each kind those pages
link to."""

import re
from collections.abc import Callable

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from carershub.commissioning.models import Contract

AssertAccessible = Callable[[Page], None]
DEMO_PASSWORD = "carers-hub-demo"
# Caseworkers, a commissioner, a supplier and an administrator: between them, every page in the staff menu.
USERS = ("manager", "young-carers", "commissioner", "supplier", "admin")
# Links not to follow: downloads and anything that is not a page.
NOT_PAGES = re.compile(r"logout|pdf|export|csv|print|/api/|/admin/|\.(?:ics|json|xlsx|ods|zip|xml)$")
LINKS_IN_MAIN = "els => els.map(e => e.getAttribute('href'))"
STICKING_OUT = """() => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .filter((e) => !e.closest('.moj-scrollable-pane'))
    .slice(0, 3)
    .map((e) => e.tagName + '.' + e.className)"""


# Chart text (axis labels, bar labels, the legend) that reaches outside its figure, where it would be cut off.
CUT_OFF_CHART_TEXT = """() => [...document.querySelectorAll('figure.app-chart-figure')].flatMap((figure) => {
    const box = figure.getBoundingClientRect();
    return [...figure.querySelectorAll('svg.app-chart text')]
        .filter((text) => {
            const r = text.getBoundingClientRect();
            return r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5
                || r.bottom > box.bottom + 0.5;
        })
        .map((text) => text.textContent);
})"""


def cut_off_chart_text(page: Page) -> list[str]:
    cut_off: list[str] = page.evaluate(CUT_OFF_CHART_TEXT)
    return [page.url, *cut_off] if cut_off else []


def sideways(page: Page) -> list[str]:
    """What makes the page wider than the window, or nothing."""
    if page.evaluate("document.scrollingElement.scrollWidth") <= page.viewport_size["width"]:  # type: ignore[index]
        return []
    return [page.url, *page.evaluate(STICKING_OUT)]


def sign_in(page: Page, live_server: LiveServer, user: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(f"{user}@carershub.example")
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/")  # seeded demo accounts skip MFA in demo mode


@pytest.mark.browser
def test_no_page_scrolls_sideways_at_320_pixels_and_no_chart_label_is_cut_off(
    page: Page, live_server: LiveServer, assert_accessible: AssertAccessible, settings: Settings
) -> None:
    settings.DEMO_MODE = True
    call_command("seed_demo", "--scale", "small", verbosity=0)
    # The commissioning charts: a contract's years, its demand and its KPIs.
    contract = Contract.objects.order_by("pk").first()
    assert contract is not None
    charts_of = [f"/commissioning/contracts/{contract.reference}/{page}" for page in ("", "demand/", "kpis/")]
    page.set_viewport_size({"width": 320, "height": 640})
    problems: list[list[str]] = []
    visited = charts = 0

    for path in ("/am-i-a-carer/", "/refer-a-carer/", "/find-support/", "/accounts/login/"):
        page.goto(f"{live_server.url}{path}")
        problems.append(sideways(page))
    for user in USERS:
        sign_in(page, live_server, user)
        menu = page.get_by_role("navigation", name="Menu").get_by_role("link")
        pages = ["/", *[href for href in menu.evaluate_all(LINKS_IN_MAIN) if href]]
        if user == "commissioner":
            pages += charts_of
        kinds: set[str] = set()
        for path in list(pages):
            page.goto(f"{live_server.url}{path}")
            for href in page.locator("main a[href^='/']").evaluate_all(LINKS_IN_MAIN):
                link = href.split("#")[0]
                kind = re.sub(r"[A-Z0-9-]*\d[A-Z0-9-]*", "N", link.split("?")[0])
                if link and kind not in kinds and not NOT_PAGES.search(link):
                    kinds.add(kind)
                    pages.append(link)
        for path in dict.fromkeys(pages):
            response = page.goto(f"{live_server.url}{path}")
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            visited += 1
            problems.append(sideways(page))
            problems.append(cut_off_chart_text(page))
            charts += page.locator("svg.app-chart").count()
        assert_accessible(page)  # the last page each user saw, at 320 px
        page.get_by_role("banner").get_by_role("button", name="Sign out").click()

    assert [problem for problem in problems if problem] == []
    assert visited >= 40  # every user saw their menu and the pages it leads to
    assert charts >= 4  # the commissioning charts (contract years, demand, KPIs) were among them
