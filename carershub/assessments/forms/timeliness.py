"""Forms for the team pages: the assessment list's filters, reviews and transition decisions. They check the shape of
what was sent; the services enforce the rules."""

from typing import Any, TypedDict, cast

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from carershub.accounts.models import User
from carershub.assessments.models import Assessment, TransitionPrompt
from carershub.assessments.selectors.timeliness import LISTED_STATUSES

REASON_MAX_LENGTH = 2000


class ListFilters(TypedDict):
    statuses: list[str]
    overdue_only: bool
    assessor_id: int | None


class AssessorChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.email


class AssessmentListFilterForm(forms.Form):
    """The list's filters, sent by GET so that a filtered list can be bookmarked and works without JavaScript."""

    status = forms.MultipleChoiceField(
        label="Status",
        choices=[(status.value, status.label) for status in LISTED_STATUSES],
        required=False,
        help_text="Open assessments when none is selected.",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
    )
    overdue = forms.BooleanField(
        label="Only overdue",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "govuk-checkboxes--small"}),
    )
    assessor = AssessorChoiceField(label="Assessor", queryset=User.objects.none(), required=False, empty_label="Anyone")

    def __init__(self, query: QueryDict, *, assessors: QuerySet[User]) -> None:
        # A value that is not one of the choices (a hand-edited address, an assessor who has since finished) is
        # dropped rather than shown as an error: the list is still worth showing.
        data = QueryDict(mutable=True)
        data.setlist("status", [value for value in query.getlist("status") if value in Assessment.Status.values])
        if query.get("overdue"):
            data["overdue"] = "on"
        assessor = query.get("assessor", "")
        if isinstance(assessor, str) and assessor.isdigit():
            data["assessor"] = assessor
        super().__init__(data)
        cast(AssessorChoiceField, self.fields["assessor"]).queryset = assessors

    def filters(self) -> ListFilters:
        """The filters to apply, as keyword arguments of `team_assessments`."""
        # Only the assessor can be invalid here (one who no longer has open assessments): then the list shows
        # everyone's, and the other filters still apply.
        self.is_valid()
        assessor: User | None = self.cleaned_data.get("assessor")
        return {
            "statuses": list(self.cleaned_data["status"]),
            "overdue_only": bool(self.cleaned_data["overdue"]),
            "assessor_id": assessor.pk if assessor is not None else None,
        }


def _reason_field(label: str, required_message: str, *, help_text: str = "", name: str = "Reason") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=REASON_MAX_LENGTH,
        error_messages={
            "required": required_message,
            "max_length": f"{name} must be {REASON_MAX_LENGTH} characters or fewer",
        },
    )


class CompleteReviewForm(forms.Form):
    notes = _reason_field(
        "What did the review find?",
        "Enter what the review found",
        help_text="Whether the support is still meeting the carer's needs and what changes, if any, were agreed. "
        "A change in needs means a new assessment rather than a review.",
        name="Notes",
    )


class CancelReviewForm(forms.Form):
    reason = _reason_field(
        "Why are you cancelling this review?",
        "Enter why the review is being cancelled",
        help_text="For example, the carer has stopped caring or has moved away.",
    )


class RequestReviewForm(forms.Form):
    reason = _reason_field(
        "What did the carer ask for?",
        "Enter what the carer asked for and why",
        help_text="The council must review a support plan when the carer, or someone on their behalf, reasonably "
        "asks for it (Care Act 2014 s.27(1)(b)).",
    )


class DecidePromptForm(forms.Form):
    decision = forms.ChoiceField(
        label="",
        choices=TransitionPrompt.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes or no", "invalid_choice": "Select yes or no"},
    )
    reasons = _reason_field("Reasons for the decision", "Enter the reasons for the decision", name="Reasons")

    def __init__(self, *args: Any, prompt: TransitionPrompt, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision = self.fields["decision"]
        reasons = self.fields["reasons"]
        if prompt.kind == TransitionPrompt.Kind.TREAT_AS_CARERS_ASSESSMENT:
            decision.label = "Should the young carer's assessment be treated as a carer's assessment when they turn 18?"
            decision.help_text = (
                "Care Act 2014 s.64 (Explanatory Notes para 394): consider when the assessment was carried out and "
                "whether the young carer's circumstances have changed since."
            )
            reasons.help_text = "Say when the assessment was done and what, if anything, has changed."
        else:
            decision.label = "Should a young carer's transition assessment be carried out?"
            decision.help_text = (
                "Care Act 2014 s.63: when the young carer is likely to have needs for support after turning 18 and "
                "an assessment now would be of significant benefit to them. This is a professional judgement, not "
                "an age rule."
            )
            reasons.help_text = (
                "Say whether they are likely to need support after 18 and why an assessment now would, or would not, "
                "be of significant benefit."
            )
