from django.apps import AppConfig


class IdentificationConfig(AppConfig):
    name = "carershub.identification"
    label = "identification"
    verbose_name = "Identifying carers"
