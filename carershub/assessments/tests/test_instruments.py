"""The questionnaires' wording: neutral placeholder text in the repository, the licensed text from the deployment's
file, and a clear configuration error for a broken file."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from pytest_django.fixtures import Settings

from carershub.assessments.instruments import QuestionnaireText, questionnaire_text
from carershub.assessments.rules.panoc import PANOC_ITEMS

PLACEHOLDER_FILE = Path(__file__).resolve().parents[1] / "questionnaires" / "placeholder.json"


def licensed_file(**changes: Any) -> dict[str, Any]:
    """The shape of a deployment's licensed file, with made-up wording standing in for the real text."""
    document: dict[str, Any] = {
        "questionnaires": {
            "maca_yc18": {
                "title": "MACA",
                "stem": "Stem A",
                "answer_labels": ["No", "Sometimes", "Often"],
                "items": [f"Licensed caring activity {number}" for number in range(1, 19)],
            },
            "panoc_yc20": {
                "title": "PANOC",
                "stem": "Stem B",
                "answer_labels": ["No", "Sometimes", "Often"],
                "items": [f"Licensed outcome {number}" for number in range(1, 21)],
                "safety_items": [9, 13],
            },
        }
    }
    for name, entry in changes.items():
        document["questionnaires"][name] |= entry
    return document


UseFile = Callable[[dict[str, Any] | str], str]


@pytest.fixture
def use_file(settings: Settings, tmp_path: Path) -> UseFile:
    """Point the setting at a file with this content; returns its path."""

    def write(content: dict[str, Any] | str) -> str:
        path = tmp_path / "questionnaires.json"
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
        settings.CARERSHUB_QUESTIONNAIRE_TEXT_FILE = str(path)
        return str(path)

    return write


def test_the_default_is_the_placeholder_file_with_both_questionnaires() -> None:
    maca = questionnaire_text("maca_yc18")
    panoc = questionnaire_text("panoc_yc20")

    assert (maca.title, len(maca.items), maca.placeholder) == ("Caring activities (MACA-YC18)", 18, True)
    assert (panoc.title, len(panoc.items), panoc.placeholder) == ("Outcomes of caring (PANOC-YC20)", 20, True)
    assert maca.answer_labels == panoc.answer_labels == ("Never", "Some of the time", "A lot of the time")


def test_placeholder_items_are_neutral_and_do_not_reproduce_the_copyrighted_wording() -> None:
    for name in ("maca_yc18", "panoc_yc20"):
        text = questionnaire_text(name)
        for number, item in enumerate(text.items, start=1):
            assert item.startswith(f"Placeholder item {number} (")
            assert item.endswith("Load the licensed text to show the real question.")
        assert text.stem.startswith("Placeholder question stem:")


def test_the_placeholder_file_sets_placeholder_panoc_safety_items_and_says_the_deployment_must_set_its_own() -> None:
    document = json.loads(PLACEHOLDER_FILE.read_text(encoding="utf-8"))

    assert questionnaire_text("panoc_yc20").safety_items == {14, 17}
    assert questionnaire_text("maca_yc18").safety_items == frozenset()
    assert "the deployment must set the real item numbers" in document["note"]


def test_a_deployments_licensed_file_replaces_the_placeholder(use_file: UseFile) -> None:
    use_file(licensed_file())

    assert questionnaire_text("panoc_yc20") == QuestionnaireText(
        name="panoc_yc20",
        title="PANOC",
        stem="Stem B",
        items=tuple(f"Licensed outcome {number}" for number in range(1, 21)),
        answer_labels=("No", "Sometimes", "Often"),
        safety_items=frozenset({9, 13}),
        placeholder=False,
    )


def test_an_unknown_questionnaire_is_refused() -> None:
    with pytest.raises(ValueError, match="There is no questionnaire called 'maca_yc42'"):
        questionnaire_text("maca_yc42")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        pytest.param("{not json", "it is not valid JSON", id="not JSON"),
        pytest.param({"maca_yc18": {}}, 'it needs a "questionnaires" object', id="no questionnaires"),
        pytest.param(
            {"questionnaires": {"maca_yc18": licensed_file()["questionnaires"]["maca_yc18"]}},
            '"questionnaires.panoc_yc20" is missing or not an object',
            id="a questionnaire missing",
        ),
        pytest.param(
            licensed_file(maca_yc18={"items": ["An item"] * 17}),
            '"questionnaires.maca_yc18.items" must have 18 entries, not 17',
            id="too few items",
        ),
        pytest.param(
            licensed_file(panoc_yc20={"items": ["An item"] * 19 + [""]}),
            '"questionnaires.panoc_yc20.items.20" must be non-empty text',
            id="an empty item",
        ),
        pytest.param(
            licensed_file(panoc_yc20={"answer_labels": ["Never", "Always"]}),
            '"questionnaires.panoc_yc20.answer_labels" must have 3 entries, not 2',
            id="two answer labels",
        ),
        pytest.param(
            licensed_file(maca_yc18={"title": 7}),
            '"questionnaires.maca_yc18.title" must be non-empty text',
            id="a title that is not text",
        ),
        pytest.param(
            licensed_file(panoc_yc20={"safety_items": [PANOC_ITEMS + 1]}),
            '"questionnaires.panoc_yc20.safety_items" must list item numbers from 1 to 20',
            id="a safety item past the end",
        ),
        pytest.param(
            licensed_file(panoc_yc20={"safety_items": [0]}),
            '"questionnaires.panoc_yc20.safety_items" must list item numbers from 1 to 20',
            id="safety item 0",
        ),
        pytest.param(
            licensed_file(panoc_yc20={"safety_items": ["14"]}),
            '"questionnaires.panoc_yc20.safety_items" must list item numbers from 1 to 20',
            id="a safety item as text",
        ),
        pytest.param(
            licensed_file(panoc_yc20={"placeholder": "no"}),
            '"questionnaires.panoc_yc20.placeholder" must be true or false',
            id="placeholder not a boolean",
        ),
    ],
)
def test_a_broken_file_is_a_configuration_error_naming_the_file_and_the_problem(
    use_file: UseFile, content: dict[str, Any] | str, problem: str
) -> None:
    path = use_file(content)

    with pytest.raises(ImproperlyConfigured) as raised:
        questionnaire_text("maca_yc18")

    assert str(raised.value).startswith(
        f"The questionnaire text file {path} (CARERSHUB_QUESTIONNAIRE_TEXT_FILE) is broken: {problem}"
    )


def test_a_missing_file_is_a_configuration_error(settings: Settings, tmp_path: Path) -> None:
    settings.CARERSHUB_QUESTIONNAIRE_TEXT_FILE = str(tmp_path / "absent.json")

    with pytest.raises(ImproperlyConfigured, match=r"absent\.json .* is broken: it cannot be read"):
        questionnaire_text("panoc_yc20")


def test_a_broken_questionnaire_file_fails_the_deployment_check(settings: Settings, tmp_path: Path) -> None:
    from carershub.assessments.checks import questionnaire_text_file_is_valid

    assert questionnaire_text_file_is_valid(None) == []  # the shipped placeholder file is valid
    broken = tmp_path / "questionnaires.json"
    broken.write_text("{not json", encoding="utf-8")
    settings.CARERSHUB_QUESTIONNAIRE_TEXT_FILE = str(broken)

    errors = questionnaire_text_file_is_valid(None)

    assert [error.id for error in errors] == ["assessments.E001"]
    assert str(broken) in errors[0].msg
