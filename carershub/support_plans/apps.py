from django.apps import AppConfig


class SupportPlansConfig(AppConfig):
    name = "carershub.support_plans"
    label = "support_plans"
    verbose_name = "Support plans"
