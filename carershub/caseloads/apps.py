from django.apps import AppConfig


class CaseloadsConfig(AppConfig):
    name = "carershub.caseloads"
    label = "caseloads"
    verbose_name = "Caseloads"

    def ready(self) -> None:
        from carershub.caseloads.events import CaseloadEvent
        from carershub.caseloads.panels import allocation_panel
        from carershub.core.events import register_events
        from carershub.people.panels import register_panel

        register_events(CaseloadEvent)
        register_panel("allocation", order=10, build=allocation_panel)
