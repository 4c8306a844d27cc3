"""Assessments: its part of `seed_demo`. The council's s.79 delegations to the demo providers, and a few assessments
in every state: in progress, waiting for sign-off, signed off, refused, and a young carer's needs assessment with
the MACA-YC18 and PANOC-YC20 questionnaires answered (one answer raising a safety alert).

Unlike the bulk people and referrals, these few records go through the assessment services, so each one has the
exact shape the pages expect (sections, determination, reviews, timeline). The demo staff are recorded as having
done them, which is what a demonstration needs to show.
"""

from datetime import timedelta
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from carershub.accounts.models import User
from carershub.assessments.contents import contents_for
from carershub.assessments.models import Assessment, Delegation
from carershub.assessments.services.closing import refuse_assessment
from carershub.assessments.services.determination import record_determination
from carershub.assessments.services.sections import save_section
from carershub.assessments.services.sign_off import sign_off, submit_for_sign_off
from carershub.assessments.services.starting import start_assessment
from carershub.core.seeding import SeedContext
from carershub.organisations.models import Area, Organisation
from carershub.people.models import CaringRelationship, Involvement, Person
from carershub.people.rules import ADULTHOOD, add_years

DEMO_AREA = "mersey-vale"
COUNCIL = "mersey-vale-adult-social-care"
CARERS_CENTRE = "mersey-vale-carers-centre"
YOUNG_CARERS = "young-carers-mersey-vale"
PRACTITIONER = "practitioner@carershub.example"
MANAGER = "manager@carershub.example"
YOUNG_CARERS_WORKER = "young-carers@carershub.example"

# Neutral, plausible answers for each kind of question, so every demo section reads as a real record would.
_TEXT = "Discussed with the carer at home; they described a typical week and what is hardest."
_ANSWERS: dict[str, dict[str, Any]] = {
    "caring_role": {"able_now": "yes", "able_in_future": "not_sure", "willing_now": "yes", "willing_in_future": "yes"},
    "wellbeing": {"domains": ["health", "participation", "relationships"], "impact": _TEXT},
    "outcomes_wished": {"outcomes_wished": "A full night's sleep twice a week.", "support_could_help": _TEXT},
    "work_education": {"works": "works", "education": "wishes_to"},
    "involvement": {
        "carer_involved": "yes",
        "others_requested": "Her sister, who joined by phone.",
        "information_in_advance": "yes",
        "supported_self_assessment_offered": "yes",
    },
    "other_help": {"other_matters": _TEXT, "community_and_prevention": "Carers' peer group; benefits check."},
    "eligibility_outcomes": {
        "outcome_recreation": ["without_assistance"],
        "outcome_nutrition": ["pain_distress_anxiety"],
    },
    "health": {"health_at_risk": "yes", "details": "Back pain from lifting; poor sleep."},
    "necessary_care": {"necessary_care": "yes"},
    "fluctuating_needs": {"needs_fluctuate": "no"},
    "whole_family": {"child_involved": "no"},
    "care_provided": {"amount": "About 15 hours a week", "nature_and_type": _TEXT, "family_reliance": _TEXT},
    "young_carer_impact": {"wellbeing": _TEXT, "education": "Often late for school.", "development": _TEXT},
    "tasks_appropriate": {
        "excessive_or_inappropriate": "yes",
        "which_tasks_and_why": "Helping with intimate personal care is not appropriate at 13.",
        "appropriate_to_continue": "no",
        "reasons": _TEXT,
    },
    "young_carer_participation": {"education_training_recreation": "Wants to join the school football team."},
    "young_carer_views": {"wishes_and_feelings": _TEXT, "outcomes_sought": _TEXT, "differences_of_opinion": "None"},
    "young_carer_involvement": {
        "involved": "The young carer and their mum.",
        "information_in_advance": "yes",
        "record_recipients": "The young carer and their mum.",
    },
    "child_in_need": {"cared_for_under_18": "no", "child_in_need": "not_applicable"},
    "maca_yc18": {f"item_{number}": (number * 7) % 3 for number in range(1, 19)},
    # One placeholder safety item (14) answered "some of the time": the demo shows an open safety alert.
    "panoc_yc20": {f"item_{number}": 1 if number == 14 else (number * 5) % 3 for number in range(1, 21)},
}
_DETERMINATION = {
    "significant_impact": "yes",
    "wellbeing_domains": ["health", "participation"],
    "reasons": "Lifting and broken sleep are harming the carer's health, and she has given up her evening class.",
    "advice_and_information": "",
}


def seed(context: SeedContext) -> None:
    area = Area.objects.filter(slug=DEMO_AREA).first()
    if area is None or Delegation.objects.filter(area=area).exists():
        return
    organisations = {
        org.slug: org for org in Organisation.objects.filter(slug__in=[COUNCIL, CARERS_CENTRE, YOUNG_CARERS])
    }
    staff = {user.email: user for user in User.objects.filter(email__in=[PRACTITIONER, MANAGER, YOUNG_CARERS_WORKER])}
    if len(organisations) < 3 or len(staff) < 3:
        context.log("assessments: demo organisations or staff missing; skipped")
        return
    starts_on = timezone.localdate() - timedelta(days=400)
    for provider, scope in (
        (CARERS_CENTRE, Delegation.Scope.ASSESSMENT_AND_DETERMINATION),
        (YOUNG_CARERS, Delegation.Scope.ASSESSMENT_AND_DETERMINATION),
    ):
        Delegation.objects.create(
            area=area,
            council=organisations[COUNCIL],
            provider=organisations[provider],
            reference=f"MVC-S79-{provider[:3].upper()}-2025",
            scope=scope,
            starts_on=starts_on,
        )
    adults = _carers(area, organisations[CARERS_CENTRE], adult=True, limit=context.sized(demo=12, county=120) + 4)
    young = _carers(area, organisations[YOUNG_CARERS], adult=False, limit=1)
    practitioner, manager = staff[PRACTITIONER], staff[MANAGER]
    made = 0
    for index, (carer, cared_for) in enumerate(adults):
        assessment = start_assessment(carer, kind=Assessment.Kind.CARERS, started_by=practitioner, cared_for=cared_for)
        if index == len(adults) - 1:
            # The last carer refuses the assessment (Care Act s.11) before it gets going.
            refuse_assessment(assessment, by=practitioner, reason="The carer said she does not want one this year.")
            made += 1
            continue
        state = index % 4
        sections = contents_for(assessment.kind)
        # In progress: some sections done; the others go further.
        done = sections if state else sections[: context.rng.randint(2, len(sections) - 1)]
        for content in done:
            save_section(
                assessment,
                content.key,
                answers=_ANSWERS[content.key],
                expected_version=0,
                complete=True,
                saved_by=practitioner,
            )
        if state >= 1:
            record_determination(assessment, answers=_DETERMINATION, by=practitioner)
        if state >= 2:
            submit_for_sign_off(assessment, by=practitioner)
        if state == 3:
            sign_off(assessment, by=manager)
        made += 1
    for carer, cared_for in young:
        worker = staff[YOUNG_CARERS_WORKER]
        ycna = start_assessment(carer, kind=Assessment.Kind.YOUNG_CARERS_NEEDS, started_by=worker, cared_for=cared_for)
        for content in contents_for(ycna.kind):
            save_section(
                ycna, content.key, answers=_ANSWERS[content.key], expected_version=0, complete=True, saved_by=worker
            )
        made += 1
    context.log(f"assessments: 2 delegations, {made} assessments")


def signed_off_eligible(*, count: int) -> list[Assessment]:
    """Signed-off carer's assessments that found the carer eligible, for carers of the carers' centre not yet
    assessed: the support plans seeder's starting points. Made through the services, like the others here."""
    area = Area.objects.filter(slug=DEMO_AREA).first()
    provider = Organisation.objects.filter(slug=CARERS_CENTRE).first()
    staff = {user.email: user for user in User.objects.filter(email__in=[PRACTITIONER, MANAGER])}
    if area is None or provider is None or len(staff) < 2:
        return []
    made = []
    for carer, cared_for in _carers(area, provider, adult=True, limit=count, unassessed=True):
        assessment = start_assessment(
            carer, kind=Assessment.Kind.CARERS, started_by=staff[PRACTITIONER], cared_for=cared_for
        )
        for content in contents_for(assessment.kind):
            save_section(
                assessment,
                content.key,
                answers=_ANSWERS[content.key],
                expected_version=0,
                complete=True,
                saved_by=staff[PRACTITIONER],
            )
        record_determination(assessment, answers=_DETERMINATION, by=staff[PRACTITIONER])
        submit_for_sign_off(assessment, by=staff[PRACTITIONER])
        made.append(sign_off(assessment, by=staff[MANAGER]))
    return made


def _carers(
    area: Area, provider: Organisation, *, adult: bool, limit: int, unassessed: bool = False
) -> list[tuple[Person, Person]]:
    """Carers the provider has an open involvement with, each with the person they care for, of the right age
    for a carer's assessment (adult caring for an adult) or a young carer's needs assessment (under 18)."""
    today = timezone.localdate()
    eighteen_years_ago = add_years(today, -ADULTHOOD)
    involved = Involvement.objects.filter(organisation=provider, ended_at__isnull=True, person=OuterRef("carer"))
    relationships = CaringRelationship.objects.filter(
        area=area, ended_on__isnull=True, cared_for__date_of_birth__lte=eighteen_years_ago
    ).filter(Exists(involved))
    if unassessed:
        relationships = relationships.exclude(Exists(Assessment.objects.filter(carer=OuterRef("carer"))))
    if adult:
        relationships = relationships.filter(carer__date_of_birth__lte=eighteen_years_ago)
    else:
        relationships = relationships.filter(carer__date_of_birth__gt=eighteen_years_ago)
    chosen: list[tuple[Person, Person]] = []
    seen: set[int] = set()
    for relationship in relationships.select_related("carer", "cared_for").order_by("pk")[: limit * 3]:
        if relationship.carer_id in seen or relationship.carer.merged_into_id is not None:
            continue
        seen.add(relationship.carer_id)
        chosen.append((relationship.carer, relationship.cared_for))
        if len(chosen) == limit:
            break
    return chosen
