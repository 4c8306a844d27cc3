"""Who may see which team's assessments, reviews and transition prompts, and how long carers wait.

The team pages show a team its own work: a provider sees the assessments, reviews and prompts of its own
organisation; a council, which keeps the statutory duty for every carer in its area even when it delegates (Care Act
2014 s.79), sees every team's in its areas. Anything else is the same 404 as a missing record.
"""

import statistics
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from carershub.accounts.models import Role, User
from carershub.assessments.models import Assessment, Review, SafetyAlert, TransitionPrompt
from carershub.core.request_cache import kept_on
from carershub.organisations.models import Organisation
from carershub.organisations.selectors import area_ids_of
from carershub.people.selectors import whose_person_is_visible_to

# Casework roles. Commissioners and administrators see aggregates (waiting_times), never a carer's assessment.
TEAM_ROLES: Final = frozenset({Role.PRACTITIONER, Role.MANAGER})
OPEN_STATUSES: Final = (Assessment.Status.IN_PROGRESS, Assessment.Status.AWAITING_SIGN_OFF)
LISTED_STATUSES: Final = (*OPEN_STATUSES, Assessment.Status.COMPLETED)
# Reviews coming up soon enough to plan for, as well as any already overdue.
REVIEWS_DUE_WITHIN_DAYS: Final = 30


@dataclass(frozen=True)
class WaitingTimes:
    """How long carers waited from their request to a completed assessment, in days."""

    count: int
    mean_days: float | None
    median_days: float | None


@dataclass(frozen=True)
class OpenCounts:
    open: int
    overdue: int


def overdue_before(today: date) -> date:
    """Open assessments requested before this day have waited longer than the council's target.

    Neither the Care Act 2014 s.10 nor the Care and Support (Assessment) Regulations 2014 set a deadline for an
    assessment; the council sets its own target."""
    return today - timedelta(days=settings.CARERSHUB_ASSESSMENT_TARGET_DAYS)


def _team_organisation(user: User) -> Organisation | None:
    if not user.is_authenticated or not user.is_active or not user.roles & TEAM_ROLES:
        return None
    organisation = user.organisation
    if organisation is None or not organisation.is_active:
        return None
    return organisation


def team_assessments_visible_to(user: User) -> QuerySet[Assessment]:
    """The assessments on the user's team pages: their organisation's; at a council, every one in its areas.

    Built once per request (cached on the user object, as `area_ids_of` is): the team list filters it four times,
    and building the visibility subqueries each time was a tenth of the page's time (issue 10). A queryset is lazy
    and every filter copies it, so each use still reads the data as it is then."""
    key = (user.is_active, user.organisation_id, user.roles) if user.is_authenticated else None
    visible = kept_on(user, "_team_assessments_visible", lambda: _team_assessments_visible_to(user), key=key)
    return visible.all()  # a copy: a caller that reads it whole never leaves its rows cached for the next


def _team_assessments_visible_to(user: User) -> QuerySet[Assessment]:
    organisation = _team_organisation(user)
    if organisation is None:
        return Assessment.objects.none()
    # Only carers the user may still see: a provider that has stopped working with a carer (its involvement ended)
    # loses their assessments from its lists too, as it loses their record; merged duplicates never show.
    in_my_areas = whose_person_is_visible_to(
        Assessment.objects.filter(area_id__in=area_ids_of(user)), user, person_field="carer_id"
    )
    if organisation.holds_statutory_duty():
        return in_my_areas
    return in_my_areas.filter(organisation_id=organisation.pk)


def team_assessments(
    user: User,
    *,
    today: date,
    statuses: Collection[str] = (),
    overdue_only: bool = False,
    assessor_id: int | None = None,
) -> QuerySet[Assessment]:
    """The user's team's assessments with the statuses asked for (open ones by default), the longest waiting first.

    "Overdue" applies to open assessments only: a completed one has stopped waiting."""
    assessments = team_assessments_visible_to(user).filter(status__in=list(statuses) or list(OPEN_STATUSES))
    if overdue_only:
        assessments = assessments.filter(status__in=OPEN_STATUSES, requested_on__lt=overdue_before(today))
    if assessor_id is not None:
        assessments = assessments.filter(assessor_id=assessor_id)
    return (
        assessments.select_related("carer", "assessor", "organisation")
        .annotate(has_open_safety_alert=Exists(_open_alerts().filter(assessment_id=OuterRef("pk"))))
        .order_by("requested_on", "pk")
    )


def _open_alerts() -> QuerySet[SafetyAlert]:
    return SafetyAlert.objects.filter(acknowledged_at__isnull=True)


def team_open_safety_alerts(user: User) -> QuerySet[SafetyAlert]:
    """Safety alerts still open on the team's assessments, the oldest first: they need attention before anything
    else on the team's list, whoever the assessor is."""
    return (
        _open_alerts()
        .filter(Exists(team_assessments_visible_to(user).filter(pk=OuterRef("assessment_id"))))
        .select_related("assessment__carer", "assessment__assessor")
        .order_by("raised_at", "pk")
    )


def open_counts(user: User, *, today: date) -> OpenCounts:
    """How many of the team's assessments are open, and how many of those are overdue. One query."""
    # Filtered to open ones first, so the team index (organisation, status, requested_on) reads only those: a
    # provider has tens of thousands of completed assessments at county scale.
    counts = (
        team_assessments_visible_to(user)
        .filter(status__in=OPEN_STATUSES)
        .aggregate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(requested_on__lt=overdue_before(today))),
        )
    )
    return OpenCounts(open=counts["open"], overdue=counts["overdue"])


def team_assessors(user: User) -> QuerySet[User]:
    """The staff who carry out the team's open assessments, to filter the list by."""
    assessor_ids = team_assessments_visible_to(user).filter(status__in=OPEN_STATUSES).values("assessor_id")
    return User.objects.filter(pk__in=assessor_ids).order_by("full_name", "pk")


def waiting_days(assessment: Assessment, *, today: date) -> int:
    """Days from the request to completion, or to today while the carer is still waiting."""
    end = assessment.completed_on if assessment.completed_on is not None else today
    return (end - assessment.requested_on).days


def waiting_times(organisation: Organisation, start: date, end: date) -> WaitingTimes:
    """Waiting times of the assessments an organisation completed between two days, both included: from the request
    (a referral's arrival or the carer's own request) to completion. For KPIs; no access check."""
    waits = [
        (completed_on - requested_on).days
        for requested_on, completed_on in Assessment.objects.filter(
            organisation=organisation,
            status=Assessment.Status.COMPLETED,
            completed_on__gte=start,
            completed_on__lte=end,
        ).values_list("requested_on", "completed_on")
        if completed_on is not None
    ]
    if not waits:
        return WaitingTimes(count=0, mean_days=None, median_days=None)
    return WaitingTimes(
        count=len(waits), mean_days=statistics.fmean(waits), median_days=float(statistics.median(waits))
    )


# --- Reviews --------------------------------------------------------------------------------------------------------


def reviews_visible_to(user: User) -> QuerySet[Review]:
    """Reviews of the assessments on the user's team pages."""
    organisation = _team_organisation(user)
    if organisation is None:
        return Review.objects.none()
    # Only while the user may see the carer: a provider whose work with them ended loses their reviews too.
    reviews = whose_person_is_visible_to(
        Review.objects.filter(area_id__in=area_ids_of(user)), user, person_field="assessment__carer_id"
    )
    if organisation.holds_statutory_duty():
        return reviews
    return reviews.filter(assessment__organisation_id=organisation.pk)


def reviews_due(user: User, *, today: date) -> QuerySet[Review]:
    """Scheduled reviews already overdue or due within 30 days, the soonest due first."""
    return (
        reviews_visible_to(user)
        .filter(status=Review.Status.SCHEDULED, due_on__lte=today + timedelta(days=REVIEWS_DUE_WITHIN_DAYS))
        .select_related("assessment__carer", "assessment__assessor")
        .order_by("due_on", "pk")
    )


def get_review_for_user(user: User, review_id: int) -> Review:
    """A review the user may see; otherwise the same 404 as for a missing one."""
    review = (
        reviews_visible_to(user).select_related("assessment__carer", "assessment__area").filter(pk=review_id).first()
    )
    if review is None:
        raise Http404("No review found")
    return review


def reviews_of(assessment: Assessment) -> QuerySet[Review]:
    """An assessment's reviews, in the order they fall due."""
    return Review.objects.filter(area=assessment.area_id, assessment=assessment).order_by("due_on", "pk")


def reviews_to_remind(*, today: date) -> QuerySet[Review]:
    """Scheduled reviews due within the reminder period whose assessor has not been reminded yet. No access check:
    the daily reminder job reads every area."""
    return (
        Review.objects.filter(
            status=Review.Status.SCHEDULED,
            reminded_at__isnull=True,
            due_on__lte=today + timedelta(days=settings.CARERSHUB_REVIEW_REMINDER_DAYS),
        )
        .select_related("assessment__assessor")
        .order_by("due_on", "pk")
    )


# --- Transition prompts ---------------------------------------------------------------------------------------------


def prompts_visible_to(user: User) -> QuerySet[TransitionPrompt]:
    """Transition prompts raised for the user's organisation; at a council, every one in its areas."""
    organisation = _team_organisation(user)
    if organisation is None:
        return TransitionPrompt.objects.none()
    prompts = whose_person_is_visible_to(
        TransitionPrompt.objects.filter(area_id__in=area_ids_of(user)), user, person_field="person_id"
    )
    if organisation.holds_statutory_duty():
        return prompts
    return prompts.filter(organisation_id=organisation.pk)


def prompts_due(user: User) -> QuerySet[TransitionPrompt]:
    """Transition decisions not made yet, the soonest due first."""
    return (
        prompts_visible_to(user)
        .filter(decided_at__isnull=True)
        .select_related("person", "assessment", "organisation")
        .order_by("due_on", "pk")
    )


def get_prompt_for_user(user: User, prompt_id: int) -> TransitionPrompt:
    """A transition prompt the user may see; otherwise the same 404 as for a missing one."""
    prompt = (
        prompts_visible_to(user)
        .select_related("person", "assessment", "organisation", "area", "decided_by", "carers_assessment")
        .filter(pk=prompt_id)
        .first()
    )
    if prompt is None:
        raise Http404("No transition decision found")
    return prompt


def get_team_assessment(user: User, reference: str) -> Assessment:
    """An assessment on the user's team pages; otherwise the same 404 as for a missing one."""
    assessment = (
        team_assessments_visible_to(user).select_related("carer", "area", "organisation").filter(reference=reference)
    ).first()
    if assessment is None:
        raise Http404("No assessment found")
    return assessment
