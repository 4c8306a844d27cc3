from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "carershub.directory"
    label = "directory"
    verbose_name = "Service directory"

    def ready(self) -> None:
        from carershub.directory.panels import signposting_panel
        from carershub.people.panels import register_panel

        register_panel("signposting", order=300, build=signposting_panel)
