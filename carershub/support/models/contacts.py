"""Contacts with carers (advice on the phone, emotional support, counselling...) and series of 1:1 sessions.

A contact is logged in seconds on the carer's record; most fields are optional because the spreadsheet it replaces
had three columns people actually filled in: when, what kind, and how.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from carershub.core.models import AreaScopedModel, ReferenceData

MINUTES_IN_A_DAY = 24 * 60


class ContactKind(ReferenceData):
    """What a contact was about (information and advice, emotional support, counselling...). Councils name and
    group their services differently, so this is reference data; `code` is what KPIs count by and never changes."""

    code = models.SlugField(max_length=50, unique=True)
    is_one_to_one = models.BooleanField(
        default=True, help_text="Counts as 1:1 support in the KPIs (information and signposting alone do not)."
    )
    is_information_and_advice = models.BooleanField(
        default=False, help_text="Counts as information and advice in the KPIs (Care Act 2014 s.4)."
    )

    class Meta(ReferenceData.Meta):
        verbose_name = "contact kind"


class SupportSeries(AreaScopedModel):
    """One piece of work made of several sessions, such as six counselling sessions: started, its sessions logged
    as contacts, then ended with a reason."""

    carer = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="support_series")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.ForeignKey(ContactKind, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    planned_sessions = models.PositiveSmallIntegerField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    ending = models.CharField(max_length=300, blank=True, help_text="Why the series ended.")

    class Meta:
        verbose_name_plural = "support series"
        ordering: ClassVar[list[str]] = ["-started_on", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="series_ends_after_it_starts",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["area", "carer", "-started_on"], name="series_carer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} from {self.started_on:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("support:series", args=[self.pk])

    def is_open(self) -> bool:
        return self.ended_on is None


class Contact(AreaScopedModel):
    """One contact with a carer: when, what kind, how, how long, by whom, a note, and when to follow it up."""

    class Channel(models.TextChoices):
        PHONE = "phone", "Phone"
        FACE_TO_FACE = "face_to_face", "Face to face"
        VIDEO = "video", "Video call"
        EMAIL = "email", "Email"
        TEXT = "text", "Text message"
        LETTER = "letter", "Letter"

    carer = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="support_contacts")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    contacted_on = models.DateField()
    kind = models.ForeignKey(ContactKind, on_delete=models.PROTECT, related_name="contacts")
    channel = models.CharField(max_length=12, choices=Channel.choices)
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    follow_up_on = models.DateField(null=True, blank=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)
    series = models.ForeignKey(SupportSeries, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions")

    class Meta:
        ordering: ClassVar[list[str]] = ["-contacted_on", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(minutes__isnull=True) | models.Q(minutes__lte=MINUTES_IN_A_DAY),
                name="contact_minutes_within_a_day",
            ),
            models.CheckConstraint(
                condition=models.Q(follow_up_on__isnull=True) | models.Q(follow_up_on__gte=models.F("contacted_on")),
                name="follow_up_after_contact",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            # The carer's record pages through their contacts, newest first (a million rows at county scale).
            models.Index(fields=["area", "carer", "-contacted_on", "-id"], name="contact_carer_idx"),
            # KPIs count contacts per area and period.
            models.Index(fields=["area", "contacted_on"], name="contact_area_date_idx"),
            # A practitioner's follow-ups due: only the open ones are ever read.
            models.Index(
                fields=["worker", "follow_up_on"],
                condition=models.Q(follow_up_on__isnull=False, followed_up_at__isnull=True),
                name="contact_follow_up_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.contacted_on:%d %b %Y}"

    def follow_up_is_open(self) -> bool:
        return self.follow_up_on is not None and self.followed_up_at is None
