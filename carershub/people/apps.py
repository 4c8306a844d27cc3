from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "carershub.people"
    label = "people"
    verbose_name = "Carers and the people they care for"

    def ready(self) -> None:
        from carershub.core.events import register_events, register_timeline_writer
        from carershub.people.events import PersonEvent
        from carershub.people.services.timeline import write_timeline_entry

        register_events(PersonEvent)
        register_timeline_writer(write_timeline_entry)
