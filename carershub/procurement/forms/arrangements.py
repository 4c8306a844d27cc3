"""Forms the lead authority uses to run an arrangement: questionnaire, participants, extensions, windows, notices."""

from typing import Any

from django import forms

from carershub.core.forms import GovukDateField
from carershub.organisations.models import Organisation
from carershub.procurement.models import (
    ArrangementParticipant,
    Notice,
    Question,
)


class QuestionForm(forms.Form):
    """A question the lead authority adds to the quality questionnaire. Never a price (entry is on quality)."""

    kind = forms.ChoiceField(
        label="Kind of question",
        choices=Question.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of question"},
    )
    text = forms.CharField(label="Question", widget=forms.Textarea(attrs={"rows": 3}))
    guidance = forms.CharField(label="Guidance for suppliers", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    weight = forms.IntegerField(label="Weight (scored questions)", min_value=0, max_value=100, required=False)
    max_mark = forms.IntegerField(label="Maximum mark (scored questions)", min_value=0, max_value=100, required=False)
    minimum_mark = forms.IntegerField(label="Minimum mark to pass (scored questions)", min_value=0, required=False)


class ParticipantForm(forms.Form):
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label="Authority", queryset=Organisation.objects.none(), error_messages={"required": "Select the authority"}
    )
    kind = forms.ChoiceField(
        label="Joins as",
        choices=[
            (ArrangementParticipant.Kind.COUNCIL, ArrangementParticipant.Kind.COUNCIL.label),
            (ArrangementParticipant.Kind.HEALTH_PARTNER, ArrangementParticipant.Kind.HEALTH_PARTNER.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the authority joins"},
    )
    joined_on = GovukDateField(label="Joined on")

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class LeaveForm(forms.Form):
    left_on = GovukDateField(label="Left on")


class ExtensionDecisionForm(forms.Form):
    option_number = forms.IntegerField(label="Extension option", min_value=1, max_value=10)
    is_taken = forms.ChoiceField(
        label="Decision",
        choices=[("yes", "Take the extension"), ("no", "Do not extend")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    decided_on = GovukDateField(label="Decided on")
    agreed_by: forms.ModelMultipleChoiceField[Organisation] = forms.ModelMultipleChoiceField(
        label="Authorities that agreed",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the authorities that agreed"},
    )
    decision_maker = forms.CharField(
        label="Who decided", help_text="For example, the Head of Children's Social Care under delegated authority"
    )
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreed_by"].queryset = organisations  # type: ignore[attr-defined]


class WindowForm(forms.Form):
    opens_on = GovukDateField(label="Opens on")
    closes_on = GovukDateField(
        label="Closes on", required=False, help_text="Leave blank for a dynamic market, which is open at any time"
    )
    assessment_date = GovukDateField(label="Applications assessed on")


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label="Notice", choices=Notice.Kind.choices)
    reference = forms.CharField(label="Notice reference", max_length=100)
    published_on = GovukDateField(label="Published on")
    url = forms.URLField(label="Link to the notice", required=False)
