"""The demo directory's services: one entry of each kind, made in both demo areas by `demo.seed`. Fictional."""

from dataclasses import dataclass

from carershub.directory.models import Service


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
        "Call or email for information and advice about caring, your rights and the help available, "
        "including a carer's assessment.",
        meets=Meets("WEEKLY", "MO,TU,WE,TH,FR", (9, 0), (17, 0)),
        online=True,
    ),
    Entry(
        "Carer's assessment",
        "council",
        ("assessment",),
        ("adult-carers", "parent-carers"),
        "Every carer can have a carer's assessment, whatever their income: "
        "a conversation about how caring affects you and what would help.",
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
