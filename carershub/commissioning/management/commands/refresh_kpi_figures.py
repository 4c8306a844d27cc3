"""Keep the KPI dashboards' figures computed, for cron: `manage.py refresh_kpi_figures` every few minutes.

At county scale a contract's live counts take about a second; dashboards reuse figures up to
CARERSHUB_KPI_CACHE_SECONDS old. Running this more often than that (every 4 minutes with the default 300 s) means
no commissioner or provider ever waits for the computation, and the figures are never older than the setting says.
"""

from typing import Any

from django.core.management.base import BaseCommand

from carershub.commissioning.selectors.monitoring import refresh_kpi_figures


class Command(BaseCommand):
    help = "Compute the KPI dashboards' figures afresh for every contract in force (run every few minutes)."

    def handle(self, *args: Any, **options: Any) -> None:
        refreshed = refresh_kpi_figures()
        self.stdout.write(f"Refreshed the KPI figures of {refreshed} contract(s).")
