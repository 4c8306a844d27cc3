"""Demo staff: one named account per role (listed in the README) and synthetic colleagues at scale."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.core.seeding import SeedContext
from carershub.organisations.models import Organisation

# Shown in the README; these accounts exist only in demonstration data.
DEMO_PASSWORD = "carers-hub-demo"

# (email, full name, job title, organisation slug, roles)
DEMO_ACCOUNTS: list[tuple[str, str, str, str, tuple[Role, ...]]] = [
    (
        "practitioner@carershub.example",
        "Priya Patel",
        "Carers support worker",
        "mersey-vale-carers-centre",
        (Role.PRACTITIONER,),
    ),
    (
        "manager@carershub.example",
        "Mark Owens",
        "Service manager",
        "mersey-vale-carers-centre",
        (Role.MANAGER, Role.PRACTITIONER),
    ),
    (
        "young-carers@carershub.example",
        "Yasmin Clarke",
        "Young carers worker",
        "young-carers-mersey-vale",
        (Role.PRACTITIONER,),
    ),
    (
        # Signs off the young carers service's assessments (Children Act 1989 s.17ZA): a manager who wrote no part.
        "young-carers-manager@carershub.example",
        "Yusuf Malik",
        "Young carers service manager",
        "young-carers-mersey-vale",
        (Role.MANAGER, Role.PRACTITIONER),
    ),
    (
        "social-worker@carershub.example",
        "Sam Roberts",
        "Social worker",
        "mersey-vale-adult-social-care",
        (Role.PRACTITIONER,),
    ),
    (
        "commissioner@carershub.example",
        "Chris Morgan",
        "Commissioning manager",
        "mersey-vale-adult-social-care",
        (Role.COMMISSIONER,),
    ),
    ("icb-commissioner@carershub.example", "Imogen Barker", "Carers lead", "vale-and-moor-icb", (Role.COMMISSIONER,)),
    (
        "responder@carershub.example",
        "Rob Evans",
        "Emergency response operator",
        "mersey-vale-carers-centre",
        (Role.EMERGENCY_RESPONDER,),
    ),
    ("supplier@carershub.example", "Sarah Hughes", "Bid manager", "brightwater-home-care", (Role.SUPPLIER,)),
    (
        "admin@carershub.example",
        "Alex Kerr",
        "Systems administrator",
        "mersey-vale-adult-social-care",
        (Role.ADMINISTRATOR,),
    ),
    # The second assessor of supplier applications (procurement: evaluation by two or more assessors).
    (
        "procurement-assessor@carershub.example",
        "Asha Greene",
        "Commissioning officer",
        "mersey-vale-adult-social-care",
        (Role.COMMISSIONER,),
    ),
    (
        "ribble-practitioner@carershub.example",
        "Rhian Doyle",
        "Carers support worker",
        "ribble-moor-carers-trust",
        (Role.PRACTITIONER,),
    ),
]

_FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Chloe",
    "Daniel",
    "Ella",
    "Farah",
    "George",
    "Hannah",
    "Isaac",
    "Jess",
    "Kiran",
    "Liam",
    "Maya",
    "Noah",
    "Olivia",
    "Pawel",
    "Ruth",
    "Tom",
    "Uma",
    "Zara",
]
_LAST_NAMES = [
    "Ahmed",
    "Brown",
    "Campbell",
    "Davies",
    "Edwards",
    "Fletcher",
    "Green",
    "Hussain",
    "Jones",
    "Kowalski",
    "Lewis",
    "Murphy",
    "Nowak",
    "O'Brien",
    "Price",
    "Quinn",
    "Shah",
    "Taylor",
    "Walsh",
    "Young",
]


def seed(context: SeedContext) -> None:
    # Accounts are added one by one, so a demo database loaded before a new demo account existed gains it.
    existing = set(User.objects.filter(is_demo_account=True).values_list("email", flat=True))
    missing = [account for account in DEMO_ACCOUNTS if account[0] not in existing]
    if not missing:
        context.log("demo staff already loaded")
        return
    organisations = {organisation.slug: organisation for organisation in Organisation.objects.all()}
    for email, full_name, job_title, organisation_slug, roles in missing:
        create_staff_user(
            organisations[organisation_slug],
            email=email,
            full_name=full_name,
            job_title=job_title,
            roles=roles,
            created_by=None,
            is_demo_account=True,
        )
    # Hash the shared demo password once: each hash takes most of a second by design (PBKDF2).
    User.objects.filter(email__in=[account[0] for account in missing]).update(password=make_password(DEMO_PASSWORD))
    if existing:
        context.log(f"{len(missing)} demo accounts added to those already loaded")
        return
    # Synthetic colleagues cannot sign in (no usable password); they make caseloads and staff lists realistic.
    unusable = make_password(None)
    workplaces = [organisations["mersey-vale-carers-centre"], organisations["young-carers-mersey-vale"]]
    colleagues = [
        User(
            email=f"staff{number}@carershub.example",
            full_name=f"{context.rng.choice(_FIRST_NAMES)} {context.rng.choice(_LAST_NAMES)}",
            job_title="Carers support worker",
            organisation=workplaces[number % len(workplaces)],
            password=unusable,
        )
        for number in range(1, context.sized(demo=20, county=300) + 1)
    ]
    User.objects.bulk_create(colleagues)
    group = Group.objects.get(name=Role.PRACTITIONER.value)
    group.user_set.add(*User.objects.filter(email__startswith="staff", email__endswith="@carershub.example"))
    context.log(f"{len(DEMO_ACCOUNTS)} demo accounts (password {DEMO_PASSWORD!r}), {len(colleagues)} colleagues")
