"""Who may see which assessment, and the reads its pages need. An assessment you may not see is a 404, exactly like a
missing one: the carer's organisations and the council of their area see it, nobody else."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from carershub.accounts.models import Role, User
from carershub.assessments.contents import SectionContent, contents_for
from carershub.assessments.models import Assessment, AssessmentSection, Delegation, SafetyAlert
from carershub.assessments.rules.routes import Route, assessment_route
from carershub.organisations.models import Area, Organisation
from carershub.people.models import CaringRelationship, Person
from carershub.people.rules import age_on
from carershub.people.selectors import people_visible_to


def assessments_visible_to(user: User) -> QuerySet[Assessment]:
    """Assessments of the carers the user may see: those their organisation works with, or, at a council, every
    carer in its area (the council keeps the statutory duty when it delegates, Care Act 2014 s.79)."""
    # EXISTS per assessment rather than "carer IN (everyone visible)": a provider sees tens of thousands of people
    # at county scale, and a page looks at a handful of assessments.
    return Assessment.objects.filter(Exists(people_visible_to(user).filter(pk=OuterRef("carer_id"))))


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
    """Which assessment the law points to for this carer and the person they care for (statutory-rules §3.0), from
    their ages and the carer's parental responsibility. None when an age is not known."""
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
    )


def may_work_on(user: User, assessment: Assessment) -> bool:
    """Who may change an assessment: caseworkers of the organisation carrying it out, or of the council that holds
    the duty. Another provider working with the same carer may read it, never write in it."""
    if not user.has_role(Role.PRACTITIONER, Role.MANAGER) or user.organisation is None:
        return False
    return user.organisation_id == assessment.organisation_id or user.organisation.holds_statutory_duty()


def may_sign_off(user: User, assessment: Assessment) -> bool:
    """A manager of the organisation that carried it out, or of the council, who neither wrote nor submitted it."""
    if not user.has_role(Role.MANAGER) or user.organisation is None:
        return False
    if user.pk in {assessment.assessor_id, assessment.submitted_by_id}:
        return False
    return user.organisation_id == assessment.organisation_id or user.organisation.holds_statutory_duty()


def may_determine(user: User, assessment: Assessment) -> bool:
    """The council may always determine eligibility; a provider only under a delegation that includes it (s.79)."""
    if not user.has_role(Role.PRACTITIONER, Role.MANAGER) or user.organisation is None:
        return False
    if user.organisation.holds_statutory_duty():
        return True
    if user.organisation_id != assessment.organisation_id:
        return False
    delegation = assessment.delegation
    return delegation is not None and delegation.scope == Delegation.Scope.ASSESSMENT_AND_DETERMINATION
