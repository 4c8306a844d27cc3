from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "carershub.commissioning"
    label = "commissioning"
    verbose_name = "Commissioning"
