"""Reading identification partners and the work done with them. Anyone without access gets a 404."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Lower
from django.http import Http404
from django.utils import timezone
from django_stubs_ext import WithAnnotations

from carershub.accounts.models import Role, User
from carershub.identification.models import EngagementActivity
from carershub.organisations.models import Area, GPPractice, School
from carershub.people.rules import add_years
from carershub.referrals.models import RoutingRule

# Staff of any organisation in an area who work on finding carers there, or commission that work.
PARTNER_ROLES = frozenset({Role.PRACTITIONER, Role.MANAGER, Role.COMMISSIONER})
# Commissioners see the record of engagement but do not add to it.
RECORDING_ROLES = frozenset({Role.PRACTITIONER, Role.MANAGER})


class EngagementFigures(TypedDict):
    """What the partner lists add to each GP practice or school."""

    last_engaged_on: date | None
    activities_last_year: int
    carers_identified_last_year: int


if TYPE_CHECKING:  # WithAnnotations takes two arguments only for the type checker
    GPPracticeWithEngagement = WithAnnotations[GPPractice, EngagementFigures]
    SchoolWithEngagement = WithAnnotations[School, EngagementFigures]


@dataclass(frozen=True)
class Partners:
    """The GP practices and schools in a user's areas, each annotated with `last_engaged_on`,
    `activities_last_year` and `carers_identified_last_year`."""

    areas: list[Area]
    gp_practices: list["GPPracticeWithEngagement"]
    schools: list["SchoolWithEngagement"]
    since: date


@dataclass(frozen=True)
class AreaEngagement:
    """The "practices engaged" KPI for one area, in words for a headline."""

    area: Area
    engaged_gp_practices: int
    gp_practices: int


def twelve_months_before(today: date) -> date:
    """The first day of the twelve months ending today: 24 May 2025 gives 25 May 2024."""
    return add_years(today, -1) + timedelta(days=1)


def can_see_partners(user: User) -> bool:
    return user.is_active and user.organisation_id is not None and bool(user.roles & PARTNER_ROLES)


def can_record_engagement(user: User) -> bool:
    return user.is_active and user.organisation_id is not None and bool(user.roles & RECORDING_ROLES)


def partner_areas_for(user: User) -> QuerySet[Area]:
    """The areas whose partners the user may see: those their organisation works in, if their role allows."""
    if not can_see_partners(user):
        return Area.objects.none()
    return Area.objects.filter(organisations=user.organisation_id)


def _enabled_on(today: date) -> Q:
    return Q(disabled_on__isnull=True) | Q(disabled_on__gt=today)


def _recent(today: date) -> Q:
    return Q(engagement_activities__occurred_on__gte=twelve_months_before(today))


def _with_engagement[Partner: (GPPractice, School)](
    partners: "QuerySet[Partner]", areas: QuerySet[Area], today: date
) -> "QuerySet[Partner]":
    """Open partners in the areas, each with its engagement in the twelve months to `today` (one query)."""
    return (
        partners.filter(_enabled_on(today), area__in=areas)
        .select_related("area")
        .annotate(
            last_engaged_on=Max("engagement_activities__occurred_on"),
            activities_last_year=Count("engagement_activities", filter=_recent(today)),
            carers_identified_last_year=Coalesce(
                Sum("engagement_activities__carers_identified", filter=_recent(today)), 0
            ),
        )
        .order_by("area__name", "order", "name")
    )


def gp_practices_with_engagement(areas: QuerySet[Area], *, today: date) -> "QuerySet[GPPracticeWithEngagement]":
    """Open GP practices in the areas, each with its engagement in the twelve months to `today` (one query)."""
    return _with_engagement(GPPractice.objects.all(), areas, today)  # type: ignore[return-value]


def schools_with_engagement(areas: QuerySet[Area], *, today: date) -> "QuerySet[SchoolWithEngagement]":
    """Open schools in the areas, each with its engagement in the twelve months to `today` (one query)."""
    return _with_engagement(School.objects.all(), areas, today)  # type: ignore[return-value]


def partners_for(user: User, *, today: date | None = None) -> Partners:
    """The GP practices and schools in the user's areas with their engagement over the last twelve months:
    three queries whatever the number of partners (areas, practices, schools)."""
    today = today or timezone.localdate()
    areas = partner_areas_for(user)
    return Partners(
        areas=list(areas),
        gp_practices=list(gp_practices_with_engagement(areas, today=today)),
        schools=list(schools_with_engagement(areas, today=today)),
        since=twelve_months_before(today),
    )


def engagement_by_area(partners: Partners) -> list[AreaEngagement]:
    """Per area, how many open GP practices had any activity in the period, from the already-annotated list."""
    return [
        AreaEngagement(
            area=area,
            engaged_gp_practices=sum(
                1
                for practice in partners.gp_practices
                if practice.area_id == area.pk and practice.activities_last_year > 0
            ),
            gp_practices=sum(1 for practice in partners.gp_practices if practice.area_id == area.pk),
        )
        for area in partners.areas
    ]


def engaged_gp_practice_count(area: Area, since: date) -> int:
    """How many of the area's open GP practices had at least one engagement activity on or after `since`
    (the contract KPI "engaged with all N GP surgeries")."""
    engaged = EngagementActivity.objects.filter(area=area, gp_practice=OuterRef("pk"), occurred_on__gte=since)
    return GPPractice.objects.filter(_enabled_on(timezone.localdate()), Exists(engaged), area=area).count()


def get_gp_practice_for_user(user: User, ods_code: str) -> GPPractice:
    """The GP practice with this ODS code if it is in one of the user's areas; otherwise the 404 of a missing one."""
    found = (
        GPPractice.objects.filter(area__in=partner_areas_for(user), ods_code=ods_code).select_related("area").first()
    )
    if found is None:
        raise Http404("No GP practice found")
    return found


def get_school_for_user(user: User, urn: str) -> School:
    """The school with this URN if it is in one of the user's areas; otherwise the 404 of a missing one."""
    found = School.objects.filter(area__in=partner_areas_for(user), urn=urn).select_related("area").first()
    if found is None:
        raise Http404("No school found")
    return found


def engagement_log(partner: GPPractice | School) -> QuerySet[EngagementActivity]:
    """Every engagement activity with the partner, newest first, with who did it."""
    activities = EngagementActivity.objects.filter(area_id=partner.area_id).select_related("organisation")
    if isinstance(partner, GPPractice):
        activities = activities.filter(gp_practice=partner)
    else:
        activities = activities.filter(school=partner)
    return activities.order_by("-occurred_on", "-id")


def areas_taking_self_referrals() -> QuerySet[Area]:
    """Areas where a carer can ask for support online: those with somewhere to route a referral."""
    return Area.objects.filter(Exists(RoutingRule.objects.filter(area=OuterRef("pk")))).order_by("name")


def schools_in(area: Area, *, today: date | None = None) -> QuerySet[School]:
    """The area's open schools by name, A to Z: the schools that can refer a pupil from this area."""
    return School.objects.filter(_enabled_on(today or timezone.localdate()), area=area).order_by(
        Lower("name"), "postcode", "pk"
    )


def gp_practices_in(area: Area, *, today: date | None = None) -> QuerySet[GPPractice]:
    """The area's open GP practices by name, A to Z: the practices that can refer a patient from it."""
    return GPPractice.objects.filter(_enabled_on(today or timezone.localdate()), area=area).order_by(
        Lower("name"), "postcode", "pk"
    )


# --- Counting for commissioners (carershub.reporting's KPI measures) --------------------------------------------
# Whole-population querysets that a measure only aggregates: no person's details leave them, so they need no user.


def engagement_activities_of_providers(
    provider_ids: Collection[int], area_ids: Collection[int]
) -> QuerySet[EngagementActivity]:
    """The providers' engagement activities with identification partners in the areas."""
    return EngagementActivity.objects.filter(organisation_id__in=provider_ids, area_id__in=area_ids)
