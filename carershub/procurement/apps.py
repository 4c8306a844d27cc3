from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "carershub.procurement"
    label = "procurement"
    verbose_name = "Procurement"
