"""What the procurement page tests share: whether anything was recorded since a count of audit events."""

from carershub.core.models import AuditEvent


def nothing_recorded_since(count: int) -> bool:
    return AuditEvent.objects.count() == count
