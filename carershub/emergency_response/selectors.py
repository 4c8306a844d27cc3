"""Who may see which contingency plan and activation, and the figures the KPIs use.

Practitioners and managers see the plans of carers they may see (people.selectors.people_visible_to). Emergency
responders see no person's record: only the activations of cards in the areas whose 24/7 line their organisation
runs, reached by card number. Anything else is the same 404 as for a record that does not exist.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Final

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerChoices,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.emergency_response.models import (
    Activation,
    ContactAttempt,
    ContingencyPlan,
    EmergencyCard,
    EmergencyContact,
    EmergencyLine,
    Notification,
)
from carershub.organisations.models import ApiKey, Area, Organisation
from carershub.people.models import Involvement, Person
from carershub.people.selectors import whose_person_is_visible_to

DEFAULT_PLAN_REVIEW_REMINDER_DAYS: Final = 30


# Contingency planning is casework: practitioners and managers of the organisations that work with carers (councils
# and the providers they commission). Commissioners, an ICB that funds, responders and administrators have no plan
# list at all.
PLAN_ROLES: Final = frozenset({Role.PRACTITIONER, Role.MANAGER})
_PLAN_ORGANISATION_KINDS: Final = frozenset(
    {
        Organisation.Kind.COUNCIL_ADULT_SOCIAL_CARE,
        Organisation.Kind.COUNCIL_CHILDRENS_SERVICES,
        Organisation.Kind.PROVIDER,
        Organisation.Kind.CONSORTIUM_LEAD,
    }
)


def works_on_plans(user: User) -> bool:
    """Whether the user does contingency planning (PLAN_ROLES in an active council or provider)."""
    if not user.is_authenticated or not user.is_active or not user.roles & PLAN_ROLES:
        return False
    organisation = user.organisation
    return organisation is not None and organisation.is_active and organisation.kind in _PLAN_ORGANISATION_KINDS


def plans_visible_to(user: User) -> QuerySet[ContingencyPlan]:
    """Plans for carers the user may see (practitioners and managers only)."""
    return whose_person_is_visible_to(ContingencyPlan.objects.all(), user, person_field="carer_id")


def plan_review_reminder_days() -> int:
    """Days before a plan's review date that practitioners are reminded (CARERSHUB_PLAN_REVIEW_REMINDER_DAYS)."""
    return int(getattr(settings, "CARERSHUB_PLAN_REVIEW_REMINDER_DAYS", DEFAULT_PLAN_REVIEW_REMINDER_DAYS))


class PlanListPriority(IntegerChoices):
    NEEDS_REVIEW = 0, "Needs review"
    REVIEW_DUE_SOON = 1, "Review due soon"
    CURRENT = 2, "Current"
    DRAFT = 3, "Draft"
    WITHDRAWN = 4, "Withdrawn"


def plan_list_for(user: User, *, today: date | None = None) -> list[ContingencyPlan]:
    """The plans a practitioner works on: those needing review first, then those whose review is due within the
    reminder period, then the rest, soonest review first; each with `priority` and its active card. Two queries."""
    today = today or timezone.localdate()
    due_soon_by = today + timedelta(days=plan_review_reminder_days())
    priority = Case(
        When(status=ContingencyPlan.Status.NEEDS_REVIEW, then=Value(PlanListPriority.NEEDS_REVIEW)),
        When(
            status=ContingencyPlan.Status.ACTIVE,
            review_date__lte=due_soon_by,
            then=Value(PlanListPriority.REVIEW_DUE_SOON),
        ),
        When(status=ContingencyPlan.Status.ACTIVE, then=Value(PlanListPriority.CURRENT)),
        When(status=ContingencyPlan.Status.DRAFT, then=Value(PlanListPriority.DRAFT)),
        default=Value(PlanListPriority.WITHDRAWN),
        output_field=IntegerField(),
    )
    return list(
        plans_visible_to(user)
        .annotate(priority=priority)
        .select_related("carer", "cared_for")
        .prefetch_related(Prefetch("cards", EmergencyCard.objects.filter(status=EmergencyCard.Status.ACTIVE)))
        .order_by("priority", F("review_date").asc(nulls_last=True), "pk")[:500]
    )


def plans_due_a_review_reminder(*, today: date) -> list[int]:
    """Current plans whose review date is within the reminder period (or past) and not yet reminded."""
    due_by = today + timedelta(days=plan_review_reminder_days())
    return list(
        ContingencyPlan.objects.filter(
            status__in=[ContingencyPlan.Status.ACTIVE, ContingencyPlan.Status.NEEDS_REVIEW],
            review_date__lte=due_by,
            review_reminder_sent_at__isnull=True,
        )
        .order_by("review_date", "pk")
        .values_list("pk", flat=True)
    )


def plan_review_reminder_recipients(plan: ContingencyPlan) -> list[User]:
    """Who is reminded of a plan's review: the active practitioners, with an email address, of the organisations
    working with the carer (an open case or referral) and of the organisation whose practitioner made the plan."""
    organisation_ids = set(
        Involvement.objects.filter(person_id=plan.carer_id, ended_at__isnull=True)
        .exclude(reason=Involvement.Reason.REFERRER)
        .values_list("organisation_id", flat=True)
    )
    if plan.created_by_id is not None:
        creator = User.objects.filter(pk=plan.created_by_id).values_list("organisation_id", flat=True).first()
        if creator is not None:
            organisation_ids.add(creator)
    return list(
        User.objects.filter(
            organisation_id__in=organisation_ids,
            organisation__is_active=True,
            is_active=True,
            groups__name=Role.PRACTITIONER,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def get_plan_for_user(user: User, plan_id: int) -> ContingencyPlan:
    """The plan if the user may see its carer; otherwise the same 404 as for a missing plan."""
    plan = plans_visible_to(user).select_related("carer", "cared_for", "area").filter(pk=plan_id).first()
    if plan is None:
        raise Http404("No plan found")
    return plan


def current_contacts(plan: ContingencyPlan) -> list[EmergencyContact]:
    return list(plan.contacts.filter(removed_at__isnull=True).order_by("order"))


def active_card(plan: ContingencyPlan) -> EmergencyCard | None:
    return plan.cards.filter(status=EmergencyCard.Status.ACTIVE).first()


def activations_of(plan: ContingencyPlan) -> list[Activation]:
    return list(plan.activations.select_related("opened_by", "closed_by").order_by("-opened_at"))


def current_plans_of(carer: Person) -> list[ContingencyPlan]:
    return list(
        ContingencyPlan.objects.filter(carer=carer)
        .exclude(status=ContingencyPlan.Status.WITHDRAWN)
        .select_related("cared_for")
    )


def emergency_line_of(area: Area) -> EmergencyLine | None:
    return EmergencyLine.objects.filter(area=area).first()


def lines_run_by(user: User) -> list[EmergencyLine]:
    """The emergency lines a responder answers: those their organisation runs. None for any other role."""
    if not user.is_authenticated or not user.is_active or user.organisation_id is None:
        return []
    if not user.has_role(Role.EMERGENCY_RESPONDER):
        return []
    return list(EmergencyLine.objects.filter(organisation_id=user.organisation_id))


def lines_for_api_key(api_key: ApiKey) -> list[EmergencyLine]:
    """A call-centre system may read the cards of the lines its organisation runs."""
    return list(EmergencyLine.objects.filter(organisation_id=api_key.organisation_id))


def open_activations_for(user: User) -> list[Activation]:
    """Activations still open on the responder's lines (card numbers and times only are shown)."""
    area_ids = [line.area_id for line in lines_run_by(user)]
    return list(
        Activation.objects.filter(area_id__in=area_ids, closed_at__isnull=True)
        .select_related("card", "opened_by")
        .order_by("opened_at")
    )


# How long a responder can still see an activation they closed.
CLOSED_ACTIVATION_VISIBLE_FOR = timedelta(hours=1)


def get_activation_for_responder(user: User, activation_id: int) -> Activation:
    """An open activation on one of the responder's lines (colleagues on the line take over each other's calls), or
    one this responder closed in the last hour (to see what they recorded), with everything its screen shows loaded
    in a constant number of queries; otherwise a 404. Anything older is read again only by opening its card with a
    new reason: activation numbers must not be a way round the card and the reason."""
    area_ids = [line.area_id for line in lines_run_by(user)]
    recently_closed_by_them = Q(closed_by=user, closed_at__gte=timezone.now() - CLOSED_ACTIVATION_VISIBLE_FOR)
    activation = (
        Activation.objects.filter(area_id__in=area_ids, pk=activation_id)
        .filter(Q(closed_at__isnull=True) | recently_closed_by_them)
        .select_related("plan__cared_for", "plan__carer", "card", "opened_by", "closed_by", "area__emergency_line")
        .prefetch_related(
            Prefetch(
                "plan__contacts",
                EmergencyContact.objects.filter(removed_at__isnull=True).order_by("order"),
                to_attr="current_contacts",
            ),
            Prefetch("attempts", ContactAttempt.objects.select_related("contact", "recorded_by").order_by("tried_at")),
            Prefetch(
                "notifications", Notification.objects.select_related("contact").order_by("contact__order", "channel")
            ),
        )
        .first()
    )
    if activation is None:
        raise Http404("No activation found")
    return activation


def get_notification_for_responder(user: User, notification_id: int) -> Notification:
    area_ids = [line.area_id for line in lines_run_by(user)]
    notification = (
        Notification.objects.filter(area_id__in=area_ids, pk=notification_id).select_related("activation").first()
    )
    if notification is None:
        raise Http404("No message found")
    return notification


@dataclass(frozen=True)
class EmergencyResponseFigures:
    """The emergency response service's counts for an area and period (for commissioning KPIs)."""

    plans_managed: int  # plans that were active (or awaiting review) at some point in the period
    activations: int  # activations opened in the period
    support_hours: Decimal  # hours of emergency support given in activations opened in the period


def emergency_response_figures(area: Area, start: datetime, end: datetime) -> EmergencyResponseFigures:
    """Plans managed, activations and hours of emergency support in an area between `start` and `end` (end not
    included). Two aggregate queries, whatever the volume."""
    # A plan is managed once it has had a card (made active), until it is withdrawn.
    carded = EmergencyCard.objects.filter(plan=OuterRef("pk"), issued_at__lt=end)
    plans_managed = (
        ContingencyPlan.objects.filter(area=area)
        .filter(Exists(carded))
        .filter(Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=start))
        .count()
    )
    totals = Activation.objects.filter(area=area, opened_at__gte=start, opened_at__lt=end).aggregate(
        count=Count("pk"), hours=Sum("support_hours")
    )
    return EmergencyResponseFigures(
        plans_managed=plans_managed,
        activations=totals["count"] or 0,
        support_hours=totals["hours"] or Decimal(0),
    )


def failed_lookups_key(by: User | None, api_key: ApiKey | None) -> str:
    """The counter of a responder's (or key's) failed card lookups; the pause flag is this with ":paused"."""
    return (
        f"emergency-card-failures:key:{api_key.pk}"
        if api_key is not None
        else f"emergency-card-failures:user:{by.pk if by else 0}"
    )


def managers_of(organisation: Organisation) -> list[User]:
    """The active managers, with an email address, of an organisation (told when a responder's lookups pause)."""
    return list(
        User.objects.filter(organisation=organisation, is_active=True, groups__name=Role.MANAGER)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


@dataclass(frozen=True)
class PausedLookups:
    responders: list[User]
    api_keys: list[ApiKey]


def paused_lookups_for(manager: User) -> PausedLookups:
    """The manager's organisation's responders and emergency-cards keys whose card lookups are paused now. Nothing
    for anyone but a manager. One query each for responders and keys, and one cache read."""
    if not manager.is_active or manager.organisation_id is None or not manager.has_role(Role.MANAGER):
        return PausedLookups([], [])
    responders = list(
        User.objects.filter(
            organisation_id=manager.organisation_id, is_active=True, groups__name=Role.EMERGENCY_RESPONDER
        ).order_by("full_name", "pk")
    )
    keys = list(
        ApiKey.objects.filter(
            organisation_id=manager.organisation_id,
            revoked_at__isnull=True,
            scope=ApiKey.Scope.EMERGENCY_CARDS,
        ).order_by("name", "pk")
    )
    user_flags = {user.pk: failed_lookups_key(user, None) + ":paused" for user in responders}
    key_flags = {key.pk: failed_lookups_key(None, key) + ":paused" for key in keys}
    paused = cache.get_many([*user_flags.values(), *key_flags.values()])
    return PausedLookups(
        responders=[user for user in responders if paused.get(user_flags[user.pk])],
        api_keys=[key for key in keys if paused.get(key_flags[key.pk])],
    )


# --- Counting for commissioners (carershub.reporting's KPI measures) --------------------------------------------
# Whole-population querysets that a measure only aggregates: no person's details leave them, so they need no user.


def contingency_plans_with_first_card(area_ids: Collection[int]) -> QuerySet[ContingencyPlan]:
    """Contingency plans in the areas, each annotated with `first_card_issued_at` (a plan is in force from its
    first emergency card until it is withdrawn)."""
    first_card = EmergencyCard.objects.filter(plan=OuterRef("pk")).order_by("issued_at").values("issued_at")[:1]
    return ContingencyPlan.objects.filter(area_id__in=area_ids).annotate(first_card_issued_at=Subquery(first_card))


def activations_in_areas(area_ids: Collection[int]) -> QuerySet[Activation]:
    """Emergency activations in the areas."""
    return Activation.objects.filter(area_id__in=area_ids)
