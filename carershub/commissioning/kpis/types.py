"""What a KPI definition, a scope and a measure's result are (shared by the library, the figures and the measures
that `carershub.reporting` registers)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from django.conf import settings

from carershub.commissioning.rules.rag import Direction, Period

DEFAULT_ACCEPTED_WITHIN_DAYS: Final = 7

Value = int | Decimal | None


@dataclass(frozen=True)
class KpiDefinition:
    """A measure in the library. `computed` measures are counted from records; the others are entered by the
    provider. `prorated` measures are flows (an annual target is shared across the year's quarters); the others are
    levels (the target applies to every period). `statistic` measures (waits) are suppressed when they rest on
    1 to 4 people, and not summed."""

    code: str
    label: str
    description: str
    source: str
    computed: bool
    unit: str = "carers"
    prorated: bool = True
    statistic: bool = False
    direction: Direction = Direction.HIGHER_IS_BETTER


@dataclass(frozen=True)
class MeasureResult:
    """A measure's value for one period, and how many people or records it rests on (what suppression tests)."""

    value: Value
    base: int | None


@dataclass(frozen=True)
class Scope:
    """Whose records a contract or lot is measured from."""

    area_ids: tuple[int, ...]
    provider_ids: tuple[int, ...]
    cohorts: tuple[str, ...] = ()
    # The KPI's own filter for the assessment measures (empty: every kind of assessment).
    assessment_kinds: tuple[str, ...] = ()


# A measure counts one scope over any number of periods in one query.
Measure = Callable[[Scope, Sequence[Period]], list[MeasureResult]]


def accepted_within_days() -> int:
    """N in "referrals accepted within N days" (`settings.CARERSHUB_KPI_ACCEPTED_WITHIN_DAYS`, 7 by default)."""
    return int(getattr(settings, "CARERSHUB_KPI_ACCEPTED_WITHIN_DAYS", DEFAULT_ACCEPTED_WITHIN_DAYS))
