"""Start-up checks: a deployment's questionnaire text file must be readable before anyone relies on it."""

from typing import Any

from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured

from carershub.assessments.instruments import QuestionnaireName, questionnaire_text


@register()
def questionnaire_text_file_is_valid(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """A broken CARERSHUB_QUESTIONNAIRE_TEXT_FILE fails `manage.py check` at deploy time, not mid-assessment."""
    errors: list[CheckMessage] = []
    names: tuple[QuestionnaireName, ...] = ("maca_yc18", "panoc_yc20")
    for name in names:
        try:
            questionnaire_text(name)
        except ImproperlyConfigured as problem:
            errors.append(Error(str(problem), id="assessments.E001"))
            break
    return errors
