"""The wording of the young carers' questionnaires (MACA-YC18 and PANOC-YC20), loaded from the deployment's file.

The wording is copyright (Joseph, Becker and Becker 2009, "All rights reserved"), so it is not in this repository.
Answers are stored and scored by item number (`assessments.rules`); the text shown to the young carer comes from the
JSON file named by settings.CARERSHUB_QUESTIONNAIRE_TEXT_FILE. The default file holds neutral placeholder text; a
deployment with the authors' permission writes its own file of the same shape:

    {"note": "...", "questionnaires": {
        "maca_yc18": {"title": str, "stem": str, "answer_labels": [3 str], "items": [18 str],
                      "safety_items": [int, ...], "placeholder": bool},
        "panoc_yc20": {... "items": [20 str], "safety_items": [item numbers that raise an alert], ...}}}

Which PANOC-YC20 items are safety items (any answer but "never" alerts the practitioner at once) is set in the file,
so the deployment that holds the licensed wording decides it. The file is read once per process and path; a broken
file raises ImproperlyConfigured naming the problem.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from carershub.assessments.rules.maca import MACA_ITEMS
from carershub.assessments.rules.panoc import PANOC_ITEMS
from carershub.assessments.rules.responses import ANSWER_SCORES

QuestionnaireName = Literal["maca_yc18", "panoc_yc20"]
ITEM_COUNTS: Mapping[QuestionnaireName, int] = MappingProxyType({"maca_yc18": MACA_ITEMS, "panoc_yc20": PANOC_ITEMS})


@dataclass(frozen=True)
class QuestionnaireText:
    name: str
    title: str
    stem: str
    items: tuple[str, ...]  # items[0] is item 1
    answer_labels: tuple[str, str, str]  # for the answers 0, 1 and 2
    safety_items: frozenset[int]  # 1-based item numbers
    placeholder: bool  # True for the neutral text shipped in the repository


def questionnaire_text(name: QuestionnaireName) -> QuestionnaireText:
    """The title, stem, items and answer labels of one questionnaire, from the deployment's file."""
    if name not in ITEM_COUNTS:
        raise ValueError(f"There is no questionnaire called {name!r}: use one of {', '.join(ITEM_COUNTS)}")
    return _questionnaires(str(settings.CARERSHUB_QUESTIONNAIRE_TEXT_FILE))[name]


@lru_cache(maxsize=4)
def _questionnaires(path: str) -> Mapping[str, QuestionnaireText]:
    try:
        with open(path, encoding="utf-8") as file:
            document = json.load(file)
    except OSError as error:
        raise _broken(path, f"it cannot be read ({error.strerror})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise _broken(path, f"it is not valid JSON ({error})") from None
    questionnaires = document.get("questionnaires") if isinstance(document, dict) else None
    if not isinstance(questionnaires, dict):
        raise _broken(path, 'it needs a "questionnaires" object')
    return MappingProxyType(
        {name: _questionnaire(path, name, questionnaires.get(name), items) for name, items in ITEM_COUNTS.items()}
    )


def _questionnaire(path: str, name: str, entry: Any, item_count: int) -> QuestionnaireText:
    where = f"questionnaires.{name}"
    if not isinstance(entry, dict):
        raise _broken(path, f'"{where}" is missing or not an object')
    title = _text(path, f"{where}.title", entry.get("title"))
    stem = _text(path, f"{where}.stem", entry.get("stem"))
    items = _texts(path, f"{where}.items", entry.get("items"), count=item_count)
    labels = _texts(path, f"{where}.answer_labels", entry.get("answer_labels"), count=len(ANSWER_SCORES))
    safety_items = entry.get("safety_items", [])
    if not isinstance(safety_items, list) or not all(
        type(item) is int and 1 <= item <= item_count for item in safety_items
    ):
        raise _broken(path, f'"{where}.safety_items" must list item numbers from 1 to {item_count}')
    placeholder = entry.get("placeholder", False)
    if not isinstance(placeholder, bool):
        raise _broken(path, f'"{where}.placeholder" must be true or false')
    return QuestionnaireText(
        name=name,
        title=title,
        stem=stem,
        items=items,
        answer_labels=(labels[0], labels[1], labels[2]),
        safety_items=frozenset(safety_items),
        placeholder=placeholder,
    )


def _text(path: str, where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _broken(path, f'"{where}" must be non-empty text')
    return value


def _texts(path: str, where: str, values: Any, *, count: int) -> tuple[str, ...]:
    if not isinstance(values, list):
        raise _broken(path, f'"{where}" must be a list of {count} texts')
    if len(values) != count:
        raise _broken(path, f'"{where}" must have {count} entries, not {len(values)}')
    return tuple(_text(path, f"{where}.{number}", value) for number, value in enumerate(values, start=1))


def _broken(path: str, problem: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(
        f"The questionnaire text file {path} (CARERSHUB_QUESTIONNAIRE_TEXT_FILE) is broken: {problem}."
    )
