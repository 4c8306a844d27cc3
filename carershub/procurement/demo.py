"""Demo procurement: the seed's two arrangements (a PCR 2015 DPS for children's care and support packages, and a
PA 2023 dynamic market for leaving care with its three service types), suppliers admitted on quality, and package
requests at each stage: open for bids (the demo supplier can bid), closed and ready to award, and awarded. Every
name is fictional. Changes go through the services, so the audit trail reads as it would in real use."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.core.seeding import SeedContext
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Person
from carershub.procurement.models import (
    Application,
    ArrangementParticipant,
    Category,
    PackageRequest,
    ProviderReview,
    PurchasingArrangement,
    Question,
    SpotPurchase,
    Supplier,
)
from carershub.procurement.services.arrangements import (
    add_category,
    add_question,
    create_arrangement,
    decide_extension,
    join_arrangement,
    record_notice,
    set_admission_window,
)
from carershub.procurement.services.contingency import record_provider_review, request_spot_purchase
from carershub.procurement.services.membership import (
    moderate_application,
    record_evaluation,
    register_supplier,
    save_answers,
    start_application,
    submit_application,
)
from carershub.procurement.services.packages import (
    award_package,
    create_package_request,
    evaluate_bid,
    evaluation_of,
    publish_package_request,
    submit_bid,
)

DEMO_ASSESSOR = "procurement-assessor@carershub.example"
QUESTIONS = [
    (
        Question.Kind.MANDATORY_EXCLUSION,
        "Has the organisation or any director been convicted of fraud or bribery?",
        0,
        0,
        0,
    ),
    (Question.Kind.DISCRETIONARY_EXCLUSION, "Is the organisation insolvent or in administration?", 0, 0, 0),
    (Question.Kind.PASS_FAIL, "Can you support young people up to the age of 25?", 0, 0, 0),
    (Question.Kind.SCORED, "How do you safeguard children and young people?", 40, 5, 3),
    (Question.Kind.SCORED, "How do you recruit, train and keep your workforce?", 30, 5, 2),
    (Question.Kind.SCORED, "How do you support families to remain together?", 30, 5, 2),
]
NEEDS = [
    ("Autism and learning disability; two carers for personal care", "Three after-school sessions of 3 hours a week"),
    ("Complex health needs including epilepsy; waking nights", "Two waking nights a week"),
    ("Physical disability; support to join community activities", "Saturday 10am to 4pm"),
]


def seed(context: SeedContext) -> None:
    if PurchasingArrangement.objects.exists():
        context.log("procurement already loaded")
        return
    organisations = {organisation.slug: organisation for organisation in Organisation.objects.all()}
    lead = organisations["mersey-vale-adult-social-care"]
    area = Area.objects.get(slug="mersey-vale")
    commissioner = User.objects.get(email="commissioner@carershub.example")
    social_worker = User.objects.get(email="social-worker@carershub.example")
    assessor = User.objects.get(email=DEMO_ASSESSOR)  # a demo account (accounts.demo)

    care_and_support = _care_and_support(context, lead, area, organisations, commissioner)
    _leaving_care(lead, area, organisations, commissioner)
    suppliers = _suppliers(context, organisations, care_and_support, commissioner, assessor)
    _package_requests(context, care_and_support, area, social_worker, suppliers)
    record_provider_review(
        care_and_support.arrangement,
        supplier=suppliers[0][0],
        kind=ProviderReview.Kind.REVIEW,
        rating=ProviderReview.Rating.GOOD,
        summary="Annual review: all visits delivered, families positive about continuity of workers.",
        by=commissioner,
    )
    request_spot_purchase(
        provider=organisations["mersey-vale-carers-centre"],
        reason=SpotPurchase.Reason.URGENCY,
        justification="Family breakdown at the weekend; no member could start within 48 hours.",
        weekly_price=Decimal("1380.00"),
        start_date=timezone.localdate(),
        by=social_worker,
    )
    context.log(
        f"2 purchasing arrangements, {Supplier.objects.count()} suppliers, "
        f"{PackageRequest.objects.count()} package requests"
    )


class _Arrangement:
    def __init__(self, arrangement: PurchasingArrangement, category: Category) -> None:
        self.arrangement = arrangement
        self.category = category


def _care_and_support(
    context: SeedContext, lead: Organisation, area: Area, organisations: dict[str, Organisation], by: User
) -> _Arrangement:
    today = timezone.localdate()
    arrangement = create_arrangement(
        reference="MV-DPS-CS",
        title="Care and support for children and young people with complex needs",
        regime=PurchasingArrangement.Regime.PCR_2015_DPS,
        lead_authority=lead,
        start_date=today - timedelta(days=400),
        initial_term_years=2,
        extension_years=[1, 1],
        admission=PurchasingArrangement.Admission.FIXED_WINDOWS,
        window_interval_months=6,
        by=by,
        description="Individual packages of care and support, bought by mini-competition among admitted providers.",
    )
    join_arrangement(
        arrangement,
        organisation=organisations["ribble-moor-adult-social-care"],
        kind=ArrangementParticipant.Kind.COUNCIL,
        joined_on=today - timedelta(days=400),
        by=by,
    )
    join_arrangement(
        arrangement,
        organisation=organisations["vale-and-moor-icb"],
        kind=ArrangementParticipant.Kind.HEALTH_PARTNER,
        joined_on=today - timedelta(days=200),
        by=by,
    )
    category = add_category(arrangement, name="Children's care and support packages", areas=Area.objects.all(), by=by)
    set_admission_window(
        arrangement,
        opens_on=today - timedelta(days=20),
        closes_on=today + timedelta(days=40),
        assessment_date=today + timedelta(days=50),
        by=by,
    )
    record_notice(
        arrangement,
        kind="contract_notice",
        reference="2015/S 000-000001",
        published_on=today - timedelta(days=430),
        by=by,
    )
    for kind, text, weight, max_mark, minimum in QUESTIONS:
        add_question(arrangement, kind=kind, text=text, weight=weight, max_mark=max_mark, minimum_mark=minimum, by=by)
    return _Arrangement(arrangement, category)


def _leaving_care(lead: Organisation, area: Area, organisations: dict[str, Organisation], by: User) -> None:
    today = timezone.localdate()
    arrangement = create_arrangement(
        reference="NW-DM-LC",
        title="Leaving care (16+) placements and support",
        regime=PurchasingArrangement.Regime.PA_2023_DYNAMIC_MARKET,
        lead_authority=lead,
        start_date=today - timedelta(days=900),
        initial_term_years=2,
        extension_years=[1, 1],
        admission=PurchasingArrangement.Admission.CONTINUOUS,
        window_interval_months=4,
        by=by,
    )
    join_arrangement(
        arrangement,
        organisation=organisations["ribble-moor-adult-social-care"],
        kind=ArrangementParticipant.Kind.COUNCIL,
        joined_on=today - timedelta(days=900),
        by=by,
    )
    for name in (
        "Semi-independent or group living",
        "Floating support with accommodation",
        "Floating support",
    ):
        add_category(arrangement, name=name, areas=Area.objects.all(), by=by)
    set_admission_window(
        arrangement,
        opens_on=today - timedelta(days=900),
        closes_on=None,
        assessment_date=today + timedelta(days=30),
        by=by,
    )
    for kind, reference, days_ago in (("uk13", "UK13-000123", 960), ("uk14", "UK14-000456", 900)):
        record_notice(arrangement, kind=kind, reference=reference, published_on=today - timedelta(days=days_ago), by=by)
    decide_extension(
        arrangement,
        option_number=1,
        is_taken=True,
        decided_on=today - timedelta(days=200),
        agreed_by=[lead, organisations["ribble-moor-adult-social-care"]],
        decision_maker="Head of Children's Social Care (delegated)",
        by=by,
    )


def _suppliers(
    context: SeedContext,
    organisations: dict[str, Organisation],
    care_and_support: _Arrangement,
    commissioner: User,
    assessor: User,
) -> list[tuple[Supplier, User]]:
    """Brightwater (the demo supplier account) and the further care providers, admitted on quality."""
    providers = [organisations["brightwater-home-care"]] + [
        organisation for slug, organisation in sorted(organisations.items()) if slug.startswith("care-provider-")
    ]
    unusable = make_password(None)
    questions = list(care_and_support.arrangement.questions.all())
    admitted = []
    for number, provider in enumerate(providers):
        if provider.slug == "brightwater-home-care":
            user = User.objects.get(email="supplier@carershub.example")
        else:
            user = create_staff_user(
                provider,
                email=f"bids-{provider.slug}@carershub.example",
                full_name=f"Bid team {number}",
                roles=[Role.SUPPLIER],
                created_by=None,
            )
            User.objects.filter(pk=user.pk).update(password=unusable)
        supplier = register_supplier(
            provider,
            is_sole_trader=number == 3,
            regulator=Supplier.Regulator.OFSTED if number % 2 else Supplier.Regulator.CQC,
            by=user,
        )
        application = start_application(supplier, category=care_and_support.category, by=user)
        answers = {
            question.pk: (
                ("We have a designated lead and yearly training" if question.is_scored() else ""),
                None if question.is_scored() else question.kind == Question.Kind.PASS_FAIL,
            )
            for question in questions
        }
        application = save_answers(
            application,
            answers=answers,
            regulator_rating=Application.Rating.GOOD,
            regulator_rating_date=timezone.localdate() - timedelta(days=300),
            expected_version=application.version,
            by=user,
        )
        application = submit_application(application, by=user)
        if number == len(providers) - 1 and number > 1:
            continue  # the last one waits for assessment in the demo
        marks = {question.pk: context.rng.randint(3, 5) for question in questions if question.is_scored()}
        passes = {question.pk: True for question in questions if question.kind == Question.Kind.PASS_FAIL}
        # The first supplier's rating was last checked over a year ago: the lead sees "Re-check due".
        checked_on = timezone.localdate() - timedelta(days=400 if number == 0 else 0)
        for person in (commissioner, assessor):
            record_evaluation(application, marks=marks, passes=passes, rating_checked_on=checked_on, by=person)
        decided = moderate_application(application, marks=marks, passes=passes, by=commissioner)
        if decided.membership is not None:
            admitted.append((supplier, user))
    return admitted


def _package_requests(
    context: SeedContext,
    arrangement: _Arrangement,
    area: Area,
    social_worker: User,
    suppliers: list[tuple[Supplier, User]],
) -> None:
    people = []
    for given, family, years in (("Jordan", "Ashby", 13), ("Riley", "Moss", 9), ("Casey", "Holt", 17)):
        people.append(
            Person.objects.create(
                area=area,
                given_name=given,
                family_name=family,
                date_of_birth=timezone.localdate() - timedelta(days=365 * years + 40),
                postcode="MV1 9ZZ",
            )
        )
    open_request, closed_request, awarded_request = (
        create_package_request(
            arrangement.category,
            person=person,
            age_band=band,
            needs=needs,
            pattern=pattern,
            start_date=timezone.localdate() + timedelta(days=30),
            expected_duration_weeks=52,
            quality_weight=60,
            questions=[
                ("How will you meet this young person's needs?", 70),
                ("How will you keep the same workers?", 30),
            ],
            price_ceiling=Decimal("1200.00"),
            quality_threshold=Decimal(40),
            abnormally_low_ratio=Decimal("0.80"),
            by=social_worker,
        )
        for person, band, (needs, pattern) in zip(
            people,
            (
                PackageRequest.AgeBand.AGE_11_TO_15,
                PackageRequest.AgeBand.AGE_5_TO_10,
                PackageRequest.AgeBand.AGE_16_TO_17,
            ),
            NEEDS,
            strict=True,
        )
    )
    for package_request in (open_request, closed_request, awarded_request):
        publish_package_request(package_request, deadline=timezone.now() + timedelta(days=10), by=social_worker)
    for package_request in (closed_request, awarded_request):
        for supplier, user in suppliers:
            answers = {
                question.pk: "Named key workers and a matched relief worker"
                for question in package_request.questions.all()
            }
            price = Decimal(context.rng.randrange(850, 1300, 5))
            submit_bid(package_request, supplier=supplier, price=price, answers=answers, by=user)
        # Time passes in the demo: the deadline is behind us.
        PackageRequest.objects.filter(pk=package_request.pk).update(deadline=timezone.now() - timedelta(hours=2))
        package_request.refresh_from_db()
    for package_request in (closed_request, awarded_request):
        for bid in package_request.bids.all():
            marks = {question.pk: context.rng.randint(5, 10) for question in package_request.questions.all()}
            evaluate_bid(bid, marks=marks, by=social_worker)
    bids = list(awarded_request.bids.order_by("pk"))
    evaluation = evaluation_of(awarded_request, bids)
    leaders = [int(evaluated.id) for evaluated in evaluation.bids if evaluated.rank == 1]
    first = next((bid for bid in bids if leaders and bid.pk == leaders[0]), None)
    if first is not None:
        award_package(
            awarded_request, bid=first, reasons="Highest total score under the published weights.", by=social_worker
        )
