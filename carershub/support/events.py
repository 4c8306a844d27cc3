"""What happens in everyday support, named once. Recorded as `detail["event"]` on `core.audit.record_event`."""

from django.db import models


class Event(models.TextChoices):
    CONTACT_LOGGED = "contact_logged", "Contact logged"
    CONTACTS_VIEWED = "contacts_viewed", "Contacts viewed"
    FOLLOW_UP_DONE = "follow_up_done", "Follow-up done"
    FOLLOW_UPS_VIEWED = "follow_ups_viewed", "Follow-ups viewed"
    SERIES_STARTED = "series_started", "Series of sessions started"
    SERIES_ENDED = "series_ended", "Series of sessions ended"
    SERIES_VIEWED = "series_viewed", "Series of sessions viewed"
    GROUP_CREATED = "group_created", "Group created"
    SESSIONS_SCHEDULED = "sessions_scheduled", "Sessions scheduled"
    SESSION_BOOKED = "session_booked", "Session booked"
    BOOKING_CANCELLED = "booking_cancelled", "Booking cancelled"
    BOOKING_PROMOTED = "booking_promoted", "Booking moved off the waiting list"
    SESSION_CANCELLED = "session_cancelled", "Session cancelled"
    REGISTER_VIEWED = "register_viewed", "Register viewed"
    REGISTER_TAKEN = "register_taken", "Register taken"
    COURSE_CREATED = "course_created", "Training course created"
    TRAINING_SESSION_ADDED = "training_session_added", "Training session added"
    TRAINING_ATTENDED = "training_attended", "Training attendance recorded"
    TRAINING_FEEDBACK_GIVEN = "training_feedback_given", "Training feedback given"
    FEEDBACK_REQUESTED = "feedback_requested", "Feedback requested"
    FEEDBACK_GIVEN = "feedback_given", "Feedback given"
    YOU_SAID_WE_DID = "you_said_we_did", "You said, we did added"
    CO_PRODUCTION_MEETING = "co_production_meeting", "Co-production meeting recorded"
