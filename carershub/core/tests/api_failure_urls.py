"""A URL map for tests: the project's URLs plus an API address that fails outside django-ninja's handlers."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from carershub.config.urls import handler403, handler404, handler500
from carershub.config.urls import urlpatterns as project_urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("database password is hunter2")


urlpatterns = [path("api/broken", broken), *project_urlpatterns]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
