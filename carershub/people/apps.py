from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "carershub.people"
    label = "people"
    verbose_name = "Carers and the people they care for"

    def ready(self) -> None:
        from carershub.core.events import register_timeline_writer
        from carershub.people.services import write_timeline_entry

        register_timeline_writer(write_timeline_entry)
