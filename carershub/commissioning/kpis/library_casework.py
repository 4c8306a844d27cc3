"""The KPI library's definitions of casework: carers supported and identified, referrals, GP practices, assessments
and emergencies (counted by `carershub.reporting.measures`), and the figures the provider enters."""

from typing import Final

from carershub.commissioning.kpis.types import KpiDefinition, accepted_within_days
from carershub.commissioning.rules.rag import Direction
from carershub.referrals.models import Referral

# The words for each referral source, in the labels of the "new carers identified through ..." measures.
SOURCE_LABELS: Final = {
    Referral.Source.SELF: "self-referral",
    Referral.Source.GP_PRACTICE: "GP practices",
    Referral.Source.HOSPITAL: "hospitals",
    Referral.Source.SCHOOL: "schools and colleges",
    Referral.Source.SOCIAL_WORKER: "council social workers",
    Referral.Source.PROVIDER: "other providers",
    Referral.Source.FAMILY: "family and friends",
}

_DAYS: Final = accepted_within_days()

CASEWORK: Final[tuple[KpiDefinition, ...]] = (
    KpiDefinition(
        "carers_supported",
        "Carers supported",
        "Different carers with an open case at the provider at any time in the period.",
        "Involvements (case open) of the provider",
        computed=True,
    ),
    KpiDefinition(
        "new_carers_identified",
        "New carers identified",
        "Carers first registered in the period, referred to the provider in the period.",
        "Referrals and carers' registration dates",
        computed=True,
    ),
    *(
        KpiDefinition(
            f"new_carers_from_{source}",
            f"New carers identified through {label}",
            f"New carers identified whose referral in the period came from {label}.",
            "Referrals (source)",
            computed=True,
        )
        for source, label in SOURCE_LABELS.items()
    ),
    KpiDefinition(
        "young_carers_supported",
        "Young carers supported",
        "Different carers under 18 with an open case at the provider at any time in the period.",
        "Involvements (case open) and dates of birth",
        computed=True,
    ),
    KpiDefinition(
        "referrals_accepted_within_days",
        f"Referrals accepted within {_DAYS} days",
        f"Referrals received in the period and accepted within {_DAYS} days of arriving.",
        "Referrals (received and decided dates)",
        computed=True,
        unit="referrals",
    ),
    KpiDefinition(
        "gp_practices_engaged",
        "GP practices engaged",
        "Different GP practices the provider worked with in the period (visits, training, register reviews).",
        "Engagement activities with GP practices",
        computed=True,
        unit="practices",
        prorated=False,
    ),
    KpiDefinition(
        "assessments_completed",
        "Carers' assessments completed",
        "Statutory assessments the provider completed in the period, of the kinds the KPI names (every kind "
        "when it names none).",
        "Assessments (completed)",
        computed=True,
        unit="assessments",
    ),
    KpiDefinition(
        "assessment_wait_median_days",
        "Median wait for an assessment (days)",
        "Days from request to completion, middle value, for assessments completed in the period.",
        "Assessments (requested and completed dates)",
        computed=True,
        unit="days",
        prorated=False,
        statistic=True,
        direction=Direction.LOWER_IS_BETTER,
    ),
    KpiDefinition(
        "assessment_wait_p90_days",
        "Longest usual wait for an assessment (90th percentile, days)",
        "Nine in ten assessments completed in the period waited this many days or fewer.",
        "Assessments (requested and completed dates)",
        computed=True,
        unit="days",
        prorated=False,
        statistic=True,
        direction=Direction.LOWER_IS_BETTER,
    ),
    KpiDefinition(
        "contingency_plans_active",
        "Carers with a contingency plan in force",
        "Carers the provider works with who have a contingency (emergency) plan in force; a carer with plans "
        "for two people counts once.",
        "Contingency plans (active or due for review)",
        computed=True,
        unit="carers",
        prorated=False,
    ),
    KpiDefinition(
        "emergency_activations",
        "Emergency plan activations",
        "Times a carer's emergency plan was opened after a call to the emergency line in the period.",
        "Emergency activations",
        computed=True,
        unit="activations",
    ),
    KpiDefinition(
        "emergency_support_hours",
        "Hours of emergency support",
        "Hours of replacement care and support given in emergencies opened in the period.",
        "Emergency activations (support hours)",
        computed=True,
        unit="hours",
    ),
    KpiDefinition(
        "direct_payments",
        "Carers' direct payments",
        "Direct payments to carers administered in the period (entered by the provider).",
        "Entered by the provider",
        computed=False,
        unit="direct payments",
    ),
    KpiDefinition(
        "short_breaks",
        "Carers given short breaks",
        "Carers given a short break in the period (entered by the provider).",
        "Entered by the provider",
        computed=False,
    ),
    KpiDefinition(
        "group_attendance",
        "Group attendances",
        "Attendances at carers' groups and activities in the period (entered by the provider).",
        "Entered by the provider",
        computed=False,
        unit="attendances",
    ),
)
