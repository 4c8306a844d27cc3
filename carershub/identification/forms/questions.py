"""The public "Am I a carer?" questions, one per page (GOV.UK question pages): each form has one field, shown with
its question as the page's heading (identification/forms/question.html)."""

from collections.abc import Sequence
from typing import Any, Final

from django import forms

from carershub.identification.rules import AgeBand, LooksAfterSomeone
from carershub.people.models import CaringRelationship

NONE_OF_THESE: Final = "none"


class LookingAfterForm(forms.Form):
    looking_after = forms.ChoiceField(
        label="Do you look after, or help, someone who could not manage without you?",
        help_text="This could be a family member, partner or friend. Do not count anything you are paid to do, or do "
        "as a volunteer.",
        choices=[
            (LooksAfterSomeone.YES.value, "Yes"),
            (LooksAfterSomeone.NO.value, "No"),
            (LooksAfterSomeone.NOT_SURE.value, "I'm not sure"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes, no or I'm not sure"},
    )


class NoneOfTheseCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose "None of these" unticks the others, and the others it (GOV.UK Frontend's exclusive
    behaviour, started by its Checkboxes component); without JavaScript the form says when both are chosen."""

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(name, value, *args, **kwargs)
        if value == NONE_OF_THESE:
            option["attrs"] = {**option["attrs"], "data-behaviour": "exclusive"}
        return option


class _ChecklistForm(forms.Form):
    """One checkboxes question whose last answer, "None of these", cannot be chosen with the others."""

    field_name: str
    missing_message: str

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen: list[str] = cleaned.get(self.field_name) or []
        if NONE_OF_THESE in chosen and len(chosen) > 1:
            self.add_error(self.field_name, self.missing_message)
        return cleaned

    def answers(self) -> list[str]:
        """What was chosen, without "None of these"."""
        return [value for value in self.cleaned_data[self.field_name] if value != NONE_OF_THESE]

    @classmethod
    def initial_for(cls, answers: Sequence[str] | None) -> dict[str, list[str]]:
        """The boxes to show ticked for answers already given (none given shows "None of these")."""
        if answers is None:
            return {}
        return {cls.field_name: list(answers) or [NONE_OF_THESE]}


class ConditionsForm(_ChecklistForm):
    field_name = "conditions"
    missing_message = "Select why they need help, or select 'None of these'"

    conditions = forms.MultipleChoiceField(
        label="Why do they need help?",
        help_text="Select all that apply.",
        choices=[*CaringRelationship.Condition.choices, (NONE_OF_THESE, "None of these")],
        widget=NoneOfTheseCheckboxes,
        error_messages={"required": missing_message, "invalid_choice": missing_message},
    )


class CareTasksForm(_ChecklistForm):
    field_name = "care_tasks"
    missing_message = "Select what you help with, or select 'None of these'"

    care_tasks = forms.MultipleChoiceField(
        label="What do you help with?",
        help_text="Select all that apply.",
        choices=[*CaringRelationship.CareTask.choices, (NONE_OF_THESE, "None of these")],
        widget=NoneOfTheseCheckboxes,
        error_messages={"required": missing_message, "invalid_choice": missing_message},
    )


class AgeForm(forms.Form):
    age_band = forms.ChoiceField(
        label="How old are you?",
        choices=[(AgeBand.UNDER_18.value, "Under 18"), (AgeBand.ADULT.value, "18 or over")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how old you are"},
    )
