from django.apps import AppConfig


class IdentificationConfig(AppConfig):
    name = "carershub.identification"
    label = "identification"
    verbose_name = "Identifying carers"

    def ready(self) -> None:
        from carershub.core.events import register_events
        from carershub.identification.events import IdentificationEvent

        register_events(IdentificationEvent)
