from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "carershub.referrals"
    label = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        from carershub.core.events import register_events
        from carershub.people.panels import register_panel
        from carershub.referrals.events import ReferralEvent
        from carershub.referrals.panels import referrals_panel

        register_events(ReferralEvent)
        register_panel("referrals", order=100, build=referrals_panel)
