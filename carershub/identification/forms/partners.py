"""Recording an engagement with a GP practice or school. The form checks the shape; `record_engagement` the rules."""

from django import forms

from carershub.core.forms import GovukDateField
from carershub.identification.models import EngagementActivity

NOTES_MAX_LENGTH = 2000
CARERS_IDENTIFIED_MAX = 10_000


class EngagementForm(forms.Form):
    occurred_on = GovukDateField(
        label="When did it happen?", subject="Date of the activity", help_text="For example, 27 3 2025"
    )
    kind = forms.ChoiceField(
        label="What kind of activity was it?",
        choices=EngagementActivity.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of activity it was"},
    )
    carers_identified = forms.IntegerField(
        label="How many carers were identified?",
        help_text="Carers newly found through this activity: added to a carers register, referred, or given advice. "
        "Enter 0 if none.",
        min_value=0,
        max_value=CARERS_IDENTIFIED_MAX,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4", "spellcheck": "false"}),
        error_messages={
            "required": "Enter how many carers were identified, or 0",
            "invalid": "Carers identified must be a whole number, like 3",
            "min_value": "Carers identified must be 0 or more",
            "max_value": f"Carers identified must be {CARERS_IDENTIFIED_MAX:,} or fewer",
        },
    )
    notes = forms.CharField(
        label="Notes (optional)",
        help_text="What was done and what was agreed. Do not include the names or details of carers or patients.",
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Notes must be {NOTES_MAX_LENGTH:,} characters or fewer"},
    )
