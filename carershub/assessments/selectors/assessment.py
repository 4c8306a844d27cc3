"""Who may see which assessment, and the reads its pages need. An assessment you may not see is a 404, exactly like a
missing one: the carer's organisations and the council of their area see it, nobody else."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.assessments.contents import SectionContent, contents_for
from carershub.assessments.models import (
    Assessment,
    AssessmentSection,
    Delegation,
    SafetyAlert,
    SelfAssessmentInvitation,
)
from carershub.assessments.rules.maca import MACA_BAND_LABELS, MACA_ITEMS, MACA_SUBSCALES, MacaScore, score_maca_yc18
from carershub.assessments.rules.panoc import (
    NEGATIVE_CONCERN_AT_LEAST,
    PANOC_ITEMS,
    POSITIVE_CONCERN_AT_MOST,
    PanocScore,
    score_panoc_yc20,
)
from carershub.assessments.rules.responses import ANSWER_SCORES
from carershub.assessments.rules.routes import Route, assessment_route
from carershub.assessments.rules.whole_family import MAX_CHILDREN
from carershub.organisations.models import Area, Organisation
from carershub.people.models import CaringRelationship, Person
from carershub.people.rules import age_on
from carershub.people.selectors import whose_person_is_visible_to
from carershub.referrals.models import Referral


def assessments_visible_to(user: User) -> QuerySet[Assessment]:
    """Assessments of the carers the user may see: those their organisation works with, or, at a council, every
    carer in its area (the council keeps the statutory duty when it delegates, Care Act 2014 s.79)."""
    # EXISTS per assessment rather than "carer IN (everyone visible)": a provider sees tens of thousands of people
    # at county scale, and a page looks at a handful of assessments.
    return whose_person_is_visible_to(Assessment.objects.all(), user, person_field="carer_id")


def get_assessment_for_user(user: User, reference: str) -> Assessment:
    """The assessment with this reference if the user may see it; otherwise the same 404 as for a missing one."""
    assessment = (
        assessments_visible_to(user)
        # What every assessment page shows. The people and organisations of later steps (who determined, signed
        # off, closed) load only when a page shows them and they are set: PostgreSQL spent about 35 ms planning
        # the fifteen-table join that fetched them all, to run it in under 1 ms.
        .select_related("area", "carer", "cared_for", "organisation", "delegation__council", "assessor")
        .filter(reference=reference)
        .first()
    )
    if assessment is None:
        raise Http404("No assessment found")
    return assessment


@dataclass(frozen=True)
class SectionRow:
    """One line of the task list: what the section is and how far it has got."""

    content: SectionContent
    status: str
    status_label: str
    version: int
    answered_by: str
    answers: dict[str, object]

    @property
    def key(self) -> str:
        return self.content.key

    @property
    def is_completed(self) -> bool:
        return self.status == AssessmentSection.Status.COMPLETED


def section_rows(assessment: Assessment) -> list[SectionRow]:
    """Every section the assessment's kind requires, with its saved state: one query, however many sections."""
    saved = {
        section.key: section
        for section in AssessmentSection.objects.filter(area=assessment.area_id, assessment=assessment)
    }
    rows = []
    for content in contents_for(assessment.kind):
        section = saved.get(content.key)
        status = section.status if section else AssessmentSection.Status.NOT_STARTED
        rows.append(
            SectionRow(
                content=content,
                status=status,
                status_label=AssessmentSection.Status(status).label,
                version=section.version if section else 0,
                answered_by=section.answered_by if section else "",
                answers=dict(section.answers) if section else {},
            )
        )
    return rows


def incomplete_sections(assessment: Assessment) -> list[SectionContent]:
    """The sections not yet completed, in task list order."""
    return [row.content for row in section_rows(assessment) if not row.is_completed]


def section_answers(assessment: Assessment, key: str) -> dict[str, object]:
    section = AssessmentSection.objects.filter(area=assessment.area_id, assessment=assessment, key=key).first()
    return dict(section.answers) if section else {}


MACA_SUBSCALE_LABELS: Final[Mapping[str, str]] = {
    "domestic": "Domestic tasks",
    "household_management": "Household management",
    "financial_practical": "Financial and practical care",
    "personal_care": "Personal care",
    "emotional_care": "Emotional care",
    "sibling_care": "Sibling care",
}


@dataclass(frozen=True)
class QuestionnaireScores:
    """A young carer's MACA-YC18 and PANOC-YC20 scores from the saved answers, as evidence for the assessment (never
    the statutory test). A questionnaire with unanswered items is not scored: `*_answered` says how far it got."""

    maca: MacaScore | None
    maca_answered: int
    panoc: PanocScore | None
    panoc_answered: int

    @property
    def lines(self) -> tuple[tuple[str, str], ...]:
        """(label, value) rows, in the words the task list, the decision page and the written record show."""
        lines: list[tuple[str, str]] = []
        if self.maca is None:
            lines.append(("MACA-YC18", f"Not scored yet: {self.maca_answered} of {MACA_ITEMS} questions answered"))
        else:
            lines.append(
                ("MACA-YC18 total", f"{self.maca.total} out of 36: {MACA_BAND_LABELS[self.maca.band].lower()}")
            )
            for name, items in MACA_SUBSCALES:
                label = f"{MACA_SUBSCALE_LABELS[name]} (questions {items.start} to {items.stop - 1})"
                lines.append((label, f"{self.maca.subscales[name]} out of 6"))
        if self.panoc is None:
            lines.append(("PANOC-YC20", f"Not scored yet: {self.panoc_answered} of {PANOC_ITEMS} questions answered"))
        else:
            positive = f"{self.panoc.positive} out of 20"
            if self.panoc.positive_concern:
                positive += f": a concern (relatively few positive outcomes, {POSITIVE_CONCERN_AT_MOST} or less)"
            negative = f"{self.panoc.negative} out of 20"
            if self.panoc.negative_concern:
                negative += f": a concern (relatively many negative outcomes, {NEGATIVE_CONCERN_AT_LEAST} or more)"
            lines.append(("PANOC-YC20 positive outcomes", positive))
            lines.append(("PANOC-YC20 negative outcomes", negative))
        return tuple(lines)


def _responses(answers: Mapping[str, object], items: int) -> list[int]:
    return [
        answer
        for number in range(1, items + 1)
        if type(answer := answers.get(f"item_{number}")) is int and answer in ANSWER_SCORES
    ]


def questionnaire_scores(assessment: Assessment, rows: list[SectionRow] | None = None) -> QuestionnaireScores | None:
    """The scores of a young carer's questionnaires (MACA-YC18 and PANOC-YC20), from the saved answers (passed as `rows`
    when the page already has them, to save a query). None for an assessment without the questionnaires."""
    answers = {row.key: row.answers for row in (rows if rows is not None else section_rows(assessment))}
    if "maca_yc18" not in answers and "panoc_yc20" not in answers:
        return None
    maca = _responses(answers.get("maca_yc18", {}), MACA_ITEMS)
    panoc = _responses(answers.get("panoc_yc20", {}), PANOC_ITEMS)
    return QuestionnaireScores(
        maca=score_maca_yc18(maca) if len(maca) == MACA_ITEMS else None,
        maca_answered=len(maca),
        panoc=score_panoc_yc20(panoc) if len(panoc) == PANOC_ITEMS else None,
        panoc_answered=len(panoc),
    )


def open_safety_alerts(assessment: Assessment) -> QuerySet[SafetyAlert]:
    return SafetyAlert.objects.filter(
        area=assessment.area_id, assessment=assessment, acknowledged_at__isnull=True
    ).order_by("raised_at", "pk")


def safety_alert_recipients(assessment: Assessment) -> list[User]:
    """Who is told at once about a safety alert: the assessor and every manager of the team carrying out the
    assessment, active and with an email address, each once."""
    managers = User.objects.filter(
        organisation_id=assessment.organisation_id, is_active=True, groups__name=Role.MANAGER
    ).exclude(email="")
    people = {user.pk: user for user in managers.order_by("pk")}
    assessor = assessment.assessor
    if assessor.is_active and assessor.email:
        people.setdefault(assessor.pk, assessor)
    return sorted(people.values(), key=lambda user: user.pk)


def young_carer_referral_key(assessment: Assessment, number: int = 1) -> str:
    """The idempotency key of the young carer's referral an assessment raises for its nth child: one each, ever."""
    key = f"assessment-{assessment.reference}-young-carer"
    return key if number == 1 else f"{key}-{number}"


def young_carer_referrals(assessment: Assessment) -> list[Referral]:
    """The young carers' referrals the assessment's whole-family check raised, one per child, in the section's order.
    Found by their exact idempotency keys, one query on the (area, idempotency_key) unique index (a LIKE on a prefix
    cannot use it and read every referral of the area at county scale)."""
    keys = [young_carer_referral_key(assessment, number) for number in range(1, MAX_CHILDREN + 1)]
    return list(Referral.objects.filter(area=assessment.area_id, idempotency_key__in=keys).order_by("idempotency_key"))


def live_delegation(area: Area, provider: Organisation, *, on: date) -> Delegation | None:
    """The council's current authorisation for this provider to carry out assessments in the area (s.79)."""
    return (
        Delegation.objects.filter(area=area, provider=provider, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("council")
        .order_by("-starts_on", "-pk")
        .first()
    )


def current_relationships(carer: Person) -> QuerySet[CaringRelationship]:
    return CaringRelationship.objects.filter(area=carer.area_id, carer=carer, ended_on__isnull=True).select_related(
        "cared_for"
    )


def suggested_route(carer: Person, *, cared_for: Person | None, on: date) -> Route | None:
    """Which assessment the law points to for this carer and the person they care for, from their ages, the carer's
    parental responsibility and whether the child has a condition (Children Act 1989 ss.17ZA and 17ZD, Care Act
    2014 s.10). None when an age is not known."""
    relationships = current_relationships(carer)
    if cared_for is not None:
        relationships = relationships.filter(cared_for=cared_for)
    relationship = relationships.order_by("pk").first()
    if relationship is None or carer.date_of_birth is None or relationship.cared_for.date_of_birth is None:
        return None
    return assessment_route(
        carer_age=age_on(carer.date_of_birth, on),
        cared_for_age=age_on(relationship.cared_for.date_of_birth, on),
        has_parental_responsibility=relationship.has_parental_responsibility,
        # The same test people.rules uses for parent carers (Children Act 1989 s.17ZD): the two must agree.
        cared_for_disabled=relationship.cared_for_is_disabled(),
    )


def may_work_on(user: User, assessment: Assessment) -> bool:
    """Who may change an assessment: caseworkers of the organisation carrying it out, or of the council that holds
    the duty. Another provider working with the same carer may read it, never write in it."""
    if not user.has_role(Role.PRACTITIONER, Role.MANAGER) or user.organisation is None:
        return False
    return user.organisation_id == assessment.organisation_id or user.organisation.holds_statutory_duty()


def wrote_any_of(user: User, assessment: Assessment) -> bool:
    """Whether the user carried out, submitted or determined the assessment, or saved any of its sections."""
    if user.pk in {assessment.assessor_id, assessment.submitted_by_id, assessment.determined_by_id}:
        return True
    return (
        AssessmentSection.objects.filter(area=assessment.area_id, assessment=assessment)
        .filter(Q(created_by=user) | Q(updated_by=user))
        .exists()
    )


def may_sign_off(user: User, assessment: Assessment) -> bool:
    """A manager of the organisation that carried it out, or of the council, who wrote no part of it: not the
    assessor, not whoever submitted it or made the determination, and nobody who saved one of its sections."""
    if not user.has_role(Role.MANAGER) or user.organisation is None:
        return False
    if not (user.organisation_id == assessment.organisation_id or user.organisation.holds_statutory_duty()):
        return False
    return not wrote_any_of(user, assessment)


def may_determine(user: User, assessment: Assessment) -> bool:
    """The council may always determine eligibility; a provider only under a delegation that includes it (s.79)."""
    if not user.has_role(Role.PRACTITIONER, Role.MANAGER) or user.organisation is None:
        return False
    if user.organisation.holds_statutory_duty():
        return True
    if user.organisation_id != assessment.organisation_id:
        return False
    delegation = assessment.delegation
    if delegation is None or delegation.scope != Delegation.Scope.ASSESSMENT_AND_DETERMINATION:
        return False
    # A delegation that has ended (or not begun) gives no authority, whatever it covered.
    today = timezone.localdate()
    return delegation.starts_on <= today and (delegation.ends_on is None or delegation.ends_on >= today)


def steps_outstanding(assessment: Assessment) -> dict[str, str]:
    """Steps that must be done before the assessment is sent for sign-off or signed off, as messages by field:
    the carer's self-assessment answers sent but not reviewed, and safety alerts still open."""
    problems: dict[str, str] = {}
    if SelfAssessmentInvitation.objects.filter(
        area=assessment.area_id, assessment=assessment, submitted_at__isnull=False, reviewed_at__isnull=True
    ).exists():
        problems["self_assessment"] = "Review the answers the carer sent in their self-assessment"
    if open_safety_alerts(assessment).exists():
        problems["safety_alerts"] = "Record what was done about each open safety alert"
    return problems
