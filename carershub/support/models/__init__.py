"""Everyday support: contacts and series of 1:1 sessions (`contacts`), groups, sessions, bookings and registers
(`groups`), training and workforce development (`training`)."""

from carershub.support.models.contacts import Contact, ContactKind, SupportSeries
from carershub.support.models.groups import Attendance, Booking, GroupKind, GroupSession, SupportGroup
from carershub.support.models.training import TrainingAttendance, TrainingCourse, TrainingFeedback, TrainingSession

__all__ = [
    "Attendance",
    "Booking",
    "Contact",
    "ContactKind",
    "GroupKind",
    "GroupSession",
    "SupportGroup",
    "SupportSeries",
    "TrainingAttendance",
    "TrainingCourse",
    "TrainingFeedback",
    "TrainingSession",
]
