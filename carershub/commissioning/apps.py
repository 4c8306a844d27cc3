from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "carershub.commissioning"
    label = "commissioning"
    verbose_name = "Commissioning"

    def ready(self) -> None:
        from carershub.commissioning.events import CommissioningEvent
        from carershub.core.events import register_events

        register_events(CommissioningEvent)
