"""Training and workforce development: courses for carers (moving and handling, first aid, managing medication,
digital skills) and for professionals (young carer awareness for schools, GP practice, hospital and social care
staff), their sessions, who came (carers by name; professionals counted by organisation and sector) and feedback."""

from typing import ClassVar

from django.db import models
from django.urls import reverse

from carershub.core.models import AreaScopedModel


class TrainingCourse(AreaScopedModel):
    class Audience(models.TextChoices):
        CARERS = "carers", "Carers"
        PROFESSIONALS = "professionals", "Professionals"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=150)
    audience = models.CharField(max_length=13, choices=Audience.choices)
    description = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("support:course", args=[self.pk])


class TrainingSession(AreaScopedModel):
    course = models.ForeignKey(TrainingCourse, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField()
    venue = models.CharField(max_length=200)
    trainer = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-held_on", "pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["area", "held_on"], name="training_area_date_idx")
        ]

    def __str__(self) -> str:
        return f"{self.course} on {self.held_on:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("support:training_session", args=[self.pk])


class TrainingAttendance(AreaScopedModel):
    """Who came: a named carer, or a number of staff from one organisation in a sector (a school, a GP practice)."""

    class Sector(models.TextChoices):
        CARER = "carer", "Carer"
        SCHOOL = "school", "School or college"
        GP_PRACTICE = "gp_practice", "GP practice"
        HOSPITAL = "hospital", "Hospital"
        SOCIAL_CARE = "social_care", "Social care"
        VOLUNTARY = "voluntary", "Voluntary sector"
        OTHER = "other", "Other"

    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="attendances")
    sector = models.CharField(max_length=12, choices=Sector.choices)
    carer = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="training_attendances"
    )
    organisation_name = models.CharField(max_length=200, blank=True)
    gp_practice = models.ForeignKey("organisations.GPPractice", null=True, blank=True, on_delete=models.PROTECT)
    school = models.ForeignKey("organisations.School", null=True, blank=True, on_delete=models.PROTECT)
    attendees = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["session", "carer"], condition=models.Q(carer__isnull=False), name="carer_trained_once"
            ),
            models.CheckConstraint(
                condition=models.Q(sector="carer", carer__isnull=False, attendees=1)
                | (~models.Q(sector="carer") & models.Q(carer__isnull=True) & ~models.Q(organisation_name="")),
                name="attendance_is_a_carer_or_an_organisation",
            ),
            models.CheckConstraint(condition=models.Q(attendees__gte=1), name="attendance_counts_someone"),
        ]

    def __str__(self) -> str:
        return f"{self.attendees} at training session {self.session_id}"


class TrainingFeedback(AreaScopedModel):
    """One attendee's anonymous rating of a session (1 poor to 5 excellent) and what would improve it."""

    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="feedback")
    rating = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="training_rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"Rating {self.rating} for session {self.session_id}"
