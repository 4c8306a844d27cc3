"""Browser tests: Playwright drives Debian's Chromium against a live server; axe-core checks every page visited.

Playwright's sync API runs an event loop in the test thread, so Django's "no ORM inside an event loop" guard is
relaxed for these tests only (the ORM calls are ordinary blocking calls in the test thread).
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
# What Chromium reports when the document under a running script is replaced by the next page's.
NAVIGATION_SIGNS = ("Execution context was destroyed", "reading 'documentElement'", "navigation")
NAVIGATION_RETRIES = 2
# Chromium as root in a container, with no network beyond loopback (see the machine notes).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Journeys that mostly wait on the clock (the idle time-out's warnings): they start first of the browser tests, so that
# with pytest-xdist the other worker carries on with the rest instead of waiting for them at the end of the run.
WAIT_ON_THE_CLOCK = ("test_timeout_journeys.py",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the browser tests, and move the ones that wait on the clock to the head of them.

    pytest-django has already put the tests with a transactional database (the browser tests among them) after the
    others; this keeps that order between the groups and changes it only among the browser tests.
    """
    browser = [item for item in items if Path(str(item.fspath)).is_relative_to(Path(__file__).parent)]
    for item in browser:
        item.add_marker(pytest.mark.browser)
    if not browser:
        return
    first = items.index(browser[0])
    waiting = [item for item in browser if Path(str(item.fspath)).name in WAIT_ON_THE_CLOCK]
    rest = [item for item in items[first:] if item not in waiting]
    items[first:] = [*waiting, *rest]


@pytest.fixture(autouse=True)
def _database_as_migrated(_migrated_data: str, transactional_db: None) -> None:
    """Start every browser test with the database as the migrations left it.

    A live server needs a transactional database, which is emptied after each test and then given new content
    types and permissions: without this, only the first browser test would find the practitioner role, for
    instance. (Django's serialized rollback cannot do it here: it looks for the data on the test thread's
    connection object, and once Playwright's event loop runs in the thread, asgiref hands the thread another one.)
    """
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(_migrated_data)
    ContentType.objects.clear_cache()  # it may hold the ids given after the last emptying


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is required for browser tests: apt-get install -y chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    csp_violations: list[str] = []

    def watch_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            csp_violations.append(message.text)

    page.on("console", watch_console)
    yield page
    context.close()
    assert csp_violations == [], "the page broke its Content Security Policy"


@pytest.fixture(scope="session")
def axe() -> Axe:
    assert AXE_SCRIPT.exists(), "axe-core is installed by `make setup` (npm ci)"
    checker: Axe = Axe.from_file(AXE_SCRIPT)
    return checker


def serious_violations(axe: Axe, page: Page) -> list[dict[str, Any]]:
    """axe-core violations of serious or critical impact on the page as it is now."""
    results = axe.run(
        page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}
    )
    violations: list[dict[str, Any]] = results.response["violations"]
    return [
        {"id": violation["id"], "impact": violation["impact"], "nodes": [n["target"] for n in violation["nodes"]]}
        for violation in violations
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def settled(page: Page) -> Page:
    """The page once a navigation started by the step before (a click on a link or a button) has finished.

    A click returns as soon as the browser has acted on it, so the next page may still be loading: axe run then finds
    no document (CI saw "Cannot read properties of null (reading 'documentElement')"), or checks the page being left.
    Waiting for the load event of the page now in the tab checks the page the journey actually reached.
    """
    page.wait_for_load_state("load")
    page.wait_for_function("document.readyState === 'complete' && document.documentElement !== null")
    return page


@pytest.fixture
def assert_accessible(axe: Axe) -> Any:
    """Call with a page: fails listing every serious or critical axe-core violation."""

    def check(page: Page) -> None:
        for attempt in range(NAVIGATION_RETRIES + 1):
            try:
                violations = serious_violations(axe, settled(page))
                break
            except PlaywrightError as error:
                # A navigation began while axe was reading the page (the click had not yet taken effect when the
                # page looked loaded): check the page it led to instead. Any other error is a real failure.
                if attempt == NAVIGATION_RETRIES or not any(sign in str(error) for sign in NAVIGATION_SIGNS):
                    raise
        assert violations == [], f"{page.url}: {violations}"

    return check
