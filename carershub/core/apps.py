from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "carershub.core"
    label = "core"
    verbose_name = "Core"
