"""The assessment rules as a public JSON API at /api/v1/rules/ (no sign-in; rate limited).

Self-help tools and other systems get the same answers as practitioners do in Carers Hub: each endpoint is a thin
shell around a pure function in `assessments.rules`. Nothing here touches the database except the rate-limit
counter (one statement per request), so the endpoints stay fast under load.
"""

import math
import time
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.throttling import BaseThrottle
from pydantic import (
    BeforeValidator,
    ConfigDict,
    StrictBool,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from carershub.assessments.rules.eligibility import (
    OUTCOME_LABELS,
    OUTCOME_PROVISIONS,
    EligibilityQuestion,
    Limb,
    Outcome,
    determine_carer_eligibility,
)
from carershub.assessments.rules.maca import MACA_BAND_LABELS, MACA_ITEMS, MacaBand, score_maca_yc18
from carershub.assessments.rules.panoc import PANOC_ITEMS, score_panoc_yc20
from carershub.assessments.rules.routes import OLDEST_AGE, AssessmentRoute, TransitionRoute, assessment_route
from carershub.core.problems import PROBLEM_CONTENT_TYPE
from carershub.core.ratelimit import client_address_digest, within_limit

# Per client address (a /64 for IPv6), across all four endpoints. A self-help tool answering one carer makes a
# handful of calls; a system scoring in bulk should run the rules itself (they are open source).
RULES_REQUESTS_PER_MINUTE = 300
RATE_LIMIT_PERIOD_SECONDS = 60


def _inline(choices: type[StrEnum]) -> WithJsonSchema:
    # Inline the values: OpenAPI components are keyed by class name, and names such as "Outcome" could collide
    # with other apps' schemas.
    return WithJsonSchema({"type": "string", "enum": [choice.value for choice in choices]})


OutcomeCode = Annotated[Outcome, _inline(Outcome)]
LimbCode = Annotated[Limb, _inline(Limb)]
MacaBandCode = Annotated[MacaBand, _inline(MacaBand)]
AssessmentRouteCode = Annotated[AssessmentRoute, _inline(AssessmentRoute)]
TransitionRouteCode = Annotated[TransitionRoute, _inline(TransitionRoute)]


def _whole_number(value: object) -> object:
    # JSON Schema's "integer" is any number with no fractional part, so 2.0 is 2 (as the OpenAPI document says).
    return int(value) if isinstance(value, float) and value.is_integer() else value


# JSON numbers that are whole and in range: 17.5, "17" and true are refused rather than coerced; 17.0 is 17.
Age = Annotated[int, Field(strict=True, ge=0, le=OLDEST_AGE), BeforeValidator(_whole_number)]
Answer = Annotated[
    int,
    Field(strict=True, ge=0, le=2, description="0 never, 1 some of the time, 2 a lot of the time"),
    BeforeValidator(_whole_number),
]


class RulesRateLimit(BaseThrottle):
    """RULES_REQUESTS_PER_MINUTE per client address in fixed one-minute windows, counted in the shared database.

    The window's number is part of the key, so a window ends on time even where the cache backend renews a key's
    expiry on every increment (the database cache does), and Retry-After says exactly when it ends.
    """

    def allow_request(self, request: HttpRequest) -> bool:
        window = int(_now() // RATE_LIMIT_PERIOD_SECONDS)
        key = f"rules-api:{window}:{client_address_digest(request)}"
        return within_limit(key, limit=_requests_per_minute(), period_seconds=RATE_LIMIT_PERIOD_SECONDS)

    def wait(self) -> float:
        return max(1, math.ceil(RATE_LIMIT_PERIOD_SECONDS - _now() % RATE_LIMIT_PERIOD_SECONDS))


def _now() -> float:
    return time.time()


def _requests_per_minute() -> int:
    # A deployment (or the load test, which sends everything from one address) may set its own limit.
    return int(getattr(settings, "CARERSHUB_RULES_API_REQUESTS_PER_MINUTE", RULES_REQUESTS_PER_MINUTE))


class _Strict(Schema):
    """A request body whose unknown fields are errors, each named with a message saying what to send instead.

    A misspelt field must not be silently ignored: a tool sending "outcome" instead of "outcomes" would otherwise be
    told the carer can achieve every outcome.
    """

    model_config = ConfigDict(extra="forbid")
    unknown_field_message: ClassVar[str] = "This is not a field of this request: check its spelling"

    @model_validator(mode="wrap")
    @classmethod
    def _explain_unknown_fields(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        # Pydantic's own message ("Extra inputs are not permitted") says nothing about what is allowed.
        try:
            return handler(data)
        except ValidationError as invalid:
            errors = [_explained(error, cls.unknown_field_message) for error in invalid.errors()]
            raise ValidationError.from_exception_data(invalid.title, errors) from None


_UNKNOWN_FIELD = "unknown_field"
_REQUIRED_HERE = "required_here"  # a field required only given another's value


def _explained(error: ErrorDetails, unknown_field_message: str) -> InitErrorDetails:
    details = InitErrorDetails(type=error["type"], loc=error["loc"], input=error["input"])
    if "ctx" in error:
        details["ctx"] = error["ctx"]
    if error["type"] == "extra_forbidden" and len(error["loc"]) == 1:
        details["type"] = PydanticCustomError(_UNKNOWN_FIELD, unknown_field_message)
    elif error["type"] in {_UNKNOWN_FIELD, _REQUIRED_HERE}:  # explained already, by a nested schema or a check
        details["type"] = PydanticCustomError(error["type"], error["msg"])
    return details


def _limbs(outcome: Outcome) -> Any:
    return Field(
        default_factory=list,
        description=f"{OUTCOME_LABELS[outcome]} ({OUTCOME_PROVISIONS[outcome]}): the limbs of reg 3(3) that apply "
        "if the carer cannot achieve this outcome; absent or empty if they can.",
    )


class UnableOutcomesIn(_Strict):
    """The outcomes the carer cannot achieve, each with the reasons why (reg 3(3)); an absent outcome is achievable.

    Any other name is refused, and so is "takes_significantly_longer": that limb is only in the test for adults
    needing care (reg 2(3)(d)), not carers.
    """

    unknown_field_message: ClassVar[str] = (
        "This is not one of the carer's outcomes in reg 3(2)(b). Use one of: " + ", ".join(Outcome)
    )

    caring_for_a_child: list[LimbCode] = _limbs(Outcome.CARING_FOR_A_CHILD)
    caring_for_others: list[LimbCode] = _limbs(Outcome.CARING_FOR_OTHERS)
    habitable_home: list[LimbCode] = _limbs(Outcome.HABITABLE_HOME)
    nutrition: list[LimbCode] = _limbs(Outcome.NUTRITION)
    relationships: list[LimbCode] = _limbs(Outcome.RELATIONSHIPS)
    work_training_education_volunteering: list[LimbCode] = _limbs(Outcome.WORK_TRAINING_EDUCATION_VOLUNTEERING)
    community_facilities: list[LimbCode] = _limbs(Outcome.COMMUNITY_FACILITIES)
    recreation: list[LimbCode] = _limbs(Outcome.RECREATION)


class CarerEligibilityIn(_Strict):
    necessary_care: StrictBool = Field(
        description="Do the carer's needs arise from providing necessary care for an adult? (reg 3(1)(a))"
    )
    health_at_risk: StrictBool = Field(
        description="Is the carer's physical or mental health deteriorating, or at risk of it? (reg 3(2)(a))"
    )
    outcomes: UnableOutcomesIn = Field(
        default_factory=UnableOutcomesIn,
        description="Each outcome of reg 3(2)(b) the carer cannot achieve, with the limbs of reg 3(3) that apply",
    )
    significant_impact_on_wellbeing: StrictBool = Field(
        description="As a consequence, is there, or is there likely to be, a significant impact on the carer's "
        "wellbeing (Care Act 2014 s.1(2))? A practitioner's judgement. (reg 3(1)(c))"
    )

    def question(self) -> EligibilityQuestion:
        return EligibilityQuestion(
            necessary_care=self.necessary_care,
            health_at_risk=self.health_at_risk,
            outcomes={Outcome(name): frozenset(limbs) for name, limbs in self.outcomes if limbs},
            significant_impact_on_wellbeing=self.significant_impact_on_wellbeing,
        )


class EligibilityConditionsOut(Schema):
    necessary_care: bool = Field(description="reg 3(1)(a)")
    circumstance: bool = Field(description="reg 3(1)(b): health at risk, or at least one outcome not achievable")
    significant_impact: bool = Field(description="reg 3(1)(c)")


class CarerEligibilityOut(Schema):
    eligible: bool
    unable_outcomes: list[OutcomeCode] = Field(description="In the order of reg 3(2)(b)(i)-(viii)")
    conditions: EligibilityConditionsOut
    reasons: list[str] = Field(description="Sentences for the written record of the determination (s.13(2))")


class MacaYc18In(_Strict):
    responses: list[Answer] = Field(
        min_length=MACA_ITEMS, max_length=MACA_ITEMS, description="The 18 answers, item 1 first"
    )


class MacaSubscalesOut(Schema):
    domestic: int = Field(description="Items 1-3 (0-6)")
    household_management: int = Field(description="Items 4-6 (0-6)")
    financial_practical: int = Field(description="Items 7-9 (0-6)")
    personal_care: int = Field(description="Items 10-12 (0-6)")
    emotional_care: int = Field(description="Items 13-15 (0-6)")
    sibling_care: int = Field(description="Items 16-18 (0-6)")


class MacaYc18Out(Schema):
    total: int = Field(description="0-36")
    band: MacaBandCode = Field(description="0 none, 1-9 low, 10-13 moderate, 14-17 high, 18 or more very high")
    band_label: str
    subscales: MacaSubscalesOut


class PanocYc20In(_Strict):
    responses: list[Answer] = Field(
        min_length=PANOC_ITEMS, max_length=PANOC_ITEMS, description="The 20 answers, item 1 first"
    )


class PanocYc20Out(Schema):
    positive: int = Field(description="Items 1, 2, 3, 4, 7, 8, 15, 18, 19 and 20 (0-20)")
    negative: int = Field(description="The other ten items (0-20)")
    positive_concern: bool = Field(description="True when positive is 12 or less")
    negative_concern: bool = Field(description="True when negative is 9 or more")


class AssessmentRouteIn(_Strict):
    carer_age: Age = Field(description="The carer's age in whole years")
    cared_for_age: Age = Field(description="The cared-for person's age in whole years")
    has_parental_responsibility: StrictBool = Field(
        description="Does the carer have parental responsibility for the cared-for person? Matters only when a "
        "carer of 18 or over cares for a child."
    )
    cared_for_disabled: StrictBool | None = Field(
        default=None,
        description="Is the cared-for child disabled? Required when has_parental_responsibility is true: a parent "
        "carer cares for a disabled child for whom they have parental responsibility (Children Act 1989 s.17ZD), "
        "and parenting a child who is not disabled is not caring. Optional, and ignored, otherwise.",
    )

    @model_validator(mode="after")
    def _disability_given_with_parental_responsibility(self) -> "AssessmentRouteIn":
        if self.has_parental_responsibility and self.cared_for_disabled is None:
            raise ValidationError.from_exception_data(
                "AssessmentRouteIn",
                [
                    InitErrorDetails(
                        type=PydanticCustomError(
                            _REQUIRED_HERE,
                            "Say whether the cared-for child is disabled: it is required when the carer has "
                            "parental responsibility",
                        ),
                        loc=("cared_for_disabled",),
                        input=None,
                    )
                ],
            )
        return self


class AssessmentRouteOut(Schema):
    assessment: AssessmentRouteCode | None = Field(
        description="young_carers_needs (Children Act 1989 s.17ZA), carers (Care Act 2014 s.10), parent_carers_needs "
        "(Children Act 1989 s.17ZD), or null when no assessment of the carer's own applies: a carer without "
        "parental responsibility, whose needs sit within the child's own assessment, or a parent of a child who is "
        "not disabled (parenting is not caring)"
    )
    transition: TransitionRouteCode | None = Field(
        description="The transition assessment to consider: young_carer_s63 or child_carer_s60 (Care Act 2014), or "
        "null when none applies"
    )
    reasons: list[str]


class RulesProblem(Schema):
    type: str
    title: str
    status: int
    instance: str
    detail: str = ""
    errors: list[dict[str, str]] = Field(default_factory=list)


router = Router(tags=["Rules"], auth=None, throttle=RulesRateLimit())
_ERRORS: dict[int, type[Schema]] = {}  # documented in _PROBLEMS below, as the problem+json they are
_PROBLEM_CONTENT = {PROBLEM_CONTENT_TYPE: {"schema": RulesProblem.model_json_schema()}}
# Errors come from the API's handlers as RFC 9457 problems, so the document names that media type rather than
# ninja's default application/json.
_PROBLEMS: dict[str, Any] = {
    "responses": {
        "400": {"description": "Invalid input: `errors` names each failing field", "content": _PROBLEM_CONTENT},
        "429": {
            "description": f"More than {RULES_REQUESTS_PER_MINUTE} requests a minute from one address",
            "headers": {"Retry-After": {"description": "Seconds until the next window", "schema": {"type": "integer"}}},
            "content": _PROBLEM_CONTENT,
        },
    }
}
_ABOUT_ERRORS = (
    " No sign-in. Invalid input is a 400 problem whose `errors` name each field; more than "
    f"{RULES_REQUESTS_PER_MINUTE} requests a minute from one address is a 429 problem with a Retry-After header."
)


@router.post(
    "/carer-eligibility",
    response={200: CarerEligibilityOut, **_ERRORS},
    openapi_extra=_PROBLEMS,
    summary="Decide whether a carer's needs meet the eligibility criteria",
    description="Applies the Care and Support (Eligibility Criteria) Regulations 2015 reg 3: eligible when the needs "
    "arise from necessary care, the carer's health is at risk or they cannot achieve at least one of the eight "
    "outcomes, and there is a significant impact on their wellbeing. The answer depends only on the carer: the "
    "cared-for person's own eligibility does not matter." + _ABOUT_ERRORS,
)
def carer_eligibility(request: HttpRequest, payload: CarerEligibilityIn) -> dict[str, Any]:
    determination = determine_carer_eligibility(payload.question())
    return {
        "eligible": determination.eligible,
        "unable_outcomes": list(determination.unable_outcomes),
        "conditions": {
            "necessary_care": determination.necessary_care,
            "circumstance": determination.circumstance,
            "significant_impact": determination.significant_impact,
        },
        "reasons": list(determination.reasons),
    }


@router.post(
    "/maca-yc18",
    response={200: MacaYc18Out, **_ERRORS},
    openapi_extra=_PROBLEMS,
    summary="Score a MACA-YC18 questionnaire",
    description="The total amount of caring activity (0-36), its band and the six subscales, from the 18 answers "
    "(0 never, 1 some of the time, 2 a lot of the time). Evidence for a young carer's needs assessment, not the "
    "statutory test." + _ABOUT_ERRORS,
)
def maca_yc18(request: HttpRequest, payload: MacaYc18In) -> dict[str, Any]:
    score = score_maca_yc18(payload.responses)
    return {
        "total": score.total,
        "band": score.band,
        "band_label": MACA_BAND_LABELS[score.band],
        "subscales": dict(score.subscales),
    }


@router.post(
    "/panoc-yc20",
    response={200: PanocYc20Out, **_ERRORS},
    openapi_extra=_PROBLEMS,
    summary="Score a PANOC-YC20 questionnaire",
    description="The positive and negative outcomes of caring (0-20 each, no total) from the 20 answers, with a "
    "concern flag for few positive outcomes (12 or less) or many negative ones (9 or more)." + _ABOUT_ERRORS,
)
def panoc_yc20(request: HttpRequest, payload: PanocYc20In) -> dict[str, Any]:
    score = score_panoc_yc20(payload.responses)
    return {
        "positive": score.positive,
        "negative": score.negative,
        "positive_concern": score.positive_concern,
        "negative_concern": score.negative_concern,
    }


@router.post(
    "/assessment-route",
    response={200: AssessmentRouteOut, **_ERRORS},
    openapi_extra=_PROBLEMS,
    summary="Find which statutory assessment applies to a carer",
    description="From the carer's age, the cared-for person's age, parental responsibility and (with parental "
    "responsibility) whether the child is disabled: a young carer's needs assessment, a carer's assessment or a "
    "parent carer's needs assessment, and the Care Act transition assessment to consider. cared_for_disabled is "
    "required when has_parental_responsibility is true." + _ABOUT_ERRORS,
)
def assessment_route_for(request: HttpRequest, payload: AssessmentRouteIn) -> dict[str, Any]:
    route = assessment_route(
        carer_age=payload.carer_age,
        cared_for_age=payload.cared_for_age,
        has_parental_responsibility=payload.has_parental_responsibility,
        cared_for_disabled=payload.cared_for_disabled,
    )
    return {"assessment": route.assessment, "transition": route.transition, "reasons": list(route.reasons)}
