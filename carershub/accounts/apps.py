from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "carershub.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"

    def ready(self) -> None:
        from carershub.accounts import receivers  # noqa: F401  (sign-in events are only reachable as signals)
        from carershub.accounts.events import AccountEvent
        from carershub.core.events import register_events

        register_events(AccountEvent)
