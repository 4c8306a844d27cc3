from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "carershub.directory"
    label = "directory"
    verbose_name = "Service directory"

    def ready(self) -> None:
        from carershub.core.events import register_events
        from carershub.directory.events import DirectoryEvent
        from carershub.directory.panels import signposting_panel
        from carershub.directory.services.support_listings import list_new_support_group
        from carershub.people.panels import register_panel
        from carershub.support.listeners import on_group_set_up

        register_events(DirectoryEvent)
        register_panel("signposting", order=300, build=signposting_panel)
        on_group_set_up(list_new_support_group)
