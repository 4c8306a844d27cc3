"""Name the events of assessments' audit rows and timeline lines written before AssessmentEvent (core.events).

Only the audit rows' empty `event` is filled and legacy timeline kinds are renamed to the event codes: what was recorded
is never changed. The lists below are as the services and views wrote them, frozen here (a migration must not follow
later code). Rows whose event cannot be told from kind, subject and purpose alone are left unnamed: reviews' rows
(scheduled before support plans existed, requested, completed, cancelled or reminded) and a self-assessment link's
revocation or review.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from carershub.core.event_migrations import LegacyAuditRows, name_legacy_events, noop

CREATED = "record_created"
CHANGED = "record_changed"
VIEWED = "record_viewed"
EXPORTED = "exported"
ASSESSMENT = "assessments.assessment"
SECTION = "assessments.assessmentsection"
ALERT = "assessments.safetyalert"
PROMPT = "assessments.transitionprompt"
INVITATION = "assessments.selfassessmentinvitation"
PERSON = "people.person"

SECTION_KEYS = (
    "caring_role",
    "wellbeing",
    "outcomes_wished",
    "work_education",
    "involvement",
    "other_help",
    "eligibility_outcomes",
    "health",
    "necessary_care",
    "fluctuating_needs",
    "whole_family",
    "care_provided",
    "young_carer_impact",
    "tasks_appropriate",
    "young_carer_participation",
    "young_carer_views",
    "young_carer_involvement",
    "child_in_need",
    "maca_yc18",
    "panoc_yc20",
    "parent_caring_role",
    "parent_wellbeing",
    "children_welfare",
    "parent_involvement",
    "transition_caring_role",
    "needs_after_18",
    "transition_involvement",
)

SECTION_TITLES = (
    "Ability and willingness to care",
    "Impact on well-being",
    "What the carer wants to achieve",
    "Work, education, training and recreation",
    "Who was involved",
    "Other things that could help",
    "The eight outcomes",
    "The carer's health",
    "Necessary care",
    "Fluctuating needs",
    "Children in the family",
    "The care the young carer provides",
    "Impact on well-being, education and development",
    "Excessive or inappropriate tasks",
    "Education, training, recreation and work",
    "Wishes, feelings and differences of opinion",
    "Whether the person cared for is a child in need",
    "Caring activities questionnaire (MACA-YC18)",
    "How caring affects you questionnaire (PANOC-YC20)",
    "Whether it is appropriate to continue caring",
    "The parent carer's well-being",
    "The welfare of the disabled child and other children",
    "Ability and willingness to care, now and after 18",
    "Likely needs after 18 and their impact on well-being",
)

CARER_SECTION_KEYS = (
    "caring_role",
    "wellbeing",
    "outcomes_wished",
    "work_education",
    "other_help",
    "health",
    "fluctuating_needs",
    "care_provided",
    "young_carer_impact",
    "young_carer_participation",
    "young_carer_views",
    "maca_yc18",
    "panoc_yc20",
    "parent_caring_role",
    "parent_wellbeing",
    "transition_caring_role",
    "needs_after_18",
)

# The sections a carer's eligibility determination reads: changing one cleared the determination.
DETERMINATION_SECTION_TITLES = ("The eight outcomes", "The carer's health", "Necessary care")
STAFF_PAGES = (
    "assessment task list",
    "assessment determination",
    "assessment check answers",
    "assessment sign-off",
    "written record",
    "refuse an assessment",
    "decline a transition assessment request",
    "closure letter",
)


def legacy_audit_rows() -> list[LegacyAuditRows]:
    rows = [
        LegacyAuditRows("assessments.started", CREATED, ASSESSMENT, ""),
        LegacyAuditRows("assessments.determination_recorded", CHANGED, ASSESSMENT, "determination recorded"),
        LegacyAuditRows("assessments.submitted", CHANGED, ASSESSMENT, "sent for sign-off"),
        LegacyAuditRows("assessments.signed_off", CHANGED, ASSESSMENT, "signed off"),
        LegacyAuditRows("assessments.returned_for_changes", CHANGED, ASSESSMENT, "returned for changes"),
        LegacyAuditRows("assessments.refused", CHANGED, ASSESSMENT, "refused by the carer"),
        LegacyAuditRows("assessments.request_declined", CHANGED, ASSESSMENT, "request declined"),
        LegacyAuditRows(
            "assessments.determination_cleared", CHANGED, ASSESSMENT, "determination cleared: returned for changes"
        ),
        LegacyAuditRows("assessments.safety_alert_raised", CREATED, ALERT, "safety alert raised"),
        LegacyAuditRows("assessments.safety_alert_notice_emailed", CHANGED, ASSESSMENT, "safety alert notice emailed"),
        LegacyAuditRows("assessments.safety_alert_acknowledged", CHANGED, ALERT, "safety alert acknowledged"),
        LegacyAuditRows(
            "assessments.young_carer_referral_raised",
            CHANGED,
            ASSESSMENT,
            "young carer's referral raised (whole-family approach)",
        ),
        LegacyAuditRows(
            "assessments.young_carer_referral_not_raised",
            CHANGED,
            ASSESSMENT,
            "young carer's referral could not be raised",
        ),
        LegacyAuditRows("assessments.transition_prompt_raised", CREATED, PROMPT, ""),
        LegacyAuditRows("assessments.transition_decided", CHANGED, PROMPT, ""),
        LegacyAuditRows("assessments.self_assessment_link_created", CREATED, INVITATION, ""),
        LegacyAuditRows("assessments.self_assessment_submitted", CHANGED, INVITATION, "self-assessment"),
        LegacyAuditRows("assessments.self_assessment_section_saved", CHANGED, SECTION, "self-assessment"),
        LegacyAuditRows("assessments.self_assessment_opened", VIEWED, ASSESSMENT, "self-assessment"),
        LegacyAuditRows("assessments.self_assessment_opened", VIEWED, ASSESSMENT, "self-assessment task list"),
        LegacyAuditRows("assessments.written_record_exported", EXPORTED, ASSESSMENT, "written record PDF"),
    ]
    rows += [
        LegacyAuditRows(
            "assessments.determination_cleared", CHANGED, ASSESSMENT, f"determination cleared: {title} changed"
        )
        for title in DETERMINATION_SECTION_TITLES
    ]
    for title in SECTION_TITLES:
        rows.append(LegacyAuditRows("assessments.section_completed", CHANGED, SECTION, f"{title} completed"))
        rows.append(LegacyAuditRows("assessments.section_draft_saved", CHANGED, SECTION, f"{title} saved as a draft"))
    for key in CARER_SECTION_KEYS:
        for purpose in (f"self-assessment section {key}", f"self-assessment section {key} (changed by someone else)"):
            rows.append(LegacyAuditRows("assessments.self_assessment_opened", VIEWED, ASSESSMENT, purpose))
    rows += [LegacyAuditRows("assessments.viewed", VIEWED, ASSESSMENT, purpose) for purpose in STAFF_PAGES]
    for key in SECTION_KEYS:
        rows.append(LegacyAuditRows("assessments.viewed", VIEWED, ASSESSMENT, f"assessment section {key}"))
        rows.append(LegacyAuditRows("assessments.viewed", VIEWED, ASSESSMENT, f"stale edit of {key}"))
    for purpose in (
        "start an assessment",
        "review",
        "request a review",
        "transition decision",
        "self-assessment review",
    ):
        rows.append(LegacyAuditRows("assessments.carer_viewed", VIEWED, PERSON, purpose))
    for purpose in ("assessment list", "reviews due", "transition decisions due"):
        rows.append(LegacyAuditRows("assessments.team_list_viewed", VIEWED, "", purpose))
    return rows


LEGACY_TIMELINE_KINDS = {
    "assessment_started": "assessments.started",
    "assessment_submitted": "assessments.submitted",
    "assessment_signed_off": "assessments.signed_off",
    "assessment_refused": "assessments.refused",
    "assessment_request_declined": "assessments.request_declined",
    "review_requested": "assessments.review_requested",
    "review_completed": "assessments.review_completed",
    "review_cancelled": "assessments.review_cancelled",
    "transition_decision": "assessments.transition_decided",
    "transition_treat_as_carers_assessment": "assessments.transition_decided",
    "transition_consider_transition_assessment": "assessments.transition_decided",
    "self_assessment_link_created": "assessments.self_assessment_link_created",
    "self_assessment_submitted": "assessments.self_assessment_submitted",
    "self_assessment_reviewed": "assessments.self_assessment_reviewed",
}


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    name_legacy_events(apps, schema_editor, audit=legacy_audit_rows(), timeline=LEGACY_TIMELINE_KINDS)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_transition_prompt_carers_assessment"),
        ("core", "0006_event_vocabulary"),
        ("people", "0010_event_vocabulary"),
    ]

    operations = [migrations.RunPython(forward, noop)]
