from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "carershub.commissioning"
    label = "commissioning"
    verbose_name = "Commissioning"

    def ready(self) -> None:
        # The KPI measures of each topic join the library here, in this order, so kpis.py imports none of them.
        from carershub.commissioning import measures_directory, measures_everyday_support, measures_support_plans
        from carershub.commissioning.kpis import register_measures

        register_measures(measures_support_plans.MEASURES)
        register_measures(measures_everyday_support.EVERYDAY_SUPPORT_MEASURES)
        register_measures(measures_directory.MEASURES)
