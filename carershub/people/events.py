"""What happens to people's records, as the events their audit rows carry and their timeline entries show.

Codes are never renamed (the statutory returns count by them); labels may change.
"""

from carershub.core.events import EventChoices


class PersonEvent(EventChoices):
    REGISTERED = "people.registered", "Registered with the service"
    DETAILS_CHANGED = "people.details_changed", "Details changed"
    MERGED = "people.merged", "Duplicate record merged"
    UNMERGED = "people.unmerged", "Merged records separated"
    CARING_STARTED = "people.caring_started", "Caring relationship recorded"
    CARING_DETAILS_CHANGED = "people.caring_details_changed", "Caring relationship details changed"
    CARING_ENDED = "people.caring_ended", "Caring relationship ended"
    CONSENT_GIVEN = "people.consent_given", "Consent given"
    CONSENT_WITHDRAWN = "people.consent_withdrawn", "Consent withdrawn"
    COMPETENCE_JUDGED = "people.competence_judged", "Competence to consent judged"
    INVOLVEMENT_OPENED = "people.involvement_opened", "Organisation started working with the person"
    INVOLVEMENT_ENDED = "people.involvement_ended", "Organisation stopped working with the person"
