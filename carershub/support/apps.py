from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "carershub.support"
    label = "support"
    verbose_name = "Everyday support"

    def ready(self) -> None:
        from carershub.people.panels import register_panel
        from carershub.support.panels import contacts_panel

        register_panel("support_contacts", order=150, build=contacts_panel)
