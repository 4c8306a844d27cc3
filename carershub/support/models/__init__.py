"""Everyday support: contacts and series of 1:1 sessions (`contacts`), groups, sessions, bookings and registers
(`groups`), training and workforce development (`training`), carer voice (`voice`)."""

from carershub.support.models.contacts import Contact, ContactKind, SupportSeries
from carershub.support.models.groups import Attendance, Booking, GroupKind, GroupSession, SupportGroup
from carershub.support.models.training import TrainingAttendance, TrainingCourse, TrainingFeedback, TrainingSession
from carershub.support.models.voice import (
    CoProductionMeeting,
    FeedbackRequest,
    FeedbackResponse,
    Service,
    YouSaidWeDid,
)

__all__ = [
    "Attendance",
    "Booking",
    "CoProductionMeeting",
    "Contact",
    "ContactKind",
    "FeedbackRequest",
    "FeedbackResponse",
    "GroupKind",
    "GroupSession",
    "Service",
    "SupportGroup",
    "SupportSeries",
    "TrainingAttendance",
    "TrainingCourse",
    "TrainingFeedback",
    "TrainingSession",
    "YouSaidWeDid",
]
