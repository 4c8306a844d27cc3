"""Contracts for carers' services, who funds them, what they must achieve, and how they are monitored.

Money is Decimal to the penny everywhere (never a float). Contract arithmetic (terms, years, lifetime value,
shares) is in the pure `rules/` package; these models hold the facts it works from. Commissioners see only
aggregates: nothing here points at a person.
"""

from carershub.commissioning.models.contracts import (
    Contract,
    ContractPartner,
    ExtensionDecision,
    FundingContribution,
    Lot,
    PooledFund,
    PopulationEstimate,
    Variation,
)
from carershub.commissioning.models.monitoring import (
    ContractKpi,
    ManualMeasurement,
    MonitoringReturn,
    MonitoringReturnQuerySet,
    PerformanceRating,
    ReturnMessage,
    SubmittedReturnIsFrozen,
)

__all__ = [
    "Contract",
    "ContractKpi",
    "ContractPartner",
    "ExtensionDecision",
    "FundingContribution",
    "Lot",
    "ManualMeasurement",
    "MonitoringReturn",
    "MonitoringReturnQuerySet",
    "PerformanceRating",
    "PooledFund",
    "PopulationEstimate",
    "ReturnMessage",
    "SubmittedReturnIsFrozen",
    "Variation",
]
