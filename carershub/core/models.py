"""Shared model bases and the audit log. Only what three or more apps need lives here."""

from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone


class BaseModel(models.Model):
    """Every domain row records when it was created and changed, and by whom."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        abstract = True


class AreaScopedModel(BaseModel):
    """A person-level or activity row. It belongs to one area (the tenant), and every query filters by it.

    A national deployment shards on `area_id` (docs/architecture.md, Tenancy), so rows that refer to each other must
    share an area, and nothing outside national reporting may join across areas.
    """

    area = models.ForeignKey("organisations.Area", on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class ReferenceData(models.Model):
    """A code list entry: ordered, switched off with `disabled_on`, never deleted (records that used it keep it)."""

    name = models.CharField(max_length=255)
    order = models.PositiveIntegerField(default=0)
    disabled_on = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering: ClassVar[list[str]] = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def is_enabled(self) -> bool:
        return self.disabled_on is None or self.disabled_on > timezone.localdate()


class AuditLogIsAppendOnly(Exception):
    """Raised when anything tries to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("Audit events cannot be changed.")

    def delete(self) -> NoReturn:
        raise AuditLogIsAppendOnly("Audit events cannot be deleted.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("Audit events cannot be changed.")


class AuditEvent(models.Model):
    """One thing someone did or saw. Append-only: the database refuses UPDATE (and DELETE on PostgreSQL)."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        SIGNED_OUT = "signed_out", "Signed out"
        MFA_ENROLLED = "mfa_enrolled", "Two-factor authentication set up"
        RECORD_VIEWED = "record_viewed", "Record viewed"
        RECORD_CREATED = "record_created", "Record created"
        RECORD_CHANGED = "record_changed", "Record changed"
        RECORD_DELETED = "record_deleted", "Record deleted"
        EXPORTED = "exported", "Data exported"
        API_KEY_CREATED = "api_key_created", "API key created"
        API_KEY_REVOKED = "api_key_revoked", "API key revoked"
        STAFF_ACCOUNT_CREATED = "staff_account_created", "Staff account created"
        EMERGENCY_CARD_LOOKUP = "emergency_card_lookup", "Emergency card looked up"
        EMERGENCY_PLAN_OPENED = "emergency_plan_opened", "Emergency plan opened (break the glass)"
        EMERGENCY_LOOKUPS_FLAGGED = "emergency_lookups_flagged", "Repeated failed emergency card lookups flagged"

    occurred_at = models.DateTimeField(default=timezone.now, editable=False)
    kind = models.CharField(max_length=64, choices=Kind.choices)
    # What happened, in the vocabulary of the app it happened in (core.events): "referrals.accepted".
    event = models.CharField(max_length=80, blank=True, default="")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    api_key = models.ForeignKey(
        "organisations.ApiKey", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey("organisations.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The subject is named by type and id, not a foreign key: the trail must outlive the record it describes.
    subject_type = models.CharField(max_length=100, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    purpose = models.CharField(max_length=255, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        # Django's own machinery (saving, reloading, related lookups) goes through the base manager, which would
        # otherwise be a plain one that updates and deletes; make it this refusing one too.
        base_manager_name = "objects"
        ordering: ClassVar[list[str]] = ["-occurred_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            # "Who has seen this record?" reads by subject, newest first.
            models.Index(fields=["subject_type", "subject_id", "-occurred_at"], name="audit_subject_idx"),
            models.Index(fields=["actor", "-occurred_at"], name="audit_actor_idx"),
            models.Index(fields=["area", "-occurred_at"], name="audit_area_idx"),
            # The statutory returns and KPIs count events by code over a period.
            models.Index(fields=["event", "occurred_at"], name="audit_event_idx", condition=~models.Q(event="")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.occurred_at:%Y-%m-%d %H:%M:%S}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogIsAppendOnly("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("Audit events cannot be deleted.")


class RateLimitCount(models.Model):
    """How many times something was done in one fixed window (see `core.ratelimit`): one row per key and window,
    counted with a single atomic upsert. Rows are removed once their window has passed."""

    key = models.CharField(max_length=150)
    period_number = models.BigIntegerField(help_text="Which window: Unix time divided by the period, rounded down.")
    count = models.PositiveIntegerField(default=0)
    expires_at = models.BigIntegerField(help_text="Unix time when the window ends.")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["key", "period_number"], name="one_count_per_key_and_period"),
        ]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["expires_at"], name="ratelimit_expiry_idx")]

    def __str__(self) -> str:
        return f"{self.key} in window {self.period_number}: {self.count}"
