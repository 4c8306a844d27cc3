"""Commissioning demo data: two contracts modelled on the seeds, with their funders, lots, extension decisions and
the population estimates for demand. Idempotent: a contract that exists is left as it is.

- Mersey Vale, like Sefton's 2025 carers contract: £731,236 adult social care + £259,694 children's services a year
  committed, and £132,000 from the ICB anticipated for year 1 and only assumed after, 3+1+1 years from 1 April 2025,
  tendered by the open procedure, two lots (adult and young carers).
- Ribble Moor, like Coventry's: one contract replacing grants, £598,765 from the council + £134,096 from the ICB a
  year (the old £774,731 less the £41,870 reduction, held by a maximum price), 3+2 years from 1 October 2025 to 30
  September 2030 at the latest. Its KPIs and targets are seeded by demo/monitoring.py.
"""

from datetime import date
from decimal import Decimal

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.commissioning.models import Contract, FundingContribution, PopulationEstimate
from carershub.commissioning.services.demand import add_population_estimate
from carershub.commissioning.services.set_up import ContractSetUp, ContributionDetails, LotDetails, set_up_contract
from carershub.core.seeding import SeedContext
from carershub.organisations.models import Area, Organisation
from carershub.referrals.models import Cohort

ANTICIPATED = FundingContribution.Standing.ANTICIPATED
ASSUMED = FundingContribution.Standing.ASSUMED
SEFTON_LIKE = "MV-CARERS-2025"
COVENTRY_LIKE = "RM-CARERS-2025"
# Staff the Ribble Moor contract needs to be commissioned and delivered in the demo. They cannot sign in (no
# usable password): they are the council and provider behind the seeded KPIs and returns.
RIBBLE_STAFF = (
    ("ribble-commissioner@carershub.example", "Rosa Ibbotson", "ribble-moor-adult-social-care", Role.COMMISSIONER),
    ("ribble-manager@carershub.example", "Reece Mallory", "ribble-moor-carers-trust", Role.MANAGER),
)

SCHOOL_CENSUS_DAY = date(2024, 1, 18)
# (area slug, measure, value, source, as of): each labelled with its real source and age range (seed 000's 35,000
# are the council's estimate of adult carers, not the census's carers aged 5 and over).
ESTIMATES = (
    (
        "mersey-vale",
        "adult_carers",
        Decimal(35000),
        "Council's estimate of informal carers aged 18 and over (Cabinet report, October 2024)",
        date(2024, 10, 3),
    ),
    ("mersey-vale", "pupils", Decimal(40447), "School census, January 2024 (DfE)", SCHOOL_CENSUS_DAY),
    (
        "mersey-vale",
        "young_carer_prevalence_percent",
        Decimal(8),
        "Carers Trust estimate of young carers among pupils",
        SCHOOL_CENSUS_DAY,
    ),
    (
        "ribble-moor",
        "census_carers",
        Decimal(27391),
        "Census 2021 (ONS), people aged 5 and over providing unpaid care",
        date(2021, 3, 21),
    ),
)


def seed(context: SeedContext) -> None:
    organisations = {organisation.slug: organisation for organisation in Organisation.objects.all()}
    areas = {area.slug: area for area in Area.objects.all()}
    if "mersey-vale" not in areas or "ribble-moor" not in areas:
        context.log("no demo areas: contracts not seeded")
        return
    _seed_staff(organisations)
    commissioner = User.objects.filter(email="commissioner@carershub.example").first()
    if not Contract.objects.filter(reference=SEFTON_LIKE).exists():
        set_up_contract(_sefton_like(organisations, areas["mersey-vale"]), by=commissioner)
        context.log(f"contract {SEFTON_LIKE} (like Sefton's, 3+1+1)")
    if not Contract.objects.filter(reference=COVENTRY_LIKE).exists():
        ribble_commissioner = User.objects.filter(email=RIBBLE_STAFF[0][0]).first()
        set_up_contract(_coventry_like(organisations, areas["ribble-moor"]), by=ribble_commissioner)
        context.log(f"contract {COVENTRY_LIKE} (like Coventry's, 3+2, maximum price)")
    if commissioner is not None:
        for area_slug, measure, value, source, as_of in ESTIMATES:
            area = areas[area_slug]
            if not PopulationEstimate.objects.filter(area=area, measure=measure, as_of=as_of).exists():
                add_population_estimate(area, measure=measure, value=value, source=source, as_of=as_of, by=commissioner)


def _seed_staff(organisations: dict[str, Organisation]) -> None:
    for email, full_name, organisation_slug, role in RIBBLE_STAFF:
        if organisation_slug in organisations and not User.objects.filter(email=email).exists():
            # No password: the account cannot be signed in to until someone resets one.
            create_staff_user(
                organisations[organisation_slug], email=email, full_name=full_name, roles=[role], created_by=None
            )


def _sefton_like(organisations: dict[str, Organisation], area: Area) -> ContractSetUp:
    adult = organisations["mersey-vale-adult-social-care"]
    children = organisations["mersey-vale-childrens-services"]
    icb = organisations["vale-and-moor-icb"]
    return ContractSetUp(
        reference=SEFTON_LIKE,
        title="All-age carers support and advice service",
        description="Information, advice, carers' assessments (delegated), young carers' and parent carers' needs "
        "assessments and support for carers of all ages in Mersey Vale.",
        commissioner=adult,
        partners=(children,),
        areas=(area,),
        status=Contract.Status.LIVE,
        regime=Contract.Regime.PA_2023,
        # Seed 000: the contract is procured "through an open and competitive process"; social care services make
        # it a light-touch contract (Procurement Act 2023 s.9), which is its regime, not its procedure.
        route=Contract.Route.OPEN,
        light_touch=True,
        start_date=date(2025, 4, 1),
        initial_term_years=3,
        extension_years=(1, 1),
        extension_notice_months=6,
        decision_maker="Executive Director of Adult Social Care, Health and Wellbeing with the Director of Children's "
        "Services, in consultation with the Cabinet Members",
        annual_value=Decimal("1122930.00"),
        lots=(
            LotDetails(
                number=1,
                title="Adult, parent and kinship carers",
                cohorts=(Cohort.ADULT, Cohort.PARENT, Cohort.KINSHIP, Cohort.YOUNG_ADULT),
                provider=organisations["mersey-vale-carers-centre"],
                annual_value=Decimal("863236.00"),
            ),
            # Seed 003 §12: young adult carers in transition "form part of both contracts"; the area's routing
            # sends those of 16 and 17 to this lot's provider and those of 18 to 25 to lot 1's, so each referral
            # counts in one lot.
            LotDetails(
                number=2,
                title="Young carers, and young adult carers until 18",
                cohorts=(Cohort.YOUNG, Cohort.YOUNG_ADULT),
                provider=organisations["young-carers-mersey-vale"],
                annual_value=Decimal("259694.00"),
            ),
        ),
        # Seed 000: the council's budget is £990,930 a year, the grand total "excluding ICB contribution and uplift";
        # the ICB's £132,000 "for 25/26 is anticipated", and the finance table only assumes it continues.
        contributions=(
            ContributionDetails(adult, Decimal("731236.00")),
            ContributionDetails(children, Decimal("259694.00")),
            ContributionDetails(icb, Decimal("132000.00"), standing=ANTICIPATED, first_year=1, last_year=1),
            ContributionDetails(icb, Decimal("132000.00"), standing=ASSUMED, first_year=2),
        ),
    )


def _coventry_like(organisations: dict[str, Organisation], area: Area) -> ContractSetUp:
    council = organisations["ribble-moor-adult-social-care"]
    icb = organisations["vale-and-moor-icb"]
    return ContractSetUp(
        reference=COVENTRY_LIKE,
        title="Carers support services",
        description="One contract for carers' wellbeing, delegated carers' assessments, emergency response and short "
        "breaks, replacing the earlier grants.",
        commissioner=council,
        partners=(icb,),
        areas=(area,),
        status=Contract.Status.LIVE,
        regime=Contract.Regime.PA_2023,
        route=Contract.Route.COMPETITIVE_FLEXIBLE,
        light_touch=True,
        # Seed 001 §4.1: "the aim is to have a new contract in place for October 2025", after extending the grants.
        start_date=date(2025, 10, 1),
        initial_term_years=3,
        extension_years=(2,),
        extension_notice_months=6,
        decision_maker="Director of Adults and Housing",
        annual_value=Decimal("732861.00"),
        maximum_price=Decimal("732861.00"),
        lots=(
            LotDetails(
                number=1,
                title="Carers of all ages",
                cohorts=tuple(Cohort.values),
                provider=organisations["ribble-moor-carers-trust"],
            ),
        ),
        contributions=(
            ContributionDetails(council, Decimal("598765.00")),
            ContributionDetails(icb, Decimal("134096.00")),
        ),
    )
