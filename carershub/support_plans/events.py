"""What happens in support planning, named once (core.events). A code is never renamed: returns count by it."""

from carershub.core.events import EventChoices


class SupportPlanEvent(EventChoices):
    PLAN_STARTED = "support_plans.plan_started", "Support plan started"
    PLAN_CHANGED = "support_plans.plan_changed", "Support plan changed"
    NEED_SAVED = "support_plans.need_saved", "Need in a support plan saved"
    NEED_REMOVED = "support_plans.need_removed", "Need removed from a support plan"
    BUDGET_APPROVED = "support_plans.personal_budget_approved", "Personal budget approved"
    PLAN_AGREED = "support_plans.plan_agreed", "Support plan agreed"
    PLAN_REVISION_STARTED = "support_plans.plan_revision_started", "New version of a support plan started"
    PLAN_ENDED = "support_plans.plan_ended", "Support plan ended"
    PLAN_VIEWED = "support_plans.plan_viewed", "Support plan viewed"
    PLAN_COPY_GIVEN = "support_plans.plan_copy_given", "Carer's copy of a support plan produced"
    PLAN_LIST_VIEWED = "support_plans.plan_list_viewed", "Support plans listed"
    REVIEW_SCHEDULED = "support_plans.review_scheduled", "Plan review scheduled"
    REVIEW_REQUESTED = "support_plans.review_requested", "Plan review requested"
    REVIEW_COMPLETED = "support_plans.review_completed", "Plan review completed"
    REVIEW_CANCELLED = "support_plans.review_cancelled", "Plan review cancelled"
    REVIEW_REMINDED = "support_plans.review_reminded", "Reminder of a plan review sent"
    DIRECT_PAYMENT_AGREED = "support_plans.direct_payment_agreed", "Direct payment agreement recorded"
    DIRECT_PAYMENT_MADE = "support_plans.direct_payment_made", "Direct payment recorded as made"
    DIRECT_PAYMENT_ENDED = "support_plans.direct_payment_ended", "Direct payment agreement ended"
    DIRECT_PAYMENTS_EXPORTED = "support_plans.direct_payments_exported", "Direct payments exported for finance"
    MONITORING_RETURN_RECORDED = (
        "support_plans.direct_payment_monitoring_recorded",
        "Direct payment monitoring return recorded",
    )
    DIRECT_PAYMENT_REVIEW_COMPLETED = (
        "support_plans.direct_payment_review_completed",
        "Direct payment review (reg 7) completed",
    )
    DIRECT_PAYMENT_REVIEW_REMINDED = (
        "support_plans.direct_payment_review_reminded",
        "Reminder of a direct payment review sent",
    )
    BREAK_REQUESTED = "support_plans.short_break_requested", "Short break requested"
    BREAK_APPROVED = "support_plans.short_break_approved", "Short break approved"
    BREAK_BOOKED = "support_plans.short_break_booked", "Short break booked"
    BREAK_DELIVERED = "support_plans.short_break_delivered", "Short break delivered"
    BREAK_CANCELLED = "support_plans.short_break_cancelled", "Short break cancelled"
    BREAK_VIEWED = "support_plans.short_break_viewed", "Short break viewed"
