"""The request and response bodies of the referrals API, and the opaque cursors of its list pages."""

import base64
import binascii
from datetime import date, datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import TextChoices
from ninja import Field, Schema
from pydantic import WithJsonSchema, field_validator

from carershub.people.models import CaringRelationship, Consent, Person
from carershub.referrals.api_selectors import ReferralPosition
from carershub.referrals.models import Cohort, Referral

# Every source but "self": a self-referral comes from the carer through the public pages, never from a key.
ApiSource = Literal["gp_practice", "hospital", "school", "social_worker", "provider", "family"]


def _inline(choices: type[TextChoices]) -> WithJsonSchema:
    # Inline the values: OpenAPI components are keyed by class name, and "Status" or "Source" would collide with
    # other apps' choices.
    return WithJsonSchema({"type": "string", "enum": list(choices.values)})


Cohorts = Annotated[Cohort, _inline(Cohort)]
Statuses = Annotated[Referral.Status, _inline(Referral.Status)]
Sources = Annotated[Referral.Source, _inline(Referral.Source)]
Urgencies = Annotated[Referral.Urgency, _inline(Referral.Urgency)]
Precisions = Annotated[Person.DateOfBirthPrecision, _inline(Person.DateOfBirthPrecision)]
EmploymentStatuses = Annotated[Person.EmploymentStatus, _inline(Person.EmploymentStatus)]
Relationships = Annotated[CaringRelationship.Relationship, _inline(CaringRelationship.Relationship)]
CareTasks = Annotated[CaringRelationship.CareTask, _inline(CaringRelationship.CareTask)]
Conditions = Annotated[CaringRelationship.Condition, _inline(CaringRelationship.Condition)]
HoursBands = Annotated[CaringRelationship.HoursBand, _inline(CaringRelationship.HoursBand)]
GivenBy = Annotated[Consent.GivenBy, _inline(Consent.GivenBy)]
Channels = Annotated[Consent.Channel, _inline(Consent.Channel)]


class ReferralContactIn(Schema):
    email: str = ""
    phone: str = ""
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    postcode: str = ""


class ReferralPersonIn(Schema):
    given_name: str
    family_name: str
    date_of_birth: date | None = None
    date_of_birth_precision: Precisions = Field(
        default=Person.DateOfBirthPrecision.DAY, description="'month' when only the month and year of birth are known"
    )
    nhs_number: str = Field(default="", description="Ten digits; the check digit is checked")


class ReferralCarerIn(ReferralPersonIn):
    contact: ReferralContactIn = Field(
        default_factory=ReferralContactIn,
        description="A phone number, an email address or a postal address is required",
    )
    preferred_language: str = ""
    communication_needs: str = ""
    employment_status: EmploymentStatuses | Literal[""] = ""


class ReferralCaredForIn(ReferralPersonIn):
    relationship: Relationships = Field(description="What the cared-for person is to the carer")
    has_parental_responsibility: bool = False
    is_kinship_care: bool = False
    care_tasks: list[CareTasks] = Field(default_factory=list)
    conditions: list[Conditions] = Field(default_factory=list)
    hours_band: HoursBands | Literal[""] = ""


class ReferrerIn(Schema):
    name: str = Field(default="", max_length=150)
    role: str = Field(default="", max_length=100)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=20)

    @field_validator("email")
    @classmethod
    def _email_is_an_address(cls, value: str) -> str:
        if value:
            try:
                validate_email(value)
            except DjangoValidationError:
                raise ValueError("Enter an email address in the correct format, like name@example.com") from None
        return value


class ReferralIn(Schema):
    area: str = Field(description="Slug of an area the calling organisation serves")
    source: ApiSource = Field(description="Where the carer was met (any referral source except 'self')")
    carer: ReferralCarerIn
    cared_for: ReferralCaredForIn | None = None
    reason: str = Field(max_length=5000, description="Why the carer needs support")
    urgency: Urgencies = Referral.Urgency.ROUTINE
    consent_given_by: GivenBy = Field(
        description="Who agreed to the referral being made and shared. Under 16 this is a parent or guardian, "
        "the young person judged competent to decide (by the referrer), or the young person agreeing alone "
        "(`pending_competence`: the provider judges their competence when it accepts)."
    )
    consent_given_by_name: str = Field(
        default="", max_length=150, description="Required when a parent, guardian or representative agreed"
    )
    consent_given_by_relationship: str = Field(
        default="",
        max_length=100,
        description="What the person who agreed on the carer's behalf is to them, e.g. 'mother'; required with "
        "consent_given_by_name",
    )
    contact_channels: list[Channels] = Field(default_factory=list, description="How the carer agreed to be contacted")
    referrer: ReferrerIn = Field(default_factory=lambda: ReferrerIn())
    gp_practice_ods_code: str = Field(default="", description="Required when source is gp_practice")
    school_urn: str = Field(default="", description="Required when source is school")
    hospital_name: str = Field(default="", max_length=150)


class ReferralOrganisation(Schema):
    name: str
    slug: str


class ReferralCarerAsReferred(Schema):
    """The carer as the referral named them. Never the stored record: whether the person was already known to the
    service, and anything recorded about them since, are not the referrer's to learn."""

    name: str
    nhs_number: str = Field(description="As sent; empty if none was sent")


class ReferralCreated(Schema):
    reference: str
    status: Statuses
    cohort: Cohorts
    provider: ReferralOrganisation
    received_at: datetime
    carer: ReferralCarerAsReferred


class ReferralOut(Schema):
    reference: str
    status: Statuses
    source: Sources
    urgency: Urgencies
    cohort: Cohorts | None = Field(
        description="The cohort it was routed by; null for a carer named by NHS number alone (see `provider`)"
    )
    provider: ReferralOrganisation | None = Field(
        description=(
            "The provider it was routed to. Null for a carer named by NHS number alone: such a referral is routed by "
            "what the service already knows of the carer, so the provider would say whether they are known."
        )
    )
    referring_organisation: ReferralOrganisation | None
    received_at: datetime
    decided_at: datetime | None = Field(description="When the provider accepted or rejected the referral")
    rejection_reason: str = Field(description="Why the provider rejected it; empty unless rejected")
    carer: ReferralCarerAsReferred


def encode_cursor(position: ReferralPosition) -> str:
    """An opaque cursor for the position after which the next page starts."""
    text = f"{position.received_at.isoformat()}|{position.pk}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> ReferralPosition:
    """The position a cursor from a `next` link stands for. Raises ValueError for anything else."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        received_at, pk = text.split("|")
        position = ReferralPosition(received_at=datetime.fromisoformat(received_at), pk=int(pk))
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise ValueError("Use the cursor from a page's next link") from None
    if position.received_at.tzinfo is None:
        raise ValueError("Use the cursor from a page's next link")
    return position


class ReferralFilter(Schema):
    status: Statuses | None = None
    after: str = Field(
        default="",
        max_length=100,
        description="Cursor from the previous page's `next` link: the page starts after its last referral",
    )
    page_size: int = Field(default=50, ge=1, le=100)

    @field_validator("after")
    @classmethod
    def _after_is_a_cursor(cls, value: str) -> str:
        if value:
            decode_cursor(value)
        return value


class ReferralPage(Schema):
    page_size: int
    next: str | None = Field(
        description="Link to the next page (same filters, `after` set), or null on the last page. Pages are "
        "keyset-paginated, newest first: a referral received while paging never shifts or repeats items."
    )
    items: list[ReferralOut]


class ReferralProblem(Schema):
    type: str
    title: str
    status: int
    instance: str
    detail: str = ""
    errors: list[dict[str, str]] = Field(default_factory=list)
