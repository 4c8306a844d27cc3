"""The sections of the transition assessments (Care Act 2014 s.60-s.64): a child's carer's, and a young carer's."""

from carershub.assessments.forms.section_fields import (
    WELLBEING_CHOICES,
    YES_NO_NOT_SURE,
    SectionForm,
    checkboxes,
    text,
    yes_no,
)


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
