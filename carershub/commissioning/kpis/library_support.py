"""The KPI library's definitions of support: support plans, direct payments, plan reviews and short breaks; everyday
support (contacts, groups, training, the community carers fund, carer voice); and signposting from the directory.
Counted by `carershub.reporting.measures`."""

from typing import Final

from carershub.commissioning.kpis.types import KpiDefinition
from carershub.commissioning.rules.rag import Direction

SUPPORT_PLANS: Final[tuple[KpiDefinition, ...]] = (
    KpiDefinition(
        "carers_with_agreed_plan",
        "Carers with an agreed support plan",
        "Different carers with a support plan agreed and in force at some time in the period.",
        "Support plans (agreed)",
        computed=True,
        prorated=False,
    ),
    KpiDefinition(
        "direct_payments_in_payment",
        "Direct payments in payment",
        "Direct payment agreements with a payment made in the period.",
        "Direct payments (payments recorded)",
        computed=True,
        unit="direct payments",
    ),
    KpiDefinition(
        "direct_payments_value",
        "Value of direct payments",
        "Pounds paid in direct payments in the period.",
        "Direct payments (payments recorded)",
        computed=True,
        unit="pounds",
    ),
    KpiDefinition(
        "short_breaks_delivered",
        "Carers given a short break",
        "Different carers with a short break delivered in the period.",
        "Short breaks (delivered)",
        computed=True,
    ),
    KpiDefinition(
        "short_break_nights",
        "Nights of short breaks",
        "Nights of the short breaks delivered in the period.",
        "Short breaks (delivered)",
        computed=True,
        unit="nights",
    ),
    KpiDefinition(
        "short_break_hours",
        "Hours of short breaks",
        "Hours of the short breaks delivered in the period.",
        "Short breaks (delivered)",
        computed=True,
        unit="hours",
    ),
    KpiDefinition(
        "plan_reviews_on_time",
        "Plan reviews on time",
        "Support plan reviews (Care Act 2014 s.27) completed in the period on or before their due date.",
        "Plan reviews (completed)",
        computed=True,
        unit="reviews",
    ),
    KpiDefinition(
        "personal_budget_spend",
        "Personal budget spend",
        "Pounds spent from personal budgets in the period: direct payments made and short breaks delivered "
        "against a support plan.",
        "Direct payments and short breaks",
        computed=True,
        unit="pounds",
    ),
)

EVERYDAY_SUPPORT: Final[tuple[KpiDefinition, ...]] = (
    KpiDefinition(
        "carers_supported_any_way",
        "Carers supported (any support)",
        "Different carers given any support in the period: a contact, a group, training, or an open case.",
        "Contacts, group registers, training and cases of the provider",
        computed=True,
    ),
    KpiDefinition(
        "carers_given_information_and_advice",
        "Carers given information and advice",
        "Different carers given information and advice (Care Act 2014 s.4) in a contact in the period.",
        "Contacts of the provider",
        computed=True,
    ),
    KpiDefinition(
        "one_to_one_contacts",
        "1:1 support contacts",
        "Contacts giving 1:1 support (emotional, specialist, counselling, advocacy...) in the period.",
        "Contacts of the provider",
        computed=True,
        unit="contacts",
    ),
    KpiDefinition(
        "one_to_one_hours",
        "Hours of 1:1 support",
        "Hours of 1:1 support contacts in the period (their recorded minutes).",
        "Contacts of the provider",
        computed=True,
        unit="hours",
    ),
    KpiDefinition(
        "group_carers_attending",
        "Carers attending groups",
        "Different carers named on the register of a group session in the period.",
        "Group registers of the provider",
        computed=True,
    ),
    KpiDefinition(
        "group_sessions_held",
        "Group sessions held",
        "Group sessions held (not cancelled, register taken) in the period.",
        "Group sessions of the provider",
        computed=True,
        unit="sessions",
    ),
    KpiDefinition(
        "fund_awarded",
        "Community fund awarded",
        "Pounds awarded to community groups from the community carers fund in the period.",
        "Community carers fund awards",
        computed=True,
        unit="pounds",
    ),
    KpiDefinition(
        "fund_spent",
        "Community fund paid out",
        "Pounds paid to community groups from the community carers fund in the period.",
        "Community carers fund payments",
        computed=True,
        unit="pounds",
    ),
    KpiDefinition(
        "professionals_trained",
        "Professionals trained",
        "Staff of schools, GP practices, hospitals, social care and others trained in the period.",
        "Training attendance of the provider",
        computed=True,
        unit="people",
    ),
    KpiDefinition(
        "school_staff_trained",
        "School staff trained",
        "School and college staff trained (young carer awareness) in the period.",
        "Training attendance of the provider",
        computed=True,
        unit="people",
    ),
    KpiDefinition(
        "gp_staff_trained",
        "GP practice staff trained",
        "GP practice staff trained in the period.",
        "Training attendance of the provider",
        computed=True,
        unit="people",
    ),
    KpiDefinition(
        "satisfaction",
        "Carers satisfied",
        "Share of carers' feedback in the period that was satisfied or very satisfied.",
        "Carer feedback",
        computed=True,
        unit="%",
        prorated=False,
        statistic=True,
        direction=Direction.HIGHER_IS_BETTER,
    ),
)

DIRECTORY: Final[tuple[KpiDefinition, ...]] = (
    KpiDefinition(
        "carers_signposted",
        "Carers given information and advice (signposted)",
        "Different carers the provider signposted to a service in the directory in the period.",
        "Signposting recorded on carers' records",
        computed=True,
    ),
)
