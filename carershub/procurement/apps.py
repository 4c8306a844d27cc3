from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "carershub.procurement"
    label = "procurement"
    verbose_name = "Procurement"

    def ready(self) -> None:
        from carershub.core.events import register_events
        from carershub.people.panels import register_panel
        from carershub.procurement.events import ProcurementEvent
        from carershub.procurement.panels import care_packages_panel

        register_events(ProcurementEvent)
        register_panel("care_packages", order=300, build=care_packages_panel)
