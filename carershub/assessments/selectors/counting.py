"""Counting for commissioners (carershub.reporting's KPI measures): whole-population querysets that a measure only
aggregates, so no person's details leave them and they need no user."""

from collections.abc import Collection

from django.db.models import QuerySet

from carershub.assessments.models import Assessment


def completed_assessments_of_providers(
    provider_ids: Collection[int], area_ids: Collection[int]
) -> QuerySet[Assessment]:
    """Statutory assessments the providers completed in the areas."""
    return Assessment.objects.filter(
        organisation_id__in=provider_ids, area_id__in=area_ids, status=Assessment.Status.COMPLETED
    )
