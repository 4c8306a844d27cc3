"""What happens to assessments, reviews, transition decisions and self-assessment links (core.events).

The statutory returns count events by code: never rename a code once it exists (a label may change).
"""

from carershub.core.events import EventChoices


class AssessmentEvent(EventChoices):
    # An assessment, from start to sign-off or closure.
    STARTED = "assessments.started", "Assessment started"
    SECTION_COMPLETED = "assessments.section_completed", "Assessment section completed"
    SECTION_DRAFT_SAVED = "assessments.section_draft_saved", "Assessment section saved as a draft"
    DETERMINATION_RECORDED = "assessments.determination_recorded", "Determination recorded"
    DETERMINATION_CLEARED = "assessments.determination_cleared", "Determination cleared: to be recorded again"
    SUBMITTED = "assessments.submitted", "Assessment sent for sign-off"
    SIGNED_OFF = "assessments.signed_off", "Assessment signed off"
    RETURNED_FOR_CHANGES = "assessments.returned_for_changes", "Assessment returned for changes"
    REFUSED = "assessments.refused", "Assessment refused by the carer"
    REQUEST_DECLINED = "assessments.request_declined", "Request for a transition assessment declined"
    # A young carer's answers that need a practitioner's attention now (PANOC-YC20 safety items).
    SAFETY_ALERT_RAISED = "assessments.safety_alert_raised", "Safety alert raised"
    SAFETY_ALERT_NOTICE_EMAILED = "assessments.safety_alert_notice_emailed", "Safety alert notice emailed"
    SAFETY_ALERT_ACKNOWLEDGED = "assessments.safety_alert_acknowledged", "Safety alert acknowledged"
    # The whole-family approach (Care and Support (Assessment) Regulations 2014 reg 4(3)).
    YOUNG_CARER_REFERRAL_RAISED = "assessments.young_carer_referral_raised", "Young carer's referral raised"
    YOUNG_CARER_REFERRAL_NOT_RAISED = (
        "assessments.young_carer_referral_not_raised",
        "Young carer's referral could not be raised",
    )
    # Reviews and transition decisions.
    REVIEW_REQUESTED = "assessments.review_requested", "Review of an assessment requested"
    REVIEW_COMPLETED = "assessments.review_completed", "Review of an assessment completed"
    REVIEW_CANCELLED = "assessments.review_cancelled", "Review of an assessment cancelled"
    REVIEW_REMINDER_SENT = "assessments.review_reminder_sent", "Assessor reminded of a review due"
    TRANSITION_PROMPT_RAISED = "assessments.transition_prompt_raised", "Transition decision raised"
    TRANSITION_DECIDED = "assessments.transition_decided", "Transition decision made"
    # Supported self-assessment (Care and Support (Assessment) Regulations 2014 reg 2).
    SELF_ASSESSMENT_LINK_CREATED = "assessments.self_assessment_link_created", "Self-assessment link created"
    SELF_ASSESSMENT_LINK_REVOKED = "assessments.self_assessment_link_revoked", "Self-assessment link stopped"
    SELF_ASSESSMENT_OPENED = "assessments.self_assessment_opened", "Self-assessment opened by the carer"
    SELF_ASSESSMENT_SECTION_SAVED = "assessments.self_assessment_section_saved", "Carer saved a self-assessment section"
    SELF_ASSESSMENT_SUBMITTED = "assessments.self_assessment_submitted", "Carer sent their self-assessment answers"
    SELF_ASSESSMENT_REVIEWED = "assessments.self_assessment_reviewed", "Self-assessment answers reviewed"
    # Reading and exporting (the audit row's purpose says why).
    VIEWED = "assessments.viewed", "Assessment viewed"
    WRITTEN_RECORD_EXPORTED = "assessments.written_record_exported", "Written record downloaded"
    CARER_VIEWED = "assessments.carer_viewed", "Carer's record viewed for an assessment task"
    TEAM_LIST_VIEWED = "assessments.team_list_viewed", "Team's assessments, reviews or transition decisions viewed"
