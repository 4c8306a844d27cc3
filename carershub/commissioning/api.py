"""The contract calculator as a public JSON API at /api/v1/rules/contract-terms (no sign-in; rate limited).

A thin shell around the pure `rules.contract_terms`, so a council's spreadsheet, a bidder or a journalist gets the
same contract years, values and shares as the contract pages show. Nothing here touches the database except the
rate-limit counter (one statement per request).

Money is a decimal string ("990930.00"), never a JSON number: a float cannot hold every amount to the penny, so a
number is refused with a message saying what to send instead.
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

from carershub.commissioning.rules.contract_terms import ContractTermsError, Contribution, contract_terms
from carershub.core.problems import problem_response
from carershub.core.ratelimit import client_address_digest, within_limit

RULES_REQUESTS_PER_MINUTE = 300
RATE_LIMIT_PERIOD_SECONDS = 60
# Bounds that keep one request cheap: no real contract runs longer than this or has more funders.
LONGEST_TERM_YEARS = 50
MOST_EXTENSION_OPTIONS = 10
MOST_CONTRIBUTIONS = 20

_MONEY = re.compile(r"-?\d{1,12}(\.\d{1,2})?")
_PERCENT = re.compile(r"-?\d{1,3}(\.\d{1,2})?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ContractRulesRateLimit(BaseThrottle):
    """settings.CARERSHUB_RULES_API_REQUESTS_PER_MINUTE per client address, in fixed one-minute windows counted in
    the shared cache (the same limit as the assessment rules API, counted separately)."""

    def allow_request(self, request: HttpRequest) -> bool:
        window = int(_now() // RATE_LIMIT_PERIOD_SECONDS)
        key = f"contract-rules-api:{window}:{client_address_digest(request)}"
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
            "money_as_string", 'Send money as a string of pounds and pence, like "990930.00", not a number'
        )
    if not _MONEY.fullmatch(value.strip()):
        raise PydanticCustomError("money", 'Enter an amount in pounds to the penny, like "990930.00"')
    amount = Decimal(value.strip())
    if amount < 0 or value.strip().startswith("-"):  # "-0.00" is no amount anyone means to send
        raise PydanticCustomError("money_negative", "The amount must not be negative")
    return amount


def _percent(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str):
        raise PydanticCustomError("percent_as_string", 'Send the percentage as a string, like "2.50", not a number')
    if not _PERCENT.fullmatch(value.strip()):
        raise PydanticCustomError("percent", 'Enter a percentage to 2 decimal places at most, like "2.50"')
    percent = Decimal(value.strip())
    if percent < 0 or value.strip().startswith("-"):
        raise PydanticCustomError(
            "percent_negative", "The uplift must not be negative: record a reduction in the annual value"
        )
    if percent > 100:
        raise PydanticCustomError("percent_too_large", "The uplift must be 100 or less")
    return percent


def _iso_date(value: Any) -> date:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("iso_date", 'Enter a date as "YYYY-MM-DD", like "2025-04-01"')
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("iso_date", "Enter a real date, like 2025-04-01") from None


def _years(value: Any) -> int:
    # JSON true and 1.0 are not a number of years; "3" is not either (the shapes say int).
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError("whole_years", "Enter a whole number of years, like 3")
    if value < 1:
        raise PydanticCustomError("whole_years", "The number of years must be at least 1")
    if value > LONGEST_TERM_YEARS:
        raise PydanticCustomError("whole_years", f"The number of years must be {LONGEST_TERM_YEARS} or less")
    return value


Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    WithJsonSchema({"type": "string", "pattern": r"^\d+(\.\d{1,2})?$", "examples": ["990930.00"]}),
]
Percent = Annotated[
    Decimal,
    BeforeValidator(_percent),
    WithJsonSchema({"type": "string", "pattern": r"^\d+(\.\d{1,2})?$", "examples": ["2.50"]}),
]
IsoDate = Annotated[date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]
Years = Annotated[int, BeforeValidator(_years), WithJsonSchema({"type": "integer", "minimum": 1})]
MoneyOut = Annotated[str, Field(pattern=r"^\d+\.\d{2}$", examples=["990930.00"])]


class ContributionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    funder: str = Field(min_length=1, max_length=200, description="Who pays, e.g. Adult social care, the ICB")
    annual_amount: Money = Field(description="What the funder pays each year, in pounds: a decimal string")


class ContractTermsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    start_date: IsoDate = Field(description="The first day of the contract")
    initial_term_years: Years = Field(description="The initial term in whole years (3 in 3+1+1)")
    extension_years: list[Years] = Field(
        default_factory=list,
        max_length=MOST_EXTENSION_OPTIONS,
        description="Each extension option in whole years, in the order they may be taken ([1, 1] in 3+1+1)",
    )
    annual_value: Money | None = Field(
        default=None,
        description="The value of year 1 in pounds: a decimal string. Optional when contributions are given (it is "
        "then their sum); when both are given they must agree.",
    )
    annual_uplift_percent: Percent = Field(
        default=Decimal("0"), description='The uplift each year from year 2, compounding, e.g. "2.50"'
    )
    contributions: list[ContributionIn] = Field(
        default_factory=list, max_length=MOST_CONTRIBUTIONS, description="Each funder's annual contribution"
    )


class ContractYearOut(Schema):
    year: int
    start: date
    end: date = Field(description="The day before the anniversary of the start")
    value: MoneyOut
    is_extension: bool


class ContributionOut(Schema):
    funder: str
    annual_amount: MoneyOut
    share_percent: MoneyOut = Field(description="Share of the annual value, 2 dp; the shares sum to 100.00")


class ContractTermsOut(Schema):
    initial_end_date: date
    latest_end_date: date = Field(description="The last day if every extension option is taken")
    maximum_term_years: int
    annual_value: MoneyOut
    initial_term_value: MoneyOut
    lifetime_value: MoneyOut = Field(description="Every year's value, extensions included")
    years: list[ContractYearOut]
    contributions: list[ContributionOut]


class ContractRulesProblem(Schema):
    type: str
    title: str
    status: int
    instance: str
    detail: str = ""
    errors: list[dict[str, str]] = Field(default_factory=list)


router = Router(tags=["Rules"], auth=None, throttle=ContractRulesRateLimit())


def _pounds(amount: Decimal) -> str:
    return f"{amount:.2f}"


@router.post(
    "/contract-terms",
    response={200: ContractTermsOut, 400: ContractRulesProblem, 429: ContractRulesProblem},
    summary="Work out a contract's years, end dates, values and funders' shares",
    description="From the start date, the initial term and extension options (3+1+1 is 3 and [1, 1]), the annual "
    "value and uplift: each contract year (ending the day before the anniversary of the start; a 29 February "
    "start has its anniversary on 1 March in other years), its value with the uplift compounding from year 2 and "
    "rounded to the penny half up, the initial-term and lifetime values, and each funder's share in percent (2 dp, "
    "summing to 100.00). Money is a decimal string in pounds, never a number. No sign-in. Invalid input is a 400 "
    "problem whose `errors` name each field; too many requests from one address is a 429 with Retry-After.",
)
def calculate_contract_terms(request: HttpRequest, payload: ContractTermsIn) -> Any:
    try:
        terms = contract_terms(
            start_date=payload.start_date,
            initial_term_years=payload.initial_term_years,
            extension_years=payload.extension_years,
            annual_value=payload.annual_value,
            annual_uplift_percent=payload.annual_uplift_percent,
            contributions=[Contribution(c.funder, c.annual_amount) for c in payload.contributions],
        )
    except ContractTermsError as invalid:
        return _invalid(request, invalid.field, invalid.message)
    return {
        "initial_end_date": terms.initial_end_date,
        "latest_end_date": terms.latest_end_date,
        "maximum_term_years": terms.maximum_term_years,
        "annual_value": _pounds(terms.annual_value),
        "initial_term_value": _pounds(terms.initial_term_value),
        "lifetime_value": _pounds(terms.lifetime_value),
        "years": [
            {
                "year": year.year,
                "start": year.start,
                "end": year.end,
                "value": _pounds(year.value),
                "is_extension": year.is_extension,
            }
            for year in terms.years
        ],
        "contributions": [
            {
                "funder": share.funder,
                "annual_amount": _pounds(share.annual_amount),
                "share_percent": _pounds(share.share_percent),
            }
            for share in terms.contributions
        ],
    }


def _invalid(request: HttpRequest, field: str, message: str) -> HttpResponse:
    return problem_response(
        request,
        status=400,
        title="The request is not valid",
        detail=f"Check: {field}.",
        errors=[{"field": field, "message": message}],
    )
