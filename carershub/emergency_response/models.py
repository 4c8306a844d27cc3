"""Contingency plans, emergency cards, the 24/7 emergency line and its activations.

A carer carries a card with a number and the area's 24/7 line on it. If the carer suddenly cannot care, whoever
finds the card calls the line; a responder types the number, opens the plan ("break the glass", with a reason),
calls the named emergency contacts and, if nobody can step in, arranges replacement care for up to 72 hours.
Secrets (key safe details, the Notify API key) are stored as Fernet tokens and never appear in `__str__`/`repr`.
"""

from datetime import timedelta
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from carershub.core.models import AreaScopedModel, BaseModel
from carershub.emergency_response.rules import format_card_number


class EmergencyLine(BaseModel):
    """An area's 24/7 carers emergency line: who runs it, the number printed on its cards, and how it sends
    GOV.UK Notify messages. Staff of `organisation` with the emergency responder role (and its API keys) may open
    the area's cards; nobody else may."""

    area = models.OneToOneField("organisations.Area", on_delete=models.PROTECT, related_name="emergency_line")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    phone_number = models.CharField(max_length=20, help_text="Printed on every card of the area.")
    # Notify settings for the area. The API key is a Fernet token (see encryption.py); blank means "not configured".
    notify_api_key_encrypted = models.TextField(blank=True, editable=False)
    notify_sms_template_id = models.CharField("Notify SMS template id", max_length=36, blank=True)
    notify_email_template_id = models.CharField("Notify email template id", max_length=36, blank=True)

    def __str__(self) -> str:
        return f"{self.area} emergency line ({self.phone_number})"

    def __repr__(self) -> str:
        return f"<EmergencyLine {self.pk} area={self.area_id}>"

    def is_notify_configured(self) -> bool:
        return bool(self.notify_api_key_encrypted)


class ContingencyPlan(AreaScopedModel):
    """What must happen for the person a carer looks after if the carer suddenly cannot care: the next 72 hours of
    needs, who to call, pre-agreed replacement care and how to get into the home. One current plan per carer and
    cared-for person."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        NEEDS_REVIEW = "needs_review", "Needs review"
        WITHDRAWN = "withdrawn", "Withdrawn"

    carer = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="contingency_plans")
    cared_for = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="contingency_plans_as_cared_for"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    # What the cared-for person needs in the next 72 hours.
    personal_care = models.TextField(blank=True)
    medication = models.TextField(blank=True, help_text="What they take, when, and where it is kept.")
    mobility = models.TextField(blank=True)
    communication = models.TextField(blank=True)
    routines = models.TextField(blank=True)
    allergies = models.TextField(blank=True)
    pets = models.TextField(blank=True)
    professionals = models.TextField("GP and key professionals", blank=True)
    replacement_care = models.TextField("Pre-agreed replacement care", blank=True)
    home_access = models.TextField(blank=True, help_text="How to get in, without key safe codes.")
    # A Fernet token: the plaintext is shown only inside an open activation.
    key_safe_encrypted = models.TextField(blank=True, editable=False)
    review_date = models.DateField(null=True, blank=True)
    # When the practitioners were reminded that this review date is coming; cleared when the plan is confirmed with
    # a new review date, so each review date is reminded once.
    review_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=~models.Q(carer=models.F("cared_for")), name="plan_for_someone_else"),
            models.UniqueConstraint(
                fields=["carer", "cared_for"],
                condition=~models.Q(status="withdrawn"),
                name="one_current_plan_per_caring_relationship",
            ),
            # An active plan is reviewed at least yearly, so it always has a review date.
            models.CheckConstraint(
                condition=~models.Q(status="active") | models.Q(review_date__isnull=False),
                name="active_plan_has_review_date",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            # The nightly review reminder reads active plans whose review date has passed.
            models.Index(fields=["status", "review_date"], name="plan_status_review_idx"),
            models.Index(fields=["area", "status"], name="plan_area_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Contingency plan {self.pk} ({self.get_status_display()})"

    def __repr__(self) -> str:
        return f"<ContingencyPlan {self.pk} {self.status}>"

    def get_absolute_url(self) -> str:
        return reverse("emergency_response:plan", args=[self.pk])

    def has_key_safe(self) -> bool:
        return bool(self.key_safe_encrypted)

    def is_current(self) -> bool:
        return self.status != self.Status.WITHDRAWN

    def can_be_confirmed(self) -> bool:
        """A draft goes live, and a plan that needed review is confirmed again, with a new review date."""
        return self.status in {self.Status.DRAFT, self.Status.NEEDS_REVIEW, self.Status.ACTIVE}


class EmergencyContact(AreaScopedModel):
    """Someone the responder calls, in order, when the plan is activated. Usually not a person with a record, so
    their own consent (to be held and contacted) and their acceptance of the role are recorded here."""

    plan = models.ForeignKey(ContingencyPlan, on_delete=models.PROTECT, related_name="contacts")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=150)
    relationship = models.CharField("Relationship to the carer", max_length=100)
    phone = models.CharField(max_length=20)
    email = models.EmailField(blank=True)
    availability = models.CharField(max_length=300, blank=True, help_text="When they can step in.")
    consent_given_at = models.DateTimeField()
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_role_at = models.DateTimeField()
    may_text = models.BooleanField("Agreed to text messages", default=False)
    may_email = models.BooleanField("Agreed to emails", default=False)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["order", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["plan", "order"], condition=models.Q(removed_at__isnull=True), name="one_contact_per_place"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class EmergencyCard(AreaScopedModel):
    """The numbered card the carer carries. Reissuing a card ends the old number; withdrawing the plan ends it."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        REISSUED = "reissued", "Replaced by a new card"
        WITHDRAWN = "withdrawn", "Withdrawn"

    plan = models.ForeignKey(ContingencyPlan, on_delete=models.PROTECT, related_name="cards")
    # The unique index is the responder's lookup: one index probe whatever the number of cards.
    number = models.CharField(max_length=10, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    issued_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["plan"], condition=models.Q(status="active"), name="one_active_card_per_plan"
            ),
        ]

    def __str__(self) -> str:
        return f"Card {self.formatted_number} ({self.get_status_display()})"

    @property
    def formatted_number(self) -> str:
        return format_card_number(self.number)

    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Activation(AreaScopedModel):
    """One call to the emergency line that opened a plan: who called, each contact tried, replacement care, hours of
    emergency support and the outcome. Opening it is a "break the glass" view, recorded with its reason."""

    class Outcome(models.TextChoices):
        CONTACT_TOOK_OVER = "contact_took_over", "An emergency contact took over"
        REPLACEMENT_CARE = "replacement_care", "Replacement care arranged"
        HOSPITAL = "hospital", "The cared-for person went to hospital"
        SAFEGUARDING_REFERRAL = "safeguarding_referral", "Safeguarding referral made"
        NOT_NEEDED = "not_needed", "No support needed after all"

    class FollowUp(models.TextChoices):
        NONE = "none", "None offered"
        CARERS_ASSESSMENT = "carers_assessment", "Carer's assessment offered"
        PLAN_REVIEW = "plan_review", "Plan review offered"
        BOTH = "both", "Carer's assessment and plan review offered"

    plan = models.ForeignKey(ContingencyPlan, on_delete=models.PROTECT, related_name="activations")
    card = models.ForeignKey(EmergencyCard, on_delete=models.PROTECT, related_name="activations")
    reason = models.CharField(max_length=255, help_text="Why the plan was opened (break the glass).")
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    call_received_at = models.DateTimeField()
    caller_name = models.CharField(max_length=150, blank=True)
    caller_phone = models.CharField(max_length=20, blank=True)
    what_happened = models.TextField(blank=True)
    replacement_provider = models.CharField(max_length=200, blank=True)
    replacement_starts_at = models.DateTimeField(null=True, blank=True)
    replacement_ends_at = models.DateTimeField(null=True, blank=True)
    support_hours = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))
    outcome = models.CharField(max_length=25, choices=Outcome.choices, blank=True)
    follow_up = models.CharField(max_length=20, choices=FollowUp.choices, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["-opened_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            # Two responders opening the same card at once share one activation (services.open_activation).
            models.UniqueConstraint(
                fields=["plan"], condition=models.Q(closed_at__isnull=True), name="one_open_activation_per_plan"
            ),
            models.CheckConstraint(
                condition=models.Q(closed_at__isnull=True) | ~models.Q(outcome=""), name="closed_activation_has_outcome"
            ),
            models.CheckConstraint(
                condition=models.Q(replacement_starts_at__isnull=True)
                | models.Q(replacement_ends_at__isnull=True)
                | models.Q(replacement_ends_at__gte=models.F("replacement_starts_at")),
                name="replacement_care_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=models.Q(support_hours__gte=0), name="support_hours_not_negative"),
        ]
        indexes: ClassVar[list[models.Index]] = [
            # KPIs count activations and hours per area and period.
            models.Index(fields=["area", "opened_at"], name="activation_area_opened_idx"),
        ]

    def __str__(self) -> str:
        return f"Activation {self.pk} of plan {self.plan_id}"

    def get_absolute_url(self) -> str:
        return reverse("emergency_response:activation", args=[self.pk])

    def is_open(self) -> bool:
        return self.closed_at is None


class ContactAttempt(AreaScopedModel):
    """One call to an emergency contact during an activation."""

    class Result(models.TextChoices):
        CAN_ATTEND = "can_attend", "Can attend"
        ANSWERED = "answered", "Answered, cannot attend"
        NO_ANSWER = "no_answer", "No answer"

    activation = models.ForeignKey(Activation, on_delete=models.PROTECT, related_name="attempts")
    contact = models.ForeignKey(EmergencyContact, on_delete=models.PROTECT, related_name="attempts")
    tried_at = models.DateTimeField()
    result = models.CharField(max_length=12, choices=Result.choices)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering: ClassVar[list[str]] = ["tried_at", "pk"]

    def __str__(self) -> str:
        return f"{self.contact}: {self.get_result_display()}"


class Notification(AreaScopedModel):
    """A text message or email to an emergency contact about an activation, sent through GOV.UK Notify by a task.
    A failure is kept and shown to the responder, who can retry; it never undoes the activation. A passing failure
    (Notify down, a timeout, a refused connection) is also tried again automatically at `next_attempt_at`."""

    # A message still "sending" this long after it was queued is taken to be stuck (a worker died mid-send, the
    # queue lost it): the responder may send it again.
    STUCK_AFTER = timedelta(minutes=5)

    class Channel(models.TextChoices):
        SMS = "sms", "Text message"
        EMAIL = "email", "Email"

    class Status(models.TextChoices):
        PENDING = "pending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        NOT_CONFIGURED = "not_configured", "Not sent: messages are not set up for this area"

    activation = models.ForeignKey(Activation, on_delete=models.PROTECT, related_name="notifications")
    contact = models.ForeignKey(EmergencyContact, on_delete=models.PROTECT, related_name="notifications")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.PENDING)
    notify_id = models.CharField(max_length=36, blank=True)
    error = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When the failed message will be tried again automatically, if it will."
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["contact__order", "channel", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["activation", "contact", "channel"], name="one_message_per_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} to {self.contact}: {self.get_status_display()}"

    def can_be_retried(self) -> bool:
        if self.status in {self.Status.FAILED, self.Status.NOT_CONFIGURED}:
            return True
        return self.is_stuck()

    def is_stuck(self) -> bool:
        """Still "sending" long after it was queued or last tried."""
        return (
            self.status == self.Status.PENDING
            and self.updated_at is not None
            and self.updated_at <= timezone.now() - self.STUCK_AFTER
        )
