"""The GOV.UK form renderer's markup matches govuk-frontend's own fixtures, tag for tag and attribute for attribute."""

import json
from functools import cache
from pathlib import Path

import pytest

from carershub.core.tests.fixture_cases_choices import CHOICE_CASES
from carershub.core.tests.fixture_cases_inputs import INPUT_CASES
from carershub.core.tests.govuk import FixtureCase, canonical

GOVUK_COMPONENTS = (
    Path(__file__).resolve().parents[3] / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "components"
)


@cache
def _fixtures(component: str) -> dict[str, str]:
    path = GOVUK_COMPONENTS / component / "fixtures.json"
    if not path.is_file():
        pytest.fail(f"govuk-frontend's fixtures are missing: {path} does not exist. Run `npm ci` (or `make setup`).")
    return {fixture["name"]: fixture["html"] for fixture in json.loads(path.read_text())["fixtures"]}


def govuk_fixture(component: str, name: str) -> str:
    fixtures = _fixtures(component)
    if name not in fixtures:
        pytest.fail(f"govuk-frontend has no {component} fixture called {name!r}; has the package changed?")
    return fixtures[name]


FIXTURE_CASES = [*INPUT_CASES, *CHOICE_CASES]


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in FIXTURE_CASES])
def test_markup_matches_the_govuk_frontend_fixture(case: FixtureCase) -> None:
    """Our markup is GOV.UK's, tag for tag and attribute for attribute.

    The only translation is of ids and names where Django's conventions are the interface: options are numbered
    `x_0`, `x_1` (GOV.UK: `x`, `x-2`) and date boxes are `<name>_day` (GOV.UK: `<name>-day`).
    """
    expected = canonical(govuk_fixture(case.component, case.fixture), case.id_renames, case.name_renames)

    assert canonical(case.render()) == expected


def test_canonical_html_still_tells_apart_markup_that_differs() -> None:
    fixture = govuk_fixture("input", "default")

    assert canonical(fixture) == canonical(fixture.replace('class="govuk-input"', 'class="govuk-input  "'))
    assert canonical(fixture) != canonical(fixture.replace("govuk-input", "govuk-input--error"))
    assert canonical(fixture) != canonical(fixture.replace('type="text"', 'type="text" required'))
