"""Commissioning pages: dashboards, contracts, KPIs and monitoring returns."""

from django.urls import URLPattern, URLResolver

from carershub.commissioning.urls import contracts, monitoring

app_name = "commissioning"
urlpatterns: list[URLPattern | URLResolver] = [*monitoring.urlpatterns, *contracts.urlpatterns]
