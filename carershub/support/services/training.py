"""Training courses, their sessions, attendance and feedback. Training a school's or a GP practice's staff is also
recorded as engagement with that identification partner, so it shows on the partner's page."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.identification.models import EngagementActivity
from carershub.identification.services import record_engagement
from carershub.organisations.models import GPPractice, Organisation, School
from carershub.people.models import Person
from carershub.support.events import SupportEvent
from carershub.support.models import TrainingAttendance, TrainingCourse, TrainingFeedback, TrainingSession
from carershub.support.services.contacts import SupportInvalid


@transaction.atomic
def create_course(
    organisation: Organisation, *, by: User, title: str, audience: str, description: str = ""
) -> TrainingCourse:
    area = organisation.areas.order_by("pk").first()
    if area is None or not title.strip() or audience not in TrainingCourse.Audience.values:
        raise SupportInvalid({"title": "Enter the course title and who it is for"})
    course = TrainingCourse.objects.create(
        area=area,
        organisation=organisation,
        title=title.strip(),
        audience=audience,
        description=description.strip(),
        created_by=by,
        updated_by=by,
    )
    record_event(AuditEvent.Kind.RECORD_CREATED, actor=by, subject=course, area=area, event=SupportEvent.COURSE_CREATED)
    return course


@transaction.atomic
def add_training_session(
    course: TrainingCourse, *, by: User, held_on: date, venue: str, trainer: str = ""
) -> TrainingSession:
    if not venue.strip():
        raise SupportInvalid({"venue": "Enter the venue"})
    session = TrainingSession.objects.create(
        area_id=course.area_id,
        course=course,
        held_on=held_on,
        venue=venue.strip(),
        trainer=trainer.strip(),
        created_by=by,
        updated_by=by,
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=session,
        area=course.area,
        event=SupportEvent.TRAINING_SESSION_ADDED,
    )
    return session


@transaction.atomic
def record_carer_trained(session: TrainingSession, carer: Person, *, by: User) -> TrainingAttendance:
    """A named carer came. Once per session (a database constraint as well as this check)."""
    if carer.area_id != session.area_id:
        raise SupportInvalid({"carer": "Select a carer in the course's area"})
    if session.attendances.filter(carer=carer).exists():
        raise SupportInvalid({"carer": f"{carer.full_name} is already recorded at this session"})
    attendance = TrainingAttendance.objects.create(
        area_id=session.area_id,
        session=session,
        sector=TrainingAttendance.Sector.CARER,
        carer=carer,
        created_by=by,
        updated_by=by,
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=carer,
        area=session.area,
        purpose="training",
        event=SupportEvent.TRAINING_ATTENDED,
        detail={"training_session": session.pk},
    )
    return attendance


@transaction.atomic
def record_professionals_trained(
    session: TrainingSession,
    *,
    by: User,
    sector: str,
    attendees: int,
    organisation_name: str = "",
    partner: GPPractice | School | None = None,
) -> TrainingAttendance:
    """Staff of one organisation came. For a school or GP practice known as an identification partner, the
    training is also logged as engagement with it (it shows on the partner's page and in "practices engaged")."""
    if sector == TrainingAttendance.Sector.CARER or sector not in TrainingAttendance.Sector.values:
        raise SupportInvalid({"sector": "Select the sector the staff work in"})
    if not 1 <= attendees <= 500:
        raise SupportInvalid({"attendees": "Number of staff must be between 1 and 500"})
    if partner is not None and partner.area_id != session.area_id:
        raise SupportInvalid({"partner": "Select a partner in the course's area"})
    name = partner.name if partner is not None else organisation_name.strip()
    if not name:
        raise SupportInvalid({"organisation_name": "Enter the organisation's name"})
    attendance = TrainingAttendance.objects.create(
        area_id=session.area_id,
        session=session,
        sector=sector,
        organisation_name=name,
        gp_practice=partner if isinstance(partner, GPPractice) else None,
        school=partner if isinstance(partner, School) else None,
        attendees=attendees,
        created_by=by,
        updated_by=by,
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=session,
        area=session.area,
        event=SupportEvent.TRAINING_ATTENDED,
        detail={"sector": sector, "attendees": attendees},
    )
    if partner is not None:
        record_engagement(
            partner,
            recorded_by=by,
            occurred_on=min(session.held_on, timezone.localdate()),
            kind=EngagementActivity.Kind.TRAINING,
            notes=f"{session.course.title}: {attendees} staff trained",
        )
    return attendance


@transaction.atomic
def record_training_feedback(
    session: TrainingSession, *, by: User | None, rating: int, comment: str = ""
) -> TrainingFeedback:
    """An attendee's anonymous feedback, typed in from a paper form or given on the day."""
    if not 1 <= rating <= 5:
        raise SupportInvalid({"rating": "Select a rating from 1 to 5"})
    feedback = TrainingFeedback.objects.create(
        area_id=session.area_id, session=session, rating=rating, comment=comment.strip(), created_by=by, updated_by=by
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=session,
        area=session.area,
        event=SupportEvent.TRAINING_FEEDBACK_GIVEN,
        detail={"rating": rating},
    )
    return feedback
