"""Reads for everyday support that encode who may see what. A contact, series, group or session you may not see
is a 404, exactly like a missing one.

Contacts and series are seen through the carer: whoever may see the carer's record (`people_visible_to`) sees
their contacts. Groups and sessions belong to the organisation that runs them: its practitioners and managers see
them, and nobody else does (commissioners see counts, in the KPIs).
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

from carershub.accounts.models import User
from carershub.commissioning.rules.rag import is_suppressed
from carershub.people.models import Person, full_name_columns
from carershub.people.selectors import PERSON_RECORD_ROLES, people_visible_to, same_person_ids
from carershub.support.models import (
    Attendance,
    Booking,
    Contact,
    ContactKind,
    FeedbackResponse,
    GroupSession,
    Service,
    SupportGroup,
    SupportSeries,
    TrainingAttendance,
    TrainingCourse,
    TrainingSession,
    YouSaidWeDid,
)

# Follow-ups falling due this soon are listed beside the overdue ones, so a practitioner can plan the week.
FOLLOW_UP_HORIZON = timedelta(days=7)


def works_on_support(user: User) -> bool:
    """Practitioners and managers of an organisation log contacts and run groups."""
    return bool(user.is_authenticated and user.organisation_id is not None and user.roles & PERSON_RECORD_ROLES)


def enabled_contact_kinds() -> list[ContactKind]:
    """Kinds a new contact may have: those not switched off (a kind switched off keeps its old contacts)."""
    return [kind for kind in ContactKind.objects.all() if kind.is_enabled()]


SIGNPOSTING_KIND = "signposting"


def signposting_contact_kind() -> ContactKind | None:
    """The kind a signposting from the directory is logged as: "Signposting" while it is in use, otherwise the first
    kind in use that counts as information and advice (Care Act 2014 s.4); None if a council switched them all off."""
    kinds = [kind for kind in ContactKind.objects.filter(is_information_and_advice=True) if kind.is_enabled()]
    preferred = [kind for kind in kinds if kind.code == SIGNPOSTING_KIND]
    return next(iter(preferred or kinds), None)


def _ids_of(person: Person) -> list[int]:
    """`same_person_ids`, read once per person object: a page lists a carer's contacts and their series."""
    ids: list[int] | None = getattr(person, "_support_same_person_ids", None)
    if ids is None:
        ids = same_person_ids(person)
        person._support_same_person_ids = ids  # type: ignore[attr-defined]
    return ids


CONTACT_TABLE_FIELDS = (
    "contacted_on",
    "kind__name",
    "channel",
    "minutes",
    "worker__full_name",
    "note",
    "follow_up_on",
    "followed_up_at",
    "series__id",
)


def contacts_of(person: Person) -> QuerySet[Contact]:
    """The carer's contacts (with those recorded on duplicates merged into them), newest first. The caller has
    already checked that the user may see the person."""
    return (
        Contact.objects.filter(area=person.area_id, carer_id__in=_ids_of(person))
        .select_related("kind", "worker", "series")
        # The columns the contacts table shows (support/includes/contacts_table.html), not the wide rows of the
        # worker, the organisation and the series: a page of 25 is mostly Python building model instances.
        .only(*CONTACT_TABLE_FIELDS)
        .order_by("-contacted_on", "-pk")
    )


def open_series_of(person: Person) -> list[SupportSeries]:
    return list(
        SupportSeries.objects.filter(area=person.area_id, carer_id__in=_ids_of(person), ended_on__isnull=True)
        .select_related("kind")
        .order_by("-started_on", "-pk")
    )


def series_of(person: Person) -> list[SupportSeries]:
    return list(
        SupportSeries.objects.filter(area=person.area_id, carer_id__in=_ids_of(person))
        .select_related("kind", "worker")
        .annotate(session_count=Count("sessions"))
        .order_by("-started_on", "-pk")
    )


def _visible(user: User) -> QuerySet[Person]:
    return people_visible_to(user).filter(pk=OuterRef("carer_id"))


def get_contact_for_user(user: User, contact_id: int) -> Contact:
    """A contact with a carer the user may see; otherwise a 404."""
    contact = (
        Contact.objects.filter(pk=contact_id)
        .filter(Exists(_visible(user)))
        .select_related("carer", "kind", "area")
        .first()
    )
    if contact is None:
        raise Http404("No contact found")
    return contact


def get_series_for_user(user: User, series_id: int) -> SupportSeries:
    """A series of sessions with a carer the user may see; otherwise a 404."""
    series = (
        SupportSeries.objects.filter(pk=series_id)
        .filter(Exists(_visible(user)))
        .select_related("carer", "kind", "worker", "area")
        .first()
    )
    if series is None:
        raise Http404("No series found")
    return series


def follow_ups_due_for(user: User, *, today: date) -> list[Contact]:
    """The user's open follow-ups due by a week from today (overdue first), with carers they may still see."""
    if not works_on_support(user):
        return []
    return list(
        Contact.objects.filter(
            worker=user,
            follow_up_on__isnull=False,
            followed_up_at__isnull=True,
            follow_up_on__lte=today + FOLLOW_UP_HORIZON,
        )
        .filter(Exists(_visible(user)))
        .select_related("carer", "kind")
        .order_by("follow_up_on", "pk")[:200]
    )


def colleagues_of(user: User) -> list[User]:
    """Who a contact can be logged for: the practitioners and managers of the user's organisation."""
    if user.organisation_id is None:
        return []
    return list(
        User.objects.filter(
            organisation_id=user.organisation_id,
            is_active=True,
            groups__name__in=[role.value for role in PERSON_RECORD_ROLES],
        )
        .distinct()
        .order_by("full_name", "pk")
        # A name for the "Who" list and the organisation the service checks: not ~150 whole accounts.
        .only("full_name", "organisation_id")
    )


# Groups and sessions ----------------------------------------------------------------------------------------------


def groups_run_by(user: User) -> QuerySet[SupportGroup]:
    """Groups of the user's organisation; none for anyone who does not work on support."""
    if not works_on_support(user) or user.organisation_id is None:
        return SupportGroup.objects.none()
    return SupportGroup.objects.filter(organisation_id=user.organisation_id).select_related("kind")


def get_group_for_user(user: User, group_id: int) -> SupportGroup:
    group = groups_run_by(user).filter(pk=group_id).first()
    if group is None:
        raise Http404("No group found")
    return group


def get_session_for_user(user: User, session_id: int) -> GroupSession:
    if not works_on_support(user) or user.organisation_id is None:
        raise Http404("No session found")
    session = (
        GroupSession.objects.filter(pk=session_id, group__organisation_id=user.organisation_id)
        .select_related("group__kind", "area", "register_taken_by")
        .first()
    )
    if session is None:
        raise Http404("No session found")
    return session


def upcoming_sessions_of(group: SupportGroup, *, since: date, limit: int = 20) -> list[GroupSession]:
    return list(
        GroupSession.objects.filter(group=group, starts_at__date__gte=since)
        .annotate(
            booked=Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED)),
            waiting=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITING)),
        )
        .order_by("starts_at", "pk")[:limit]
    )


def past_sessions_of(group: SupportGroup, *, before: date, limit: int = 20) -> list[GroupSession]:
    return list(
        GroupSession.objects.filter(group=group, starts_at__date__lt=before)
        .annotate(attended=Count("attendances"))
        .order_by("-starts_at", "-pk")[:limit]
    )


def bookings_of(session: GroupSession) -> list[Booking]:
    """Live bookings (booked, then the waiting list in the order people joined it)."""
    return sorted(
        Booking.objects.filter(session=session)
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("carer")
        .order_by("booked_at", "pk"),
        key=lambda booking: booking.status != Booking.Status.BOOKED,
    )


def register_names_of(session: GroupSession) -> list[tuple[int, str]]:
    """The carers of the live bookings, in bookings_of's order, as (carer id, name): all the register shows, without
    building a whole booking and a whole person for each of them."""
    bookings = (
        Booking.objects.filter(session=session)
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("carer")
        .only("status", *full_name_columns("carer"))
        .order_by("booked_at", "pk")
    )
    ordered = sorted(bookings, key=lambda booking: booking.status != Booking.Status.BOOKED)
    return [(booking.carer_id, booking.carer.full_name) for booking in ordered]


def attended_carer_ids(session: GroupSession) -> set[int]:
    return set(session.attendances.values_list("carer_id", flat=True))


# Training ---------------------------------------------------------------------------------------------------------


def courses_run_by(user: User) -> QuerySet[TrainingCourse]:
    if not works_on_support(user) or user.organisation_id is None:
        return TrainingCourse.objects.none()
    return TrainingCourse.objects.filter(organisation_id=user.organisation_id)


def get_course_for_user(user: User, course_id: int) -> TrainingCourse:
    course = courses_run_by(user).filter(pk=course_id).first()
    if course is None:
        raise Http404("No course found")
    return course


def get_training_session_for_user(user: User, session_id: int) -> TrainingSession:
    session = (
        TrainingSession.objects.filter(pk=session_id, course__in=courses_run_by(user))
        .select_related("course", "area")
        .first()
    )
    if session is None:
        raise Http404("No training session found")
    return session


# Carer voice ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceResults:
    """Feedback about one service. Counts of 1 to 4 are suppressed (None) so no one's answer can be singled out."""

    service: str
    label: str
    responses: int | None
    satisfied_percent: int | None
    recommend_percent: int | None


def feedback_results(organisation_id: int, *, since: date) -> list[ServiceResults]:
    """Results by service since a date, in one query."""
    rows = (
        FeedbackResponse.objects.filter(organisation_id=organisation_id, answered_on__gte=since)
        .values("service")
        .annotate(
            responses=Count("pk"),
            satisfied=Count("pk", filter=Q(satisfaction__gte=4)),
            recommend=Count("pk", filter=Q(would_recommend=FeedbackResponse.Recommend.YES)),
        )
    )
    by_service = {row["service"]: row for row in rows}
    results = []
    for service, label in Service.choices:
        row = by_service.get(service, {"responses": 0, "satisfied": 0, "recommend": 0})
        count = row["responses"]
        hidden = is_suppressed(count) or count == 0
        results.append(
            ServiceResults(
                service=service,
                label=str(label),
                responses=None if is_suppressed(count) else count,
                satisfied_percent=None if hidden else round(100 * row["satisfied"] / count),
                recommend_percent=None if hidden else round(100 * row["recommend"] / count),
            )
        )
    return results


def published_you_said_we_did(organisation_id: int, *, on: date) -> list[YouSaidWeDid]:
    return list(
        YouSaidWeDid.objects.filter(organisation_id=organisation_id, published_on__lte=on).order_by("-published_on")[
            :50
        ]
    )


def follow_ups_due_count(user: User, *, today: date) -> int:
    """How many of the user's follow-ups are due today or overdue (the start page's figure; one query)."""
    if not works_on_support(user):
        return 0
    return (
        Contact.objects.filter(
            worker=user, follow_up_on__isnull=False, followed_up_at__isnull=True, follow_up_on__lte=today
        )
        .filter(Exists(_visible(user)))
        .count()
    )


# --- Counting for commissioners (carershub.reporting's KPI measures) --------------------------------------------
# Whole-population querysets that a measure only aggregates: no person's details leave them, so they need no user.


def _in_areas[M: Model](queryset: QuerySet[M], area_ids: Collection[int] | None) -> QuerySet[M]:
    return queryset if area_ids is None else queryset.filter(area_id__in=area_ids)


def contacts_of_providers(provider_ids: Collection[int], area_ids: Collection[int] | None = None) -> QuerySet[Contact]:
    """The providers' contacts with carers (in the areas, when named)."""
    return _in_areas(Contact.objects.filter(organisation_id__in=provider_ids), area_ids)


def attendances_of_providers(
    provider_ids: Collection[int], area_ids: Collection[int] | None = None
) -> QuerySet[Attendance]:
    """Carers named on the registers of the providers' groups (in the areas, when named)."""
    return _in_areas(Attendance.objects.filter(session__group__organisation_id__in=provider_ids), area_ids)


def training_attendances_of_providers(
    provider_ids: Collection[int], area_ids: Collection[int] | None = None
) -> QuerySet[TrainingAttendance]:
    """Attendance at the providers' training (in the areas, when named)."""
    return _in_areas(TrainingAttendance.objects.filter(session__course__organisation_id__in=provider_ids), area_ids)


def group_sessions_of_providers(provider_ids: Collection[int], area_ids: Collection[int]) -> QuerySet[GroupSession]:
    return GroupSession.objects.filter(group__organisation_id__in=provider_ids, area_id__in=area_ids)


def feedback_of_providers(provider_ids: Collection[int], area_ids: Collection[int]) -> QuerySet[FeedbackResponse]:
    return FeedbackResponse.objects.filter(organisation_id__in=provider_ids, area_id__in=area_ids)
