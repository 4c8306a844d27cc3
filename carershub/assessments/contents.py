"""What each statute requires an assessment to contain: the sections, in the order the task list shows them.

This is data only (no forms), so services and selectors can check completeness without reaching up into the form
layer; `sections.py` pairs each entry with its form for the pages.
"""

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from carershub.assessments.models import Assessment


@dataclass(frozen=True)
class SectionContent:
    """One part of an assessment the law requires: its key, its task list label and where the duty comes from."""

    key: str
    title: str
    statute: str
    carer_facing: bool
    hint: str = ""


# Sections shared by several kinds, defined once so the same answers mean the same thing everywhere.
_WELLBEING = SectionContent(
    "wellbeing",
    "Impact on well-being",
    "Care Act 2014 s.10(5)(c) and s.1(2)",
    carer_facing=True,
    hint="How caring affects each area of the carer's well-being.",
)
_OUTCOMES_WISHED = SectionContent(
    "outcomes_wished",
    "What the carer wants to achieve",
    "Care Act 2014 s.10(5)(d)-(e)",
    carer_facing=True,
    hint="The outcomes the carer wishes to achieve in day-to-day life, and whether support could help.",
)
_WORK_EDUCATION = SectionContent(
    "work_education",
    "Work, education, training and recreation",
    "Care Act 2014 s.10(6)",
    carer_facing=True,
)
_INVOLVEMENT = SectionContent(
    "involvement",
    "Who was involved",
    "Care Act 2014 s.10(7); Care and Support (Assessment) Regulations 2014 reg 3",
    carer_facing=False,
)
_ELIGIBILITY_OUTCOMES = SectionContent(
    "eligibility_outcomes",
    "The eight outcomes",
    "Care and Support (Eligibility Criteria) Regulations 2015 reg 3(2)(b) and 3(3)",
    carer_facing=False,
)
_HEALTH = SectionContent(
    "health",
    "The carer's health",
    "Care and Support (Eligibility Criteria) Regulations 2015 reg 3(2)(a)",
    carer_facing=True,
)

# Care and Support (Assessment) Regulations 2014 reg 4(3): in an adult's or a carer's assessment, and in a parent
# carer's (where a brother or sister of the disabled child may be helping to care).
_WHOLE_FAMILY: Final = SectionContent(
    "whole_family",
    "Children in the family",
    "Care and Support (Assessment) Regulations 2014 reg 4(3)",
    carer_facing=False,
    hint="Whether any child is involved in providing care. A young carer's referral is raised for each.",
)

CARERS: Final = (
    SectionContent(
        "caring_role",
        "Ability and willingness to care",
        "Care Act 2014 s.10(5)(a)-(b)",
        carer_facing=True,
        hint="Whether the carer is able and willing to care, now and in future.",
    ),
    _WELLBEING,
    _OUTCOMES_WISHED,
    _WORK_EDUCATION,
    _INVOLVEMENT,
    SectionContent(
        "other_help",
        "Other things that could help",
        "Care Act 2014 s.10(8)",
        carer_facing=True,
    ),
    _ELIGIBILITY_OUTCOMES,
    _HEALTH,
    SectionContent(
        "necessary_care",
        "Necessary care",
        "Care and Support (Eligibility Criteria) Regulations 2015 reg 3(1)(a)",
        carer_facing=False,
    ),
    SectionContent(
        "fluctuating_needs",
        "Fluctuating needs",
        "Care and Support (Eligibility Criteria) Regulations 2015 reg 3(4)",
        carer_facing=True,
    ),
    _WHOLE_FAMILY,
)

YOUNG_CARERS_NEEDS: Final = (
    SectionContent(
        "care_provided",
        "The care the young carer provides",
        "Young Carers (Needs Assessments) Regulations 2015 reg 4(2)(a)-(b)",
        carer_facing=True,
    ),
    SectionContent(
        "young_carer_impact",
        "Impact on well-being, education and development",
        "Young Carers (Needs Assessments) Regulations 2015 reg 4(2)(c)",
        carer_facing=True,
    ),
    SectionContent(
        "tasks_appropriate",
        "Excessive or inappropriate tasks",
        "Young Carers (Needs Assessments) Regulations 2015 reg 4(2)(d); Children Act 1989 s.17ZA(7)",
        carer_facing=False,
    ),
    SectionContent(
        "young_carer_participation",
        "Education, training, recreation and work",
        "Children Act 1989 s.17ZA(8)",
        carer_facing=True,
    ),
    SectionContent(
        "young_carer_views",
        "Wishes, feelings and differences of opinion",
        "Young Carers (Needs Assessments) Regulations 2015 reg 2(2)",
        carer_facing=True,
    ),
    SectionContent(
        "young_carer_involvement",
        "Who was involved",
        "Children Act 1989 s.17ZA(9); Young Carers (Needs Assessments) Regulations 2015 reg 2(3)-(5)",
        carer_facing=False,
    ),
    SectionContent(
        "child_in_need",
        "Whether the person cared for is a child in need",
        "Children Act 1989 s.17ZA(11)",
        carer_facing=False,
    ),
    SectionContent(
        "maca_yc18",
        "Caring activities questionnaire (MACA-YC18)",
        "Evidence for Young Carers (Needs Assessments) Regulations 2015 reg 4(2)(a)",
        carer_facing=True,
        hint="The scores are evidence for the assessment, not the statutory test.",
    ),
    SectionContent(
        "panoc_yc20",
        "How caring affects you questionnaire (PANOC-YC20)",
        "Evidence for Young Carers (Needs Assessments) Regulations 2015 reg 4(2)(c)",
        carer_facing=True,
        hint="The scores are evidence for the assessment, not the statutory test.",
    ),
)

PARENT_CARERS_NEEDS: Final = (
    SectionContent(
        "parent_caring_role",
        "Whether it is appropriate to continue caring",
        "Children Act 1989 s.17ZD",
        carer_facing=True,
    ),
    SectionContent(
        "parent_wellbeing",
        "The parent carer's well-being",
        "Children Act 1989 s.17ZD; Care Act 2014 s.1(2)",
        carer_facing=True,
    ),
    SectionContent(
        "children_welfare",
        "The welfare of the disabled child and other children",
        "Children Act 1989 s.17ZD",
        carer_facing=False,
    ),
    _WORK_EDUCATION,
    _WHOLE_FAMILY,
    SectionContent(
        "parent_involvement",
        "Who was involved",
        "Children Act 1989 s.17ZD",
        carer_facing=False,
    ),
)


def _transition(involvement_statute: str) -> tuple[SectionContent, ...]:
    return (
        SectionContent(
            "transition_caring_role",
            "Ability and willingness to care, now and after 18",
            "Care Act 2014 s.61(2)(a)-(b) and s.64(1)(a)-(b)",
            carer_facing=True,
        ),
        SectionContent(
            "needs_after_18",
            "Likely needs after 18 and their impact on well-being",
            "Care Act 2014 s.61(2)(c) and s.64(1)(c)",
            carer_facing=True,
        ),
        _OUTCOMES_WISHED,
        _WORK_EDUCATION,
        SectionContent("transition_involvement", "Who was involved", involvement_statute, carer_facing=False),
    )


SECTIONS: Final = MappingProxyType(
    {
        Assessment.Kind.CARERS.value: CARERS,
        Assessment.Kind.YOUNG_CARERS_NEEDS.value: YOUNG_CARERS_NEEDS,
        Assessment.Kind.PARENT_CARERS_NEEDS.value: PARENT_CARERS_NEEDS,
        Assessment.Kind.CHILD_CARER_TRANSITION.value: _transition("Care Act 2014 s.61(3)"),
        # s.64(3): a young carer's transition assessment must also involve their parents.
        Assessment.Kind.YOUNG_CARER_TRANSITION.value: _transition("Care Act 2014 s.64(3)"),
    }
)


def contents_for(kind: str) -> tuple[SectionContent, ...]:
    """The sections an assessment of this kind must contain. KeyError for an unknown kind."""
    return SECTIONS[kind]


def content_of(kind: str, key: str) -> SectionContent:
    """One section of an assessment of this kind. KeyError when the kind has no such section."""
    for content in SECTIONS[kind]:
        if content.key == key:
            return content
    raise KeyError(key)
