"""Which form asks each section's questions, by section key."""

from collections.abc import Mapping
from typing import Final

from carershub.assessments.forms.carers_sections import (
    CaringRoleForm,
    EligibilityOutcomesForm,
    FluctuatingNeedsForm,
    HealthForm,
    InvolvementForm,
    NecessaryCareForm,
    OtherHelpForm,
    OutcomesWishedForm,
    WellbeingForm,
    WholeFamilyForm,
    WorkEducationForm,
)
from carershub.assessments.forms.children_act_sections import (
    CareProvidedForm,
    ChildInNeedForm,
    ChildrenWelfareForm,
    MacaForm,
    PanocForm,
    ParentCaringRoleForm,
    ParentInvolvementForm,
    ParentWellbeingForm,
    TasksAppropriateForm,
    YoungCarerImpactForm,
    YoungCarerInvolvementForm,
    YoungCarerParticipationForm,
    YoungCarerViewsForm,
)
from carershub.assessments.forms.section_fields import SectionForm
from carershub.assessments.forms.transition_sections import (
    NeedsAfter18Form,
    TransitionCaringRoleForm,
    TransitionInvolvementForm,
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
