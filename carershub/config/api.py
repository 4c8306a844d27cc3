"""The JSON API at /api/v1 (OpenAPI at /api/openapi.json). Errors are problem+json (RFC 9457)."""

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from carershub.assessments.api import router as rules_router
from carershub.commissioning.api import router as contract_rules_router
from carershub.core.problems import field_name, problem_response
from carershub.directory.api import router as openreferral_router
from carershub.emergency_response.api import router as emergency_router
from carershub.organisations.api import router as organisations_router
from carershub.procurement.api import router as bid_rules_router
from carershub.referrals.api import router as referrals_router
from carershub.referrals.fhir import router as fhir_router
from carershub.support_plans.api import router as direct_payment_rules_router

logger = logging.getLogger(__name__)


def _problem_when_method_not_allowed(view: Callable[..., Any]) -> Callable[..., Any]:
    """django-ninja answers a wrong method with a plain-text 405 from inside the view, where no exception handler
    sees it; give the caller the same problem+json as every other error, keeping the Allow header."""

    @functools.wraps(view)  # keeps csrf_exempt: the API authenticates with keys, not cookies
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            return problem_response(
                request,
                status=405,
                title="Method not allowed",
                detail=f"This address accepts: {allowed}.",
                headers={"Allow": allowed},
            )
        return response

    return wrapped


class ProblemAPI(NinjaAPI):
    """NinjaAPI whose every error, including a wrong method, is problem+json."""

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        return (
            [
                URLPattern(
                    pattern.pattern,
                    _problem_when_method_not_allowed(pattern.callback),
                    pattern.default_args,
                    pattern.name,
                )
                if isinstance(pattern, URLPattern)
                else pattern
                for pattern in patterns
            ],
            app_name,
            namespace,
        )


api = ProblemAPI(
    title="Carers Hub API",
    version="1",
    description="Rules, records and integrations for Carers Hub. Errors are RFC 9457 problem details.",
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
)
api.add_router("/v1/", organisations_router)
api.add_router("/v1/", referrals_router)
api.add_router("/v1/fhir/", fhir_router)
api.add_router("/v1/rules/", rules_router)
api.add_router("/v1/rules/", contract_rules_router)
api.add_router("/v1/", emergency_router)
api.add_router("/v1/rules/", bid_rules_router)
api.add_router("/v1/rules/", direct_payment_rules_router)
api.add_router("/openreferral/", openreferral_router)


@api.exception_handler(ValidationError)
def validation_failed(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": field_name(error.get("loc", ())), "message": str(error.get("msg", "is not valid"))}
        for error in exc.errors
    ]
    fields = ", ".join(sorted({error["field"] for error in errors}))
    return problem_response(
        request, status=400, title="The request is not valid", detail=f"Check: {fields}.", errors=errors
    )


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(
        request,
        status=401,
        title="An API key is required",
        detail="Send a live key as 'Authorization: Bearer <key>'.",
        headers={"WWW-Authenticate": "Bearer"},
    )


@api.exception_handler(AuthorizationError)
def not_allowed(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
    return problem_response(request, status=403, title="This key may not do that")


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(request, status=404, title="Not found")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem_response(request, status=exc.status_code, title=str(exc.message))


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem_response(request, status=403, title="This key may not do that")


@api.exception_handler(Exception)
def unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything else is our fault: log it in full, and tell the caller nothing about its insides."""
    logger.exception("Unhandled error in the API at %s %s", request.method, request.path, exc_info=exc)
    return problem_response(
        request,
        status=500,
        title="Something went wrong on our side",
        detail="Try again later. If it keeps happening, tell the service desk the time of the request.",
    )
