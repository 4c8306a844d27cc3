"""Carer voice: short feedback after a contact, a group session or a break (by a one-use link, or typed in from
paper), "you said, we did", and co-production records (carers' forum meetings and the actions agreed)."""

from typing import ClassVar

from django.db import models

from carershub.core.models import AreaScopedModel


class Service(models.TextChoices):
    """What the feedback is about; results are reported by these."""

    ONE_TO_ONE = "one_to_one", "Contact or 1:1 support"
    GROUP = "group", "Group session"
    BREAK = "break", "Break"
    TRAINING = "training", "Training"


class FeedbackRequest(AreaScopedModel):
    """A one-use link asking a carer for feedback. Only the SHA-256 of the link's token is stored."""

    carer = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="feedback_requests")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    service = models.CharField(max_length=12, choices=Service.choices)
    contact = models.ForeignKey("support.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    group_session = models.ForeignKey(
        "support.GroupSession", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    sent_to_email = models.EmailField(blank=True)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Feedback request {self.pk}"


class FeedbackResponse(AreaScopedModel):
    """One carer's answers. Not linked to the carer (only to the request, if by link): results are anonymous."""

    class Source(models.TextChoices):
        LINK = "link", "Online link"
        PAPER = "paper", "Paper form"

    class Recommend(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_SURE = "not_sure", "Not sure"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    service = models.CharField(max_length=12, choices=Service.choices)
    request = models.OneToOneField(
        FeedbackRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="response"
    )
    source = models.CharField(max_length=5, choices=Source.choices)
    satisfaction = models.PositiveSmallIntegerField(help_text="1 very dissatisfied to 5 very satisfied")
    would_recommend = models.CharField(max_length=8, choices=Recommend.choices)
    what_would_make_it_better = models.TextField(blank=True)
    answered_on = models.DateField()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__gte=1, satisfaction__lte=5), name="satisfaction_1_to_5"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["area", "answered_on"], name="feedback_area_date_idx"),
        ]

    def __str__(self) -> str:
        return f"Feedback {self.pk}: {self.satisfaction}/5"


class YouSaidWeDid(AreaScopedModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    you_said = models.TextField()
    we_did = models.TextField()
    published_on = models.DateField(null=True, blank=True, help_text="Shown on the public page from this date.")

    class Meta:
        ordering: ClassVar[list[str]] = ["-published_on", "-pk"]
        verbose_name = "you said, we did"
        verbose_name_plural = "you said, we did"

    def __str__(self) -> str:
        return self.you_said[:50]


class CoProductionMeeting(AreaScopedModel):
    """A carers' forum or co-production meeting: how many carers came and the actions agreed."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=150)
    held_on = models.DateField()
    carers_attending = models.PositiveSmallIntegerField()
    actions_agreed = models.TextField()

    class Meta:
        ordering: ClassVar[list[str]] = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} on {self.held_on:%d %b %Y}"
