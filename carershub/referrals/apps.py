from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "carershub.referrals"
    label = "referrals"
    verbose_name = "Referrals"
