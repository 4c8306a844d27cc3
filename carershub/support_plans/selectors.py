"""Who may see which support plans, direct payments, reviews and short breaks.

A plan is visible exactly when its carer's record is (`people.selectors.people_visible_to`): practitioners and
managers of an organisation working with the carer, and of the council holding the statutory duty in the area.
Everyone else, commissioners included, gets the same 404 as for a plan that does not exist. The team lists show a
provider its own plans; a council sees every team's in its areas (Care Act 2014 s.79: the duty stays with it).
"""

from collections.abc import Collection, Iterator
from datetime import date, timedelta
from typing import Final

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from carershub.accounts.models import Role, User
from carershub.assessments.models import Assessment
from carershub.assessments.selectors.timeliness import team_assessments_visible_to
from carershub.organisations.selectors import area_ids_of
from carershub.people.models import Person
from carershub.people.selectors import people_visible_to, person_is_visible
from carershub.support_plans.models import (
    DirectPayment,
    DirectPaymentAgreement,
    DirectPaymentReview,
    PlanNeed,
    PlanReview,
    ShortBreak,
    SupportPlan,
)

TEAM_ROLES: Final = frozenset({Role.PRACTITIONER, Role.MANAGER})
REVIEWS_DUE_WITHIN_DAYS: Final = 30
EXPORT_CHUNK: Final = 2000


def plans_visible_to(user: User) -> QuerySet[SupportPlan]:
    """Every version of every plan whose carer the user may see."""
    if not user.is_authenticated or not user.roles & TEAM_ROLES:
        return SupportPlan.objects.none()
    return SupportPlan.objects.filter(area_id__in=area_ids_of(user)).filter(person_is_visible(user, "carer_id"))


def get_plan_for_user(user: User, reference: str, version: int) -> SupportPlan:
    """One version of a plan the user may see; otherwise the same 404 as for a missing one."""
    plan = (
        plans_visible_to(user)
        .select_related("carer__area", "assessment", "organisation", "contingency_plan", "budget_approved_by")
        .select_related("agreed_by", "created_by")
        .filter(reference=reference, version=version)
        .first()
    )
    if plan is None:
        raise Http404("No support plan found")
    return plan


def needs_of(plan: SupportPlan) -> list[PlanNeed]:
    return list(PlanNeed.objects.filter(area=plan.area_id, plan=plan).order_by("order", "pk"))


def versions_of(plan: SupportPlan) -> list[SupportPlan]:
    """Every version of the plan, newest first (the old ones stay readable)."""
    return list(
        SupportPlan.objects.filter(area=plan.area_id, reference=plan.reference)
        .only("reference", "version", "status", "agreed_at", "created_at", "area_id")
        .order_by("-version")
    )


def reviews_of(plan: SupportPlan) -> list[PlanReview]:
    """The reviews of every version of the plan, soonest due first."""
    return list(
        PlanReview.objects.filter(area=plan.area_id, plan__reference=plan.reference)
        .select_related("plan", "completed_by")
        .prefetch_related("needs__need")
        .order_by("due_on", "pk")
    )


def agreements_of(plan: SupportPlan) -> list[DirectPaymentAgreement]:
    return list(
        DirectPaymentAgreement.objects.filter(area=plan.area_id, plan__reference=plan.reference)
        .select_related("need")
        .order_by("pk")
    )


def plans_about(user: User, person: Person) -> list[SupportPlan]:
    """The person's plans the user may see: each plan's newest version."""
    versions = plans_visible_to(user).filter(carer=person).order_by("reference", "-version")
    latest: dict[str, SupportPlan] = {}
    for plan in versions:
        latest.setdefault(plan.reference, plan)
    return sorted(latest.values(), key=lambda plan: plan.created_at, reverse=True)


def _team(user: User) -> tuple[bool, int]:
    """Whether the user's organisation is a council (which sees every team's work), and its id (0 for none)."""
    organisation = user.organisation
    if organisation is None:
        return False, 0
    return organisation.holds_statutory_duty(), organisation.pk


def team_plans(user: User, *, statuses: tuple[str, ...] = ("draft", "agreed")) -> QuerySet[SupportPlan]:
    """The team's plans in force or being drafted, the most recently changed first."""
    plans = plans_visible_to(user).filter(status__in=statuses)
    is_council, organisation_id = _team(user)
    if not is_council:
        plans = plans.filter(organisation_id=organisation_id)
    return plans.select_related("carer", "organisation").order_by("-updated_at", "-pk")


def plan_reviews_due(user: User, *, today: date) -> QuerySet[PlanReview]:
    """The team's scheduled plan reviews overdue or due within 30 days, the soonest first."""
    reviews = PlanReview.objects.filter(
        status=PlanReview.Status.SCHEDULED,
        due_on__lte=today + timedelta(days=REVIEWS_DUE_WITHIN_DAYS),
        plan__in=team_plans(user, statuses=("agreed",)).values("pk"),
    )
    return reviews.select_related("plan__carer").order_by("due_on", "pk")


def direct_payment_reviews_due(user: User, *, today: date) -> QuerySet[DirectPaymentReview]:
    """The team's reg 7 reviews overdue or due within 30 days, the soonest first."""
    reviews = DirectPaymentReview.objects.filter(
        status=DirectPaymentReview.Status.SCHEDULED,
        due_on__lte=today + timedelta(days=REVIEWS_DUE_WITHIN_DAYS),
        agreement__plan__in=team_plans(user, statuses=("agreed", "superseded", "ended")).values("pk"),
    )
    return reviews.select_related("agreement__carer", "agreement__plan").order_by("due_on", "pk")


def get_plan_review_for_user(user: User, review_id: int) -> PlanReview:
    review = (
        PlanReview.objects.filter(pk=review_id, plan__in=plans_visible_to(user).values("pk"))
        .select_related("plan__carer__area")
        .first()
    )
    if review is None:
        raise Http404("No review found")
    return review


def agreements_visible_to(user: User) -> QuerySet[DirectPaymentAgreement]:
    if not user.is_authenticated or not user.roles & TEAM_ROLES:
        return DirectPaymentAgreement.objects.none()
    return DirectPaymentAgreement.objects.filter(area_id__in=area_ids_of(user)).filter(
        person_is_visible(user, "carer_id")
    )


def get_agreement_for_user(user: User, agreement_id: int) -> DirectPaymentAgreement:
    agreement = (
        agreements_visible_to(user)
        .select_related("carer__area", "plan", "need", "holding", "created_by")
        .filter(pk=agreement_id)
        .first()
    )
    if agreement is None:
        raise Http404("No direct payment found")
    return agreement


def payments_of(agreement: DirectPaymentAgreement) -> list[DirectPayment]:
    return list(DirectPayment.objects.filter(area=agreement.area_id, agreement=agreement).order_by("number"))


def get_payment_for_user(user: User, payment_id: int) -> DirectPayment:
    payment = (
        DirectPayment.objects.filter(pk=payment_id, agreement__in=agreements_visible_to(user).values("pk"))
        .select_related("agreement__carer")
        .first()
    )
    if payment is None:
        raise Http404("No payment found")
    return payment


def get_direct_payment_review_for_user(user: User, review_id: int) -> DirectPaymentReview:
    review = (
        DirectPaymentReview.objects.filter(pk=review_id, agreement__in=agreements_visible_to(user).values("pk"))
        .select_related("agreement__carer")
        .first()
    )
    if review is None:
        raise Http404("No review found")
    return review


def finance_export_rows(user: User, *, start: date, end: date) -> Iterator[tuple[str, date, str, str, str]]:
    """Payments made between two days (both included) in the team's plans, for finance: payee reference, date paid,
    amount, cost centre and funder, in date order. Read in chunks, so a county's quarter streams."""
    is_council, organisation_id = _team(user)
    payments = DirectPayment.objects.filter(
        area_id__in=area_ids_of(user),
        status=DirectPayment.Status.PAID,
        paid_on__gte=start,
        paid_on__lte=end,
    ).filter(person_is_visible(user, "agreement__carer_id"))
    if not is_council:
        payments = payments.filter(agreement__plan__organisation_id=organisation_id)
    rows = payments.order_by("paid_on", "pk").values_list(
        "agreement__payee_reference", "paid_on", "amount", "agreement__cost_centre", "agreement__funder"
    )
    for payee, paid_on, amount, cost_centre, funder in rows.iterator(chunk_size=EXPORT_CHUNK):
        if paid_on is not None:  # always set on a paid payment (a constraint)
            yield payee, paid_on, f"{amount:.2f}", cost_centre, funder


def may_request_break(user: User, carer: Person) -> bool:
    """Practitioners and managers of an organisation who may see the carer (one working with them, or their council)
    may ask for a short break for them; the one rule for the request page and the links to it."""
    if not user.is_authenticated or not user.roles & TEAM_ROLES or user.organisation_id is None:
        return False
    return people_visible_to(user).filter(pk=carer.pk).exists()


def get_carer_for_break_request(user: User, person_id: int) -> Person:
    """The carer to request a short break for; the same 404 as a missing person for anyone who may not."""
    carer = people_visible_to(user).select_related("area").filter(pk=person_id).first()
    if carer is None or not may_request_break(user, carer):
        raise Http404("No person found")
    return carer


def breaks_visible_to(user: User) -> QuerySet[ShortBreak]:
    if not user.is_authenticated or not user.roles & TEAM_ROLES:
        return ShortBreak.objects.none()
    return ShortBreak.objects.filter(area_id__in=area_ids_of(user)).filter(person_is_visible(user, "carer_id"))


def get_break_for_user(user: User, break_id: int) -> ShortBreak:
    short_break = (
        breaks_visible_to(user)
        .select_related("carer__area", "plan", "kind", "provider", "approved_by", "activation")
        .filter(pk=break_id)
        .first()
    )
    if short_break is None:
        raise Http404("No short break found")
    return short_break


def breaks_about(user: User, person: Person) -> list[ShortBreak]:
    """All the person's short breaks the user may see, newest first."""
    return list(
        breaks_visible_to(user).filter(carer=person).select_related("kind", "provider").order_by("-created_at", "-pk")
    )


def team_breaks(user: User) -> QuerySet[ShortBreak]:
    """The team's breaks not yet delivered or cancelled, oldest request first."""
    breaks = breaks_visible_to(user).filter(status__in=("requested", "approved", "booked"))
    is_council, organisation_id = _team(user)
    if not is_council:
        breaks = breaks.filter(organisation_id=organisation_id)
    return breaks.select_related("carer", "kind", "provider").order_by("created_at", "pk")


def assessments_to_plan(user: User, person: Person) -> list[Assessment]:
    """The person's signed-off assessments with eligible needs and no plan yet, that the user's team may plan from."""
    return list(
        team_assessments_visible_to(user)
        .filter(carer=person, status=Assessment.Status.COMPLETED, eligible=True)
        .exclude(Exists(SupportPlan.objects.filter(assessment=OuterRef("pk"))))
        .order_by("-completed_on", "-pk")
    )


# --- Counting for commissioners (carershub.reporting's KPI measures) --------------------------------------------
# Whole-population querysets that a measure only aggregates: no person's details leave them, so they need no user.


def support_plans_of_providers(provider_ids: Collection[int], area_ids: Collection[int]) -> QuerySet[SupportPlan]:
    return SupportPlan.objects.filter(organisation_id__in=provider_ids, area_id__in=area_ids)


def direct_payments_of_providers(provider_ids: Collection[int], area_ids: Collection[int]) -> QuerySet[DirectPayment]:
    """Direct payments under plans the providers hold, in the areas."""
    return DirectPayment.objects.filter(agreement__plan__organisation_id__in=provider_ids, area_id__in=area_ids)


def short_breaks_of_providers(provider_ids: Collection[int], area_ids: Collection[int]) -> QuerySet[ShortBreak]:
    return ShortBreak.objects.filter(organisation_id__in=provider_ids, area_id__in=area_ids)


def plan_reviews_of_providers(provider_ids: Collection[int], area_ids: Collection[int]) -> QuerySet[PlanReview]:
    """Reviews of plans the providers hold, in the areas."""
    return PlanReview.objects.filter(plan__organisation_id__in=provider_ids, area_id__in=area_ids)
