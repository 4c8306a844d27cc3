from django.apps import AppConfig


class EmergencyResponseConfig(AppConfig):
    name = "carershub.emergency_response"
    label = "emergency_response"
    verbose_name = "Emergency response"
