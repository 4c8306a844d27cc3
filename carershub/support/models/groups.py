"""Groups (peer support, a carers' café, young carers' clubs, courses), their sessions, bookings and registers.

A group has a schedule (an iCalendar RRULE, RFC 5545) from which sessions are made ahead of time. A session takes
bookings up to its capacity and then a waiting list; its register records the named carers who came (each once: a
database constraint) and a head count of people not on it.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from carershub.core.models import AreaScopedModel, ReferenceData


class GroupKind(ReferenceData):
    """Peer support group, carers' café, young carers' club, course... (councils name these differently)."""

    code = models.SlugField(max_length=50, unique=True)

    class Meta(ReferenceData.Meta):
        verbose_name = "group kind"


class SupportGroup(AreaScopedModel):
    """A recurring group run by an organisation."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=150)
    kind = models.ForeignKey(GroupKind, on_delete=models.PROTECT, related_name="groups")
    description = models.TextField(blank=True)
    # RFC 5545 recurrence rule without the "RRULE:" prefix, e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU". The directory
    # publishes it as it is (Open Referral UK schedules use the same rule).
    schedule = models.CharField(max_length=200, help_text="iCalendar recurrence rule, e.g. FREQ=WEEKLY;BYDAY=TU")
    first_starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=120)
    venue = models.CharField(max_length=200)
    district = models.CharField(max_length=100, blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    capacity = models.PositiveSmallIntegerField()
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="facilitated_groups", blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["name", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="group_has_places"),
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(maximum_age__gte=models.F("minimum_age")),
                name="group_age_range_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("support:group", args=[self.pk])


class GroupSession(AreaScopedModel):
    """One meeting of a group. `version` guards the register against two facilitators saving over each other."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    group = models.ForeignKey(SupportGroup, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=200)
    capacity = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancelled_reason = models.CharField(max_length=300, blank=True)
    head_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="People who came but are not on the register (not named)."
    )
    register_taken_at = models.DateTimeField(null=True, blank=True)
    register_taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering: ClassVar[list[str]] = ["starts_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["group", "starts_at"], name="one_session_per_group_and_time"),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_has_length"),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="session_has_places"),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["area", "starts_at"], name="session_area_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.group} on {self.starts_at:%d %b %Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("support:session", args=[self.pk])

    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def has_register(self) -> bool:
        return self.register_taken_at is not None


class Booking(AreaScopedModel):
    """A carer's place at a session, or their place on its waiting list. Never more places than the capacity."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    session = models.ForeignKey(GroupSession, on_delete=models.PROTECT, related_name="bookings")
    carer = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="group_bookings")
    status = models.CharField(max_length=10, choices=Status.choices)
    booked_at = models.DateTimeField()
    needs_replacement_care = models.BooleanField(default=False)
    needs_transport = models.BooleanField(default=False)
    # A child under 16 comes with a parent's consent (who gave it, when). Recorded, not inferred.
    parental_consent_by = models.CharField(max_length=150, blank=True)
    parental_consent_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["booked_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["session", "carer"],
                condition=~models.Q(status="cancelled"),
                name="one_live_booking_per_carer_and_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: session {self.session_id}"


class Attendance(AreaScopedModel):
    """A named carer who came to a session. The constraint is what makes "counted once" true, whatever the form."""

    session = models.ForeignKey(GroupSession, on_delete=models.PROTECT, related_name="attendances")
    carer = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="group_attendances")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["session", "carer"], name="carer_counted_once_per_session"),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["area", "carer"], name="attendance_area_carer_idx"),
        ]

    def __str__(self) -> str:
        return f"Attended session {self.session_id}"
