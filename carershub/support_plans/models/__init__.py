"""Support plans and their versions, needs and reviews (`plans`); direct payments (`payments`); short breaks
(`breaks`)."""

from carershub.support_plans.models.breaks import ShortBreak, ShortBreakKind
from carershub.support_plans.models.payments import (
    DirectPayment,
    DirectPaymentAgreement,
    DirectPaymentReview,
    MonitoringReturn,
    PaymentHolding,
)
from carershub.support_plans.models.plans import (
    CldDeliveryMechanism,
    CldServiceType,
    HowMet,
    PaymentFrequency,
    PlanNeed,
    PlanReview,
    ReviewedNeed,
    SupportPlan,
)

__all__ = [
    "CldDeliveryMechanism",
    "CldServiceType",
    "DirectPayment",
    "DirectPaymentAgreement",
    "DirectPaymentReview",
    "HowMet",
    "MonitoringReturn",
    "PaymentFrequency",
    "PaymentHolding",
    "PlanNeed",
    "PlanReview",
    "ReviewedNeed",
    "ShortBreak",
    "ShortBreakKind",
    "SupportPlan",
]
