"""Forms for the assessment pages: one per section, and the decisions on an assessment.

A section form's cleaned_data is stored as the section's answers, so every value is JSON-serialisable: strings
("yes"/"no" for yes-no questions), lists of strings for checkboxes, integers for questionnaire answers and ISO
dates. Saving as a draft skips the required-answer checks (work in progress is never lost); completing a section
applies them.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar, Final

from django import forms

from carershub.assessments.instruments import questionnaire_text
from carershub.assessments.models import Assessment
from carershub.assessments.rules.eligibility import (
    LIMB_LABELS,
    OUTCOME_LABELS,
    WELLBEING_DOMAIN_LABELS,
    Limb,
    Outcome,
    WellbeingDomain,
)
from carershub.assessments.selectors.assessment import MAX_CHILDREN
from carershub.assessments.services.assessment import child_prefix
from carershub.core.forms import GovukDateField
from carershub.people.models import Consent
from carershub.people.rules import age_on

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


# Care Act 2014 s.10 ------------------------------------------------------------------------------------------------


class CaringRoleForm(SectionForm):
    able_now = yes_no(
        "Is the carer able to provide care now?",
        hint="Care Act 2014 s.10(5)(a). Think about their health, other commitments and what the care involves.",
    )
    able_in_future = yes_no(
        "Is the carer likely to stay able to provide care?", hint="Care Act 2014 s.10(5)(a).", choices=YES_NO_NOT_SURE
    )
    willing_now = yes_no("Is the carer willing to provide care now?", hint="Care Act 2014 s.10(5)(b).")
    willing_in_future = yes_no(
        "Is the carer likely to stay willing to provide care?",
        hint="Care Act 2014 s.10(5)(b).",
        choices=YES_NO_NOT_SURE,
    )
    details = text("Describe the care they give and how they feel about continuing", required=False)


class WellbeingForm(SectionForm):
    domains = checkboxes(
        "Which areas of the carer's well-being does caring affect?",
        WELLBEING_CHOICES,
        hint="Care Act 2014 s.1(2) and s.10(5)(c). Select all that apply.",
    )
    impact = text("Describe the impact on the carer's well-being")


class OutcomesWishedForm(SectionForm):
    outcomes_wished = text(
        "What does the carer want to achieve in their day-to-day life?", hint="Care Act 2014 s.10(5)(d)."
    )
    support_could_help = text("Could support help them achieve this, and how far?", hint="Care Act 2014 s.10(5)(e).")


class WorkEducationForm(SectionForm):
    works = yes_no(
        "Does the carer work, or want to?",
        hint="Care Act 2014 s.10(6)(a).",
        choices=(("works", "Works"), ("wishes_to", "Does not work but would like to"), (NO, "Does not want to work")),
    )
    education = yes_no(
        "Does the carer take part in education, training or recreation, or want to?",
        hint="Care Act 2014 s.10(6)(b).",
        choices=(("takes_part", "Takes part"), ("wishes_to", "Would like to"), (NO, "Does not want to")),
    )
    details = text("Tell us more about their work, learning and time for themselves", required=False)


class InvolvementForm(SectionForm):
    carer_involved = yes_no("Was the carer involved in the assessment?", hint="Care Act 2014 s.10(7)(a).")
    others_requested = text(
        "Who did the carer ask you to involve, and were they involved?",
        hint="Care Act 2014 s.10(7)(b). Write 'Nobody' if the carer did not ask for anyone.",
    )
    information_in_advance = yes_no(
        "Was information about the assessment given beforehand, in a format the carer could use?",
        hint="Care and Support (Assessment) Regulations 2014 reg 3.",
    )
    supported_self_assessment_offered = yes_no(
        "Was the carer asked whether they wanted a supported self-assessment?",
        hint="Care and Support (Assessment) Regulations 2014 reg 2.",
    )


class OtherHelpForm(SectionForm):
    other_matters = text(
        "Apart from support, what else could help the carer achieve their outcomes?",
        hint="Care Act 2014 s.10(8)(a). For example family, friends, or changes at work.",
    )
    community_and_prevention = text(
        "Would the carer benefit from information and advice, preventive services or something in the community?",
        hint="Care Act 2014 s.10(8)(b), s.2 and s.4.",
    )


class EligibilityOutcomesForm(SectionForm):
    """The eight outcomes of reg 3(2)(b), each with the limbs of reg 3(3) that apply (none ticked = achievable)."""

    notes = text("Notes on the outcomes", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        outcome_fields: dict[str, forms.Field] = {
            f"outcome_{outcome.value}": checkboxes(
                OUTCOME_LABELS[outcome],
                LIMB_CHOICES,
                hint="Tick why the carer is unable to achieve this. Leave blank if they can achieve it.",
            )
            for outcome in Outcome
        }
        self.fields = {**outcome_fields, "notes": self.fields["notes"]}


def outcome_limbs(answers: Mapping[str, Any]) -> dict[Outcome, frozenset[Limb]]:
    """The limbs recorded for each outcome in the eight outcomes section's answers."""
    return {
        outcome: frozenset(Limb(limb) for limb in answers.get(f"outcome_{outcome.value}") or []) for outcome in Outcome
    }


class HealthForm(SectionForm):
    health_at_risk = yes_no(
        "Is the carer's physical or mental health getting worse, or at risk of getting worse, because of caring?",
        hint="Care and Support (Eligibility Criteria) Regulations 2015 reg 3(2)(a).",
    )
    details = text("Describe the carer's health", required=False)


class NecessaryCareForm(SectionForm):
    necessary_care = yes_no(
        "Is the carer providing necessary care?",
        hint="Care and Support (Eligibility Criteria) Regulations 2015 reg 3(1)(a). Care is necessary when the "
        "person cared for cannot do the activity themselves, whether or not their own needs are eligible.",
    )
    details = text("Explain your answer", required=False)


class FluctuatingNeedsForm(SectionForm):
    required_when: ClassVar[Mapping[str, tuple[str, str]]] = {"period_considered": ("needs_fluctuate", YES)}

    needs_fluctuate = yes_no(
        "Do the carer's needs change over time?",
        hint="Care and Support (Eligibility Criteria) Regulations 2015 reg 3(4).",
    )
    period_considered = text(
        "Over what period did you look at their needs, and how do they change?",
        hint="Long enough to establish the level of need accurately.",
    )


ADULT_AGE: Final = 18


def _child_fields(number: int) -> dict[str, forms.Field]:
    prefix, whose = child_prefix(number), ("Child's" if number == 1 else f"Child {number}'s")
    return {
        f"{prefix}given_name": forms.CharField(
            label=f"{whose} first name",
            max_length=100,
            required=False,
            error_messages={"required": f"Enter {whose.lower()} first name"},
        ),
        f"{prefix}family_name": forms.CharField(
            label=f"{whose} last name",
            max_length=100,
            required=False,
            error_messages={"required": f"Enter {whose.lower()} last name"},
        ),
        f"{prefix}date_of_birth": GovukDateField(
            label=f"{whose} date of birth",
            help_text="For example, 27 3 2012",
            subject=f"{whose} date of birth",
            required=False,
            error_messages={"required": f"Enter {whose.lower()} date of birth"},
        ),
        f"{prefix}tasks": text(
            f"What does {'the child' if number == 1 else f'child {number}'} do, and how does it affect their "
            "well-being, education and development?",
            hint="Care and Support (Assessment) Regulations 2014 reg 4(3)(a)-(b). Say if any tasks are inappropriate.",
            required=False,
        ),
    }


CHILD_PARTS: Final = ("given_name", "family_name", "date_of_birth", "tasks")


class WholeFamilyForm(SectionForm):
    """reg 4(3): children involved in providing care (up to three). Their details let us raise a young carer's
    referral for each."""

    required_when: ClassVar[Mapping[str, tuple[str, str]]] = {
        **{f"child_{part}": ("child_involved", YES) for part in CHILD_PARTS},
        "referral_consent_given_by": ("child_involved", YES),
    }
    # Asked only when a child is involved and a parent or guardian agreed to the referrals (checked in `clean`).
    on_behalf_fields: ClassVar[tuple[str, ...]] = (
        "referral_consent_given_by_name",
        "referral_consent_given_by_relationship",
    )

    child_involved = yes_no(
        "Is a child involved in providing care?",
        hint="Care and Support (Assessment) Regulations 2014 reg 4(3). A child is anyone under 18.",
    )

    referral_consent_given_by = yes_no(
        "Who agreed to the children being referred to young carers' support?",
        hint="We will raise a young carer's referral for each child (Children Act 1989 s.17ZA).",
        choices=(
            (Consent.GivenBy.PARENT_OR_GUARDIAN.value, "A parent or guardian"),
            (Consent.GivenBy.SELF.value, "The child themselves (16 or over)"),
            (Consent.GivenBy.COMPETENCE_JUDGEMENT.value, "The child, judged competent to decide"),
        ),
    )
    referral_consent_given_by_name = forms.CharField(
        label="Name of the parent or guardian who agreed",
        help_text="Often the carer being assessed.",
        max_length=150,  # as the consent record keeps it
        error_messages={"required": "Enter the name of the parent or guardian who agreed"},
    )
    referral_consent_given_by_relationship = forms.CharField(
        label="What are they to the children?",
        help_text="For example, mother, father or guardian.",
        max_length=100,
        error_messages={"required": "Enter what the parent or guardian who agreed is to the children"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each child's questions, in order, between "is a child involved" and who agreed to the referrals. None is
        # required by the field itself: the first child's answers are required when a child is involved
        # (`required_when`), another child's once any of their answers is given (`clean`).
        consent = {name: self.fields.pop(name) for name in list(self.fields) if name.startswith("referral_")}
        for number in range(1, MAX_CHILDREN + 1):
            self.fields.update(_child_fields(number))
        self.fields.update(consent)
        for name in self.on_behalf_fields:
            self.fields[name].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        child_involved = cleaned.get("child_involved") == YES
        on_behalf = cleaned.get("referral_consent_given_by") == Consent.GivenBy.PARENT_OR_GUARDIAN.value
        if child_involved and on_behalf and not self.draft:
            for name in self.on_behalf_fields:
                if not cleaned.get(name):
                    self.add_error(name, str(self.fields[name].error_messages["required"]))
        today = date.today()  # noqa: DTZ011 (a date of birth is a local calendar date)
        for number in range(1, MAX_CHILDREN + 1):
            prefix = child_prefix(number)
            born = self.cleaned_data.get(f"{prefix}date_of_birth")
            if isinstance(born, date):
                if born >= today:
                    self.add_error(f"{prefix}date_of_birth", self._dob_label(number) + " must be in the past")
                elif age_on(born, today) >= ADULT_AGE:
                    self.add_error(
                        f"{prefix}date_of_birth",
                        f"{self._dob_label(number)} must be less than {ADULT_AGE} years ago: a child is anyone "
                        "under 18",
                    )
            if number > 1 and not self.draft and child_involved:
                given = [part for part in CHILD_PARTS if cleaned.get(f"{prefix}{part}")]
                for part in CHILD_PARTS:
                    if given and part not in given:
                        field = self.fields[f"{prefix}{part}"]
                        self.add_error(f"{prefix}{part}", str(field.error_messages["required"]))
        return cleaned

    @staticmethod
    def _dob_label(number: int) -> str:
        return "Child's date of birth" if number == 1 else f"Child {number}'s date of birth"


# Children Act 1989 s.17ZA: young carer's needs assessment ---------------------------------------------------------


class CareProvidedForm(SectionForm):
    amount = text(
        "How much care does the young carer give?",
        hint="Young Carers (Needs Assessments) Regulations 2015 reg 4(2)(a). For example, hours a day or week.",
    )
    nature_and_type = text(
        "What kind of care is it?", hint="Reg 4(2)(a). For example personal care, emotional support, housework."
    )
    family_reliance = text(
        "How much does the family, including the wider family, rely on this care?", hint="Reg 4(2)(b)."
    )


class YoungCarerImpactForm(SectionForm):
    wellbeing = text("How does caring affect the young carer's well-being?", hint="Reg 4(2)(c).")
    education = text("How does caring affect their education?", hint="Reg 4(2)(c).")
    development = text("How does caring affect their development?", hint="Reg 4(2)(c).")


class TasksAppropriateForm(SectionForm):
    required_when: ClassVar[Mapping[str, tuple[str, str]]] = {
        "which_tasks_and_why": ("excessive_or_inappropriate", YES)
    }

    excessive_or_inappropriate = yes_no(
        "Are any tasks excessive or inappropriate for the young carer?",
        hint="Young Carers (Needs Assessments) Regulations 2015 reg 4(2)(d).",
    )
    which_tasks_and_why = text(
        "Which tasks, and why?",
        hint="Consider the young carer's age, sex, and wishes and feelings.",
    )
    appropriate_to_continue = yes_no(
        "Is it appropriate for the young carer to provide, or continue to provide, this care?",
        hint="Children Act 1989 s.17ZA(7), in the light of their needs, other needs and wishes.",
    )
    reasons = text("Explain your answer")


class YoungCarerParticipationForm(SectionForm):
    education_training_recreation = text(
        "Does the young carer take part in education, training or recreation, or want to?",
        hint="Children Act 1989 s.17ZA(8).",
    )
    work = text("Does the young carer work, or want to?", hint="Children Act 1989 s.17ZA(8).", required=False)


class YoungCarerViewsForm(SectionForm):
    wishes_and_feelings = text(
        "What are the young carer's wishes, feelings and preferences?",
        hint="Young Carers (Needs Assessments) Regulations 2015 reg 2(2)(b).",
    )
    outcomes_sought = text("What does the young carer want from this assessment?", hint="Reg 2(2)(d).")
    differences_of_opinion = text(
        "Are there differences of opinion about the care between the young carer, their parents and the person "
        "cared for?",
        hint="Reg 2(2)(c). Write 'None' if there are none.",
    )


class YoungCarerInvolvementForm(SectionForm):
    involved = text(
        "Who was involved in the assessment?",
        hint="Children Act 1989 s.17ZA(9): the young carer, their parents and anyone they asked for.",
    )
    information_in_advance = yes_no(
        "Was information about the assessment given beforehand, in a format the young carer could use?",
        hint="Young Carers (Needs Assessments) Regulations 2015 reg 2(3)-(5).",
    )
    record_recipients = text(
        "Who should get a copy of the written record?",
        hint="Children Act 1989 s.17ZA(10): the young carer, their parents and anyone they asked for.",
    )


class ChildInNeedForm(SectionForm):
    cared_for_under_18 = yes_no("Is the person cared for under 18?")
    child_in_need = yes_no(
        "Is the person cared for a child in need?",
        hint="Children Act 1989 s.17ZA(11). Answer only if they are under 18.",
        choices=(*YES_NO, ("not_applicable", "Not applicable: they are 18 or over")),
    )
    required_when: ClassVar[Mapping[str, tuple[str, str]]] = {"child_in_need": ("cared_for_under_18", YES)}


class QuestionnaireForm(SectionForm):
    """A young carer's questionnaire: one radio question per item, answers stored by item number (item_1, ...).

    The wording is loaded when the form is built (it is licensed, so it is not in the repository).
    """

    questionnaire: ClassVar[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        text_ = questionnaire_text(self.questionnaire)  # type: ignore[arg-type]
        choices = tuple((str(score), label) for score, label in enumerate(text_.answer_labels))
        for number, item in enumerate(text_.items, start=1):
            field = forms.TypedChoiceField(
                label=f"{number}. {item}",
                choices=choices,
                coerce=int,
                required=not self.draft,
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
                error_messages={"required": f"Select an answer to question {number}"},
            )
            self.fields[item_field(number)] = field
        self.stem = text_.stem
        self.title = text_.title
        self.placeholder = text_.placeholder


def item_field(number: int) -> str:
    return f"item_{number}"


def questionnaire_responses(answers: Mapping[str, Any], items: int) -> list[int] | None:
    """The answers in item order, or None while any item is unanswered."""
    responses = [answers.get(item_field(number)) for number in range(1, items + 1)]
    if any(not isinstance(response, int) for response in responses):
        return None
    return [int(response) for response in responses if response is not None]


class MacaForm(QuestionnaireForm):
    questionnaire = "maca_yc18"


class PanocForm(QuestionnaireForm):
    questionnaire = "panoc_yc20"


# Children Act 1989 s.17ZD: parent carer's needs assessment ---------------------------------------------------------


class ParentCaringRoleForm(SectionForm):
    appropriate_to_continue = yes_no(
        "Is it appropriate for the parent to provide, or continue to provide, care?",
        hint="Children Act 1989 s.17ZD, in the light of their needs for support, other needs and wishes.",
    )
    reasons = text("Explain your answer")


class ParentWellbeingForm(SectionForm):
    domains = checkboxes(
        "Which areas of the parent carer's well-being does caring affect?",
        WELLBEING_CHOICES,
        hint="Children Act 1989 s.17ZD; well-being as in Care Act 2014 s.1(2). Select all that apply.",
    )
    impact = text("Describe the impact on the parent carer's well-being")


class ChildrenWelfareForm(SectionForm):
    disabled_child = text(
        "How can the welfare of the disabled child be safeguarded and promoted?", hint="Children Act 1989 s.17ZD."
    )
    other_children = text(
        "What about any other children the parent has parental responsibility for?",
        hint="Children Act 1989 s.17ZD. Write 'None' if there are none.",
    )


class ParentInvolvementForm(SectionForm):
    involved = text(
        "Who was involved in the assessment?",
        hint="Children Act 1989 s.17ZD: the parent carer, the disabled child and anyone the parent asked for.",
    )


# Care Act 2014 s.60-s.64: transition assessments -------------------------------------------------------------------


class TransitionCaringRoleForm(SectionForm):
    able_now = yes_no("Is the carer able to provide care now?", hint="Care Act 2014 s.61(2)(a) and s.64(1)(a).")
    able_after_18 = yes_no(
        "Is the carer likely to be able to provide care after 18?",
        hint="After the cared-for child turns 18 (s.61), or after the young carer turns 18 (s.64).",
        choices=YES_NO_NOT_SURE,
    )
    willing_now = yes_no("Is the carer willing to provide care now?", hint="Care Act 2014 s.61(2)(b) and s.64(1)(b).")
    willing_after_18 = yes_no("Is the carer likely to be willing to provide care after 18?", choices=YES_NO_NOT_SURE)
    details = text("Tell us more", required=False)


class NeedsAfter18Form(SectionForm):
    likely_needs = text("What needs for support is the carer likely to have after 18?")
    domains = checkboxes(
        "Which areas of well-being are those needs likely to affect?",
        WELLBEING_CHOICES,
        hint="Care Act 2014 s.1(2), s.61(2)(c) and s.64(1)(c). Select all that apply.",
    )


class TransitionInvolvementForm(SectionForm):
    involved = text(
        "Who was involved in the assessment?",
        hint="Care Act 2014 s.61(3): the carer and anyone they asked for; s.64(3): the young carer, their parents "
        "and anyone they asked for.",
    )


SECTION_FORMS: Final[Mapping[str, type[SectionForm]]] = {
    "caring_role": CaringRoleForm,
    "wellbeing": WellbeingForm,
    "outcomes_wished": OutcomesWishedForm,
    "work_education": WorkEducationForm,
    "involvement": InvolvementForm,
    "other_help": OtherHelpForm,
    "eligibility_outcomes": EligibilityOutcomesForm,
    "health": HealthForm,
    "necessary_care": NecessaryCareForm,
    "fluctuating_needs": FluctuatingNeedsForm,
    "whole_family": WholeFamilyForm,
    "care_provided": CareProvidedForm,
    "young_carer_impact": YoungCarerImpactForm,
    "tasks_appropriate": TasksAppropriateForm,
    "young_carer_participation": YoungCarerParticipationForm,
    "young_carer_views": YoungCarerViewsForm,
    "young_carer_involvement": YoungCarerInvolvementForm,
    "child_in_need": ChildInNeedForm,
    "maca_yc18": MacaForm,
    "panoc_yc20": PanocForm,
    "parent_caring_role": ParentCaringRoleForm,
    "parent_wellbeing": ParentWellbeingForm,
    "children_welfare": ChildrenWelfareForm,
    "parent_involvement": ParentInvolvementForm,
    "transition_caring_role": TransitionCaringRoleForm,
    "needs_after_18": NeedsAfter18Form,
    "transition_involvement": TransitionInvolvementForm,
}


# The decisions on an assessment ------------------------------------------------------------------------------------

KIND_CHOICES: Final = tuple((kind.value, kind.label) for kind in Assessment.Kind)


class StartAssessmentForm(forms.Form):
    """Which assessment to start, for whom, and how. The suggested kind comes from the law's routing (§3.0)."""

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
