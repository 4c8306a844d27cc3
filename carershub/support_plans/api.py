"""The direct payment schedule as a public JSON API at /api/v1/rules/direct-payment-schedule (no sign-in; rate
limited like the other rules).

A thin shell around the pure `rules.direct_payments.direct_payment_schedule`, the same function that schedules a
direct payment agreement's payments in Carers Hub. Nothing here touches the database except the rate-limit
counter (one statement per request).

Money is a decimal string ("1000.00"), never a JSON number: a float cannot hold every amount to the penny.
"""

import math
import re
import time
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from ninja.throttling import BaseThrottle
from pydantic import BeforeValidator, ConfigDict, WithJsonSchema
from pydantic_core import PydanticCustomError

from carershub.core.problems import PROBLEM_CONTENT_TYPE, problem_response
from carershub.core.ratelimit import client_address_digest, within_limit
from carershub.support_plans.rules.direct_payments import (
    LONGEST_SCHEDULE_MONTHS,
    Frequency,
    ScheduleError,
    direct_payment_schedule,
)

RULES_REQUESTS_PER_MINUTE = 300
RATE_LIMIT_PERIOD_SECONDS = 60

_MONEY = re.compile(r"\d{1,9}(\.\d{1,2})?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ScheduleRulesRateLimit(BaseThrottle):
    """settings.CARERSHUB_RULES_API_REQUESTS_PER_MINUTE per client address in fixed one-minute windows, counted in
    the shared database (the same limit as the other rules, counted separately)."""

    def allow_request(self, request: HttpRequest) -> bool:
        window = int(_now() // RATE_LIMIT_PERIOD_SECONDS)
        key = f"direct-payment-rules-api:{window}:{client_address_digest(request)}"
        return within_limit(key, limit=_requests_per_minute(), period_seconds=RATE_LIMIT_PERIOD_SECONDS)

    def wait(self) -> float:
        return max(1, math.ceil(RATE_LIMIT_PERIOD_SECONDS - _now() % RATE_LIMIT_PERIOD_SECONDS))


def _now() -> float:
    return time.time()


def _requests_per_minute() -> int:
    return int(getattr(settings, "CARERSHUB_RULES_API_REQUESTS_PER_MINUTE", RULES_REQUESTS_PER_MINUTE))


def _money(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str):
        raise PydanticCustomError(
            "money_as_string", 'Send money as a string of pounds and pence, like "1000.00", not a number'
        )
    if not _MONEY.fullmatch(value):
        raise PydanticCustomError(
            "money", 'Enter an amount in pounds, at most 2 decimal places and more than zero, like "1000.00"'
        )
    amount = Decimal(value)
    if amount <= 0:
        raise PydanticCustomError("money_not_positive", "The amount must be more than zero")
    return amount


def _iso_date(value: Any) -> date:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("iso_date", 'Enter a date as "YYYY-MM-DD", like "2026-04-01"')
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("iso_date", "Enter a real date, like 2026-04-01") from None


Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    WithJsonSchema({"type": "string", "pattern": r"^\d+(\.\d{1,2})?$", "examples": ["1000.00"]}),
]
IsoDate = Annotated[date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]
# Inline the values: OpenAPI components are keyed by class name, and "Frequency" could collide with another app's.
FrequencyCode = Annotated[Frequency, WithJsonSchema({"type": "string", "enum": [f.value for f in Frequency]})]
MoneyOut = Annotated[str, Field(pattern=r"^\d+\.\d{2}$", examples=["83.34"])]


class DirectPaymentScheduleIn(Schema):
    model_config = ConfigDict(extra="forbid")

    amount: Money = Field(description="The total to pay over the schedule, in pounds: a decimal string above zero")
    start_date: IsoDate = Field(description="The date of the first payment")
    end_date: IsoDate = Field(
        description=f"The last date a payment may fall on: not before the start date, at most "
        f"{LONGEST_SCHEDULE_MONTHS} months after it"
    )
    frequency: FrequencyCode = Field(description="weekly, four_weekly, monthly or one_off")


class ScheduledPaymentOut(Schema):
    date: date
    amount: MoneyOut


class DirectPaymentScheduleOut(Schema):
    payments: list[ScheduledPaymentOut] = Field(description="In date order; the amounts add up to the total")
    count: int
    total: MoneyOut
    reviews: list[date] = Field(
        description="The latest dates of the reviews the Care and Support (Direct Payments) Regulations 2014 reg 7 "
        "requires: 6 months after the start, then every 12 months, up to the end date"
    )


class ScheduleRulesProblem(Schema):
    type: str
    title: str
    status: int
    instance: str
    detail: str = ""
    errors: list[dict[str, str]] = Field(default_factory=list)


router = Router(tags=["Rules"], auth=None, throttle=ScheduleRulesRateLimit())
_PROBLEM_CONTENT = {PROBLEM_CONTENT_TYPE: {"schema": ScheduleRulesProblem.model_json_schema()}}
# Errors come from the API's handlers as RFC 9457 problems: the document names that media type.
_PROBLEMS: dict[str, Any] = {
    "responses": {
        "400": {"description": "Invalid input: `errors` names each failing field", "content": _PROBLEM_CONTENT},
        "429": {
            "description": "Too many requests a minute from one address",
            "headers": {"Retry-After": {"description": "Seconds until the next window", "schema": {"type": "integer"}}},
            "content": _PROBLEM_CONTENT,
        },
    }
}


@router.post(
    "/direct-payment-schedule",
    response={200: DirectPaymentScheduleOut},
    openapi_extra=_PROBLEMS,
    summary="Work out a direct payment's payment dates, amounts and review dates",
    description="Payments on the start date, then every 7 days (weekly), every 28 days (four_weekly), or on the "
    "start date's day of each following month, moved back to the month's last day when it is shorter and never "
    "drifting (31 Jan, 28 Feb, 31 Mar); one_off pays once on the start date. Only dates on or before the end date. "
    "The amount is split equally to the penny, rounded down, with the pennies left over one each on the first "
    "payments, so the payments add up to the total exactly. `reviews` are the Care and Support (Direct Payments) "
    "Regulations 2014 reg 7 review dates. Money is a decimal string in pounds, never a number. No sign-in. Invalid "
    "input is a 400 problem whose `errors` name each field; too many requests from one address is a 429 with "
    "Retry-After.",
)
def calculate_direct_payment_schedule(request: HttpRequest, payload: DirectPaymentScheduleIn) -> Any:
    try:
        schedule = direct_payment_schedule(
            amount=payload.amount,
            start_date=payload.start_date,
            end_date=payload.end_date,
            frequency=payload.frequency,
        )
    except ScheduleError as invalid:
        return _invalid(request, invalid.field, invalid.message)
    return {
        "payments": [{"date": payment.date, "amount": f"{payment.amount:.2f}"} for payment in schedule.payments],
        "count": schedule.count,
        "total": f"{schedule.total:.2f}",
        "reviews": list(schedule.reviews),
    }


def _invalid(request: HttpRequest, field: str, message: str) -> HttpResponse:
    return problem_response(
        request,
        status=400,
        title="The request is not valid",
        detail=f"Check: {field}.",
        errors=[{"field": field, "message": message}],
    )
