"""Everyday support: its part of `seed_demo`. For each demo carers' service, a year of contacts (a few with
follow-ups due and a counselling series), groups with a year of sessions, bookings and registers, training for
carers and for schools and GP practices, carers' feedback, "you said, we did" and a carers' forum; and the new KPIs
on the demo contracts with Coventry's and Kent's figures as targets. Groups, training and carer voice are made by
`demo_groups`.

Written in bulk like the other seeders (nobody did these things, so there is no audit trail to write). Every random
choice comes from `context.rng`, so the same --seed gives the same data. `seed_support_activity` loads the bench's
volumes (a million contacts) on top.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.commissioning.models import Contract
from carershub.commissioning.services.monitoring import add_kpi
from carershub.core.seeding import SeedContext
from carershub.organisations.models import Organisation
from carershub.people.models import Involvement, Person
from carershub.support.demo_groups import BATCH, seed_groups, seed_training, seed_voice
from carershub.support.models import Contact, ContactKind, GroupKind, SupportSeries

# (organisation slug, contacts a year at demo scale, at county scale)
SERVICES = (("mersey-vale-carers-centre", 6000, 40000), ("ribble-moor-carers-trust", 1500, 8000))
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
        sessions = seed_groups(context, organisation, staff, carers, group_kinds, today)
        trained = seed_training(context, organisation, staff, carers, today)
        feedback = seed_voice(context, organisation, today)
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
