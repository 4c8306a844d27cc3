from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "carershub.organisations"
    label = "organisations"
    verbose_name = "Areas and organisations"
