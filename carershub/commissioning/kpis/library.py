"""The KPI library: what a contract can be held to, in the order commissioners choose from, and the measure that
counts each computed one.

The definitions are data (`library_casework`, `library_support`). The measures read several apps' records, so they
live in `carershub.reporting`, which registers them here from `ReportingConfig.ready()`: commissioning imports
nothing above it (ADR 0008). A computed KPI with no registered measure gives no value, like a manual one.
"""

from collections.abc import Mapping
from typing import Final

from carershub.commissioning.kpis.library_casework import CASEWORK
from carershub.commissioning.kpis.library_support import DIRECTORY, EVERYDAY_SUPPORT, SUPPORT_PLANS
from carershub.commissioning.kpis.types import KpiDefinition, Measure

KPI_LIBRARY: Final[Mapping[str, KpiDefinition]] = {
    definition.code: definition for definition in (*CASEWORK, *SUPPORT_PLANS, *EVERYDAY_SUPPORT, *DIRECTORY)
}

_MEASURES: Final[dict[str, Measure]] = {}


def register_measures(measures: Mapping[str, Measure]) -> None:
    """Bind computed definitions to the measures that count them. Registering a code again replaces its measure."""
    for code, measure in measures.items():
        definition = KPI_LIBRARY.get(code)
        if definition is None or not definition.computed:
            raise ValueError(f"{code!r} is not a computed measure in the KPI library.")
        _MEASURES[code] = measure


def measure_for(code: str) -> Measure | None:
    """The registered measure of a computed KPI; None for a manual or unknown one."""
    return _MEASURES.get(code)
