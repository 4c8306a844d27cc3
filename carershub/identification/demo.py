"""Demo engagement with GP practices and schools over the last two years: most practices engaged in the last
year, some only before that, a few never; fewer schools. Written in bulk: nobody did these things, so there is no
audit trail to write."""

from datetime import date, timedelta

from django.utils import timezone

from carershub.core.seeding import SeedContext
from carershub.identification.models import EngagementActivity
from carershub.organisations.models import Area, GPPractice, Organisation, School

# Who does the identification work in each demo area: (GP practices, schools).
WORKERS: dict[str, tuple[str, str]] = {
    "mersey-vale": ("mersey-vale-carers-centre", "young-carers-mersey-vale"),
    "ribble-moor": ("ribble-moor-carers-trust", "ribble-moor-carers-trust"),
}
# Share of partners engaged in the last year, engaged only in the year before, and never.
GP_PRACTICE_SHARES = (0.8, 0.1)
SCHOOL_SHARES = (0.55, 0.15)

Kind = EngagementActivity.Kind
# (kind, fewest and most carers identified, notes to choose from)
_GP_PRACTICE_WORK: list[tuple[str, int, int, list[str]]] = [
    (Kind.VISIT, 0, 3, ["Met the practice manager and the carers lead.", "Drop-in stand in the waiting room."]),
    (Kind.TRAINING, 0, 2, ["Carer awareness session for reception staff.", "Training for the practice nurses."]),
    (Kind.AWARENESS_EVENT, 1, 8, ["Carers Week stand at the flu clinic.", "Carers' health check morning."]),
    (Kind.CARERS_REGISTER_REVIEW, 3, 20, ["Reviewed the carers register with the practice.", "Register tidied."]),
]
_SCHOOL_WORK: list[tuple[str, int, int, list[str]]] = [
    (Kind.AWARENESS_EVENT, 1, 6, ["Young carers assembly.", "Young Carers Action Day lunchtime stall."]),
    (Kind.TRAINING, 0, 2, ["Training for the pastoral team.", "Session with the designated safeguarding lead."]),
    (Kind.VISIT, 0, 3, ["Met the young carers lead.", "Drop-in for pupils who help at home."]),
    (Kind.OTHER, 0, 1, ["Helped the school towards the Young Carers in Schools award."]),
]


def seed(context: SeedContext) -> None:
    if EngagementActivity.objects.exists():
        context.log("engagement with GP practices and schools already loaded")
        return
    today = timezone.localdate()
    activities: list[EngagementActivity] = []
    for area in Area.objects.filter(slug__in=WORKERS).order_by("slug"):
        organisations = {
            organisation.slug: organisation
            for organisation in Organisation.objects.filter(slug__in=WORKERS[area.slug], areas=area)
        }
        gp_worker, school_worker = (organisations.get(slug) for slug in WORKERS[area.slug])
        if gp_worker is None or school_worker is None:
            context.log(f"{area}: no organisation to do identification work; skipped")
            continue
        for practice in GPPractice.objects.filter(area=area).order_by("order", "pk"):
            activities += _history(context, area, gp_worker, practice, _GP_PRACTICE_WORK, GP_PRACTICE_SHARES, today)
        for school in School.objects.filter(area=area).order_by("order", "pk"):
            activities += _history(context, area, school_worker, school, _SCHOOL_WORK, SCHOOL_SHARES, today)
    EngagementActivity.objects.bulk_create(activities, batch_size=2000)
    context.log(f"{len(activities)} engagement activities with GP practices and schools")


def _history(
    context: SeedContext,
    area: Area,
    organisation: Organisation,
    partner: GPPractice | School,
    work: list[tuple[str, int, int, list[str]]],
    shares: tuple[float, float],
    today: date,
) -> list[EngagementActivity]:
    """A partner's activities: several in the last two years, only older ones, or none."""
    engaged_recently, engaged_before = shares
    draw = context.rng.random()
    if draw < engaged_recently:
        days_ago = [context.rng.randint(1, 364) for _ in range(context.rng.randint(1, 4))]
        days_ago += [context.rng.randint(365, 730) for _ in range(context.rng.randint(0, 2))]
    elif draw < engaged_recently + engaged_before:
        days_ago = [context.rng.randint(365, 730) for _ in range(context.rng.randint(1, 2))]
    else:
        return []
    activities = []
    for days in sorted(days_ago, reverse=True):
        kind, fewest, most, notes = context.rng.choice(work)
        activities.append(
            EngagementActivity(
                area=area,
                gp_practice=partner if isinstance(partner, GPPractice) else None,
                school=partner if isinstance(partner, School) else None,
                organisation=organisation,
                occurred_on=today - timedelta(days=days),
                kind=kind,
                carers_identified=context.rng.randint(fewest, most),
                notes=context.rng.choice(notes),
            )
        )
    return activities
