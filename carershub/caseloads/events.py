"""What happens to a carer's case, as the kinds its audit events carry in `detail["event"]`."""

from django.db import models


class Event(models.TextChoices):
    ALLOCATED = "allocated", "Case allocated to a worker"
    REALLOCATED = "reallocated", "Case reallocated to another worker"
