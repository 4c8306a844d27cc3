"""Forms for the decisions on an assessment: starting it, its determination, sign-off, closing it, and
acknowledging a safety alert."""

from collections.abc import Mapping
from typing import Any, Final

from django import forms

from carershub.assessments.forms.section_fields import WELLBEING_CHOICES, YES_NO_NOT_SURE, checkboxes, text, yes_no
from carershub.assessments.models import Assessment

KIND_CHOICES: Final = tuple((kind.value, kind.label) for kind in Assessment.Kind)


class StartAssessmentForm(forms.Form):
    """Which assessment to start, for whom, and how. The suggested kind follows the carer's and the cared-for
    person's ages and parental responsibility (rules.routes)."""

    kind = forms.ChoiceField(
        label="Which assessment are you starting?",
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which assessment you are starting"},
    )
    cared_for = forms.TypedChoiceField(
        label="Who does the carer care for?",
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    method = forms.ChoiceField(
        label="How will the assessment be carried out?",
        choices=Assessment.Method.choices,
        initial=Assessment.Method.FACE_TO_FACE,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the assessment will be carried out"},
    )
    kind_override_reason = text(
        "If you chose a different assessment from the one suggested, why?",
        hint="The suggestion follows the carer's and the cared-for person's ages and parental responsibility.",
        required=False,
        rows=3,
    )

    def __init__(self, *args: Any, cared_for_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cared_for"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101
        field.choices = cared_for_choices
        if not cared_for_choices:
            del self.fields["cared_for"]


def _significant_impact_field() -> forms.ChoiceField:
    return yes_no(
        "Is there, or is there likely to be, a significant impact on the carer's well-being?",
        hint="Care and Support (Eligibility Criteria) Regulations 2015 reg 3(1)(c). 'Significant' has its everyday "
        "meaning: a significant impact on one area of well-being, or a cumulative one across several.",
    )


class DeterminationForm(forms.Form):
    """The decision an assessment leads to. Subclasses ask the questions of each statute."""

    reasons = text(
        "Reasons for the decision",
        hint="These go in the written record the carer is given (Care Act 2014 s.13(2)). Use plain English.",
        rows=6,
    )
    advice_and_information = text(
        "Advice and information for the carer",
        hint="Required when no needs are eligible (Care Act 2014 s.13(5)): what can be done to meet or reduce the "
        "carer's needs, and to prevent or delay needs developing.",
        required=False,
        rows=6,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The statute's questions first, then the reasons and the advice that follow from the answers.
        self.order_fields([name for name in self.fields if name not in ("reasons", "advice_and_information")])


class CarerDeterminationForm(DeterminationForm):
    significant_impact = _significant_impact_field()
    wellbeing_domains = checkboxes(
        "Which areas of the carer's well-being are significantly affected?",
        WELLBEING_CHOICES,
        hint="Care Act 2014 s.1(2). Select all that apply.",
    )


class YoungCarerDecisionForm(DeterminationForm):
    has_needs = yes_no(
        "Does the young carer have needs for support in relation to the care they provide?",
        hint="Children Act 1989 s.17ZC(a).",
    )
    could_be_met = yes_no(
        "Could those needs be met, wholly or partly, by services under section 17?",
        hint="Children Act 1989 s.17ZC(b). Answer if they have needs for support.",
    )
    will_provide = yes_no(
        "Will the council provide those services?", hint="Children Act 1989 s.17ZC(c). Answer if they could."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["could_be_met"].required = False
        self.fields["will_provide"].required = False


class ParentCarerDecisionForm(DeterminationForm):
    has_needs = yes_no("Does the parent carer have needs for support?", hint="Children Act 1989 s.17ZF(a).")
    child_has_needs = yes_no("Does the disabled child have needs for support?", hint="Children Act 1989 s.17ZF(b).")
    could_be_met = yes_no("Could those needs be met by services under section 17?", hint="s.17ZF(c).")
    will_provide = yes_no("Will the council provide those services?", hint="s.17ZF(d).")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["could_be_met"].required = False
        self.fields["will_provide"].required = False


class TransitionDecisionForm(DeterminationForm):
    likely_eligible = yes_no(
        "Are any of the carer's likely needs after 18 likely to be eligible?",
        hint="Care Act 2014 s.61(5) and s.64(5): give an indication of likely eligibility.",
        choices=YES_NO_NOT_SURE,
    )
    likely_eligible_needs = text("Which needs are likely to be eligible?", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["advice_and_information"].help_text = (
            "Care Act 2014 s.61(5) and s.64(5): advice and information about what can be done to meet or reduce "
            "the needs, and to prevent or delay them."
        )


DETERMINATION_FORMS: Final[Mapping[str, type[DeterminationForm]]] = {
    Assessment.Kind.CARERS: CarerDeterminationForm,
    Assessment.Kind.YOUNG_CARERS_NEEDS: YoungCarerDecisionForm,
    Assessment.Kind.PARENT_CARERS_NEEDS: ParentCarerDecisionForm,
    Assessment.Kind.YOUNG_CARER_TRANSITION: TransitionDecisionForm,
    Assessment.Kind.CHILD_CARER_TRANSITION: TransitionDecisionForm,
}


class ReturnForChangesForm(forms.Form):
    note = text("What needs to change?", hint="The assessor sees this note on the assessment.")


class RefuseAssessmentForm(forms.Form):
    reason = text(
        "What did the carer say about refusing the assessment?",
        hint="Care Act 2014 s.11. The duty to assess returns if they ask later or their circumstances change.",
    )


class DeclineRequestForm(forms.Form):
    reasons = text(
        "Why is the request for a transition assessment declined?",
        hint="Care Act 2014 s.60(6) and s.63(5): these written reasons go to the person who asked.",
    )
    advice_and_information = text(
        "Advice and information",
        hint="What can be done to prevent or delay the development of needs for support.",
    )


class AcknowledgeAlertForm(forms.Form):
    action_taken = text(
        "What have you done about this answer?",
        hint="For example: spoke with the young carer today, made a safeguarding referral, informed their GP.",
        rows=3,
    )
