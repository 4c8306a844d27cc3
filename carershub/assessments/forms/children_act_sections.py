"""The sections of a young carer's needs assessment (Children Act 1989 s.17ZA; Young Carers (Needs Assessments)
Regulations 2015), with its questionnaires, and of a parent carer's needs assessment (s.17ZD)."""

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms

from carershub.assessments.forms.section_fields import (
    WELLBEING_CHOICES,
    YES,
    YES_NO,
    SectionForm,
    checkboxes,
    text,
    yes_no,
)
from carershub.assessments.instruments import questionnaire_text


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
