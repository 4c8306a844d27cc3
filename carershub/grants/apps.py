from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "carershub.grants"
    label = "grants"
    verbose_name = "Community carers fund"

    def ready(self) -> None:
        from carershub.core.events import register_events
        from carershub.grants.events import GrantsEvent

        register_events(GrantsEvent)
