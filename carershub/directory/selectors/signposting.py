"""Signposting recorded from a carer's record, for the record's panel and the information-and-advice measure."""

from collections.abc import Collection
from typing import TYPE_CHECKING

from django.db.models import (
    QuerySet,
)

from carershub.directory.models import (
    Signposting,
)

if TYPE_CHECKING:
    from carershub.people.models import Person


def signpostings_of(person: "Person") -> list[Signposting]:
    """The services a carer was signposted to (the caller has already checked that the user may see them)."""
    return list(
        Signposting.objects.filter(area_id=person.area_id, person=person).select_related("service", "organisation")
    )


# --- Counting for commissioners (carershub.reporting's KPI measures) --------------------------------------------
# Whole-population querysets that a measure only aggregates: no person's details leave them, so they need no user.


def signpostings_by_providers(provider_ids: Collection[int], area_ids: Collection[int]) -> QuerySet[Signposting]:
    """Signposting the providers recorded on carers' records in the areas."""
    return Signposting.objects.filter(organisation_id__in=provider_ids, area_id__in=area_ids)
