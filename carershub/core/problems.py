"""RFC 9457 problem details for the JSON API: every error names what failed, in one shape."""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"
_LOCATION_PREFIXES = {"body", "query", "path", "header", "cookie", "form"}


def problem_response(
    request: HttpRequest,
    *,
    status: int,
    title: str,
    detail: str = "",
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """A problem+json response; `errors` lists each failing field as {"field", "message"}."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "instance": request.path}
    if detail:
        body["detail"] = detail
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def field_name(location: list[Any] | tuple[Any, ...]) -> str:
    """Turn a validation error location such as ("body", "payload", "outcomes", "x") into "outcomes.x"."""
    parts = [str(part) for part in location]
    if parts and parts[0] in _LOCATION_PREFIXES:
        parts = parts[1:]
        # django-ninja nests the request body under the view argument's name; it is not a field the caller sent.
        if parts and parts[0] == "payload":
            parts = parts[1:]
    return ".".join(parts) or "body"
