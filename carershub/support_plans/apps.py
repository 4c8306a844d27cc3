from django.apps import AppConfig


class SupportPlansConfig(AppConfig):
    name = "carershub.support_plans"
    label = "support_plans"
    verbose_name = "Support plans"

    def ready(self) -> None:
        from carershub.assessments.team_sections import register_team_section
        from carershub.people.panels import register_panel
        from carershub.support_plans.panels import plan_reviews_section, support_panel

        register_panel("support_plans", order=300, build=support_panel)
        register_team_section("plan_reviews", order=100, build=plan_reviews_section)
