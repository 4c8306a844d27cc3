"""Reads for the community carers fund that encode who may see what. Applications (with a contact person's details)
are seen only by the fund's own organisation's practitioners and managers; anyone else gets a 404, like a missing
one. Published awards are open data."""

from collections.abc import Collection
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.http import Http404

from carershub.accounts.models import User
from carershub.grants.models import Application, Award, Fund, FundingRound, Payment
from carershub.people.selectors import PERSON_RECORD_ROLES


def runs_funds(user: User) -> bool:
    return bool(user.is_authenticated and user.organisation_id is not None and user.roles & PERSON_RECORD_ROLES)


def funds_run_by(user: User) -> QuerySet[Fund]:
    if not runs_funds(user) or user.organisation_id is None:
        return Fund.objects.none()
    return Fund.objects.filter(organisation_id=user.organisation_id)


def rounds_run_by(user: User) -> QuerySet[FundingRound]:
    return FundingRound.objects.filter(fund__in=funds_run_by(user)).select_related("fund")


def get_round_for_user(user: User, round_id: int) -> FundingRound:
    funding_round = rounds_run_by(user).filter(pk=round_id).first()
    if funding_round is None:
        raise Http404("No funding round found")
    return funding_round


def applications_in(funding_round: FundingRound) -> list[Application]:
    return list(
        funding_round.applications.select_related("award")
        .annotate(scorers=Count("scores__scorer", distinct=True))
        .order_by("submitted_at", "pk")
    )


def awarded_in(funding_round: FundingRound) -> Decimal:
    total = Award.objects.filter(application__funding_round=funding_round).aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


def get_application_for_user(user: User, application_id: int) -> Application:
    application = (
        Application.objects.filter(pk=application_id, funding_round__fund__in=funds_run_by(user))
        .select_related("funding_round__fund", "area", "eligibility_checked_by")
        .first()
    )
    if application is None:
        raise Http404("No application found")
    return application


def get_public_fund(slug: str) -> Fund:
    fund = Fund.objects.select_related("organisation", "area").filter(slug=slug).first()
    if fund is None:
        raise Http404("No fund found")
    return fund


def rounds_of(fund: Fund) -> QuerySet[FundingRound]:
    return fund.rounds.all()


def published_awards(fund: Fund) -> list[Award]:
    """Every award of the fund with what the 360Giving package needs, in three queries whatever the number."""
    return list(
        Award.objects.filter(application__funding_round__fund=fund)
        .select_related("application__funding_round__fund")
        .prefetch_related(Prefetch("payments", queryset=Payment.objects.order_by("pk")))
        .order_by("-awarded_on", "-pk")
    )


# --- Counting for commissioners (carershub.reporting's KPI measures) --------------------------------------------
# Whole-population querysets that a measure only aggregates: no person's details leave them, so they need no user.


def awards_of_funds_run_by(provider_ids: Collection[int], area_ids: Collection[int]) -> QuerySet[Award]:
    """Awards from community carers funds the providers run in the areas."""
    return Award.objects.filter(
        application__funding_round__fund__organisation_id__in=provider_ids,
        application__funding_round__fund__area_id__in=area_ids,
    )


def payments_of_funds_run_by(provider_ids: Collection[int], area_ids: Collection[int]) -> QuerySet[Payment]:
    """Payments of awards from community carers funds the providers run in the areas."""
    return Payment.objects.filter(
        award__application__funding_round__fund__organisation_id__in=provider_ids,
        award__application__funding_round__fund__area_id__in=area_ids,
    )
