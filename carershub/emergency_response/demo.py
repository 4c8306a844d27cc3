"""Emergency response: its part of `seed_demo`. Each demo area's 24/7 line (run by its carers centre; GOV.UK Notify
not configured, so messages show as "not sent"), and a few contingency plans with contacts and cards for carers the
Mersey Vale Carers Centre works with: one past its review date, and one activated and closed with an outcome.

Written in bulk like the referrals seeder (nobody did these things, so there is no audit trail to write). Card
numbers come from `context.rng` so that the same --seed gives the same cards."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.seeding import SeedContext
from carershub.emergency_response.events import EmergencyEvent
from carershub.emergency_response.models import (
    Activation,
    ContactAttempt,
    ContingencyPlan,
    EmergencyCard,
    EmergencyContact,
    EmergencyLine,
)
from carershub.emergency_response.rules import luhn_check_digit
from carershub.organisations.models import Area, Organisation
from carershub.people.models import CaringRelationship, Involvement, TimelineEntry

# (area slug, organisation running the line, phone number in Ofcom's range reserved for drama)
LINES = [
    ("mersey-vale", "mersey-vale-carers-centre", "0808 157 0192"),
    ("ribble-moor", "ribble-moor-carers-trust", "0808 157 0193"),
]
_CONTACT_NAMES = ["Sam Turner", "Jo Patel", "Chris Lee", "Alex Morgan", "Pat Hughes", "Val Edwards", "Kim Shaw"]
_RELATIONSHIPS = ["Sister", "Brother", "Neighbour", "Friend", "Daughter", "Son", "Cousin"]


def seed(context: SeedContext) -> None:
    if EmergencyLine.objects.exists():
        context.log("emergency lines and contingency plans already loaded")
        return
    areas = {area.slug: area for area in Area.objects.filter(slug__in=[slug for slug, _, _ in LINES])}
    organisations = {
        organisation.slug: organisation
        for organisation in Organisation.objects.filter(slug__in=[slug for _, slug, _ in LINES])
    }
    lines = [
        EmergencyLine(area=areas[area_slug], organisation=organisations[organisation_slug], phone_number=phone)
        for area_slug, organisation_slug, phone in LINES
        if area_slug in areas and organisation_slug in organisations
    ]
    EmergencyLine.objects.bulk_create(lines)
    plans = _seed_plans(context, areas.get("mersey-vale"), organisations.get("mersey-vale-carers-centre"))
    context.log(f"{len(lines)} emergency lines, {plans} contingency plans")


def _card_number(context: SeedContext) -> str:
    stem = str(context.rng.randint(1, 9)) + "".join(str(context.rng.randint(0, 9)) for _ in range(8))
    return stem + luhn_check_digit(stem)


def _seed_plans(context: SeedContext, area: Area | None, centre: Organisation | None) -> int:
    if area is None or centre is None:
        return 0
    involved = Involvement.objects.filter(organisation=centre, ended_at__isnull=True).values("person_id")
    relationships = list(
        CaringRelationship.objects.filter(area=area, ended_on__isnull=True, carer_id__in=involved)
        .select_related("carer", "cared_for")
        .order_by("pk")[: max(3, context.sized(demo=8, county=200))]
    )
    # One plan per carer and cared-for pair (the seeded relationships may repeat a pair only if ended).
    now = timezone.now()
    today = timezone.localdate()
    responder = User.objects.filter(email="responder@carershub.example").first()
    plans = []
    for index, relationship in enumerate(relationships):
        past_review = index == 1
        plans.append(
            ContingencyPlan(
                area=area,
                carer=relationship.carer,
                cared_for=relationship.cared_for,
                status=ContingencyPlan.Status.NEEDS_REVIEW if past_review else ContingencyPlan.Status.ACTIVE,
                personal_care="Needs help to wash and dress each morning; can use the toilet with a frame.",
                medication="Tablets morning and evening in a blister pack in the kitchen cupboard by the kettle.",
                mobility="Walks indoors with a frame; falls risk on the stairs.",
                communication="Hard of hearing: face them and speak slowly.",
                routines="Breakfast at 8, lunch at 12:30, bed by 10. Likes the radio on.",
                allergies="Penicillin.",
                pets="A cat (Tiger): food under the sink.",
                professionals="GP: Vale Surgery. District nurse visits on Tuesdays.",
                replacement_care="Brightwater Home Care agreed to provide emergency visits for up to 72 hours.",
                home_access="Back door; neighbour at number 12 also has a key.",
                review_date=today - timedelta(days=10) if past_review else today + timedelta(days=300 - 20 * index),
                created_at=now - timedelta(days=60 + index),
            )
        )
    ContingencyPlan.objects.bulk_create(plans)
    contacts = []
    cards = []
    for plan in plans:
        for order in (1, 2):
            name = context.rng.choice(_CONTACT_NAMES)
            contacts.append(
                EmergencyContact(
                    area=area,
                    plan=plan,
                    order=order,
                    name=name,
                    relationship=context.rng.choice(_RELATIONSHIPS),
                    phone=f"07700900{context.rng.randint(0, 499):03d}",
                    email=f"{name.split()[0].lower()}@example.com",
                    availability="Evenings and weekends" if order == 1 else "Any time",
                    consent_given_at=plan.created_at,
                    accepted_role_at=plan.created_at,
                    may_text=True,
                    may_email=order == 2,
                )
            )
        cards.append(EmergencyCard(area=area, plan=plan, number=_card_number(context), issued_at=plan.created_at))
    EmergencyContact.objects.bulk_create(contacts)
    EmergencyCard.objects.bulk_create(cards)
    if responder is not None and len(plans) > 2:
        _seed_closed_activation(plans[2], cards[2], [c for c in contacts if c.plan is plans[2]], responder)
    return len(plans)


def _seed_closed_activation(
    plan: ContingencyPlan, card: EmergencyCard, contacts: list[EmergencyContact], responder: User
) -> None:
    opened_at = timezone.now() - timedelta(days=12, hours=3)
    activation = Activation.objects.create(
        area=plan.area,
        plan=plan,
        card=card,
        reason="Carer taken to hospital after a fall; call from a paramedic",
        opened_at=opened_at,
        opened_by=responder,
        call_received_at=opened_at,
        caller_name="Paramedic crew",
        what_happened="Carer admitted to hospital. First contact did not answer; second contact came within an hour.",
        support_hours=Decimal("1.5"),
        outcome=Activation.Outcome.CONTACT_TOOK_OVER,
        follow_up=Activation.FollowUp.PLAN_REVIEW,
        closed_at=opened_at + timedelta(hours=2),
        closed_by=responder,
    )
    ContactAttempt.objects.bulk_create(
        [
            ContactAttempt(
                area=plan.area,
                activation=activation,
                contact=contacts[0],
                tried_at=opened_at + timedelta(minutes=5),
                result=ContactAttempt.Result.NO_ANSWER,
                recorded_by=responder,
            ),
            ContactAttempt(
                area=plan.area,
                activation=activation,
                contact=contacts[1],
                tried_at=opened_at + timedelta(minutes=9),
                result=ContactAttempt.Result.CAN_ATTEND,
                recorded_by=responder,
            ),
        ]
    )
    link = plan.get_absolute_url()
    TimelineEntry.objects.bulk_create(
        [
            TimelineEntry(
                area=plan.area,
                person=plan.carer,
                occurred_at=opened_at,
                kind=EmergencyEvent.ACTIVATION_OPENED,
                summary=f"Emergency line opened the contingency plan for {plan.cared_for.full_name}: {activation.reason}",
                organisation=responder.organisation,
                actor=responder,
                link=link,
            ),
            TimelineEntry(
                area=plan.area,
                person=plan.carer,
                occurred_at=activation.closed_at or opened_at,
                kind=EmergencyEvent.ACTIVATION_CLOSED,
                summary=(
                    f"Emergency response for {plan.cared_for.full_name} closed: "
                    f"{activation.get_outcome_display()} (1.5 hours of emergency support)"
                ),
                organisation=responder.organisation,
                actor=responder,
                link=link,
            ),
        ]
    )
