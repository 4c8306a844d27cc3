"""Demo areas, organisations, GP practices and schools. Every name and code is fictional."""

from carershub.core.seeding import SeedContext
from carershub.organisations.models import Area, GPPractice, Organisation, School

DEMO_AREA_SLUG = "mersey-vale"
NEIGHBOUR_AREA_SLUG = "ribble-moor"

# (slug, name, kind, area slugs)
ORGANISATIONS: list[tuple[str, str, Organisation.Kind, tuple[str, ...]]] = [
    (
        "mersey-vale-adult-social-care",
        "Mersey Vale Council Adult Social Care",
        Organisation.Kind.COUNCIL_ADULT_SOCIAL_CARE,
        (DEMO_AREA_SLUG,),
    ),
    (
        "mersey-vale-childrens-services",
        "Mersey Vale Council Children's Services",
        Organisation.Kind.COUNCIL_CHILDRENS_SERVICES,
        (DEMO_AREA_SLUG,),
    ),
    (
        "vale-and-moor-icb",
        "Vale and Moor Integrated Care Board",
        Organisation.Kind.ICB,
        (DEMO_AREA_SLUG, NEIGHBOUR_AREA_SLUG),
    ),
    ("mersey-vale-carers-centre", "Mersey Vale Carers Centre", Organisation.Kind.PROVIDER, (DEMO_AREA_SLUG,)),
    ("young-carers-mersey-vale", "Young Carers Mersey Vale", Organisation.Kind.PROVIDER, (DEMO_AREA_SLUG,)),
    (
        "north-west-care-consortium",
        "North West Care Purchasing Consortium",
        Organisation.Kind.CONSORTIUM_LEAD,
        (DEMO_AREA_SLUG, NEIGHBOUR_AREA_SLUG),
    ),
    (
        "brightwater-home-care",
        "Brightwater Home Care",
        Organisation.Kind.PROVIDER,
        (DEMO_AREA_SLUG, NEIGHBOUR_AREA_SLUG),
    ),
    (
        "ribble-moor-adult-social-care",
        "Ribble Moor Council Adult Social Care",
        Organisation.Kind.COUNCIL_ADULT_SOCIAL_CARE,
        (NEIGHBOUR_AREA_SLUG,),
    ),
    ("ribble-moor-carers-trust", "Ribble Moor Carers Trust", Organisation.Kind.PROVIDER, (NEIGHBOUR_AREA_SLUG,)),
]

_PLACE_WORDS = ["Vale", "Moor", "Park", "Bridge", "Green", "Hill", "Brook", "Marsh", "Field", "Cross", "Dale", "Wood"]
_PLACE_PREFIXES = ["North", "South", "East", "West", "Upper", "Lower", "Old", "New", "Kings", "Church", "Mill", "High"]
_HOME_CARE_WORDS = ["Care", "Home Care", "Support Services", "Community Care", "Care at Home", "Living Support"]


def _place_name(context: SeedContext) -> str:
    return f"{context.rng.choice(_PLACE_PREFIXES)} {context.rng.choice(_PLACE_WORDS)}"


def _postcode(context: SeedContext, outward: str) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{outward}{context.rng.randint(1, 9)} {context.rng.randint(1, 9)}{context.rng.choice(letters)}{context.rng.choice(letters)}"


def seed(context: SeedContext) -> None:
    if Area.objects.filter(slug=DEMO_AREA_SLUG).exists():
        context.log("areas and organisations already loaded")
        return
    areas = {
        DEMO_AREA_SLUG: Area.objects.create(
            name="Mersey Vale",
            slug=DEMO_AREA_SLUG,
            ons_code="E08999901",
            # A fictional council: the numbers are from Ofcom's ranges reserved for drama (0151 496 0000 to 0999).
            complaints_details=(
                "Contact Mersey Vale Council's complaints team: telephone 0151 496 0250, email "
                "complaints@mersey-vale.example, or write to Complaints Team, Mersey Vale Council, Town Hall."
            ),
        ),
        NEIGHBOUR_AREA_SLUG: Area.objects.create(name="Ribble Moor", slug=NEIGHBOUR_AREA_SLUG, ons_code="E08999902"),
    }
    for slug, name, kind, area_slugs in ORGANISATIONS:
        organisation = Organisation.objects.create(slug=slug, name=name, kind=kind)
        organisation.areas.set([areas[area_slug] for area_slug in area_slugs])

    # Further care providers: the suppliers that later bid through the dynamic purchasing system.
    extra_providers = context.sized(demo=6, county=60)
    for number in range(1, extra_providers + 1):
        name = f"{_place_name(context)} {context.rng.choice(_HOME_CARE_WORDS)} {number}"
        provider = Organisation.objects.create(
            slug=f"care-provider-{number}", name=name, kind=Organisation.Kind.PROVIDER
        )
        provider.areas.set([areas[DEMO_AREA_SLUG]] if number % 3 else list(areas.values()))

    practices = []
    for area_index, (area_slug, outward) in enumerate([(DEMO_AREA_SLUG, "MV"), (NEIGHBOUR_AREA_SLUG, "RM")]):
        for number in range(1, context.sized(demo=15, county=60) + 1):
            practices.append(
                GPPractice(
                    area=areas[area_slug],
                    name=f"{_place_name(context)} {context.rng.choice(['Surgery', 'Medical Centre', 'Health Centre'])}",
                    ods_code=f"Y{area_index}{number:04d}",
                    postcode=_postcode(context, outward),
                    order=number,
                )
            )
    GPPractice.objects.bulk_create(practices)

    schools = []
    phases = [School.Phase.PRIMARY] * 6 + [School.Phase.SECONDARY] * 2 + [School.Phase.SPECIAL, School.Phase.COLLEGE]
    for area_index, (area_slug, outward) in enumerate([(DEMO_AREA_SLUG, "MV"), (NEIGHBOUR_AREA_SLUG, "RM")]):
        for number in range(1, context.sized(demo=40, county=200) + 1):
            phase = context.rng.choice(phases)
            suffix = {
                "primary": "Primary School",
                "secondary": "High School",
                "special": "School",
                "college": "College",
            }
            schools.append(
                School(
                    area=areas[area_slug],
                    name=f"{_place_name(context)} {suffix.get(phase, 'Academy')}",
                    urn=f"9{area_index}{number:04d}",
                    phase=phase,
                    postcode=_postcode(context, outward),
                    order=number,
                )
            )
    School.objects.bulk_create(schools)
    context.log(
        f"{len(areas)} areas, {Organisation.objects.count()} organisations, {len(practices)} GP practices, {len(schools)} schools"
    )
