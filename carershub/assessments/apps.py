from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "carershub.assessments"
    label = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from carershub.assessments import checks  # noqa: F401  (registers the start-up checks)
        from carershub.assessments.events import AssessmentEvent
        from carershub.core.events import register_events

        register_events(AssessmentEvent)
