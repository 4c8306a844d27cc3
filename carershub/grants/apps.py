from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "carershub.grants"
    label = "grants"
    verbose_name = "Community carers fund"
