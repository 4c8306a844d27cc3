"""The sections of each kind of assessment, as the pages show them: a GOV.UK task list, completed in any order.

What each statute requires lives in `contents.py` (data only, so services can check completeness); this module
pairs each section with the form that asks its questions.
"""

from dataclasses import dataclass

from django import forms

from carershub.assessments.contents import contents_for
from carershub.assessments.forms.sections import SECTION_FORMS


@dataclass(frozen=True)
class SectionDefinition:
    key: str  # e.g. "caring_role", "eligibility_outcomes", "maca_yc18"
    title: str  # the task list label
    statute: str  # e.g. "Care Act 2014 s.10(5)(a)-(b)"
    form_class: type[forms.Form]  # cleaned_data is JSON-serialisable and is stored as the section's answers
    carer_facing: bool  # True: the carer can complete it in a supported self-assessment
    hint: str = ""


def sections_for(kind: str) -> tuple[SectionDefinition, ...]:
    """The sections of an assessment of this kind (an Assessment.Kind value), in task list order."""
    return tuple(
        SectionDefinition(
            key=content.key,
            title=content.title,
            statute=content.statute,
            form_class=SECTION_FORMS[content.key],
            carer_facing=content.carer_facing,
            hint=content.hint,
        )
        for content in contents_for(kind)
    )


def section_definition(kind: str, key: str) -> SectionDefinition:
    """One section of an assessment of this kind. KeyError when the kind or the key is unknown."""
    for definition in sections_for(kind):
        if definition.key == key:
            return definition
    raise KeyError(key)
