"""Everyday support: its part of `seed_demo`. For each demo carers' service, a year of contacts (a few with
follow-ups due and a counselling series), groups with a year of sessions, bookings and registers, training for
carers and for schools and GP practices, carers' feedback, "you said, we did" and a carers' forum; and the new KPIs
on the demo contracts with Coventry's and Kent's figures as targets.

Written in bulk like the other seeders (nobody did these things, so there is no audit trail to write). Every random
choice comes from `context.rng`, so the same --seed gives the same data. `seed_support_activity` loads the bench's
volumes (a million contacts) on top.
"""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.commissioning.models import Contract
from carershub.commissioning.services.monitoring import add_kpi
from carershub.core.seeding import SeedContext
from carershub.organisations.models import GPPractice, Organisation, School
from carershub.people.models import Involvement, Person
from carershub.people.rules import ADULTHOOD, add_years
from carershub.support.models import (
    Attendance,
    Booking,
    Contact,
    ContactKind,
    CoProductionMeeting,
    FeedbackResponse,
    GroupKind,
    GroupSession,
    SupportGroup,
    SupportSeries,
    TrainingAttendance,
    TrainingCourse,
    TrainingSession,
    YouSaidWeDid,
)
from carershub.support.rules.recurrence import occurrence_dates, parse_rule

BATCH = 2000
# (organisation slug, contacts a year at demo scale, at county scale)
SERVICES = (("mersey-vale-carers-centre", 6000, 40000), ("ribble-moor-carers-trust", 1500, 8000))
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
# Kinds of contact in rough proportion to a carers' centre's year (advice and emotional support most often).
CONTACT_MIX = (
    ("information_and_advice", 30),
    ("emotional_support", 20),
    ("signposting", 12),
    ("specialist_support", 8),
    ("benefits_and_money_advice", 8),
    ("counselling", 5),
    ("advocacy", 4),
    ("hospital_liaison", 4),
    ("employment_support", 3),
    ("bereavement_support", 3),
    ("digital_skills", 3),
)
CHANNELS = ("phone", "phone", "phone", "face_to_face", "face_to_face", "email", "video", "text", "letter")
NOTES = ("", "", "Talked through options.", "Sent information pack.", "Follow up on benefits claim.", "Feeling low.")

# Coventry (Cabinet report, 2024): general support to over 4,000 carers a year. Kent's Young Carers Service
# (decision 21/00101) is 1:1 support, district clubs and workforce development for schools; the report gives its
# budget (£325,500 a year) but no activity figures, so the Kent-shaped targets below are illustrative.
KPI_TARGETS: tuple[tuple[str, Decimal], ...] = (
    ("carers_supported_any_way", Decimal(4000)),
    ("carers_given_information_and_advice", Decimal(2500)),
    ("one_to_one_contacts", Decimal(3000)),
    ("one_to_one_hours", Decimal(1500)),
    ("group_carers_attending", Decimal(400)),
    ("group_sessions_held", Decimal(150)),
    ("professionals_trained", Decimal(600)),
    ("school_staff_trained", Decimal(400)),
    ("fund_awarded", Decimal(25000)),
    ("satisfaction", Decimal(90)),
)


def seed(context: SeedContext) -> None:
    if Contact.objects.exists():
        context.log("everyday support already loaded")
        return
    today = timezone.localdate()
    kinds = {kind.code: kind for kind in ContactKind.objects.all()}
    group_kinds = {kind.code: kind for kind in GroupKind.objects.all()}
    for slug, demo_contacts, county_contacts in SERVICES:
        organisation = Organisation.objects.filter(slug=slug).prefetch_related("areas").first()
        staff = _staff(organisation)
        if organisation is None or not staff:
            continue
        carers = _carers_of(organisation)
        if not carers:
            continue
        contacts = _seed_contacts(context, organisation, staff, carers, kinds, today, demo_contacts, county_contacts)
        sessions = _seed_groups(context, organisation, staff, carers, group_kinds, today)
        trained = _seed_training(context, organisation, staff, carers, today)
        feedback = _seed_voice(context, organisation, today)
        context.log(
            f"{organisation.name}: {contacts} contacts, {sessions} group sessions, {trained} trained, "
            f"{feedback} feedback responses"
        )


def _staff(organisation: Organisation | None) -> list[User]:
    if organisation is None:
        return []
    return list(
        User.objects.filter(
            organisation=organisation, groups__name__in=[Role.PRACTITIONER.value, Role.MANAGER.value], is_active=True
        )
        .distinct()
        .order_by("pk")
    )


def _carers_of(organisation: Organisation) -> list[Person]:
    involved = Involvement.objects.filter(
        organisation=organisation, reason=Involvement.Reason.CASE_OPEN, ended_at__isnull=True
    ).values("person_id")
    return list(Person.objects.filter(pk__in=involved, merged_into__isnull=True).order_by("pk"))


def _weighted(context: SeedContext, mix: Sequence[tuple[str, int]]) -> str:
    codes, weights = zip(*mix, strict=True)
    chosen: str = context.rng.choices(codes, weights=weights)[0]
    return chosen


def _seed_contacts(
    context: SeedContext,
    organisation: Organisation,
    staff: list[User],
    carers: list[Person],
    kinds: dict[str, ContactKind],
    today: date,
    demo_count: int,
    county_count: int,
) -> int:
    count = context.sized(demo=demo_count, county=county_count)
    rng = context.rng
    rows = []
    for _ in range(count):
        carer = rng.choice(carers)
        contacted_on = today - timedelta(days=rng.randint(0, 364))
        follow_up = contacted_on + timedelta(days=rng.randint(3, 21)) if rng.random() < 0.08 else None
        rows.append(
            Contact(
                area_id=carer.area_id,
                carer=carer,
                organisation=organisation,
                contacted_on=contacted_on,
                kind=kinds[_weighted(context, CONTACT_MIX)],
                channel=rng.choice(CHANNELS),
                minutes=rng.choice((None, 10, 15, 20, 30, 45, 60)),
                worker=rng.choice(staff),
                note=rng.choice(NOTES),
                follow_up_on=follow_up,
                # Most follow-ups from more than a fortnight ago were done.
                followed_up_at=timezone.now() if follow_up and follow_up < today - timedelta(days=14) else None,
            )
        )
    Contact.objects.bulk_create(rows, batch_size=BATCH)
    _seed_counselling_series(context, organisation, staff[0], carers[: max(2, len(carers) // 50)], kinds, today)
    return count


def _seed_counselling_series(
    context: SeedContext,
    organisation: Organisation,
    worker: User,
    carers: list[Person],
    kinds: dict[str, ContactKind],
    today: date,
) -> None:
    for index, carer in enumerate(carers[:20]):
        started = today - timedelta(days=7 * (6 + index % 10))
        finished = index % 3 != 0
        series = SupportSeries.objects.create(
            area_id=carer.area_id,
            carer=carer,
            organisation=organisation,
            kind=kinds["counselling"],
            worker=worker,
            started_on=started,
            planned_sessions=6,
            ended_on=started + timedelta(weeks=5) if finished else None,
            ending="Completed the planned sessions" if finished else "",
        )
        Contact.objects.bulk_create(
            Contact(
                area_id=carer.area_id,
                carer=carer,
                organisation=organisation,
                contacted_on=started + timedelta(weeks=week),
                kind=kinds["counselling"],
                channel="face_to_face",
                minutes=50,
                worker=worker,
                series=series,
            )
            for week in range(6 if finished else 3)
        )


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _seed_groups(
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


def _seed_training(
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


def _seed_voice(context: SeedContext, organisation: Organisation, today: date) -> int:
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


def seed_kpi_targets(context: SeedContext) -> None:
    """Add everyday support's measures to each demo contract that has KPIs, with Coventry's and Kent's targets."""
    for contract in Contract.objects.filter(kpis__isnull=False).distinct().order_by("pk"):
        commissioner = (
            User.objects.filter(organisation=contract.commissioner, groups__name=Role.COMMISSIONER.value)
            .order_by("pk")
            .first()
        )
        if commissioner is None:
            continue
        existing = set(contract.kpis.filter(lot__isnull=True).values_list("measure", flat=True))
        added = [
            add_kpi(contract, measure=measure, annual_target=target, by=commissioner)
            for measure, target in KPI_TARGETS
            if measure not in existing
        ]
        if added:
            context.log(f"{contract.reference}: {len(added)} everyday support KPIs")
