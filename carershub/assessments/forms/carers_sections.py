"""The sections of a carer's assessment (Care Act 2014 s.10; Care and Support (Assessment) Regulations 2014; Care and
Support (Eligibility Criteria) Regulations 2015), including the whole-family check."""

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar, Final

from django import forms

from carershub.assessments.forms.section_fields import (
    LIMB_CHOICES,
    NO,
    WELLBEING_CHOICES,
    YES,
    YES_NO_NOT_SURE,
    SectionForm,
    checkboxes,
    text,
    yes_no,
)
from carershub.assessments.rules.eligibility import OUTCOME_LABELS, Limb, Outcome
from carershub.assessments.rules.whole_family import MAX_CHILDREN, child_prefix
from carershub.core.forms import GovukDateField
from carershub.people.models import Consent
from carershub.people.rules import ADULTHOOD, age_on, is_adult


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
                elif is_adult(age_on(born, today)):
                    self.add_error(
                        f"{prefix}date_of_birth",
                        f"{self._dob_label(number)} must be less than {ADULTHOOD} years ago: a child is anyone "
                        f"under {ADULTHOOD}",
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
