"""Buying care packages through a consortium purchasing arrangement (a PCR 2015 dynamic purchasing system, or a
Procurement Act 2023 dynamic market or open framework): the arrangement, supplier membership, package requests
with their mini-competitions, spot purchases and shared provider reviews."""

from carershub.procurement.models.arrangements import (
    AdmissionWindow,
    ArrangementParticipant,
    Category,
    ExtensionDecision,
    Notice,
    PurchasingArrangement,
)
from carershub.procurement.models.membership import (
    Answer,
    Application,
    Evaluation,
    Membership,
    Question,
    Supplier,
)
from carershub.procurement.models.packages import (
    Bid,
    BidAnswer,
    ContinuingPackage,
    Invitation,
    PackageQuestion,
    PackageRequest,
    ProviderReview,
    SpotPurchase,
)

__all__ = [
    "AdmissionWindow",
    "Answer",
    "Application",
    "ArrangementParticipant",
    "Bid",
    "BidAnswer",
    "Category",
    "ContinuingPackage",
    "Evaluation",
    "ExtensionDecision",
    "Invitation",
    "Membership",
    "Notice",
    "PackageQuestion",
    "PackageRequest",
    "ProviderReview",
    "PurchasingArrangement",
    "Question",
    "SpotPurchase",
    "Supplier",
]
