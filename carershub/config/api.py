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
from carershub.referrals.api.endpoints import router as referrals_router
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


# What each error means wherever it can happen; the operations' own descriptions (if any) are kept.
_COMMON_ERRORS = {
    "400": "The request is not valid: `errors` names each failing field",
    "401": "No live API key was sent (`Authorization: Bearer <key>`)",
    "404": "Not found, or not the calling organisation's to see (the same answer for both)",
    "429": "Too many requests: wait for the number of seconds in Retry-After",
}
_PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "required": ["type", "title", "status", "instance"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "instance": {"type": "string"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
    },
}
# FHIR answers its own errors as OperationOutcome and is not rate limited per key; everything else under /v1 is.
_FHIR_PREFIX = "/api/v1/fhir/"


def declare_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Every operation declares each error it can answer as application/problem+json: 400 when it takes input,
    401 when it needs a key, 404 when its path names something, 429 where requests are rate limited."""
    problem = {"application/problem+json": {"schema": _PROBLEM_SCHEMA}}
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, response in list(responses.items()):
                content = response.get("content", {})
                if str(status).startswith("4") and "application/json" in content:
                    response["content"] = {"application/problem+json": content["application/json"]}
            applicable = {
                "400": bool(operation.get("parameters") or operation.get("requestBody")),
                "401": bool(operation.get("security")),
                # A key of another scope is a 404 before anything runs (organisations.api.check_api_key_scope).
                "404": "{" in path or bool(operation.get("security")),
                "429": not path.startswith(_FHIR_PREFIX),
            }
            for status, applies in applicable.items():
                if applies and status not in responses and int(status) not in responses:
                    responses[status] = {"description": _COMMON_ERRORS[status], "content": problem}
                    if status == "429":
                        responses[status]["headers"] = {
                            "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}
                        }
    return schema


class ProblemAPI(NinjaAPI):
    """NinjaAPI whose every error, including a wrong method, is problem+json, and whose OpenAPI document says so."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        return declare_errors(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))

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
