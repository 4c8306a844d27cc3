"""What happens to organisations and their API keys, as the events their audit rows carry.

Codes are never renamed (the statutory returns count by them); labels may change.
"""

from carershub.core.events import EventChoices


class OrganisationEvent(EventChoices):
    API_KEY_CREATED = "organisations.api_key_created", "API key created"
    API_KEY_REVOKED = "organisations.api_key_revoked", "API key revoked"
