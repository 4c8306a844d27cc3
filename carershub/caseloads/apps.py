from django.apps import AppConfig


class CaseloadsConfig(AppConfig):
    name = "carershub.caseloads"
    label = "caseloads"
    verbose_name = "Caseloads"

    def ready(self) -> None:
        from carershub.caseloads.events import CaseloadEvent
        from carershub.caseloads.panels import allocation_panel
        from carershub.caseloads.services import create_follow_up_tasks
        from carershub.core.events import register_events
        from carershub.emergency_response.follow_ups import FollowUpOffered, register_follow_up_handler
        from carershub.people.panels import register_panel

        register_events(CaseloadEvent)
        register_panel("allocation", order=10, build=allocation_panel)

        def give_the_carers_worker_a_task(offered: FollowUpOffered) -> object:
            return create_follow_up_tasks(offered.activation, by=offered.closed_by)

        register_follow_up_handler("caseloads.tasks", order=10, handle=give_the_carers_worker_a_task)
