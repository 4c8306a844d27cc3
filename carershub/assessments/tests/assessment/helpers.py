"""Filling in assessments for tests: valid answers for any section, made by the section's own form."""

from datetime import date
from typing import Any, cast

from django import forms

from carershub.accounts.models import User
from carershub.assessments.models import Assessment, AssessmentSection
from carershub.assessments.sections import section_definition, sections_for
from carershub.assessments.services.sections import save_section
from carershub.core.forms import GovukDateField


def form_data(form_class: type[forms.Form], **answers: Any) -> dict[str, Any]:
    """POST data that completes the form: the first choice of each question, "An answer." in each text box, and
    `answers` where given (for a date, pass a date). Only one child is named in the whole-family section unless
    `answers` names more."""
    form = form_class()
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = answers.get(name)
        if name.startswith(("child_2_", "child_3_")) and name not in answers:
            continue  # the whole-family section's second and third children are named only when a test says so
        if isinstance(field, GovukDateField):
            when = value or date(2012, 3, 27)
            data.update({f"{name}_day": when.day, f"{name}_month": when.month, f"{name}_year": when.year})
        elif isinstance(field, forms.MultipleChoiceField):
            data[name] = value if value is not None else []
        elif isinstance(field, forms.ChoiceField):
            first_choice = cast(list[tuple[Any, Any]], field.choices)[0]
            data[name] = value if value is not None else str(first_choice[0])
        else:
            data[name] = value if value is not None else "An answer."
    return data


def section_answers(kind: str, key: str, **answers: Any) -> dict[str, Any]:
    """The cleaned answers of a completed section, as the section page would save them."""
    form_class = section_definition(kind, key).form_class
    form = form_class(form_data(form_class, **answers))
    assert form.is_valid(), form.errors
    return dict(form.cleaned_data)


# Answers that keep a carer's assessment away from the side effects tested on their own.
QUIET: dict[str, dict[str, Any]] = {"whole_family": {"child_involved": "no"}}


def complete_sections(
    assessment: Assessment,
    *,
    by: User,
    skip: tuple[str, ...] = (),
    answers: dict[str, dict[str, Any]] | None = None,
) -> None:
    """Complete every section of the assessment except `skip`, with valid answers (overridden per key)."""
    for definition in sections_for(assessment.kind):
        if definition.key in skip:
            continue
        given = {**QUIET.get(definition.key, {}), **(answers or {}).get(definition.key, {})}
        current = AssessmentSection.objects.filter(assessment=assessment, key=definition.key).first()
        save_section(
            assessment,
            definition.key,
            answers=section_answers(assessment.kind, definition.key, **given),
            expected_version=current.version if current else 0,
            complete=True,
            saved_by=by,
        )


def eligible_answers() -> dict[str, dict[str, Any]]:
    """Carer's assessment answers under which the carer's needs are eligible (one outcome unable is enough)."""
    return {
        "necessary_care": {"necessary_care": "yes"},
        "health": {"health_at_risk": "no"},
        "eligibility_outcomes": {"outcome_nutrition": ["without_assistance"]},
    }


def not_eligible_answers() -> dict[str, dict[str, Any]]:
    return {"necessary_care": {"necessary_care": "yes"}, "health": {"health_at_risk": "no"}}
