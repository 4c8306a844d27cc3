from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "carershub.support"
    label = "support"
    verbose_name = "Everyday support"

    def ready(self) -> None:
        from carershub.core.events import register_events
        from carershub.people.panels import register_panel
        from carershub.support.events import SupportEvent
        from carershub.support.panels import contacts_panel

        register_events(SupportEvent)

        register_panel("support_contacts", order=150, build=contacts_panel)
