"""Bid evaluation for a mini-competition: exclusions, weighted quality and price scores, ranks and the winner.

One pure function over frozen dataclasses (no Django), used by the award screens and by the public rule at
POST /api/v1/rules/bid-evaluation, so a council, a supplier or an auditor gets the same answer as the award.

The method (issue 16, item 6):
- quality weight is a whole number 0-100 and the price weight is the rest;
- a bid priced above the price ceiling is excluded as over the ceiling; otherwise a bid whose quality is below the
  quality threshold is excluded as below the threshold;
- for the bids left in: quality score = quality weight x quality / max quality; price score = price weight x the
  lowest price among them / the bid's price; each rounded half up to 2 decimals; total = the sum of the two rounded
  scores. The division runs in Decimal with 50 significant digits, so rounding is exact: a quotient that lands on a
  half penny terminates and is computed exactly, and any other is at least 1/(200 x divisor) away from one, far
  more than the 1e-45 the division can be out by;
- order: total, highest first; then quality score, highest first; then price, lowest first. Bids equal on all three
  share a rank (1, 1, 3) and keep the order they were sent in. The winner is the one bid ranked 1, or none when
  several share rank 1 or no bid is left in. Excluded bids follow in the order sent, unranked and unscored;
- a bid left in is abnormally low when its price is below the ratio x the mean price of the other bids left in. This
  flags a bid for the evaluators to ask the supplier to explain its price before any award (Public Contracts
  Regulations 2015 reg 69, abnormally low tenders); it never excludes.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from enum import StrEnum

MOST_BIDS = 500
PENNY = Decimal("0.01")
# Enough digits that every division here is exact or provably far from a half penny (see the module docstring).
_EXACT = Context(prec=50)
DEFAULT_MAX_QUALITY = Decimal(100)


class BidEvaluationError(ValueError):
    """Input the evaluation cannot work with, naming the field at fault (as the API reports it)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class Exclusion(StrEnum):
    OVER_PRICE_CEILING = "over_price_ceiling"
    BELOW_QUALITY_THRESHOLD = "below_quality_threshold"


@dataclass(frozen=True, slots=True)
class Bid:
    id: str
    price: Decimal
    quality: Decimal


@dataclass(frozen=True, slots=True)
class EvaluatedBid:
    id: str
    price: Decimal
    rank: int | None
    quality_score: Decimal | None
    price_score: Decimal | None
    total: Decimal | None
    excluded: Exclusion | None
    abnormally_low: bool


@dataclass(frozen=True, slots=True)
class BidEvaluation:
    quality_weight: int
    price_weight: int
    winner: str | None
    bids: tuple[EvaluatedBid, ...]  # ranked bids first, best first; then excluded bids in the order sent


def evaluate_bids(
    bids: Sequence[Bid],
    *,
    quality_weight: int,
    max_quality: Decimal = DEFAULT_MAX_QUALITY,
    quality_threshold: Decimal | None = None,
    price_ceiling: Decimal | None = None,
    abnormally_low_ratio: Decimal | None = None,
) -> BidEvaluation:
    """Rank the bids of one mini-competition by weighted quality and price. Raises BidEvaluationError."""
    _check(bids, quality_weight, max_quality, quality_threshold, price_ceiling, abnormally_low_ratio)
    price_weight = 100 - quality_weight
    exclusions = [_exclusion(bid, quality_threshold, price_ceiling) for bid in bids]
    left_in = [bid for bid, exclusion in zip(bids, exclusions, strict=True) if exclusion is None]
    scored = _scored(left_in, quality_weight, price_weight, max_quality, abnormally_low_ratio)
    ranked = _ranked(scored)
    excluded = tuple(
        EvaluatedBid(bid.id, bid.price, None, None, None, None, exclusion, abnormally_low=False)
        for bid, exclusion in zip(bids, exclusions, strict=True)
        if exclusion is not None
    )
    leaders = [bid for bid in ranked if bid.rank == 1]
    winner = leaders[0].id if len(leaders) == 1 else None
    return BidEvaluation(quality_weight, price_weight, winner, ranked + excluded)


def _exclusion(bid: Bid, quality_threshold: Decimal | None, price_ceiling: Decimal | None) -> Exclusion | None:
    if price_ceiling is not None and bid.price > price_ceiling:
        return Exclusion.OVER_PRICE_CEILING
    if quality_threshold is not None and bid.quality < quality_threshold:
        return Exclusion.BELOW_QUALITY_THRESHOLD
    return None


_SortKey = tuple[Decimal, Decimal, Decimal]


def _scored(
    bids: list[Bid],
    quality_weight: int,
    price_weight: int,
    max_quality: Decimal,
    abnormally_low_ratio: Decimal | None,
) -> list[tuple[_SortKey, Bid, Decimal, Decimal, bool]]:
    if not bids:
        return []
    lowest = min(bid.price for bid in bids)
    price_sum = _EXACT.create_decimal(0)
    for bid in bids:
        price_sum = _EXACT.add(price_sum, bid.price)
    scored = []
    for bid in bids:
        quality_score = _half_up(_EXACT.divide(_EXACT.multiply(quality_weight, bid.quality), max_quality))
        price_score = _half_up(_EXACT.divide(_EXACT.multiply(price_weight, lowest), bid.price))
        key = (-(quality_score + price_score), -quality_score, bid.price)
        abnormally_low = _is_abnormally_low(bid, len(bids), price_sum, abnormally_low_ratio)
        scored.append((key, bid, quality_score, price_score, abnormally_low))
    return scored


def _is_abnormally_low(bid: Bid, count: int, price_sum: Decimal, ratio: Decimal | None) -> bool:
    """price < ratio x mean of the others, compared exactly: price x (n - 1) < ratio x (sum - price)."""
    if ratio is None or count < 2:
        return False
    return _EXACT.multiply(bid.price, count - 1) < _EXACT.multiply(ratio, _EXACT.subtract(price_sum, bid.price))


def _ranked(scored: list[tuple[_SortKey, Bid, Decimal, Decimal, bool]]) -> tuple[EvaluatedBid, ...]:
    ordered = sorted(scored, key=lambda entry: entry[0])  # stable: bids equal on all three keep the order sent
    ranked: list[EvaluatedBid] = []
    previous_key: _SortKey | None = None
    for position, (key, bid, quality_score, price_score, abnormally_low) in enumerate(ordered, start=1):
        rank = ranked[-1].rank if key == previous_key else position  # competition ranking: 1, 1, 3
        previous_key = key
        ranked.append(
            EvaluatedBid(
                bid.id,
                bid.price,
                rank=rank,
                quality_score=quality_score,
                price_score=price_score,
                total=quality_score + price_score,
                excluded=None,
                abnormally_low=abnormally_low,
            )
        )
    return tuple(ranked)


def _half_up(value: Decimal) -> Decimal:
    """Round half up to 2 decimals (values here are never negative)."""
    return value.quantize(PENNY, rounding=ROUND_HALF_UP, context=_EXACT)


def _check(
    bids: Sequence[Bid],
    quality_weight: int,
    max_quality: Decimal,
    quality_threshold: Decimal | None,
    price_ceiling: Decimal | None,
    ratio: Decimal | None,
) -> None:
    if isinstance(quality_weight, bool) or not 0 <= quality_weight <= 100:
        raise BidEvaluationError("quality_weight", "The quality weight must be a whole number from 0 to 100")
    if max_quality <= 0:
        raise BidEvaluationError("max_quality", "The maximum quality mark must be above 0")
    if quality_threshold is not None and not 0 <= quality_threshold <= max_quality:
        raise BidEvaluationError("quality_threshold", "The quality threshold must be from 0 to the maximum quality")
    if price_ceiling is not None and price_ceiling <= 0:
        raise BidEvaluationError("price_ceiling", "The price ceiling must be above 0")
    if ratio is not None and not 0 <= ratio <= 1:
        raise BidEvaluationError("abnormally_low_ratio", "The ratio must be from 0 to 1")
    if not 1 <= len(bids) <= MOST_BIDS:
        raise BidEvaluationError("bids", f"Send from 1 to {MOST_BIDS} bids")
    seen: set[str] = set()
    for index, bid in enumerate(bids):
        if bid.id in seen:
            raise BidEvaluationError(f"bids.{index}.id", f"Bid ids must be unique: {bid.id!r} is sent twice")
        seen.add(bid.id)
        if bid.price <= 0:
            raise BidEvaluationError(f"bids.{index}.price", "The price must be above 0")
        if not 0 <= bid.quality <= max_quality:
            raise BidEvaluationError(f"bids.{index}.quality", "The quality must be from 0 to the maximum quality")
