from django.apps import AppConfig


class EmergencyResponseConfig(AppConfig):
    name = "carershub.emergency_response"
    label = "emergency_response"
    verbose_name = "Emergency response"

    def ready(self) -> None:
        from carershub.core.events import register_events
        from carershub.emergency_response.events import EmergencyEvent

        register_events(EmergencyEvent)
