from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "carershub.reporting"
    label = "reporting"
    verbose_name = "Reporting"

    def ready(self) -> None:
        # Reporting sits above commissioning: its measures join commissioning's KPI library here, so commissioning
        # imports nothing of reporting (ADR 0008).
        from carershub.commissioning.kpis.library import register_measures
        from carershub.reporting.measures import (
            assessments,
            casework,
            directory,
            emergencies,
            everyday_support,
            support_plans,
        )

        for topic in (casework, assessments, emergencies, support_plans, everyday_support, directory):
            register_measures(topic.MEASURES)
