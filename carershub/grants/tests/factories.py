"""Factories for the community carers fund: a fund run by the carers centre with an open round of two weighted
criteria, and a panel; `application_in` submits one the way the public form does."""

import uuid
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from carershub.accounts.models import User
from carershub.grants.models import Application, Criterion, Fund, FundingRound, PanelMember
from carershub.grants.services.applications import ApplicationDetails, submit_application
from carershub.organisations.models import Area, Organisation


def fund_of(organisation: Organisation, area: Area) -> Fund:
    return Fund.objects.create(
        area=area,
        organisation=organisation,
        name="Community Carers Fund",
        slug="community-carers-fund",
        identifier_prefix="360G-carershubtest",
        funder_identifier="GB-CHC-1123456",
    )


def open_round(fund: Fund, *, budget: str = "5000", maximum_award: str = "1000") -> FundingRound:
    today = timezone.localdate()
    funding_round = FundingRound.objects.create(
        fund=fund,
        name="Spring round",
        budget=Decimal(budget),
        maximum_award=Decimal(maximum_award),
        opens_on=today - timedelta(days=10),
        closes_on=today + timedelta(days=20),
        criteria="Groups that bring carers together.",
    )
    Criterion.objects.create(funding_round=funding_round, name="Reaches carers", weight=3, order=1)
    Criterion.objects.create(funding_round=funding_round, name="Value for money", weight=1, order=2)
    return funding_round


def seat(funding_round: FundingRound, user: User, *, moderator: bool = False) -> PanelMember:
    return PanelMember.objects.create(funding_round=funding_round, user=user, is_moderator=moderator)


def details(**changes: object) -> ApplicationDetails:
    values: dict[str, object] = {
        "organisation_name": "Hillside Carers' Coffee Morning",
        "postcode": "MV1 2AB",
        "contact_name": "Jan Smith",
        "contact_email": "jan@hillside.example",
        "project_title": "Monthly coffee mornings",
        "purpose": "Room hire and refreshments for a year of coffee mornings for carers.",
        "amount_requested": Decimal("750.00"),
        "carers_benefiting": 25,
        "works_in_area": True,
        "is_not_for_profit": True,
        **changes,
    }
    return ApplicationDetails(**values)  # type: ignore[arg-type]


def application_in(funding_round: FundingRound, **changes: object) -> Application:
    return submit_application(funding_round, submission_key=uuid.uuid4(), details=details(**changes)).application


def grant_records_for(organisation: Organisation, area: Area) -> dict[str, str]:
    """A round with an application, keyed as the privacy walk names URL parameters."""
    funding_round = open_round(fund_of(organisation, area))
    application = application_in(funding_round)
    return {"round_id": str(funding_round.pk), "application_id": str(application.pk), "slug": "community-carers-fund"}
