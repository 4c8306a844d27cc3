"""What happens in commissioning: contracts set up and changed, KPIs and their figures, quarterly returns and
ratings (core.events). A code is never renamed once it exists; a label may change."""

from carershub.core.events import EventChoices


class CommissioningEvent(EventChoices):
    CONTRACT_SET_UP = "commissioning.contract_set_up", "Contract set up"
    CONTRACT_STATUS_CHANGED = "commissioning.contract_status_changed", "Contract status changed"
    EXTENSION_DECIDED = "commissioning.extension_decided", "Extension option decided"
    VARIATION_RECORDED = "commissioning.variation_recorded", "Contract variation recorded"
    POPULATION_ESTIMATE_RECORDED = "commissioning.population_estimate_recorded", "Population estimate recorded"
    POOLED_FUND_SET_UP = "commissioning.pooled_fund_set_up", "Pooled fund set up"
    EXTENSION_DECISION_REMINDED = (
        "commissioning.extension_decision_reminded",
        "Commissioners reminded of an extension decision falling due",
    )
    CONTRACT_EXPORTED = "commissioning.contract_exported", "Contract exported as open contracting data"
    KPI_ADDED = "commissioning.kpi_added", "KPI added"
    KPI_TARGET_CHANGED = "commissioning.kpi_target_changed", "KPI target changed"
    MANUAL_FIGURE_ENTERED = "commissioning.manual_figure_entered", "KPI figure entered by the provider"
    KPI_SERIES_EXPORTED = "commissioning.kpi_series_exported", "KPI series exported"
    RETURN_GENERATED = "commissioning.return_generated", "Monitoring return generated"
    RETURN_COMMENTED = "commissioning.return_commented", "Provider commented on a monitoring return"
    RETURN_SUBMITTED = "commissioning.return_submitted", "Monitoring return submitted"
    RETURN_ACCEPTED = "commissioning.return_accepted", "Monitoring return accepted"
    RETURN_QUERIED = "commissioning.return_queried", "Monitoring return queried"
    QUERY_ANSWERED = "commissioning.query_answered", "Provider answered a query on a monitoring return"
    RETURN_CORRECTED = "commissioning.return_corrected", "Monitoring return corrected"
    PERFORMANCE_RATED = "commissioning.performance_rated", "Contract performance rated"
