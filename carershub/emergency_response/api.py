"""Emergency card lookup for call-centre systems, with the emergency-cards API keys of the organisation that runs the
area's line.

The same rules as the responder's screen: a reason is required and recorded with the view ("break the glass"),
every lookup is logged, repeated failures are stopped and flagged. The answer is "what to do now"; key safe
details are never sent through the API (they are shown only on the responder's screen inside an open activation).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from carershub.core.problems import problem_response
from carershub.emergency_response.models import EmergencyCard
from carershub.emergency_response.rules import format_card_number
from carershub.emergency_response.selectors import lines_for_api_key
from carershub.emergency_response.services.cards import LookupResult, look_up_card, record_api_card_view
from carershub.organisations.api import OrganisationApiKey
from carershub.organisations.models import ApiKey


class CardQuery(Schema):
    reason: str = Field(
        min_length=1, max_length=255, description="Why the plan is being read (recorded in the audit log)."
    )


class ContactOut(Schema):
    order: int
    name: str
    relationship: str
    phone: str
    availability: str


class CaredForOut(Schema):
    name: str
    address: str


class NeedsOut(Schema):
    personal_care: str
    medication: str
    mobility: str
    communication: str
    routines: str
    allergies: str
    pets: str
    professionals: str
    home_access: str


class EmergencyCardOut(Schema):
    card_number: str
    card_number_formatted: str
    plan_status: str
    emergency_line_phone_number: str
    cared_for: CaredForOut
    contacts: list[ContactOut]
    replacement_care: str
    needs: NeedsOut
    open_activation: bool


class Problem(Schema):
    type: str
    title: str
    status: int
    instance: str
    detail: str = ""
    errors: list[dict[str, str]] = Field(default_factory=list)


# Only keys issued for emergency cards (manage.py create_api_key --scope emergency-cards); any other key of the
# organisation gets a 404 before anything is looked up or recorded.
router = Router(tags=["Emergency cards"], auth=OrganisationApiKey(scope=ApiKey.Scope.EMERGENCY_CARDS))

_PROBLEMS = {
    LookupResult.MISTYPED: (400, "The card number is not valid", "Check the card number: it has a mistake in it."),
    LookupResult.UNKNOWN: (404, "Not found", "There is no active plan with this card number."),
    LookupResult.ENDED: (410, "This card is no longer in use", "The card was replaced or its plan was withdrawn."),
    LookupResult.RATE_LIMITED: (
        429,
        "Too many failed lookups",
        "Lookups with this key are paused after repeated failures; they have been flagged.",
    ),
}


@router.get(
    "/emergency-cards/{number}",
    response={200: EmergencyCardOut, 400: Problem, 404: Problem, 410: Problem, 429: Problem},
    summary="What to do now for an emergency card (break the glass: a reason is required and recorded)",
)
def read_emergency_card(request: HttpRequest, number: str, query: Query[CardQuery]) -> Any:
    api_key: ApiKey = request.auth  # type: ignore[attr-defined]
    found = look_up_card(number, lines=lines_for_api_key(api_key), by=None, api_key=api_key)
    if found.result != LookupResult.FOUND or found.card is None:
        return _problem(request, found.result)
    record_api_card_view(found.card, api_key=api_key, reason=query.reason)
    return _card_out(found.card)


def _problem(request: HttpRequest, result: LookupResult) -> HttpResponse:
    status, title, detail = _PROBLEMS[result]
    errors = [{"field": "number", "message": detail}] if result == LookupResult.MISTYPED else None
    return problem_response(request, status=status, title=title, detail=detail, errors=errors)


def _card_out(card: EmergencyCard) -> dict[str, Any]:
    plan = card.plan
    cared_for = plan.cared_for
    line = getattr(card.area, "emergency_line", None)
    address = ", ".join(part for part in (cared_for.address_line_1, cared_for.town, cared_for.postcode) if part)
    contacts = plan.contacts.filter(removed_at__isnull=True).order_by("order")
    return {
        "card_number": card.number,
        "card_number_formatted": format_card_number(card.number),
        "plan_status": plan.status,
        "emergency_line_phone_number": line.phone_number if line is not None else "",
        "cared_for": {"name": cared_for.full_name, "address": address},
        "contacts": [
            {
                "order": contact.order,
                "name": contact.name,
                "relationship": contact.relationship,
                "phone": contact.phone,
                "availability": contact.availability,
            }
            for contact in contacts
        ],
        "replacement_care": plan.replacement_care,
        "needs": {name: getattr(plan, name) for name in NeedsOut.model_fields},
        "open_activation": plan.activations.filter(closed_at__isnull=True).exists(),
    }
