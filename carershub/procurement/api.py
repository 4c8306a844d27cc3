"""The bid-evaluation rule as a public JSON API at /api/v1/rules/bid-evaluation (no sign-in; rate limited).

A thin shell around the pure `rules.bid_evaluation`, the same function the award screens use, so a council, a
supplier or an auditor can check an award. Nothing here touches the database except the rate-limit counter.

Money is a decimal string ("950.00"), never a JSON number: a float cannot hold every amount to the penny.
"""

import math
import re
import time
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from ninja.throttling import BaseThrottle
from pydantic import BaseModel, BeforeValidator, ConfigDict, WithJsonSchema
from pydantic_core import PydanticCustomError

from carershub.core.problems import problem_response
from carershub.core.ratelimit import client_address_digest, within_limit
from carershub.procurement.rules.bid_evaluation import (
    DEFAULT_MAX_QUALITY,
    MOST_BIDS,
    Bid,
    BidEvaluation,
    BidEvaluationError,
    evaluate_bids,
)

RULES_REQUESTS_PER_MINUTE = 300
RATE_LIMIT_PERIOD_SECONDS = 60
# A mark above this is no questionnaire anyone scores; the bound keeps the arithmetic cheap.
HIGHEST_MAX_QUALITY = 10_000

_MONEY = re.compile(r"\d{1,9}(\.\d{1,2})?")
_RATIO = re.compile(r"\d(\.\d{1,4})?")


class BidEvaluationRateLimit(BaseThrottle):
    """settings.CARERSHUB_RULES_API_REQUESTS_PER_MINUTE per client address, in fixed one-minute windows counted in
    the shared database (the same limit as the other rules APIs, counted separately)."""

    def allow_request(self, request: HttpRequest) -> bool:
        window = int(_now() // RATE_LIMIT_PERIOD_SECONDS)
        key = f"bid-evaluation-api:{window}:{client_address_digest(request)}"
        return within_limit(key, limit=_requests_per_minute(), period_seconds=RATE_LIMIT_PERIOD_SECONDS)

    def wait(self) -> float:
        return max(1, math.ceil(RATE_LIMIT_PERIOD_SECONDS - _now() % RATE_LIMIT_PERIOD_SECONDS))


def _now() -> float:
    return time.time()


def _requests_per_minute() -> int:
    return int(getattr(settings, "CARERSHUB_RULES_API_REQUESTS_PER_MINUTE", RULES_REQUESTS_PER_MINUTE))


def _money(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str):
        raise PydanticCustomError("money_as_string", 'Send money as a string of pounds and pence, like "950.00"')
    if not _MONEY.fullmatch(value):
        raise PydanticCustomError("money", 'Enter an amount in pounds with at most 2 decimals, like "950.00"')
    amount = Decimal(value)
    if amount <= 0:
        raise PydanticCustomError("money_not_positive", "The amount must be above 0")
    return amount


def _mark(value: Any) -> Decimal:
    """A quality mark: a JSON number (72 or 72.5), never a string or true/false."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("mark", "Send the mark as a number, like 72")
    try:
        mark = Decimal(str(value))
    except InvalidOperation:
        raise PydanticCustomError("mark", "Send the mark as a number, like 72") from None
    if not mark.is_finite() or mark < 0:
        raise PydanticCustomError("mark_negative", "The mark must be 0 or more")
    if mark > HIGHEST_MAX_QUALITY:
        raise PydanticCustomError("mark_too_large", f"The mark must be {HIGHEST_MAX_QUALITY} or less")
    return mark


def _weight(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError("weight", "Enter the quality weight as a whole number from 0 to 100, like 60")
    if not 0 <= value <= 100:
        raise PydanticCustomError("weight", "The quality weight must be from 0 to 100")
    return value


def _ratio(value: Any) -> Decimal:
    text = str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not _RATIO.fullmatch(text) or not 0 <= Decimal(text) <= 1:
        raise PydanticCustomError("ratio", 'Enter a ratio from 0 to 1, like "0.80"')
    return Decimal(text)


Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    WithJsonSchema({"type": "string", "pattern": r"^\d+(\.\d{1,2})?$", "examples": ["950.00"]}),
]
Mark = Annotated[Decimal, BeforeValidator(_mark), WithJsonSchema({"type": "number", "minimum": 0, "examples": [72]})]
Weight = Annotated[int, BeforeValidator(_weight), WithJsonSchema({"type": "integer", "minimum": 0, "maximum": 100})]
Ratio = Annotated[
    Decimal,
    BeforeValidator(_ratio),
    WithJsonSchema({"type": "string", "pattern": r"^\d(\.\d{1,4})?$", "examples": ["0.80"]}),
]
ScoreOut = Annotated[str | None, Field(pattern=r"^\d+\.\d{2}$", examples=["54.00"])]


class BidIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=100, description="The bid's id, unique in the request")
    price: Money = Field(description="The bid's price in pounds: a decimal string above 0, at most 2 decimals")
    quality: Mark = Field(description="The bid's quality mark, from 0 to max_quality")


class BidEvaluationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quality_weight: Weight = Field(description="The weight of quality, 0-100; price has the rest")
    max_quality: Mark = Field(default=DEFAULT_MAX_QUALITY, description="The highest quality mark (default 100)")
    quality_threshold: Mark | None = Field(
        default=None, description="Bids with a quality mark below this are excluded as below_quality_threshold"
    )
    price_ceiling: Money | None = Field(
        default=None, description="Bids priced above this are excluded as over_price_ceiling"
    )
    abnormally_low_ratio: Ratio | None = Field(
        default=None,
        description="A bid priced below this ratio of the mean price of the other bids left in is flagged",
    )
    bids: list[BidIn] = Field(min_length=1, max_length=MOST_BIDS, description=f"1 to {MOST_BIDS} bids")


class EvaluatedBidOut(BaseModel):
    id: str
    rank: int | None = Field(description="1 is best; equal bids share a rank (1, 1, 3); null when excluded")
    quality_score: ScoreOut
    price_score: ScoreOut
    total: ScoreOut
    excluded: str | None = Field(description="over_price_ceiling, below_quality_threshold or null")
    abnormally_low: bool


class BidEvaluationOut(BaseModel):
    price_weight: int
    quality_weight: int
    winner: str | None = Field(description="The one bid ranked 1; null when several share rank 1 or none is left")
    bids: list[EvaluatedBidOut]


class BidRulesProblem(Schema):
    type: str
    title: str
    status: int
    instance: str
    detail: str = ""
    errors: list[dict[str, str]] = Field(default_factory=list)


# The request and response models are plain pydantic models rather than ninja Schemas: a Schema runs a Python
# validator on every nested object (1,000 of them for 500 bids in and out), which alone took about 40 ms.
router = Router(tags=["Rules"], auth=None, throttle=BidEvaluationRateLimit())


@router.post(
    "/bid-evaluation",
    response={200: BidEvaluationOut, 400: BidRulesProblem, 429: BidRulesProblem},
    summary="Rank the bids of a mini-competition by weighted quality and price",
    description="The rule councils use to award a care package after a mini-competition. Bids above the price "
    "ceiling, then bids below the quality threshold, are excluded. For the rest: quality score = quality weight x "
    "quality / max quality; price score = price weight x lowest price / the bid's price; each rounded half up to 2 "
    "decimals; total = their sum. Ranked by total, then quality score (both highest first), then price (lowest "
    "first); bids equal on all three share a rank. A bid priced below the ratio x the mean price of the other bids "
    "left in is flagged abnormally low, never excluded. Money is a decimal string. No sign-in. Invalid input is a "
    "400 problem whose `errors` name each field; too many requests from one address is a 429 with Retry-After.",
)
def evaluate(request: HttpRequest, payload: BidEvaluationIn) -> Any:
    try:
        evaluation = evaluate_bids(
            [Bid(bid.id, bid.price, bid.quality) for bid in payload.bids],
            quality_weight=payload.quality_weight,
            max_quality=payload.max_quality,
            quality_threshold=payload.quality_threshold,
            price_ceiling=payload.price_ceiling,
            abnormally_low_ratio=payload.abnormally_low_ratio,
        )
    except BidEvaluationError as invalid:
        return _invalid(request, invalid.field, invalid.message)
    return evaluation_as_json(evaluation)


def evaluation_as_json(evaluation: BidEvaluation) -> dict[str, Any]:
    """The response body: scores as strings with exactly 2 decimals."""
    return {
        "price_weight": evaluation.price_weight,
        "quality_weight": evaluation.quality_weight,
        "winner": evaluation.winner,
        "bids": [
            {
                "id": bid.id,
                "rank": bid.rank,
                "quality_score": _score(bid.quality_score),
                "price_score": _score(bid.price_score),
                "total": _score(bid.total),
                "excluded": bid.excluded.value if bid.excluded else None,
                "abnormally_low": bid.abnormally_low,
            }
            for bid in evaluation.bids
        ],
    }


def _score(score: Decimal | None) -> str | None:
    return None if score is None else f"{score:.2f}"


def _invalid(request: HttpRequest, field: str, message: str) -> HttpResponse:
    return problem_response(
        request,
        status=400,
        title="The request is not valid",
        detail=f"Check: {field}.",
        errors=[{"field": field, "message": message}],
    )
