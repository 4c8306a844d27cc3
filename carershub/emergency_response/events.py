"""What happens to contingency plans, emergency cards and the emergency line's activations: the events the audit
log names (core.events). Codes are never renamed (the returns count by code); labels may change."""

from carershub.core.events import EventChoices


class EmergencyEvent(EventChoices):
    # Plans and their emergency contacts (practitioners).
    PLANS_LISTED = "emergency_response.plans_listed", "Contingency plans listed"
    PLAN_VIEWED = "emergency_response.plan_viewed", "Contingency plan viewed"
    PLAN_STARTED = "emergency_response.plan_started", "Contingency plan started"
    PLAN_CHANGED = "emergency_response.plan_changed", "Contingency plan changed"
    CONTACT_ADDED = "emergency_response.contact_added", "Emergency contact added to a contingency plan"
    CONTACT_REMOVED = "emergency_response.contact_removed", "Emergency contact removed from a contingency plan"
    PLAN_AGREED = (
        "emergency_response.plan_agreed",
        "Contingency plan agreed (made active with a card, or confirmed after a review)",
    )
    PLAN_WITHDRAWN = "emergency_response.plan_withdrawn", "Contingency plan withdrawn; its card stopped"
    PLAN_PRINTED = "emergency_response.plan_printed", "Contingency plan printed for the carer"
    PLAN_PDF_GIVEN = "emergency_response.plan_pdf_given", "Carer's copy of a contingency plan produced (PDF)"
    # Emergency cards, and the lookups of their numbers (paused after repeated failures).
    CARD_PRINTED = "emergency_response.card_printed", "Emergency card printed"
    CARD_REISSUED = "emergency_response.card_reissued", "Emergency card reissued; the old number stopped"
    CARD_LOOKED_UP = "emergency_response.card_looked_up", "Emergency card number looked up"
    LOOKUPS_PAUSED = "emergency_response.lookups_paused", "Card lookups paused after repeated failures"
    LOOKUP_PAUSE_LIFTED = "emergency_response.lookup_pause_lifted", "Pause on card lookups lifted by a manager"
    # Review of plans (at least yearly).
    PLAN_REVIEW_DUE = "emergency_response.plan_review_due", "Contingency plan's review falls due"
    REVIEW_REMINDER_SENT = "emergency_response.review_reminder_sent", "Practitioners reminded of a plan's review"
    # The emergency line: plans opened by card number with a reason ("break the glass"), and activations.
    PLAN_OPENED = (
        "emergency_response.plan_opened",
        "Contingency plan opened by the emergency line (break the glass)",
    )
    ACTIVATION_OPENED = "emergency_response.activation_opened", "Emergency line activation opened"
    ACTIVATION_JOINED = "emergency_response.activation_joined", "Responder joined an open emergency line activation"
    ACTIVATION_VIEWED = "emergency_response.activation_viewed", "Emergency line activation viewed"
    ACTIVATION_CHANGED = "emergency_response.activation_changed", "Details of an emergency line activation changed"
    CONTACT_CALLED = "emergency_response.contact_called", "Call to an emergency contact recorded"
    ACTIVATION_CLOSED = "emergency_response.activation_closed", "Emergency line activation closed with its outcome"
    # Messages to emergency contacts, and the line's settings.
    MESSAGE_RETRIED = "emergency_response.message_retried", "Message to an emergency contact sent again"
    LINE_CONFIGURED = "emergency_response.line_configured", "Emergency line settings changed"
