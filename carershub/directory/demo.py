"""Demo directory: carers' services of every kind in both demo areas, with places, meeting times and taxonomy, and
a small postcode table of the demo's fictional postcode districts (MV1-MV6, RM1-RM5). Every name, number and
place is fictional; phone numbers are in Ofcom's range for drama (01632 960xxx)."""

import uuid
from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone

from carershub.core.seeding import SeedContext
from carershub.directory.demo_entries import ENTRIES
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
