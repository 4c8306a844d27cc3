from django.apps import AppConfig


class SupportPlansConfig(AppConfig):
    name = "carershub.support_plans"
    label = "support_plans"
    verbose_name = "Support plans"

    def ready(self) -> None:
        from carershub.assessments.team_sections import register_team_section
        from carershub.core.events import register_events
        from carershub.emergency_response.actions import register_activation_action
        from carershub.people.panels import register_panel
        from carershub.support_plans.events import SupportPlanEvent
        from carershub.support_plans.panels import emergency_break_action, plan_reviews_section, support_panel

        register_events(SupportPlanEvent)

        register_panel("support_plans", order=300, build=support_panel)
        register_team_section("plan_reviews", order=100, build=plan_reviews_section)
        register_activation_action("emergency_short_break", order=100, build=emergency_break_action)
