"""Who may see which referral, and the inbox they work from. A referral you may not see is a 404, like a missing one."""

from collections.abc import Collection
from typing import Final

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.http import Http404

from carershub.accounts.models import Role, User
from carershub.organisations.models import Organisation
from carershub.organisations.selectors import area_ids_of
from carershub.people.models import Person
from carershub.people.selectors import same_person_ids, whose_person_is_visible_to
from carershub.referrals.models import Referral, RoutingRule, Transfer

# Roles that work referrals. Commissioners and administrators see aggregates and settings, never a carer's referral.
CASEWORK_ROLES: Final = frozenset({Role.PRACTITIONER, Role.MANAGER})

# The inbox's orderings, by the value of ?sort=. Each names what comes first, and ends with a unique column so
# that pages never overlap. "urgency" puts the most urgent first, and the longest waiting first within each level.
_URGENCY_RANK = Case(
    When(urgency=Referral.Urgency.URGENT, then=Value(0)),
    When(urgency=Referral.Urgency.SOON, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
INBOX_SORTS: Final = {
    "-received_at": ("-received_at", "-pk"),
    "received_at": ("received_at", "pk"),
    "urgency": (_URGENCY_RANK.asc(), "received_at", "pk"),
    "-urgency": (_URGENCY_RANK.desc(), "-received_at", "-pk"),
    "family_name": (Lower("carer__family_name").asc(), Lower("carer__given_name").asc(), "pk"),
    "-family_name": (Lower("carer__family_name").desc(), Lower("carer__given_name").desc(), "-pk"),
}
# Triage: urgent referrals first (the caring role is at risk of breaking down), then the longest waiting.
DEFAULT_INBOX_SORT: Final = "urgency"


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    """Practitioners and managers see the referrals routed to their organisation; at a council, which keeps the
    statutory duty for carers (Care Act 2014 s.79), they see every referral in the council's areas."""
    if not user.is_authenticated or not user.is_active or not user.roles & CASEWORK_ROLES:
        return Referral.objects.none()
    organisation = user.organisation
    if organisation is None:
        return Referral.objects.none()
    in_my_areas = Referral.objects.filter(area_id__in=area_ids_of(user))
    if organisation.holds_statutory_duty():
        return in_my_areas
    return in_my_areas.filter(provider_id=user.organisation_id)


def get_referral_for_user(user: User, reference: str) -> Referral:
    """The referral with this reference if the user may see it; otherwise the same 404 as for a missing one."""
    referral = (
        referrals_visible_to(user)
        .select_related(
            "area",
            "carer__merged_into",
            "cared_for",
            "provider",
            "decided_by",
            "referring_organisation",
            "referring_gp_practice",
            "referring_school",
        )
        .filter(reference=reference)
        .first()
    )
    if referral is None:
        raise Http404("No referral found")
    return referral


def inbox_for(
    user: User,
    *,
    status: str = Referral.Status.OPEN,
    cohort: Collection[str] = (),
    urgency: Collection[str] = (),
    sort: str = DEFAULT_INBOX_SORT,
) -> QuerySet[Referral]:
    """The user's referrals with one status, optionally of some cohorts and urgencies, in the order asked for."""
    referrals = referrals_visible_to(user).filter(status=status)
    if cohort:
        referrals = referrals.filter(cohort__in=cohort)
    if urgency:
        referrals = referrals.filter(urgency__in=urgency)
    # Whether the carer's record is open to the user: names and ages come from it only then (people_visible_to);
    # otherwise the inbox shows the carer as the referrer named them.
    referrals = whose_person_is_visible_to(referrals, user, person_field="carer_id", annotate_as="record_visible")
    return referrals.select_related("carer").order_by(*INBOX_SORTS.get(sort, INBOX_SORTS[DEFAULT_INBOX_SORT]))


def inbox_counts(user: User) -> dict[str, int]:
    """How many of the user's referrals are waiting for a decision.

    Only open referrals are counted on every view: decided ones pile up for years (32,000 for one provider at
    county scale), and counting them all on each page view would cost more than the rest of the page."""
    return {Referral.Status.OPEN.value: referrals_visible_to(user).filter(status=Referral.Status.OPEN).count()}


def transfers_of(referral: Referral) -> QuerySet[Transfer]:
    """A referral's transfers between providers, oldest first."""
    return (
        Transfer.objects.filter(area=referral.area_id, referral=referral)
        .select_related("from_provider", "to_provider", "transferred_by")
        .order_by("transferred_at", "pk")
    )


def transfer_destinations(referral: Referral) -> QuerySet[Organisation]:
    """The carers' services a referral may be transferred to: other active providers that take referrals in its
    area (they have a routing rule there)."""
    routed_to = RoutingRule.objects.filter(area=referral.area_id).values("provider_id")
    return (
        Organisation.objects.filter(kind=Organisation.Kind.PROVIDER, is_active=True, pk__in=routed_to)
        .exclude(pk=referral.provider_id)
        .order_by("name")
    )


def can_decide(user: User, referral: Referral) -> bool:
    """Only staff of the provider a referral is routed to decide on it; council staff can see it, not decide."""
    return referral.is_open() and user.organisation_id == referral.provider_id and bool(user.roles & CASEWORK_ROLES)


def get_referral_to_decide(user: User, reference: str) -> Referral:
    """A referral the user may decide on; any other is the same 404 as a missing one."""
    referral = get_referral_for_user(user, reference)
    if referral.provider_id != user.organisation_id:
        raise Http404("No referral found")
    return referral


def referrals_about(user: User, person: Person) -> QuerySet[Referral]:
    """The referrals the user may see in which a person, or a duplicate merged into them, is the carer or the person
    cared for, newest first."""
    this_person = same_person_ids(person)
    return (
        referrals_visible_to(user)
        .filter(Q(carer_id__in=this_person) | Q(cared_for_id__in=this_person))
        .select_related("provider")
        .order_by("-received_at", "-pk")
    )


# --- Counting for commissioners (carershub.reporting's KPI measures) --------------------------------------------
# Whole-population querysets that a measure only aggregates: no person's details leave them, so they need no user.


def referrals_to_providers(provider_ids: Collection[int], area_ids: Collection[int]) -> QuerySet[Referral]:
    """Referrals routed to the providers in the areas."""
    return Referral.objects.filter(provider_id__in=provider_ids, area_id__in=area_ids)
