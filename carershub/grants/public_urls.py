"""The fund's public addresses (no account). The 360Giving file's address is stable: publishers and 360Giving's
GrantNav read it from here."""

from django.urls import path

from carershub.grants.views import public

app_name = "grants_public"

urlpatterns = [
    path("<slug:slug>/", public.fund, name="fund"),
    path("<slug:slug>/rounds/<int:round_id>/apply/", public.apply, name="apply"),
    path("<slug:slug>/submitted/", public.submitted, name="submitted"),
    path("<slug:slug>/360giving.json", public.threesixtygiving, name="360giving"),
]
