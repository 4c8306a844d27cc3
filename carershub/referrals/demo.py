"""Demo carers, the people they care for, and their referrals, in realistic proportions.

Synthetic data is written in bulk rather than through the services: nobody did these things, so there is no
audit trail to write, and county scale (~40,000 carers) must load in about a minute. The shapes are the ones
the services produce (consents, involvements, timeline entries), so every page sees realistic records.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from carershub.core.seeding import SeedContext
from carershub.organisations.models import Area, GPPractice, Organisation, School
from carershub.people.events import PersonEvent
from carershub.people.models import CaringRelationship, Consent, Involvement, Person, TimelineEntry
from carershub.people.rules import CarerFacts, RelationshipFacts, carer_categories, is_adult
from carershub.referrals.demo_names import FAMILY_NAMES, GIVEN_NAMES, REASONS, STREETS
from carershub.referrals.events import ReferralEvent
from carershub.referrals.models import Cohort, Referral, RoutingRule
from carershub.referrals.rules import RouteRule, choose_route, cohort_preferences

BATCH = 2000
# The letters a postcode's inward code ends with.
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
# The timeline event of each decision the demo makes (Referral.decided_at is set only for these).
_DECISION_EVENTS = {Referral.Status.ACCEPTED: ReferralEvent.ACCEPTED, Referral.Status.REJECTED: ReferralEvent.REJECTED}


# Areas' routing, after South Tees (seed 003 §10 and §12): lot 1 adult, parent and kinship carers; lot 2 young
# carers; "the young adult carers in Transition Service will form part of both contracts", so the council sends
# young adult carers of 16 and 17 to the young carers' lot and those of 18 to 25 to the adult carers' lot.
# (area slug, cohort, provider slug, from age, to age)
ROUTING: tuple[tuple[str, str, str, int | None, int | None], ...] = (
    ("mersey-vale", Cohort.ADULT, "mersey-vale-carers-centre", None, None),
    ("mersey-vale", Cohort.PARENT, "mersey-vale-carers-centre", None, None),
    ("mersey-vale", Cohort.KINSHIP, "mersey-vale-carers-centre", None, None),
    ("mersey-vale", Cohort.YOUNG, "young-carers-mersey-vale", None, None),
    ("mersey-vale", Cohort.YOUNG_ADULT, "young-carers-mersey-vale", 16, 17),
    ("mersey-vale", Cohort.YOUNG_ADULT, "mersey-vale-carers-centre", 18, 25),
    ("ribble-moor", Cohort.ADULT, "ribble-moor-carers-trust", None, None),
    ("ribble-moor", Cohort.YOUNG, "ribble-moor-carers-trust", None, None),
)


@dataclass(frozen=True)
class _Plan:
    """What kind of carer to make, drawn once per carer."""

    age: int
    relationship: str
    cared_for_age: int
    has_parental_responsibility: bool
    is_kinship_care: bool


def seed_routing_rules(context: SeedContext) -> None:
    """Each area's routing rules (which provider takes which cohort)."""
    for area_slug in dict.fromkeys(slug for slug, *_ in ROUTING):
        area = Area.objects.filter(slug=area_slug).first()
        if area is None or RoutingRule.objects.filter(area=area).exists():
            continue
        for _, cohort, provider_slug, from_age, to_age in (rule for rule in ROUTING if rule[0] == area_slug):
            RoutingRule.objects.create(
                area=area,
                cohort=cohort,
                provider=Organisation.objects.get(slug=provider_slug),
                from_age=from_age,
                to_age=to_age,
            )
    context.log(f"{RoutingRule.objects.count()} routing rules")


def seed(context: SeedContext) -> None:
    """Carers and referrals: ~2,000 carers in the demo area (~40,000 at county scale), ~5% in the neighbour."""
    if Person.objects.exists():
        context.log("carers already loaded")
        return
    today = timezone.localdate()
    for area_slug, count in (
        ("mersey-vale", context.sized(demo=2000, county=40000)),
        ("ribble-moor", context.sized(demo=100, county=2000)),
    ):
        area = Area.objects.get(slug=area_slug)
        _seed_area(context, area, count, today)
    context.log(
        f"{Person.objects.count()} people, {CaringRelationship.objects.count()} caring relationships, "
        f"{Referral.objects.count()} referrals, {TimelineEntry.objects.count()} timeline entries"
    )


def _plan(context: SeedContext) -> _Plan:
    rng = context.rng
    draw = rng.random()
    if draw < 0.12:  # young carers, mostly caring for a parent
        age = rng.randint(8, 17)
        relationship = rng.choices(["parent", "sibling", "grandparent"], weights=[70, 25, 5])[0]
        cared_for_age = rng.randint(30, 55) if relationship == "parent" else rng.randint(3, 16)
        if relationship == "grandparent":
            cared_for_age = rng.randint(60, 85)
        return _Plan(age, relationship, cared_for_age, False, False)
    age = rng.randint(18, 25) if draw < 0.20 else (rng.randint(26, 64) if draw < 0.75 else rng.randint(65, 90))
    if age < 55 and rng.random() < 0.18:  # parent carers of a disabled child
        return _Plan(age, "child", rng.randint(1, 17), True, False)
    if age >= 50 and rng.random() < 0.04:  # kinship carers raising a grandchild
        return _Plan(age, "grandchild", rng.randint(2, 16), False, True)
    relationship = rng.choices(
        ["spouse_or_partner", "parent", "child", "sibling", "other_relative", "friend"], weights=[35, 35, 10, 8, 7, 5]
    )[0]
    cared_for_age = {
        "spouse_or_partner": max(18, age + rng.randint(-5, 5)),
        "parent": min(100, age + rng.randint(22, 35)),
        "child": max(18, age - rng.randint(20, 35)),
    }.get(relationship, rng.randint(25, 90))
    return _Plan(age, relationship, cared_for_age, False, False)


def _birth_date(context: SeedContext, age: int, today: date) -> date:
    return today - timedelta(days=age * 365 + context.rng.randint(0, 364))


def _nhs_number(context: SeedContext, used: set[str]) -> str:
    """A synthetic NHS number in the 999 range, which is never issued to real patients."""
    while True:
        digits = [9, 9, 9] + [context.rng.randint(0, 9) for _ in range(6)]
        check = 11 - sum(digit * weight for digit, weight in zip(digits, range(10, 1, -1), strict=True)) % 11
        if check == 10:
            continue
        number = "".join(map(str, digits)) + str(0 if check == 11 else check)
        if number not in used:
            used.add(number)
            return number


def _person(context: SeedContext, area: Area, age: int, today: date, outward: str, used: set[str]) -> Person:
    rng = context.rng
    working = 18 <= age < 65 and rng.random() < 0.45
    return Person(
        area=area,
        given_name=rng.choice(GIVEN_NAMES),
        family_name=rng.choice(FAMILY_NAMES),
        date_of_birth=_birth_date(context, age, today),
        nhs_number=_nhs_number(context, used) if rng.random() < 0.7 else "",
        phone=f"07700900{rng.randint(0, 999):03d}",  # stored as digits, as the services store it
        email=f"person{rng.randint(1, 10**9)}@example.com" if rng.random() < 0.6 else "",
        address_line_1=f"{rng.randint(1, 200)} {rng.choice(STREETS)}",
        town=area.name,
        postcode=f"{outward}{rng.randint(1, 9)} {rng.randint(1, 9)}"
        f"{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}",
        sex=rng.choice(["female", "female", "male", "not_stated"]),
        employment_status=(
            rng.choice(["employed_full_time", "employed_part_time", "self_employed"])
            if working
            else ("in_education" if age < 22 else ("retired" if age >= 65 else "not_working"))
        ),
        is_digitally_excluded=age >= 75 and rng.random() < 0.4,
    )


def _seed_area(context: SeedContext, area: Area, count: int, today: date) -> None:
    rng = context.rng
    outward = "MV" if area.slug == "mersey-vale" else "RM"
    routing = list(RoutingRule.objects.filter(area=area).select_related("provider"))
    rules = [rule.as_rule() for rule in routing]
    providers = {rule.provider_id: rule.provider for rule in routing}
    practices = list(GPPractice.objects.filter(area=area))
    schools = list(School.objects.filter(area=area))
    used_nhs_numbers: set[str] = set(Person.objects.exclude(nhs_number="").values_list("nhs_number", flat=True))

    plans = [_plan(context) for _ in range(count)]
    carers = [_person(context, area, plan.age, today, outward, used_nhs_numbers) for plan in plans]
    cared_for = [_person(context, area, plan.cared_for_age, today, outward, used_nhs_numbers) for plan in plans]
    for carer, person in zip(carers, cared_for, strict=True):
        if rng.random() < 0.6:  # most live together: same address
            person.address_line_1, person.postcode = carer.address_line_1, carer.postcode
        person.employment_status = ""
    Person.objects.bulk_create(carers + cared_for, batch_size=BATCH)

    relationships = [
        CaringRelationship(
            area=area,
            carer=carer,
            cared_for=person,
            relationship=plan.relationship,
            has_parental_responsibility=plan.has_parental_responsibility,
            is_kinship_care=plan.is_kinship_care,
            care_tasks=rng.sample([task.value for task in CaringRelationship.CareTask], k=rng.randint(1, 4)),
            conditions=rng.sample([condition.value for condition in CaringRelationship.Condition], k=rng.randint(1, 2)),
            hours_band=rng.choices(["1_19", "20_49", "50_plus"], weights=[50, 20, 30])[0],
            lives_together=person.postcode == carer.postcode,
            caring_since=today - timedelta(days=rng.randint(90, 3650)),
        )
        for plan, carer, person in zip(plans, carers, cared_for, strict=True)
    ]
    CaringRelationship.objects.bulk_create(relationships, batch_size=BATCH)
    _seed_second_caring(context, area, plans, carers, today, outward, used_nhs_numbers)

    referrals, consents, involvements, timeline = [], [], [], []
    for index, (plan, carer, person) in enumerate(zip(plans, carers, cared_for, strict=True)):
        received = timezone.make_aware(datetime.combine(today - timedelta(days=rng.randint(0, 1095)), time(9)))
        received += timedelta(minutes=rng.randint(0, 8 * 60))
        chosen = _route(plan, carer.employment_status, rules)
        cohort, provider = chosen.cohort, providers[chosen.provider_id]
        source = _source(context, plan)
        status = rng.choices(["accepted", "open", "rejected", "withdrawn"], weights=[80, 8, 7, 5])[0]
        if (timezone.now() - received).days > 60 and status == "open":
            status = "accepted"
        decided_at = received + timedelta(days=rng.randint(0, 21)) if status in {"accepted", "rejected"} else None
        referral = Referral(
            area=area,
            reference=f"D{index:08d}" if area.slug == "mersey-vale" else f"N{index:08d}",
            source=source,
            carer=carer,
            cared_for=person,
            reason=rng.choice(REASONS),
            urgency=rng.choices(["routine", "soon", "urgent"], weights=[75, 18, 7])[0],
            cohort=cohort,
            provider=provider,
            status=status,
            referring_gp_practice=rng.choice(practices) if source == "gp_practice" and practices else None,
            referring_school=rng.choice(schools) if source == "school" and schools else None,
            hospital_name=f"{area.name} General Hospital" if source == "hospital" else "",
            referrer_name="" if source == "self" else f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}",
            received_at=received,
            decided_at=decided_at,
            rejection_reason="Needs are met by another service the carer already uses." if status == "rejected" else "",
        )
        referrals.append(referral)
        given_by = "self" if plan.age >= 16 else "parent_or_guardian"
        for scope, extra in (
            (Consent.Scope.REGISTRATION, {}),
            (Consent.Scope.SHARE, {"recipient_kind": Consent.RecipientKind.PROVIDER}),
            (Consent.Scope.CONTACT, {"channel": rng.choice(["phone", "sms", "email", "letter"])}),
        ):
            consents.append(
                Consent(area=area, person=carer, scope=scope, given_by=given_by, given_at=received, **extra)
            )
        if status == "accepted":
            involvements.append(_involvement(area, carer, provider, Involvement.Reason.CASE_OPEN, decided_at))
        elif status == "open":
            involvements.append(_involvement(area, carer, provider, Involvement.Reason.REFERRAL_RECEIVED, received))
        timeline.extend(_timeline(area, referral, carer, provider))
    Referral.objects.bulk_create(referrals, batch_size=BATCH)
    Consent.objects.bulk_create(consents, batch_size=BATCH)
    Involvement.objects.bulk_create(involvements, batch_size=BATCH)
    TimelineEntry.objects.bulk_create(timeline, batch_size=BATCH)


# About one carer in twelve also looks after a second person (a "sandwich carer" caring for a partner or child and
# a parent, or a relative as well): 11% of carers aged 25 or over, who are three quarters of all carers.
SECOND_CARING_SHARE_FROM_25 = 0.11


def _seed_second_caring(
    context: SeedContext,
    area: Area,
    plans: list[_Plan],
    carers: list[Person],
    today: date,
    outward: str,
    used_nhs_numbers: set[str],
) -> None:
    """Some adult carers care for a second person. Drawn from a generator of its own (seeded from the context's
    state without drawing from it), so every other seeder's data stays as it was for the same --seed."""
    rng = random.Random(f"{area.slug}:second-caring:{context.rng.getstate()[1][:8]}")
    second = SeedContext(scale=context.scale, rng=rng, log=context.log)
    pairs = [
        (plan, carer)
        for plan, carer in zip(plans, carers, strict=True)
        if plan.age >= 25 and rng.random() < SECOND_CARING_SHARE_FROM_25
    ]
    cared_for, relationships = [], []
    for plan, carer in pairs:
        relationship = "parent" if plan.relationship != "parent" and plan.age < 65 else "other_relative"
        age = min(100, plan.age + rng.randint(22, 35)) if relationship == "parent" else rng.randint(40, 95)
        person = _person(second, area, age, today, outward, used_nhs_numbers)
        person.employment_status = ""
        cared_for.append(person)
        relationships.append(
            CaringRelationship(
                area=area,
                carer=carer,
                cared_for=person,
                relationship=relationship,
                care_tasks=rng.sample([task.value for task in CaringRelationship.CareTask], k=rng.randint(1, 3)),
                conditions=[rng.choice([condition.value for condition in CaringRelationship.Condition])],
                hours_band=rng.choices(["1_19", "20_49", "50_plus"], weights=[70, 20, 10])[0],
                lives_together=False,
                caring_since=today - timedelta(days=rng.randint(30, 1825)),
            )
        )
    Person.objects.bulk_create(cared_for, batch_size=BATCH)
    CaringRelationship.objects.bulk_create(relationships, batch_size=BATCH)


def _route(plan: _Plan, employment_status: str, rules: list[RouteRule]) -> RouteRule:
    """The routing rule the referral services would route this carer by."""
    facts = CarerFacts(
        age=plan.age,
        employment_status=employment_status,
        relationships=(
            RelationshipFacts(
                cared_for_age=plan.cared_for_age,
                relationship=plan.relationship,
                has_parental_responsibility=plan.has_parental_responsibility,
                is_kinship_care=plan.is_kinship_care,
                cared_for_has_conditions=True,
            ),
        ),
    )
    chosen = choose_route(cohort_preferences(carer_categories(facts), plan.age), plan.age, rules)
    if chosen is None:
        raise ValueError(f"No routing rule for a carer of {plan.age}")
    return chosen


def _source(context: SeedContext, plan: _Plan) -> str:
    if not is_adult(plan.age):
        return context.rng.choices(["school", "self", "social_worker", "family"], weights=[60, 10, 20, 10])[0]
    return context.rng.choices(
        ["self", "gp_practice", "hospital", "social_worker", "provider", "family"], weights=[30, 22, 12, 16, 12, 8]
    )[0]


def _involvement(area: Area, person: Person, provider: Organisation, reason: str, at: Any) -> Involvement:
    return Involvement(area=area, person=person, organisation=provider, reason=reason, started_at=at)


def _timeline(area: Area, referral: Referral, carer: Person, provider: Organisation) -> list[TimelineEntry]:
    entries = [
        TimelineEntry(
            area=area, person=carer, occurred_at=referral.received_at, kind=PersonEvent.REGISTERED, summary="Registered"
        ),
        TimelineEntry(
            area=area,
            person=carer,
            occurred_at=referral.received_at,
            kind=ReferralEvent.RECEIVED,
            summary=f"Referred by {referral.get_source_display().lower()}; routed to {provider}",
            organisation=provider,
            link=f"/referrals/{referral.reference}/",
        ),
    ]
    if referral.decided_at is not None:
        entries.append(
            TimelineEntry(
                area=area,
                person=carer,
                occurred_at=referral.decided_at,
                kind=_DECISION_EVENTS[Referral.Status(referral.status)],
                summary=f"Referral {referral.reference} {referral.status} by {provider}",
                organisation=provider,
            )
        )
    return entries
