"""Pages every visitor can reach, the staff home page, health check and error pages."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from carershub.core.problems import problem_response

# The JSON API lives here; its callers read problem+json, never an HTML error page.
API_PATH_PREFIX = "/api/"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness: answers 200 only if the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not ready"
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PATH_PREFIX):
        return problem_response(request, status=404, title="Not found", detail="No API address matches this path.")
    return render(request, "core/errors/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PATH_PREFIX):
        return problem_response(request, status=403, title="Forbidden")
    return render(request, "core/errors/403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request: context processors may touch the database that just failed."""
    if request.path.startswith(API_PATH_PREFIX):
        return problem_response(
            request, status=500, title="Something went wrong on our side", detail="Try again later."
        )
    return HttpResponseServerError(loader.render_to_string("core/errors/500.html"))


def not_offered(request: HttpRequest) -> HttpResponse:
    """A django-allauth page we do not offer (staff email addresses are changed by an administrator)."""
    return page_not_found(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/errors/csrf.html", status=403)
