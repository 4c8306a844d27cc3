from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "carershub.people"
    label = "people"
    verbose_name = "Carers and the people they care for"
