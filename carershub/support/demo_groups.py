"""Everyday support's demo groups (a year of sessions, bookings and registers), training for carers and for schools
and GP practices, carers' feedback, "you said, we did" and a carers' forum: called by `demo.seed` for each demo
carers' service. Written in bulk, every random choice from `context.rng`."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.seeding import SeedContext
from carershub.organisations.models import GPPractice, Organisation, School
from carershub.people.models import Person
from carershub.people.rules import ADULTHOOD, add_years
from carershub.support.models import (
    Attendance,
    Booking,
    CoProductionMeeting,
    FeedbackResponse,
    GroupKind,
    GroupSession,
    SupportGroup,
    TrainingAttendance,
    TrainingCourse,
    TrainingSession,
    YouSaidWeDid,
)
from carershub.support.rules.recurrence import occurrence_dates, parse_rule

BATCH = 2000
# (name, group kind, schedule, hour, venue, district, minimum age, maximum age, capacity)
GROUPS = (
    (
        "Tuesday carers' café",
        "carers_cafe",
        "FREQ=WEEKLY;BYDAY=TU",
        10,
        "Central Library, community room",
        "",
        None,
        None,
        25,
    ),
    (
        "Peer support: caring for someone with dementia",
        "peer_support",
        "FREQ=MONTHLY;BYDAY=1TH",
        14,
        "Memory Hub",
        "",
        None,
        None,
        15,
    ),
    (
        "Young carers' Chill Club (North)",
        "young_carers_club",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
        17,
        "North Youth Centre",
        "North",
        8,
        17,
        20,
    ),
    (
        "Young carers' Chill Club (South)",
        "young_carers_club",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        17,
        "South Youth Centre",
        "South",
        8,
        17,
        20,
    ),
)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def seed_groups(
    context: SeedContext,
    organisation: Organisation,
    staff: list[User],
    carers: list[Person],
    group_kinds: dict[str, GroupKind],
    today: date,
) -> int:
    area = organisation.areas.order_by("pk").first()
    if area is None:
        return 0
    rng = context.rng
    year_ago = today - timedelta(days=364)
    young = [carer for carer in carers if carer.date_of_birth and carer.date_of_birth > add_years(today, -ADULTHOOD)]
    young_ids = {carer.pk for carer in young}
    adults = [carer for carer in carers if carer.pk not in young_ids]
    sessions_made = 0
    attendances: list[Attendance] = []
    bookings: list[Booking] = []
    for name, kind, schedule, hour, venue, district, minimum, maximum, capacity in GROUPS:
        group = SupportGroup.objects.create(
            area=area,
            organisation=organisation,
            name=name,
            kind=group_kinds[kind],
            schedule=schedule,
            first_starts_at=_at(year_ago, hour),
            venue=venue,
            district=district,
            minimum_age=minimum,
            maximum_age=maximum,
            capacity=capacity,
        )
        group.facilitators.set(staff[:2])
        pool = (young or carers) if maximum is not None else (adults or carers)
        regulars = rng.sample(pool, min(len(pool), capacity + 5))
        dates = occurrence_dates(parse_rule(schedule), year_ago, through=today + timedelta(days=90))
        sessions = GroupSession.objects.bulk_create(
            GroupSession(
                area=area,
                group=group,
                starts_at=_at(day, hour),
                ends_at=_at(day, hour) + timedelta(hours=2),
                venue=venue,
                capacity=capacity,
                status="cancelled" if rng.random() < 0.03 else "scheduled",
                cancelled_reason="Venue unavailable",
                head_count=rng.randint(0, 4) if day < today else None,
                register_taken_at=_at(day, hour + 2) if day < today else None,
                register_taken_by=staff[0] if day < today else None,
            )
            for day in dates
        )
        sessions_made += len(sessions)
        for session in sessions:
            if session.status == "cancelled":
                continue
            booked = rng.sample(regulars, min(len(regulars), rng.randint(capacity // 2, capacity)))
            for carer in booked:
                bookings.append(
                    Booking(
                        area=area,
                        session=session,
                        carer=carer,
                        status="booked",
                        booked_at=session.starts_at - timedelta(days=rng.randint(1, 14)),
                        needs_replacement_care=rng.random() < 0.1,
                        needs_transport=rng.random() < 0.1,
                        parental_consent_by="Parent (recorded on the consent form)" if maximum is not None else "",
                        parental_consent_on=(session.starts_at - timedelta(days=20)).date() if maximum else None,
                    )
                )
                if session.register_taken_at is not None and rng.random() < 0.85:
                    attendances.append(Attendance(area=area, session=session, carer=carer))
    Booking.objects.bulk_create(bookings, batch_size=BATCH)
    Attendance.objects.bulk_create(attendances, batch_size=BATCH)
    return sessions_made


def seed_training(
    context: SeedContext, organisation: Organisation, staff: list[User], carers: list[Person], today: date
) -> int:
    area = organisation.areas.order_by("pk").first()
    if area is None:
        return 0
    rng = context.rng
    trained = 0
    schools = list(School.objects.filter(area=area).order_by("pk")[:30])
    practices = list(GPPractice.objects.filter(area=area).order_by("pk")[:20])
    for title, audience in (
        ("Moving and handling", "carers"),
        ("First aid for carers", "carers"),
        ("Managing medication", "carers"),
        ("Young carer awareness for schools", "professionals"),
        ("Identifying carers in general practice", "professionals"),
    ):
        course = TrainingCourse.objects.create(area=area, organisation=organisation, title=title, audience=audience)
        for month in range(0, 12, 3):
            session = TrainingSession.objects.create(
                area=area,
                course=course,
                held_on=today - timedelta(days=30 * month + rng.randint(0, 20)),
                venue="Carers Centre training room",
                trainer=staff[0].full_name,
            )
            if audience == "carers":
                for carer in rng.sample(carers, min(len(carers), rng.randint(6, 12))):
                    TrainingAttendance.objects.create(area=area, session=session, sector="carer", carer=carer)
                    trained += 1
            else:
                partners: list[School | GPPractice] = list(schools if "schools" in title else practices)
                for partner in rng.sample(partners, min(len(partners), 3)):
                    count = rng.randint(4, 25)
                    TrainingAttendance.objects.create(
                        area=area,
                        session=session,
                        sector="school" if isinstance(partner, School) else "gp_practice",
                        organisation_name=partner.name,
                        school=partner if isinstance(partner, School) else None,
                        gp_practice=partner if isinstance(partner, GPPractice) else None,
                        attendees=count,
                    )
                    trained += count
    return trained


def seed_voice(context: SeedContext, organisation: Organisation, today: date) -> int:
    area = organisation.areas.order_by("pk").first()
    if area is None:
        return 0
    rng = context.rng
    count = context.sized(demo=300, county=2000)
    FeedbackResponse.objects.bulk_create(
        FeedbackResponse(
            area=area,
            organisation=organisation,
            service=rng.choice(("one_to_one", "one_to_one", "group", "training", "break")),
            source=rng.choice(("link", "paper")),
            satisfaction=rng.choices((5, 4, 3, 2, 1), weights=(50, 32, 10, 5, 3))[0],
            would_recommend=rng.choices(("yes", "not_sure", "no"), weights=(85, 10, 5))[0],
            what_would_make_it_better=rng.choice(("", "", "More evening sessions", "Help with transport")),
            answered_on=today - timedelta(days=rng.randint(0, 364)),
        )
        for _ in range(count)
    )
    YouSaidWeDid.objects.bulk_create(
        [
            YouSaidWeDid(
                area=area,
                organisation=organisation,
                you_said="Working carers cannot come to daytime groups.",
                we_did="We started an evening carers' café on the first Thursday of each month.",
                published_on=today - timedelta(days=60),
            ),
            YouSaidWeDid(
                area=area,
                organisation=organisation,
                you_said="Getting to groups is hard without transport.",
                we_did="Groups now offer transport; ask when you book.",
                published_on=today - timedelta(days=20),
            ),
        ]
    )
    CoProductionMeeting.objects.create(
        area=area,
        organisation=organisation,
        title="Carers' forum",
        held_on=today - timedelta(days=45),
        carers_attending=18,
        actions_agreed="Evening café pilot; review the hospital discharge leaflet with carers.",
    )
    return count
