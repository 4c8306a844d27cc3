from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "carershub.organisations"
    label = "organisations"
    verbose_name = "Areas and organisations"

    def ready(self) -> None:
        from carershub.core.events import register_events
        from carershub.organisations.events import OrganisationEvent

        register_events(OrganisationEvent)
