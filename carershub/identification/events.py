"""What happens in identifying carers, as the events its audit rows carry.

Codes are never renamed (the statutory returns count by them); labels may change.
"""

from carershub.core.events import EventChoices


class IdentificationEvent(EventChoices):
    ENGAGEMENT_RECORDED = "identification.engagement_recorded", "Work with a GP practice or school recorded"
