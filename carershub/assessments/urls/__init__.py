"""Assessment pages for staff: the record and its sections, sign-off, waiting times, reviews and prompts."""

from django.urls import URLPattern, URLResolver

from carershub.assessments.urls import assessment, timeliness

app_name = "assessments"
urlpatterns: list[URLPattern | URLResolver] = [*timeliness.urlpatterns, *assessment.urlpatterns]
