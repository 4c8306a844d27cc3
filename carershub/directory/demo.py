"""Demo directory: carers' services of every kind in both demo areas, with places, meeting times and taxonomy, and
a small postcode table of the demo's fictional postcode districts (MV1-MV6, RM1-RM5). Every name, number and
place is fictional; phone numbers are in Ofcom's range for drama (01632 960xxx)."""

import uuid
from dataclasses import dataclass
from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone

from carershub.core.seeding import SeedContext
from carershub.directory.models import (
    Contact,
    DirectoryOrganisation,
    Language,
    Location,
    Postcode,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceChange,
    TaxonomyTerm,
)
from carershub.directory.services.editing import create_service
from carershub.organisations.models import Area, Organisation


@dataclass(frozen=True)
class Meets:
    freq: str
    byday: str = ""
    opens: tuple[int, int] | None = None
    closes: tuple[int, int] | None = None
    interval: int = 1
    bymonthday: str = ""


@dataclass(frozen=True)
class Entry:
    name: str
    runner: str  # "centre", "young", "council" or a community organisation's name
    needs: tuple[str, ...]
    audiences: tuple[str, ...]
    description: str
    conditions: tuple[str, ...] = ()
    ages: tuple[int | None, int | None] = (None, None)
    meets: Meets | None = None
    access: str = Service.Access.SELF_REFERRAL
    cost: tuple[str, str] | None = None  # (amount, description)
    online: bool = False


ENTRIES = [
    Entry(
        "Carers information and advice line",
        "centre",
        ("information-and-advice",),
        ("adult-carers", "young-adult-carers"),
        "Call or email for information and advice about caring, your rights and the help available, including a carer's assessment.",
        meets=Meets("WEEKLY", "MO,TU,WE,TH,FR", (9, 0), (17, 0)),
        online=True,
    ),
    Entry(
        "Carer's assessment",
        "council",
        ("assessment",),
        ("adult-carers", "parent-carers"),
        "Every carer can have a carer's assessment, whatever their income: a conversation about how caring affects you and what would help.",
        access=Service.Access.REFERRAL_PATHWAY,
        ages=(18, None),
    ),
    Entry(
        "Young carers club",
        "young",
        ("young-carers", "groups"),
        ("young-carers",),
        "A weekly club for young carers to have fun, make friends and have a break from caring.",
        ages=(8, 17),
        meets=Meets("WEEKLY", "TU", (16, 0), (18, 0)),
    ),
    Entry(
        "Young carers Saturday activities",
        "young",
        ("young-carers", "breaks"),
        ("young-carers",),
        "Trips and activities on the first Saturday of every month for young carers.",
        ages=(8, 17),
        meets=Meets("MONTHLY", "1SA", (10, 0), (15, 0)),
    ),
    Entry(
        "Young adult carers group",
        "young",
        ("young-carers", "groups", "work"),
        ("young-adult-carers",),
        "Meet other young adult carers, and get help with college, work and what comes next.",
        ages=(16, 25),
        meets=Meets("MONTHLY", "2WE", (18, 0), (20, 0)),
    ),
    Entry(
        "Young carers in schools",
        "young",
        ("young-carers", "information-and-advice"),
        ("young-carers",),
        "Support in school for young carers: a named lead, time to talk, and help with homework and attendance.",
        ages=(5, 18),
        access=Service.Access.PRACTITIONER,
    ),
    Entry(
        "Dementia carers support group",
        "Vale Memory Friends",
        ("groups", "emotional-support"),
        ("adult-carers",),
        "A friendly group for people caring for someone living with dementia, with a speaker most months.",
        conditions=("dementia",),
        meets=Meets("MONTHLY", "2TU", (10, 0), (12, 0)),
    ),
    Entry(
        "Mental health carers group",
        "Open Minds Carers",
        ("groups", "emotional-support"),
        ("adult-carers",),
        "Peer support for people caring for someone with a mental health condition.",
        conditions=("mental-health",),
        meets=Meets("MONTHLY", "3TH", (18, 30), (20, 30)),
    ),
    Entry(
        "Parent carers forum",
        "Parent Carers Together",
        ("groups", "information-and-advice"),
        ("parent-carers",),
        "Parents and carers of disabled children and young people: meet, share what works and have your say.",
        conditions=("autism", "learning-disability"),
        meets=Meets("MONTHLY", "1WE", (10, 0), (12, 0)),
    ),
    Entry(
        "Carers cafe",
        "centre",
        ("groups", "emotional-support"),
        ("adult-carers", "former-carers"),
        "Drop in for a cuppa and a chat with other carers. No need to book.",
        meets=Meets("WEEKLY", "FR", (10, 0), (12, 0)),
    ),
    Entry(
        "Benefits and Carer's Allowance advice",
        "Community Money Advice",
        ("money-and-benefits",),
        ("adult-carers", "young-adult-carers"),
        "Free, confidential help to check you get the benefits you are entitled to, including Carer's Allowance.",
        meets=Meets("WEEKLY", "WE", (10, 0), (16, 0)),
    ),
    Entry(
        "Short breaks for carers",
        "council",
        ("breaks",),
        ("adult-carers", "parent-carers"),
        "Breaks from caring arranged after a carer's assessment: a few hours, a day, or longer.",
        access=Service.Access.REFERRAL_PATHWAY,
        cost=("0", "Free after a carer's assessment; some breaks ask for a contribution"),
    ),
    Entry(
        "Carers wellbeing counselling",
        "centre",
        ("emotional-support", "health"),
        ("adult-carers", "former-carers"),
        "Six sessions of counselling with a qualified counsellor who understands caring.",
        ages=(18, None),
        cost=("10.00", "Pay what you can, up to £10 a session"),
    ),
    Entry(
        "Moving and handling course",
        "centre",
        ("training",),
        ("adult-carers", "parent-carers"),
        "Learn to help someone move safely, without hurting yourself.",
        meets=Meets("MONTHLY", "4MO", (10, 0), (13, 0)),
    ),
    Entry(
        "First aid for carers course",
        "Vale Community Learning",
        ("training", "health"),
        ("adult-carers", "young-adult-carers"),
        "A half-day course on first aid at home, for carers.",
        ages=(16, None),
        meets=Meets("MONTHLY", "2SA", (9, 30), (12, 30)),
    ),
    Entry(
        "Working carers network",
        "centre",
        ("work",),
        ("working-carers",),
        "An online lunchtime network for carers juggling work and caring: flexible working, carer's leave and more.",
        meets=Meets("MONTHLY", "1TH", (12, 30), (13, 30)),
        online=True,
    ),
    Entry(
        "Emergency planning and carers card",
        "centre",
        ("emergency-planning",),
        ("adult-carers", "parent-carers"),
        "Make a plan for the person you care for in case you suddenly cannot care, and get a carers emergency card.",
        access=Service.Access.SELF_REFERRAL,
    ),
    Entry(
        "Carers health checks",
        "Vale Health Partnership",
        ("health",),
        ("adult-carers",),
        "A health check for carers at your GP practice, and help to look after your own health.",
        ages=(18, None),
    ),
    Entry(
        "Bereavement support for former carers",
        "Life After Caring",
        ("bereavement", "emotional-support"),
        ("former-carers",),
        "Support when caring has ended, including after the death of the person you cared for.",
        conditions=("end-of-life",),
        meets=Meets("MONTHLY", "2FR", (14, 0), (16, 0)),
    ),
    Entry(
        "Sitting service",
        "Home Helpers Community Trust",
        ("practical-help", "breaks"),
        ("adult-carers",),
        "A trained volunteer sits with the person you care for so you can have a few hours for yourself.",
        conditions=("dementia", "frailty"),
        cost=("12.50", "£12.50 an hour"),
        access=Service.Access.PRACTITIONER,
    ),
    Entry(
        "Walking group for carers",
        "centre",
        ("health", "groups"),
        ("adult-carers", "former-carers"),
        "A gentle walk and a chat, every other Saturday morning.",
        meets=Meets("WEEKLY", "SA", (10, 0), (12, 0), interval=2),
    ),
    Entry(
        "Alcohol and drugs carers support",
        "Open Minds Carers",
        ("emotional-support", "groups"),
        ("adult-carers", "young-adult-carers"),
        "Support for families and friends of someone who misuses alcohol or drugs.",
        conditions=("substance-misuse",),
        meets=Meets("MONTHLY", "-1TU", (18, 0), (20, 0)),
    ),
]

# Per area: (outward code prefix, towns by district, centre latitude, centre longitude)
AREAS = {
    "mersey-vale": ("MV", ["Merseyford", "Valebridge", "Northwick", "Saltmoss", "Ferrybank", "Ashcombe"], 53.40, -2.98),
    "ribble-moor": ("RM", ["Ribbleton Moor", "Highcross", "Brookfold", "Mossley Green", "Fellside"], 53.76, -2.60),
}
RUNNERS = {
    "mersey-vale": {
        "centre": "mersey-vale-carers-centre",
        "young": "young-carers-mersey-vale",
        "council": "mersey-vale-adult-social-care",
    },
    "ribble-moor": {
        "centre": "ribble-moor-carers-trust",
        "young": "ribble-moor-carers-trust",
        "council": "ribble-moor-adult-social-care",
    },
}
ACCESSIBILITY = [
    "Step-free entrance, accessible toilet and a hearing loop. Free parking next to the building.",
    "Ground floor, ramp at the side door, accessible toilet. On the 12 and 14 bus routes.",
    "Lift to the first floor, accessible toilet, quiet room available. Blue badge parking.",
]


def _postcodes(context: SeedContext, prefix: str, district_count: int, lat: float, lon: float) -> list[Postcode]:
    rows = []
    for district_number in range(1, district_count + 1):
        centre_lat = lat + (district_number - district_count / 2) * 0.02
        centre_lon = lon + ((district_number % 3) - 1) * 0.03
        for sector in range(1, 9):
            rows.append(
                Postcode(
                    postcode=f"{prefix}{district_number} {sector}{'ABDEFGHJ'[sector - 1]}{'LNPQRSTU'[sector - 1]}",
                    district=f"{prefix}{district_number}",
                    latitude=Decimal(f"{centre_lat + context.rng.uniform(-0.006, 0.006):.6f}"),
                    longitude=Decimal(f"{centre_lon + context.rng.uniform(-0.006, 0.006):.6f}"),
                )
            )
    return rows


def _locations(
    context: SeedContext, area: Area, owner: DirectoryOrganisation, postcodes: list[Postcode]
) -> list[Location]:
    _, towns, _, _ = AREAS[area.slug]
    locations = []
    for index, town in enumerate(towns):
        postcode = postcodes[index * 8]  # the first postcode of each district
        locations.append(
            Location.objects.create(
                organisation=owner,
                name=f"{town} Community Centre",
                address_1=f"{context.rng.randint(1, 120)} {context.rng.choice(['High Street', 'Church Road', 'Mill Lane', 'Park Road'])}",
                city=town,
                state_province=area.name,
                postal_code=postcode.postcode,
                latitude=postcode.latitude,
                longitude=postcode.longitude,
                accessibility=ACCESSIBILITY[index % len(ACCESSIBILITY)],
            )
        )
    return locations


def seed(context: SeedContext) -> None:
    if Service.objects.exists():
        context.log("service directory already loaded")
        return
    terms = {term.code: term for term in TaxonomyTerm.objects.all()}
    today = timezone.localdate()
    count = 0
    for area in Area.objects.filter(slug__in=AREAS).order_by("slug"):
        prefix, towns, lat, lon = AREAS[area.slug]
        postcodes = _postcodes(context, prefix, len(towns), lat, lon)
        Postcode.objects.bulk_create(postcodes, ignore_conflicts=True)
        owners: dict[str, DirectoryOrganisation] = {}
        for key, slug in RUNNERS[area.slug].items():
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                continue
            owners[key], _ = DirectoryOrganisation.objects.get_or_create(
                organisation=organisation,
                defaults={
                    "name": organisation.name,
                    "description": f"{organisation.name} supports carers in {area.name}.",
                    "email": f"hello@{slug}.example.org",
                },
            )
        if "centre" not in owners:
            continue
        places = _locations(context, area, owners["centre"], postcodes)
        online = Location.objects.create(
            organisation=owners["centre"], name="Online and by phone", location_type=Location.LocationType.VIRTUAL
        )
        for number, entry in enumerate(ENTRIES):
            owner = owners.get(entry.runner)
            if owner is None:
                owner, _ = DirectoryOrganisation.objects.get_or_create(
                    name=f"{entry.runner} ({area.name})",
                    defaults={"description": f"A community organisation supporting carers in {area.name}."},
                )
            place = online if entry.online else places[number % len(places)]
            term_ids = [str(terms[f"need-{code}"].pk) for code in entry.needs]
            term_ids += [str(terms[f"for-{code}"].pk) for code in entry.audiences]
            term_ids += [str(terms[f"condition-{code}"].pk) for code in entry.conditions]
            service = create_service(
                owner,
                area=area,
                by=None,
                publish=True,
                service_id=uuid.uuid5(uuid.NAMESPACE_URL, f"https://carershub.example/demo/{area.slug}/{number}"),
                values={
                    "name": entry.name
                    if entry.runner in RUNNERS[area.slug]
                    else f"{entry.name} ({place.city or area.name})",
                    "description": entry.description,
                    "email": f"info{number}@{area.slug}.example.org",
                    "minimum_age": entry.ages[0],
                    "maximum_age": entry.ages[1],
                    "is_free": entry.cost is None or entry.cost[0] == "0",
                    "fees_description": entry.cost[1] if entry.cost else "",
                    "cost_amount": entry.cost[0] if entry.cost and entry.cost[0] != "0" else None,
                    "access": entry.access,
                    "access_description": "Phone or email us, or just come along."
                    if entry.access == Service.Access.SELF_REFERRAL
                    else "",
                    "taxonomy_term_ids": term_ids,
                },
            )
            # Some entries were last checked long ago, so the reminder has something to remind about.
            Service.objects.filter(pk=service.pk).update(
                assured_on=today - timedelta(days=context.rng.choice([20, 90, 150, 200, 240]))
            )
            link = ServiceAtLocation.objects.create(service=service, location=place)
            if entry.meets:
                meets = entry.meets
                Schedule.objects.create(
                    service=service,
                    service_at_location=link,
                    freq=meets.freq,
                    interval=meets.interval,
                    byday=meets.byday,
                    bymonthday=meets.bymonthday,
                    opens_at=time(*meets.opens) if meets.opens else None,
                    closes_at=time(*meets.closes) if meets.closes else None,
                    attending_type=Schedule.Attending.ONLINE if entry.online else Schedule.Attending.IN_PERSON,
                )
            Contact.objects.create(
                service=service,
                name="Duty worker",
                phone=f"01632 960{100 + number + (0 if prefix == 'MV' else 50):03d}",
                email=f"info{number}@{area.slug}.example.org",
            )
            Language.objects.create(service=service, name="English", code="en")
            if number % 4 == 0:
                Language.objects.create(service=service, name="Polish", code="pl")
            ServiceArea.objects.create(
                service=service,
                name=area.name,
                uri=f"http://statistics.data.gov.uk/id/statistical-geography/{area.ons_code}",
            )
            count += 1
        _seed_drafts_and_changes(area, owners["centre"], terms)
    context.log(f"{count} published directory entries, {Postcode.objects.count()} demo postcodes")


def _seed_drafts_and_changes(area: Area, owner: DirectoryOrganisation, terms: dict[str, TaxonomyTerm]) -> None:
    """A draft waiting for its first check, and a published entry with a provider's change waiting: the council's
    queue is not empty in the demo. Neither is visible to the public until approved."""
    draft = create_service(
        owner,
        area=area,
        by=None,
        values={
            "name": "Carers digital skills course",
            "description": "Learn to use online services, video calls and apps that help with caring.",
            "taxonomy_term_ids": [str(terms["need-training"].pk)],
        },
    )
    ServiceChange.objects.create(
        service=draft, proposed={"name": draft.name, "description": draft.description}, previous={}, base_version=0
    )
    cafe = Service.objects.filter(area=area, name="Carers cafe").first()
    if cafe is not None:
        ServiceChange.objects.create(
            service=cafe,
            proposed={"alert": "The cafe moves to the library for August while the centre is repainted."},
            previous={"alert": ""},
            base_version=cafe.version,
        )
