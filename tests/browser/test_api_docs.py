"""The API documentation page (/api/docs, Swagger UI served by django-ninja with our template, templates/ninja/
swagger.html) passes axe with no violation of any impact: collapsed, with operations expanded, and ready to try."""

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def violations(axe: Axe, page: Page) -> list[dict[str, Any]]:
    results = axe.run(page, options={"runOnly": RULES})
    return [
        {"id": violation["id"], "impact": violation["impact"], "nodes": [n["target"] for n in violation["nodes"]]}
        for violation in results.response["violations"]
    ]


@pytest.mark.browser
def test_the_api_documentation_passes_axe(page: Page, live_server: LiveServer, axe: Axe) -> None:
    page.goto(f"{live_server.url}/api/docs")
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Carers Hub API")
    operations = page.locator(".opblock-summary-control")
    expect(operations.first).to_be_visible(timeout=20_000)
    expect(page.get_by_role("heading", level=2, name="Operations")).to_be_visible()  # the outline runs h1, h2, h3
    assert violations(axe, page) == []
    # No link inside the button that expands an operation (a nested interactive control and a 19-pixel target).
    assert page.locator(".opblock-summary-control a[href]").count() == 0

    operations.first.click()  # a GET with its responses
    page.locator(".opblock-post .opblock-summary-control").first.click()  # a POST with an example body
    page.get_by_role("button", name="Try it out").first.click()
    expect(page.get_by_role("button", name="Execute")).to_be_visible()
    expect(page.get_by_role("region", name="Responses of GET /api/v1/organisation")).to_be_visible()
    expect(page.locator("table[role='region']:not([aria-label])")).to_have_count(0)
    expect(page.locator("pre.microlight:not([tabindex])")).to_have_count(0)
    assert violations(axe, page) == []
