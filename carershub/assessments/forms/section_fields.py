"""The building blocks of an assessment's section forms: the base form and the kinds of question they ask.

A section form's cleaned_data is stored as the section's answers, so every value is JSON-serialisable: strings
("yes"/"no" for yes-no questions), lists of strings for checkboxes, integers for questionnaire answers and ISO
dates. Saving as a draft skips the required-answer checks (work in progress is never lost); completing a section
applies them.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar, Final

from django import forms

from carershub.assessments.rules.eligibility import LIMB_LABELS, WELLBEING_DOMAIN_LABELS, Limb, WellbeingDomain

TEXT_MAX_LENGTH: Final = 5000
YES: Final = "yes"
NO: Final = "no"
YES_NO: Final = ((YES, "Yes"), (NO, "No"))
YES_NO_NOT_SURE: Final = ((YES, "Yes"), (NO, "No"), ("not_sure", "Not sure"))
WELLBEING_CHOICES: Final = tuple((domain.value, WELLBEING_DOMAIN_LABELS[domain]) for domain in WellbeingDomain)
LIMB_CHOICES: Final = tuple((limb.value, LIMB_LABELS[limb]) for limb in Limb)


def yes_no(label: str, *, hint: str = "", choices: tuple[tuple[str, str], ...] = YES_NO) -> forms.ChoiceField:
    """A question answered with radios; the error names the question."""
    return forms.ChoiceField(
        label=label,
        help_text=hint,
        choices=choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"} if len(choices) <= 3 else {}),
        error_messages={"required": f"Select an answer to: {label}"},
    )


def text(label: str, *, hint: str = "", required: bool = True, rows: int = 4) -> forms.CharField:
    """A free-text answer in a GOV.UK textarea."""
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Enter an answer to: {label}",
            "max_length": f"Answer must be {TEXT_MAX_LENGTH} characters or fewer",
        },
    )


def checkboxes(label: str, choices: tuple[tuple[str, str], ...], *, hint: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        help_text=hint,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class SectionForm(forms.Form):
    """A section of an assessment. `draft=True` keeps what was typed without insisting on every answer.

    `required_when` names answers that become required when another answer has a given value, e.g. the details of
    a child who helps with caring only when a child is involved.
    """

    required_when: ClassVar[Mapping[str, tuple[str, str]]] = {}

    def __init__(self, *args: Any, draft: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.draft = draft
        for name, field in self.fields.items():
            if name in self.required_when:
                field.required = False
            if draft:
                field.required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.draft:
            for name, (other, value) in self.required_when.items():
                if cleaned.get(other) == value and not cleaned.get(name):
                    field = self.fields[name]
                    self.add_error(name, str(field.error_messages["required"]))
        return {name: _serialisable(value) for name, value in cleaned.items()}


def _serialisable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value
